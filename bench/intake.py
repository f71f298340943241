"""Sustained intake per channel: demands (or alarms) per second accepted and persisted, answer p50/p99,
the server's CPU per demand; embedded (SQLite, in-process bus) and PostgreSQL + Redis.

Each channel gets its own bodies as the source system sends them (the adapters' examples, a fresh id per
request). Per setup the real app runs as `smartbrain demo --no-simulate` in subprocesses (one by default,
`--processes N` on N ports behind the driver), the relay publishing as usual. The driver (bench/driver.py)
first runs closed loop (what the server sustains), then open loop at the offered rates.
Persisted = rows the run added (cases for demand channels, alarm receipts for cameras) — compared with
the answers: an acknowledged demand without its row would be lost.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, func, select, text

from bench.driver import Outcome, Request, drive
from bench.intake_write import table as write_table, write_cpu
from bench.load import demand
from bench.procs import cpu_seconds
from casework.clock import CENTER_TZ
from bench.results import percentile, record
from tests.e2e.server import TOKEN, free_port, start_server

ROOT = Path(__file__).resolve().parents[1]
ADAPTERS = ROOT / "adapters"
JSON = "application/json"
AUTH = (("Authorization", f"Bearer {TOKEN}"),)


def _example(path: str) -> dict:
    return json.loads((ADAPTERS / path).read_text(encoding="utf-8"))


def _json(path: str, body: dict) -> Request:
    return Request("POST", path, JSON, json.dumps(body, ensure_ascii=False).encode(), AUTH)


def _now() -> datetime:
    return datetime.now(CENTER_TZ).replace(microsecond=0)


def hotline(tag: str, n: int) -> Request:
    """The simulator's demands: callers, places and texts as a county's hotline sends them."""
    return _json("/api/v1/intake/hotline12345", demand(tag, n))


def _own(path: str, example: str, key: str, when: tuple[str, Callable[[datetime], object]]) -> Callable[[str, int], Request]:
    """The source system's own body (the channel's example) with a fresh id, received just now (a
    demand received days ago would start its SLA clocks already breached)."""
    body = _example(example)
    field, moment = when

    def build(tag: str, n: int) -> Request:
        return _json(path, {**body, key: f"{tag}-{n}", field: moment(_now())})
    return build


def open311(tag: str, n: int) -> Request:
    form = {"api_key": TOKEN, "service_code": "0102006", "lat": "30.8425", "long": "106.9677",
            "address_string": "渠江街道庆丰社区滨江路88号", "first_name": "三", "last_name": "张",
            "phone": "13812345678", "description": f"滨江路公交站牌被车撞倒，横在人行道上。请尽快处理。（{n}）"}
    return Request("POST", "/open311/v2/requests.json", "application/x-www-form-urlencoded; charset=utf-8",
                   urlencode(form).encode(), (("Idempotency-Key", f"{tag}-{n}"),))


_FIELD = (ADAPTERS / "hikvision" / "examples" / "fielddetection_human.xml").read_text(encoding="utf-8")


def hikvision(tag: str, n: int) -> Request:
    """Intrusion alarms from 40 cameras (unknown to the registry: kept and flagged), each post a new one."""
    xml = re.sub(r"<activePostCount>[^<]*</activePostCount>", f"<activePostCount>{n + 1}</activePostCount>", _FIELD)
    xml = re.sub(r"<dateTime>[^<]*</dateTime>", f"<dateTime>{_now().isoformat()}</dateTime>", xml)
    xml = re.sub(r"<macAddress>[^<]*</macAddress>", f"<macAddress>ac:b9:2f:49:44:{n % 40:02x}</macAddress>", xml)
    return Request("POST", "/api/v1/alarms/hikvision", "application/xml", xml.encode(), AUTH)


_FRIGATE = json.loads((ADAPTERS / "frigate" / "examples" / "mqtt_frigate_events.json").read_text())[0]


def frigate(tag: str, n: int) -> Request:
    body = json.loads(json.dumps(_FRIGATE))
    now = time.time()
    for side in ("before", "after"):
        body[side].update(id=f"{tag}-{n}", camera=f"bench_{n % 40}", start_time=now - 2, frame_time=now)
    return _json("/api/v1/alarms/frigate", body)


CPU: dict[str, dict[str, float]] = {}
CHANNELS: dict[str, tuple[Callable[[str, int], Request], str]] = {
    "hotline12345": (hotline, "cases"),
    "police110": (_own("/api/v1/intake/police110", "police_110/examples/jiejingdan.json", "接警单号",
                       ("报警时间", lambda t: t.strftime("%Y-%m-%d %H:%M:%S"))), "cases"),
    "grid": (_own("/api/v1/intake/grid", "grid/examples/event.json", "eventNo",
                  ("reportTime", lambda t: int(t.timestamp() * 1000))), "cases"),
    "window": (_own("/api/v1/intake/window", "window/examples/visit.json", "登记编号",
                    ("来访时间", lambda t: t.strftime("%Y/%m/%d %H:%M"))), "cases"),
    "online": (_own("/api/v1/intake/online", "online/examples/message.json", "message_id",
                    ("submitted_at", lambda t: t.isoformat())), "cases"),
    "open311": (open311, "cases"),
    "hikvision": (hikvision, "alarm_receipts"),
    "frigate": (frigate, "alarm_receipts"),
}


def _rows(engine, table: str) -> int:  # noqa: ANN001
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(text(table))).scalar_one()


def _fmt(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"{percentile(values, 50):.0f} / {percentile(values, 99):.0f}"


def _row(setup: str, channel: str, mode: str, outcome: Outcome, persisted: int, cpu: float) -> tuple:  # noqa: PLR0913
    accepted = outcome.accepted
    refused = sum(n for s, n in outcome.statuses.items() if not 200 <= s < 300) + outcome.errors
    failed = f"{refused} / {outcome.abandoned:,}"
    per_second = accepted / outcome.seconds if outcome.seconds else 0
    cpu_ms = f"{1000 * cpu / accepted:.2f}" if accepted else "n/a"
    return (setup, channel, mode, f"{accepted:,}", failed, f"{per_second:,.0f}", f"{persisted:,}",
            accepted - persisted,
            _fmt(outcome.answer_ms), cpu_ms)


def measure(setup: str, channels: list[str], rates: list[int], seconds: float, connections: int, processes: int,
            database_url: str | None = None, redis_url: str | None = None, pin: bool = False) -> list[tuple]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'e2e.db'}"
        servers = [start_server(Path(tmp), database_url=url, redis_url=redis_url, port=free_port())]
        servers += [start_server(Path(tmp), database_url=url, redis_url=redis_url, port=free_port())
                    for _ in range(processes - 1)]
        if pin:  # the servers on CPU 0, this driver on CPU 1 (PostgreSQL and Redis float)
            for server in servers:
                os.sched_setaffinity(server.process.pid, {0})
            os.sched_setaffinity(0, {1})
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
        ports = [int(s.base.rsplit(":", 1)[1]) for s in servers]
        try:
            CPU[setup] = write_cpu(url)
            print(setup, CPU[setup], flush=True)
            for channel in channels:
                build, table = CHANNELS[channel]
                for mode in ["closed", *[f"{r}/s" for r in rates]]:
                    rate = None if mode == "closed" else float(mode[:-2])
                    count = int((rate or 1000) * seconds)
                    tag = f"b{time.time_ns() % 10**12}"
                    requests = [build(tag, n) for n in range(count)]
                    before_rows = _rows(engine, table)
                    before_cpu = sum(cpu_seconds(s.process.pid) for s in servers)
                    outcome = drive(ports, requests, rate=rate, connections=connections, seconds=seconds)
                    time.sleep(0.5)
                    cpu = sum(cpu_seconds(s.process.pid) for s in servers) - before_cpu
                    persisted = _rows(engine, table) - before_rows
                    rows.append(_row(setup, channel, "closed loop" if rate is None else f"offered {mode}",
                                     outcome, persisted, cpu))
                    print(rows[-1], outcome.statuses, flush=True)
        finally:
            engine.dispose()
            for server in servers:
                server.stop()
            if pin:
                os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--channels", default=",".join(CHANNELS))
    parser.add_argument("--rates", default="100,1000", help="offered rates for the open-loop runs")
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", type=int, default=32, help="requests in flight at most")
    parser.add_argument("--processes", type=int, default=1, help="server processes, each on its own port")
    parser.add_argument("--setups", default="embedded,postgres+redis")
    parser.add_argument("--pin", action="store_true", help="servers on CPU 0, the driver on CPU 1")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    channels = args.channels.split(",")
    rates = [int(r) for r in args.rates.split(",") if r]
    rows = []
    load = os.getloadavg()[0]
    for setup in args.setups.split(","):
        if setup == "embedded":
            rows += measure(setup, channels, rates, args.seconds, args.connections, args.processes, pin=args.pin)
        else:
            from tests.services import postgres_schema, redis_db

            with postgres_schema() as database_url, redis_db() as redis_url:
                rows += measure(setup, channels, rates, args.seconds, args.connections, args.processes,
                                database_url, redis_url, pin=args.pin)
    if args.no_record:
        return
    table = ["| setup | channel | load | accepted | failed / not sent | accepted/s | persisted | lost "
             "| answer p50 / p99 ms | server CPU ms per demand |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    table += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    record("Sustained intake per channel", f"""
`python -m bench intake`: {args.processes} server process(es) (`smartbrain demo --no-simulate`, werkzeug
threaded, one request per connection), relay and Socket.IO running, no screens connected. Driver:
bench/driver.py (asyncio, raw HTTP on loopback, requests built beforehand), {args.connections} requests in
flight at most. "closed loop": each of the {args.connections} clients sends its next request when the last
one answered, {args.seconds:.0f} s worth of requests at 1,000/s; "offered N/s": open loop, answer time counted
from the moment each request was due; "not sent": requests whose turn came more than 3 s after the last
one was due (the server had fallen that far behind). Persisted = rows added (cases; alarm receipts for hikvision and
frigate); lost = accepted − persisted. Server CPU = the server processes' user+system time over the run
÷ accepted (PostgreSQL's and Redis' own CPU not included). {'Servers pinned to CPU 0, driver to CPU 1. ' if args.pin else ''}
Target (issue #3): 1,000 demands/s on PostgreSQL/Redis with p99 answer < 100 ms. The machine's 2 cores
were shared with other work (1-minute load average {load:.1f} when the run began, {os.getloadavg()[0]:.1f} at
its end){f"; the benchmark's processes ran at nice {os.nice(0)}" if os.nice(0) else ""}.

""" + "\n".join(table) + """

CPU of the write alone (`bench.intake_write`: `casework.actions.do_intake` in the benchmark process, one thread, ms
of thread time per demand; the HTTP stack, the relay and the push come on top, see "server CPU" above):

""" + write_table(CPU))


if __name__ == "__main__":
    main()
