"""`smartbrain` command line: demo, serve, migrate."""
from __future__ import annotations

import argparse
import logging
import os
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

    serve = commands.add_parser("serve", help="one production web process")
    _server_options(serve)

    commands.add_parser("migrate", help="bring the database schema up to date")

    importer = commands.add_parser("import", help="import historical work orders from CSV or Excel")
    importer.add_argument("file")
    importer.add_argument("--channel", required=True)
    importer.add_argument("--mapping", help="YAML mapping of source columns to unified fields")
    importer.add_argument("--dry-run", action="store_true", help="validate and report, store nothing")

    train = commands.add_parser("train", help="train the demand classifier on a CSV with text,label")
    train.add_argument("file")
    train.add_argument("--model", default="var/model", help="where to write the model (default var/model)")
    evaluate = commands.add_parser("eval", help="evaluate a classifier on a CSV with text,label (one JSON line)")
    evaluate.add_argument("file")
    evaluate.add_argument("--model", help="model folder (default: the shipped model)")

    replay = commands.add_parser("replay", help="复盘: check a past period of the event log and give the wall's replay address")
    replay.add_argument("--from", dest="start", required=True, help="start, ISO 8601 (local time without an offset)")
    replay.add_argument("--to", dest="end", required=True, help="end, ISO 8601")
    replay.add_argument("--speed", default="60", help="replay speed: 60 plays an hour in a minute (default 60)")
    replay.add_argument("--base", default="http://127.0.0.1:8050", help="the wall server's address")

    args = parser.parse_args(argv)
    if args.command in ("train", "eval"):
        from insight.cli import eval_command, train_command

        return train_command(args.file, args.model) if args.command == "train" else eval_command(args.file, args.model)
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
    base = f"http://{args.host}:{args.port}"
    print(f"smartbrain demo: {seeded} units seeded")
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

    app = create_app(settings)
    return _run(app, args.host, args.port, threading.Event())


def _run(app, host: str, port: int, stop: threading.Event) -> int:  # noqa: ANN001
    # many mostly idle socket threads: hand the GIL over sooner so a request never queues behind them
    sys.setswitchinterval(0.001)
    app.start()
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
