"""Camera alarm intake: sustained alarms/s accepted and persisted, and the answer time, on embedded SQLite.

The app (Flask + the alarms blueprint, the outbox relay running) is served by werkzeug's threaded server
on loopback in this process; posting threads send a realistic mix: Hikvision XML from the demo
registry's cameras (motion storms, intrusions that open cases, heartbeats), multipart pushes with a
JPEG, and Frigate events. `python -m bench.alarm_intake` (under 2 minutes).
"""
from __future__ import annotations

import argparse
import itertools
import logging
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from sqlalchemy import func, select
from werkzeug.serving import make_server

from bench.results import percentile, record

TOKEN = "bench-token-0123456789abcdef"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 200 + b"\xff\xd9"  # ~50 KB


def hikvision_xml(n: int, camera: int, event_type: str, state: str = "active") -> bytes:
    return (f'<EventNotificationAlert version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">'
            f"<ipAddress>10.25.{camera}.64</ipAddress><portNo>80</portNo><protocol>HTTP</protocol>"
            f"<macAddress>c0:56:e3:25:{camera:02x}:40</macAddress><channelID>1</channelID>"
            f"<dateTime>2026-11-23T10:00:00+08:00</dateTime><activePostCount>{n}</activePostCount>"
            f"<eventType>{event_type}</eventType><eventState>{state}</eventState>"
            f"<eventDescription>{event_type} alarm</eventDescription>"
            "<DetectionRegionList><DetectionRegionEntry><regionID>1</regionID>"
            "<detectionTarget>human</detectionTarget></DetectionRegionEntry></DetectionRegionList>"
            "</EventNotificationAlert>").encode()


def frigate_message(n: int) -> dict:
    start = 1795399080.0 + n
    obj = {"id": f"{start}-bench{n % 50}", "camera": ("qu_station_square", "qu_school_gate")[n % 2],
           "label": "person", "start_time": start, "frame_time": start + 1, "end_time": None,
           "false_positive": False, "top_score": 0.9, "score": 0.88,
           "current_zones": ["square"] if n % 3 == 0 else [], "entered_zones": ["square"] if n % 3 == 0 else []}
    return {"type": "new", "before": obj, "after": obj}


def request_for(n: int) -> tuple[str, dict]:
    """The n-th request of the mix: 60 % motion, 10 % intrusion, 10 % heartbeat, 10 % multipart, 10 % Frigate."""
    camera, slot = 1 + n % 37, n % 10
    if slot < 6:
        return "hikvision", {"data": hikvision_xml(n, camera, "VMD"), "headers": {"Content-Type": "application/xml"}}
    if slot == 6:
        return "hikvision", {"data": hikvision_xml(n, camera, "fielddetection"),
                             "headers": {"Content-Type": "application/xml"}}
    if slot == 7:
        return "hikvision", {"data": hikvision_xml(n, camera, "videoloss", "inactive"),
                             "headers": {"Content-Type": "application/xml"}}
    if slot == 8:
        return "hikvision", {"files": {"linedetection": ("linedetection.xml", hikvision_xml(n, camera, "linedetection"),
                                                         "application/xml"),
                                       "picture": ("picture.jpg", JPEG, "image/jpeg")}}
    return "frigate", {"json": frigate_message(n)}


class Poster:
    def __init__(self, base: str, first: int) -> None:
        self.base, self.local = base, threading.local()
        self.counter = itertools.count(first)  # each run its own alarms (the same ones again are duplicates)
        self.lock = threading.Lock()
        self.answers_ms: list[float] = []
        self.statuses: dict[int, int] = {}
        self.heartbeats = 0  # accepted, and by design kept only as the camera's status

    def post(self) -> None:
        session = getattr(self.local, "session", None) or requests.Session()
        self.local.session = session
        n = next(self.counter)
        source, kwargs = request_for(n)
        kwargs.setdefault("headers", {})["Authorization"] = f"Bearer {TOKEN}"
        began = time.perf_counter()
        try:
            status = session.post(f"{self.base}/api/v1/alarms/{source}", timeout=10, **kwargs).status_code
        except requests.RequestException:
            status = 0
        elapsed = (time.perf_counter() - began) * 1000
        with self.lock:
            self.answers_ms.append(elapsed)
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.heartbeats += n % 10 == 7 and 200 <= status < 300

    def closed_loop(self, seconds: float, threads: int) -> float:
        stop = time.perf_counter() + seconds

        def worker() -> None:
            while time.perf_counter() < stop:
                self.post()

        began = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            for _ in range(threads):
                pool.submit(worker)
        return time.perf_counter() - began

    def paced(self, rate: float, seconds: float, threads: int = 16) -> float:
        total, start = int(rate * seconds), time.perf_counter() + 0.1

        def one(i: int) -> None:
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            self.post()

        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(one, range(total)))
        return time.perf_counter() - start


def counts(store) -> dict[str, int]:  # noqa: ANN001
    from casework.alarms import AlarmPicture, AlarmReceipt
    from casework.models import Alert, Case, OutboxEvent

    with store.reading() as session:
        return {m.__tablename__: session.scalar(select(func.count()).select_from(m))
                for m in (AlarmReceipt, Alert, Case, AlarmPicture, OutboxEvent)}


def main(argv: list[str] | None = None) -> None:
    from adapters.http_alarms import make_alarms_blueprint
    from casework.alarms import seed_cameras
    from casework.settings import Settings
    from casework.store.migrate import upgrade
    from dashboard.server import create_app
    from realtime.runtime import build_runtime

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rates", type=int, nargs="*", default=[50, 100])
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'alarms.db'}"
        upgrade(url)
        settings = Settings(DATABASE_URL=url, SMARTBRAIN_DEMO_TOKEN=TOKEN)
        runtime = build_runtime(settings)
        app = create_app(settings, runtime=runtime)
        if "alarms" not in app.flask.blueprints:
            app.flask.register_blueprint(make_alarms_blueprint(runtime))
        with runtime.store.transaction() as session:
            seed_cameras(session, runtime.region, runtime.clock)
        runtime.start()  # the relay publishes the outbox while we post
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        server = make_server("127.0.0.1", 0, app.flask, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        rows = []
        try:
            for label, run in [(f"closed loop, {args.threads} threads", lambda p: p.closed_loop(args.seconds, args.threads)),
                               *[(f"paced {rate}/s", lambda p, r=rate: p.paced(r, args.seconds * 2 / 3))
                                 for rate in args.rates]]:
                before = counts(runtime.store)
                poster = Poster(base, first=len(rows) * 1_000_000)
                elapsed = run(poster)
                after = counts(runtime.store)
                ok = sum(n for status, n in poster.statuses.items() if 200 <= status < 300)
                failed = sum(poster.statuses.values()) - ok
                kept = after["alarm_receipts"] - before["alarm_receipts"]
                rows.append((label, sum(poster.statuses.values()), ok, failed, ok / elapsed,
                             percentile(poster.answers_ms, 50), percentile(poster.answers_ms, 99),
                             kept, ok - poster.heartbeats - kept, after["alerts"] - before["alerts"],
                             after["cases"] - before["cases"], after["outbox"] - before["outbox"]))
                print(rows[-1], flush=True)
        finally:
            server.shutdown()
            runtime.stop()
    table = "\n".join(f"| {r[0]} | {r[1]:,} | {r[2]:,} | {r[3]} | {r[4]:.0f} | {r[5]:.0f} / {r[6]:.0f} | "
                      f"{r[7]:,} | {r[8]} | {r[9]:,} | {r[10]:,} | {r[11]:,} |" for r in rows)
    record("Camera alarm intake", f"""
`POST /api/v1/alarms/{{hikvision,frigate}}` on embedded SQLite (WAL), served by werkzeug's threaded
server in-process, the outbox relay running. The mix: 60 % Hikvision motion (VMD) XML, 10 % intrusion
(opens a case once per alert), 10 % heartbeats (`videoloss` inactive: camera status only), 10 %
multipart with a 51 KB JPEG (line crossing, a case), 10 % Frigate `frigate/events` messages; over the
37 township cameras of the demo registry, so most alarms collapse into an open alert (a storm).
Accepted = 2xx answered, i.e. committed first; kept = alarm receipts written; lost = accepted alarms
(heartbeats excepted: they change the camera's status and write no receipt) without a receipt.

| run | sent | accepted | failed | accepted/s | answer p50 / p99 ms | alarms kept | lost | alerts | cases | outbox rows |
|---|---|---|---|---|---|---|---|---|---|---|
{table}
""")


if __name__ == "__main__":
    main()
