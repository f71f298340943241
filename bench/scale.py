"""Several processes under load: 2 web processes + leader and standby workers on PostgreSQL and Redis;
200 Socket.IO screens, 20 officers signing cases, demands arriving at 200/s; bounded, loopback only.

Counts lost and doubled events (in the database and on every screen), delivery latency from the demand's
creation at the driver to its arrival on a screen, and CPU and memory of every process.

    python -m bench scale                      # the full run: 10 minutes
    python -m bench.scale --seconds 60         # a shorter try (written to RESULTS.md only with --record)
"""
from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import selectors
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import requests
import websocket
from sqlalchemy import func, select

from bench.load import ParsedOnce, demand
from bench.procs import command_cpu_seconds, cpu_seconds
from bench.results import record
from casework.models import Case, OutboxEvent
from casework.store import make_store
from tests.scale.cluster import HEADERS, TOKEN, Cluster
from tests.services import REDIS_URL, postgres_schema, redis_db

REDIS_BENCH = os.environ.get("REDIS_URL_BENCH", REDIS_URL)
MAX_LAG_MS = 120_000


# -- screens: raw Engine.IO v4 websockets, one selector thread per process ----------------------------

def _timed(events: list[dict]) -> list[dict]:
    """The events, each with its `occurred_at` as a timestamp (`_occurred`), read once."""
    for event in events:
        event["_occurred"] = datetime.fromisoformat(event["occurred_at"]).timestamp()
    return events


def _open_screen(base: str) -> websocket.WebSocket:
    # websocket-client checks UTF-8 byte by byte in Python: on Chinese payloads that, not the server, was the
    # bottleneck (measured with faulthandler); a browser validates natively
    ws = websocket.create_connection(base.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket",
                                     timeout=20, skip_utf8_validation=True)
    if not ws.recv().startswith("0"):
        raise RuntimeError("no Engine.IO open packet")
    ws.send("40/live," + json.dumps({"token": TOKEN, "room": "wall"}))
    if not ws.recv().startswith("40/live"):
        raise RuntimeError("screen refused")
    return ws


def _screens(bases: list[str], count: int, offset: int, ready, stop, pipe) -> None:  # noqa: ANN001, C901
    """`count` screens as assets/live.js behaves: apply each `seq` once; on a lost connection reconnect
    (to the other process) and fetch what was missed over HTTP."""
    selector = selectors.DefaultSelector()
    seen = [bytearray() for _ in range(count)]
    first = [0] * count
    contiguous = [0] * count  # highest seq applied with nothing missing before it
    doubled = [0] * count
    histogram = [0] * (MAX_LAG_MS + 1)  # case.created: ms from creation at the driver to arrival
    totals = {"messages": 0, "reconnects": 0, "caught_up": 0}
    http = requests.Session()

    def apply(index: int, events: list, now: float) -> None:
        marks = seen[index]
        for event in events:
            seq = event["seq"]
            if not first[index]:
                first[index], contiguous[index] = seq, seq - 1
            if seq >= len(marks):
                marks.extend(bytes(seq - len(marks) + 4096))
            if marks[seq]:
                doubled[index] += 1
                continue
            marks[seq] = 1
            if event["type"] == "case.created":
                lag = (now - event["_occurred"]) * 1000
                histogram[min(MAX_LAG_MS, max(0, int(lag)))] += 1
        while contiguous[index] + 1 < len(marks) and marks[contiguous[index] + 1]:
            contiguous[index] += 1

    def decode(payload: str) -> tuple:
        name, events = json.loads(payload)
        return name, _timed(events) if name == "events" else events

    decode_once = ParsedOnce(decode)  # a batch's text reaches every screen of a process: parse it once

    heard = [time.monotonic()] * count  # as socket.io-client: no ping within interval + timeout → reconnect
    open_sockets: dict[int, tuple] = {}

    def connect(index: int, base: str) -> None:
        ws = _open_screen(base)
        selector.register(ws.sock, selectors.EVENT_READ, (index, ws, base))
        open_sockets[index] = (ws, base)
        heard[index] = time.monotonic()

    def reconnect(index: int, old_base: str) -> None:
        totals["reconnects"] += 1
        for base in [b for b in bases if b != old_base] + [old_base]:
            try:
                connect(index, base)
            except Exception:  # noqa: BLE001
                continue
            while first[index]:  # catch up from the last seq applied, page by page
                answer = http.get(f"{base}/api/v1/live/events", headers=HEADERS, timeout=60,
                                  params={"room": "wall", "after": contiguous[index]}).json()
                totals["caught_up"] += len(answer["events"])
                apply(index, _timed(answer["events"]), time.time())
                if answer["complete"]:
                    break
            return

    for index in range(count):
        connect(index, bases[(offset + index) % len(bases)])
    ready.set()
    last_check = time.monotonic()
    while not stop.is_set():
        if time.monotonic() - last_check > 5:
            last_check = time.monotonic()
            for index, (ws, base) in list(open_sockets.items()):
                if last_check - heard[index] > 50:
                    selector.unregister(ws.sock)
                    ws.close()
                    del open_sockets[index]
                    reconnect(index, base)
        if pipe.poll():
            pipe.recv()
            pipe.send({"seen": [bytes(s) for s in seen], "first": first, "doubled": doubled,
                       "histogram": histogram, **totals})
        for key, _ in selector.select(timeout=0.05):
            index, ws, base = key.data
            try:
                message = ws.recv()
                if not message:
                    raise websocket.WebSocketConnectionClosedException("closed")
            except (websocket.WebSocketException, OSError):
                selector.unregister(key.fileobj)
                ws.close()
                open_sockets.pop(index, None)
                reconnect(index, base)
                continue
            heard[index] = time.monotonic()
            now = time.time()
            if message == "2":
                ws.send("3")
                continue
            if not message.startswith("42/live,"):
                continue
            name, payload = decode_once(message)
            if name == "events":
                totals["messages"] += 1
                apply(index, payload, now)


class Screens:
    def __init__(self, bases: list[str], count: int, processes: int = 2) -> None:
        context = multiprocessing.get_context("spawn")
        self._stop = context.Event()
        self._parts = []
        per = count // processes
        for part in range(processes):
            ready = context.Event()
            parent, child = context.Pipe()
            process = context.Process(target=_screens, args=(bases, per, part * per, ready, self._stop, child),
                                      daemon=True)
            process.start()
            if not ready.wait(120):
                raise RuntimeError("screens did not connect")
            self._parts.append((process, parent))

    @property
    def pids(self) -> list[int]:
        return [process.pid for process, _ in self._parts]

    def report(self) -> list[dict]:
        answers = []
        for _process, pipe in self._parts:
            pipe.send("report")
            answers.append(pipe.recv())
        return answers

    def close(self) -> None:
        self._stop.set()
        for process, _ in self._parts:
            process.join(timeout=10)


# -- drivers: demands at a fixed rate, officers acting -----------------------------------------------

class Demands:
    def __init__(self, bases: list[str], rate: float, seconds: float, tag: str, workers: int = 96) -> None:
        self.bases, self.rate, self.seconds, self.tag = bases, rate, seconds, tag
        self.workers = workers
        self.accepted: list[str] = []
        self.failures: list[str] = []
        self.answer_ms: list[float] = []
        self.unsent = 0
        self._local = threading.local()
        self._lock = threading.Lock()

    def _post(self, n: int, start: float) -> None:
        delay = start + n / self.rate - time.time()
        if delay > 0:
            time.sleep(delay)
        if time.time() > start + self.seconds + 5:  # bounded: what the driver could not send in time is not sent
            with self._lock:
                self.unsent += 1
            return
        base = self.bases[n % len(self.bases)]
        connections = getattr(self._local, "connections", None)
        if connections is None:
            connections = self._local.connections = {}
        fields = demand(self.tag, n)
        # received now, to the millisecond: latency runs from this moment (the simulator gives whole seconds,
        # which added 0-1 s to every delivery measured)
        fields["received_at"] = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        body = json.dumps(fields, ensure_ascii=False).encode()
        began = time.time()
        # plain keep-alive HTTP: the driver shares the servers' cores (3.6 → 2.6 ms CPU a demand without `requests`)
        try:
            connection = connections.get(base)
            if connection is None:
                host, port = base.removeprefix("http://").split(":")
                connection = connections[base] = http.client.HTTPConnection(host, int(port), timeout=30)
            connection.request("POST", "/api/v1/intake/hotline12345", body,
                               {**HEADERS, "Content-Type": "application/json"})
            response = connection.getresponse()
            status, text = response.status, response.read()
            ok = status == 201
        except (OSError, http.client.HTTPException) as error:
            connections.pop(base, None)
            ok, status = False, error
        with self._lock:
            if ok:
                self.accepted.append(json.loads(text)["id"])
                self.answer_ms.append((time.time() - began) * 1000)
            else:
                self.failures.append(str(status)[:120])

    def run(self) -> None:
        start = time.time() + 0.5
        with ThreadPoolExecutor(self.workers) as pool:
            for n in range(int(self.rate * self.seconds)):
                pool.submit(self._post, n, start)
                if n % 500 == 0:  # keep the queue short: submit about as fast as the schedule runs
                    ahead = start + n / self.rate - time.time()
                    if ahead > 2:
                        time.sleep(ahead - 1)


class Officers:
    """Each officer, about once a second: the queue's newest received cases, sign one (409 if beaten)."""

    def __init__(self, bases: list[str], count: int) -> None:
        self.bases, self.count = bases, count
        self.actions = Counter()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._work, args=(i,), daemon=True) for i in range(count)]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def _work(self, index: int) -> None:
        session = requests.Session()
        base = self.bases[index % len(self.bases)]
        rng = random.Random(index)
        while not self._stop.wait(0.5 + rng.random()):
            try:
                queue = session.get(f"{base}/api/v1/cases", params={"status": "received", "limit": 20},
                                    headers=HEADERS, timeout=30).json()["cases"]
                if not queue:
                    continue
                case = rng.choice(queue)
                answer = session.post(f"{base}/api/v1/cases/{case['id']}/sign", json={"version": case["version"]},
                                      headers=HEADERS, timeout=30)
                self.actions[answer.status_code] += 1
            except (requests.RequestException, ValueError, KeyError, TypeError):
                self.actions["error"] += 1

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=30)


# -- processes: CPU and memory from /proc ------------------------------------------------------------

def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


SERVICES = {"PostgreSQL (all its processes)": "postgres", "Redis server (shared)": "redis-server"}


class Sampler:
    def __init__(self, pids: dict[str, int], every: float = 5.0) -> None:
        self.pids, self.every = pids, every
        self.services0 = {name: command_cpu_seconds(command) for name, command in SERVICES.items()}
        self.cpu0 = {name: cpu_seconds(pid) for name, pid in pids.items()}
        self.rss_max = {name: _rss_mib(pid) for name, pid in pids.items()}
        self.rss_last = dict(self.rss_max)
        self.began = time.monotonic()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.every):
            for name, pid in self.pids.items():
                try:
                    rss = _rss_mib(pid)
                except OSError:
                    continue
                self.rss_last[name] = rss
                self.rss_max[name] = max(self.rss_max[name], rss)

    def stop(self) -> dict[str, tuple[float, float, float]]:
        self._stop.set()
        wall = time.monotonic() - self.began
        out = {}
        for name, pid in self.pids.items():
            try:
                cpu = (cpu_seconds(pid) - self.cpu0[name]) / wall * 100
            except OSError:
                cpu = float("nan")
            out[name] = (cpu, self.rss_last[name], self.rss_max[name])
        for name, command in SERVICES.items():
            cpu = (command_cpu_seconds(command) - self.services0[name]) / wall * 100
            out[name] = (cpu, float("nan"), float("nan"))
        return out


def _percentile_from_histogram(histogram: list[int], p: float) -> float:
    total = sum(histogram)
    if not total:
        return float("nan")
    target, running = total * p / 100, 0
    for ms, count in enumerate(histogram):
        running += count
        if running >= target:
            return float(ms)
    return float(MAX_LAG_MS)


def run(seconds: float, rate: float, screens: int, officers: int, write: bool) -> None:
    load_at_start = os.getloadavg()[0]
    tag = f"scale-{time.time_ns()}"
    with tempfile.TemporaryDirectory() as tmp, postgres_schema() as database_url, redis_db(REDIS_BENCH) as redis_url:
        cluster = Cluster(Path(tmp), database_url, redis_url)
        try:
            workers = [cluster.worker(), cluster.worker()]
            webs = [cluster.web(), cluster.web()]
            leading = cluster.leader() or workers[0]
            leader, standby = leading, next(w for w in workers if w is not leading)
            bases = [w.base for w in webs]
            print(f"cluster up: web {bases}, workers {leader.port}/{standby.port}", flush=True)
            screen_set = Screens(bases, screens)
            print(f"{screens} screens connected", flush=True)
            pids = {"web 1": webs[0].popen.pid, "web 2": webs[1].popen.pid, "worker (leader)": leader.popen.pid,
                    "worker (standby)": standby.popen.pid, "bench driver": os.getpid()}
            pids.update({f"screens {i + 1} ({screens // 2} sockets)": pid for i, pid in enumerate(screen_set.pids)})
            sampler = Sampler(pids)
            crew = Officers(bases, officers)
            crew.start()
            demands = Demands(bases, rate, seconds, tag)
            began = time.monotonic()
            demands.run()
            posting = time.monotonic() - began
            crew.stop()
            usage = sampler.stop()
            store = make_store(database_url)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:  # drain: the relay publishes what is left
                with store.reading() as session:
                    pending = session.scalar(select(func.count()).select_from(OutboxEvent)
                                             .where(OutboxEvent.published_at.is_(None)))
                if not pending:
                    break
                time.sleep(1)
            with store.reading() as session:  # SLA steps keep adding events: judge screens up to here
                last_seq = session.scalar(select(func.max(OutboxEvent.seq))
                                          .where(OutboxEvent.published_at.is_not(None))) or 0
            time.sleep(5)  # the last batches reach the screens
            reports = screen_set.report()
            with store.reading() as session:
                created = Counter(envelope["context"]["id"] for envelope in session.scalars(
                    select(OutboxEvent.envelope).where(OutboxEvent.type == "case.created")))
                cases = session.scalar(select(func.count()).select_from(Case))
                unpublished = session.scalar(select(func.count()).select_from(OutboxEvent)
                                             .where(OutboxEvent.published_at.is_(None)))
            metrics = requests.get(f"{webs[0].base}/metrics", timeout=10).text
            store.dispose()
            screen_set.close()
        finally:
            cluster.stop()
    accepted = set(demands.accepted)
    lost_in_db = len(accepted - set(created))
    doubled_in_db = sum(1 for n in created.values() if n > 1)
    missing_on_screens = doubled_on_screens = 0
    histogram = [0] * (MAX_LAG_MS + 1)
    messages = reconnects = caught_up = 0
    for report in reports:
        messages += report["messages"]
        reconnects += report["reconnects"]
        caught_up += report["caught_up"]
        for i, v in enumerate(report["histogram"]):
            histogram[i] += v
        for marks, first, doubled in zip(report["seen"], report["first"], report["doubled"]):
            doubled_on_screens += doubled
            if first:
                missing_on_screens += sum(1 for seq in range(first, last_seq + 1) if seq >= len(marks) or not marks[seq])
    p50, p99 = _percentile_from_histogram(histogram, 50), _percentile_from_histogram(histogram, 99)
    p999 = _percentile_from_histogram(histogram, 99.9)
    answers = sorted(demands.answer_ms)
    answer_p99 = answers[int(len(answers) * 0.99)] if answers else float("nan")
    achieved = len(demands.accepted) / posting if posting else 0
    rows = "\n".join(f"| {name} | {cpu:.0f} % | {_mib(rss)} | {_mib(peak)} |" for name, (cpu, rss, peak)
                     in usage.items())
    busy = sum(cpu for cpu, _, _ in usage.values())
    screen_deliveries = sum(histogram)
    body = f"""
`python -m bench scale` (`bench/scale.py`): 2 web processes (`serve --role web`) + a leading and a standby
worker (`smartbrain worker`) on PostgreSQL and Redis (database {redis_url.rsplit('/', 1)[-1]} of the shared server),
{screens} Socket.IO screens (room `wall`, raw websockets read in 2 processes; each screen applies every event
by its `seq`, a batch's text is parsed once a process), {officers} officers each signing a case about once a second,
demands at {rate:.0f}/s for {seconds:.0f} s (plain keep-alive HTTP, up to 96 in flight); everything on loopback.
The load generator, the screens and both databases run on the same {os.cpu_count()} cores as the servers; the
machine's 1-minute load average was {load_at_start:.1f} when the run began and {os.getloadavg()[0]:.1f} at its end.

| | |
|---|---|
| demands scheduled / not sent in time (driver or servers behind) / accepted (201) / refused or failed | {int(rate * seconds)} / {demands.unsent} / {len(accepted)} / {len(demands.failures)} |
| achieved intake rate | {achieved:.0f}/s (target {rate:.0f}/s) over {posting:.0f} s |
| intake answer p50 / p99 | {answers[len(answers) // 2] if answers else float('nan'):.0f} / {answer_p99:.0f} ms |
| officer actions (status: count) | {dict(crew.actions)} |
| cases in the database / events published when the screens were judged | {cases} / {last_seq} (unpublished after the drain, SLA steps still firing: {unpublished}) |
| **lost** accepted demands (no `case.created`) / **doubled** `case.created` | **{lost_in_db} / {doubled_in_db}** |
| events **missing** / **doubled** on screens (each screen from its first event to the last) | **{missing_on_screens} / {doubled_on_screens}** |
| `case.created` applied on screens / Socket.IO `events` messages | {screen_deliveries} / {messages} |
| screens' reconnections / events they fetched after reconnecting (as `assets/live.js` does) | {reconnects} / {caught_up} |
| delivery latency, demand created → screen, p50 / p99 / p99.9 | **{p50:.0f} / {p99:.0f} / {p999:.0f} ms** |

| process | CPU (of one core) | RSS at end | RSS peak |
|---|---|---|---|
{rows}

Together {busy:.0f} % of the machine's {os.cpu_count() * 100} % (the kernel's own work and any other process not counted).

`/metrics` of web 1 at the end (excerpt): {_excerpt(metrics)}
"""
    if write:
        record(f"Scale: {screens} screens, {officers} officers, {rate:.0f} demands/s for {seconds / 60:.0f} min", body)
    else:
        print(body)


def _mib(value: float) -> str:
    return "–" if value != value else f"{value:.0f} MiB"


def _excerpt(metrics: str) -> str:
    keep = ("smartbrain_events_in_total", "smartbrain_events_out_total", "smartbrain_connected_screens",
            "smartbrain_feed_filled_total", "smartbrain_feed_duplicates_dropped_total", "smartbrain_bus_lag_events")
    lines = [line for line in metrics.splitlines() if line.startswith(keep)]
    return "`" + "`, `".join(lines) + "`"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench.scale")
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--screens", type=int, default=200)
    parser.add_argument("--officers", type=int, default=20)
    parser.add_argument("--record", action="store_true", help="write RESULTS.md even for a short run")
    args = parser.parse_args(argv)
    run(args.seconds, args.rate, args.screens, args.officers, write=args.record or args.seconds >= 600)


if __name__ == "__main__":
    main()
