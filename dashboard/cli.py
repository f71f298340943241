"""`smartbrain` command line: demo, serve, worker, migrate, import, train, eval."""
from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading

from casework.settings import Settings

log = logging.getLogger("smartbrain")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="smartbrain", description="Smart Brain (智慧大脑) command center")
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="embedded demo: migrate, seed, serve, simulate")
    _server_options(demo)
    speed = demo.add_mutually_exclusive_group()
    speed.add_argument("--speed", type=float, default=60.0, help="simulated seconds per real second")
    speed.add_argument("--no-simulate", action="store_true", help="start without the demand simulator")
    demo.add_argument("--history-weeks", type=int, default=None,
                      help="weeks of finished work orders before today, seeded into an empty database so the "
                           "briefing has a past (default 8; 0 with --no-simulate)")

    serve = commands.add_parser("serve", help="production web process(es) on PostgreSQL and Redis")
    _server_options(serve)
    serve.add_argument("--role", choices=("web", "all"), default="all",
                       help="web: HTTP and Socket.IO only (run `smartbrain worker` beside it); all (default): "
                            "also stand for the leader's duties (relay, SLA timers, periodic jobs)")
    serve.add_argument("--workers", type=int, default=1,
                       help="N single-worker processes on ports PORT..PORT+N-1 (restarted if they die)")

    worker = commands.add_parser("worker", help="relay, SLA timers, periodic jobs, Frigate MQTT: one leader, "
                                                "the others stand by")
    worker.add_argument("--host", default="127.0.0.1", help="address of /healthz and /metrics")
    worker.add_argument("--port", type=int, default=8060, help="port of /healthz and /metrics (0: none)")

    commands.add_parser("migrate", help="bring the database schema up to date")

    importer = commands.add_parser("import", help="import historical work orders from CSV or Excel")
    importer.add_argument("file")
    importer.add_argument("--channel", required=True)
    importer.add_argument("--mapping", help="YAML mapping of source columns to unified fields")
    importer.add_argument("--dry-run", action="store_true", help="validate and report, store nothing")

    train = commands.add_parser("train", help="train the demand classifier on a CSV with text,label and/or the cases")
    train.add_argument("file", nargs="?")
    train.add_argument("--from-db", action="store_true",
                       help="also learn from the center's closed cases and officers' re-classifications (DATABASE_URL)")
    train.add_argument("--model", default="var/model", help="where to write the model (default var/model)")
    evaluate = commands.add_parser("eval", help="evaluate a classifier on a CSV with text,label (one JSON line)")
    evaluate.add_argument("file", nargs="?")
    evaluate.add_argument("--model", help="model folder (default: the shipped model)")
    evaluate.add_argument("--warnings", action="store_true",
                          help="also evaluate the early warnings on the labelled synthetic history")
    evaluate.add_argument("--seed", type=int, default=7, help="seed of the synthetic history (default 7)")

    replay = commands.add_parser("replay", help="复盘: check a past period of the event log and give the wall's replay address")
    replay.add_argument("--from", dest="start", required=True, help="start, ISO 8601 (local time without an offset)")
    replay.add_argument("--to", dest="end", required=True, help="end, ISO 8601")
    replay.add_argument("--speed", default="60", help="replay speed: 60 plays an hour in a minute (default 60)")
    replay.add_argument("--base", default="http://127.0.0.1:8050", help="the wall server's address")

    args = parser.parse_args(argv)
    if args.command == "eval":
        from insight.cli import eval_command

        return eval_command(args.file, args.model, warnings=args.warnings, seed=args.seed)
    if args.command == "train":
        from insight.cli import train_command

        database_url = None
        if args.from_db:
            try:
                database_url = Settings().database_url
            except Exception as error:  # noqa: BLE001
                print(f"smartbrain: invalid settings: {error}", file=sys.stderr)
                return 2
        return train_command(args.file, args.model, database_url)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    try:
        settings = Settings()
    except Exception as error:  # noqa: BLE001 - a bad .env must read as a clear message
        print(f"smartbrain: invalid settings: {error}", file=sys.stderr)
        return 2
    if args.command == "migrate":
        return _migrate(settings)
    if args.command == "import":
        from adapters.bulk_import.cli import import_command

        _migrate(settings)
        return import_command(args.file, args.channel, args.mapping, args.dry_run, settings.database_url)
    if args.command == "demo":
        return _demo(settings, args)
    if args.command == "replay":
        return _replay(settings, args)
    if args.command == "worker":
        return _worker(settings, args)
    if args.workers > 1:
        if not settings.redis_url:
            print("smartbrain: several processes share events through Redis: set REDIS_URL", file=sys.stderr)
            return 2
        return _supervise(args)
    return _serve(settings, args)


def _server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)


def _migrate(settings: Settings) -> int:
    from casework.store.migrate import upgrade

    upgrade(settings.database_url)
    print(f"smartbrain: database at head ({_safe_url(settings.database_url)})")
    return 0


def _demo(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.simulator.history import seed_history
    from casework.alarms import seed_cameras
    from casework.seed import seed_demo
    from casework.users import DEMO_USERS, seed_demo_users
    from dashboard.server import create_app

    _migrate(settings)
    app = create_app(settings)
    password = os.environ.get("SMARTBRAIN_DEMO_PASSWORD", "smartbrain-demo")
    with app.runtime.store.transaction() as session:
        seeded = seed_demo(session, app.runtime.region, clock=app.runtime.clock)
        seed_cameras(session, app.runtime.region, app.runtime.clock)
        seed_demo_users(session, clock=app.runtime.clock, password=password)
    weeks = args.history_weeks if args.history_weeks is not None else (0 if args.no_simulate else 8)
    past = seed_history(app.runtime.store.engine, now=app.runtime.clock.now(), weeks=weeks)
    base = f"http://{args.host}:{args.port}"
    print(f"smartbrain demo: {seeded} units seeded" + (f", {past} past work orders ({weeks} weeks)" if past else ""))
    print(f"  wall:     {base}/wall?token={app.runtime.demo_token}")
    print(f"  console:  {base}/console  (password for every demo user: {password})")
    for user in DEMO_USERS:
        print(f"            {user['username']:<7} {user['role']:<19} {user['display_name']}")
    print(f"  token (intake and kiosk): {app.runtime.demo_token}", flush=True)
    stop = threading.Event()
    if not args.no_simulate:
        _start_simulator(base, app.runtime.demo_token, args.speed, stop, app.runtime.region)
    return _run(app, args.host, args.port, stop)


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from dashboard.server import create_app

    if args.role == "web" and not settings.redis_url:
        print("smartbrain: --role web needs REDIS_URL (a worker elsewhere relays the events)", file=sys.stderr)
        return 2
    app = create_app(settings)
    return _run(app, args.host, args.port, threading.Event(), lead=args.role == "all")


def _supervise(args: argparse.Namespace) -> int:
    """`serve --workers N`: N single-worker processes on consecutive ports, each restarted if it dies."""
    stopping = threading.Event()

    def launch(port: int) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "dashboard.cli", "serve", "--host", args.host,
                                 "--port", str(port), "--role", args.role])

    children = {args.port + i: launch(args.port + i) for i in range(args.workers)}
    print(f"smartbrain serve: {args.workers} processes on ports {args.port}..{args.port + args.workers - 1}",
          flush=True)

    def _stop(*_args: object) -> None:
        stopping.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    while not stopping.wait(1):
        for port, child in list(children.items()):
            if child.poll() is not None:
                log.warning("serve: process on port %d exited (%s); restarting", port, child.returncode)
                children[port] = launch(port)
    for child in children.values():
        child.terminate()
    for child in children.values():
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
    return 0


def _worker(settings: Settings, args: argparse.Namespace) -> int:
    """The leader's duties without a web server; run two (a standby) on different hosts or ports."""
    from realtime.metrics import ProcessMetrics
    from realtime.runtime import build_runtime

    runtime = build_runtime(settings)
    for job in _leader_jobs(runtime):
        runtime.duties.add_job(job)
    frigate = _frigate_subscriber(settings, runtime)
    if frigate is not None:
        runtime.duties.add_service("frigate-mqtt", frigate)
    metrics = ProcessMetrics(runtime, role="worker")
    http = _worker_http(runtime, metrics, args.host, args.port) if args.port else None
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    runtime.start(lead=True)
    print(f"smartbrain worker: standing for the leader's duties (health on {args.host}:{args.port})", flush=True)
    try:
        stop.wait()
    finally:
        if http is not None:
            http.shutdown()
        runtime.stop()  # releases the leases: the standby takes over at once
    return 0


def _leader_jobs(runtime) -> list:  # noqa: ANN001
    """Periodic jobs the leading worker runs (`realtime.duties.PeriodicJob`): insight's early warnings and
    risk refresh. Each runs on one process at a time, every `every` seconds."""
    from .jobs import leader_jobs

    return leader_jobs(runtime)


def _frigate_subscriber(settings: Settings, runtime):  # noqa: ANN001, ANN202
    """The Frigate MQTT subscriber when `SMARTBRAIN_FRIGATE_MQTT_URL` is set (the leader runs it)."""
    if not settings.frigate_mqtt_url:
        return None
    from urllib.parse import unquote, urlparse

    from adapters.frigate.mqtt import frigate_subscriber

    url = urlparse(settings.frigate_mqtt_url)
    if url.scheme not in ("mqtt", "tcp") or not url.hostname:
        raise SystemExit(f"smartbrain: SMARTBRAIN_FRIGATE_MQTT_URL must look like mqtt://host:1883, "
                         f"not {settings.frigate_mqtt_url!r}")
    return frigate_subscriber(runtime, host=url.hostname, port=url.port or 1883,
                              topic_prefix=settings.frigate_topic_prefix,
                              client_id=f"smartbrain-frigate-{runtime.channels.namespace}",
                              username=unquote(url.username) if url.username else None,
                              password=unquote(url.password) if url.password else None)


def _worker_http(runtime, metrics, host: str, port: int):  # noqa: ANN001, ANN202
    from flask import Flask, jsonify
    from werkzeug.serving import make_server

    from realtime.metrics import metrics_view

    app = Flask("smartbrain-worker")
    app.add_url_rule("/metrics", "metrics", metrics_view(metrics))

    @app.get("/healthz")
    def healthz():  # noqa: ANN202
        health = runtime.health()
        ok = health["database"] == "ok" and health["bus"] == "ok"
        return jsonify(status="ok" if ok else "degraded", **health), 200 if ok else 503

    server = make_server(host, port, app, threaded=True)
    threading.Thread(target=server.serve_forever, name="worker-http", daemon=True).start()
    return server


def _run(app, host: str, port: int, stop: threading.Event, *, lead: bool = True) -> int:  # noqa: ANN001
    # many mostly idle socket threads: hand the GIL over sooner so a request never queues behind them
    sys.setswitchinterval(0.001)

    def _terminate(*_args: object) -> None:  # a clean stop releases the leases for the standby at once
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _terminate)
    # Flask-SocketIO ignores log_output in threading mode: Werkzeug would log every request at INFO
    # (a formatted line and a locked stderr write per demand); nginx in front keeps the access log
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app.start(lead=lead)
    warm = getattr(app.runtime.enricher, "warm", None)
    if warm is not None:  # the first demands would otherwise wait ~1 s for the model's dictionary
        threading.Thread(target=warm, name="classifier-warm-up", daemon=True).start()
    try:
        app.socketio.run(app.flask, host=host, port=port, allow_unsafe_werkzeug=True, log_output=False)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        app.stop()
    return 0


def _start_simulator(base: str, token: str, speed: float, stop: threading.Event, region) -> None:  # noqa: ANN001
    from adapters.simulator.runner import Simulator

    Simulator(base, token, speed=speed, region=region).start(stop)


def _replay(settings: Settings, args: argparse.Namespace) -> int:
    """Counts the period's events in the log and prints the address that plays them on a wall.

    The wall plays a replay itself (it reads the log through the replay API, never the live socket), so
    a review meeting opens that address on any screen while the hall's wall stays live."""
    from urllib.parse import urlencode

    from casework.store import make_store
    from realtime.replay import BadPeriod, count_events, parse_period, parse_speed

    try:
        start, end = parse_period(args.start, args.end)
        speed = parse_speed(args.speed)
    except BadPeriod as error:
        print(f"smartbrain replay: {error}", file=sys.stderr)
        return 2
    store = make_store(settings.database_url)
    try:
        with store.reading() as session:
            counts = count_events(session, start, end)
    finally:
        store.dispose()
    total = sum(counts.values())
    print(f"smartbrain replay: {total} events from {start.isoformat()} to {end.isoformat()}"
          f" ({', '.join(f'{k} {v}' for k, v in sorted(counts.items())) or 'none'}),"
          f" {(end - start).total_seconds() / speed:.0f} s at {speed:g}x")
    query = urlencode({"replay": f"{start.isoformat()}~{end.isoformat()}", "speed": f"{speed:g}"})
    print(f"  open on the wall: {args.base.rstrip('/')}/wall?{query}&token=<kiosk token>")
    return 0 if total else 1


def _safe_url(url: str) -> str:
    if "@" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


if __name__ == "__main__":
    sys.exit(main())
