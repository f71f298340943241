"""Bounded load drivers on loopback: a paced poster, Socket.IO listeners, interval pollers."""
from __future__ import annotations

import json
import multiprocessing
import random
import selectors
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any

import requests
import websocket


_demands: dict[str, object] = {}
_demands_lock = threading.Lock()


def demand(tag: str, n: int) -> dict:
    """A demand as a county's hotline sends them, received now: the simulator's mix of categories, places
    all over the county, callers, and a share of callers calling again (`adapters.simulator`). Not one
    caller, place and text over and over: that made every demand a repeat of all the earlier ones, the
    repeat finder's worst case, growing with the run."""
    from adapters.simulator.generator import DemandGenerator
    from adapters.simulator.taxonomy import load_taxonomy
    from geo import get_region

    with _demands_lock:
        generator = _demands.get("generator")
        if generator is None:
            generator = _demands["generator"] = DemandGenerator(get_region("qu-county"), load_taxonomy(),
                                                                random.Random(11))
        body = generator.next_demand(datetime.now(timezone.utc))
    body["external_id"] = f"{tag}-{n}"
    return body


class ParsedOnce:
    """What a screen takes from a Socket.IO `42/live,…` message, derived once per text: the screens a bench
    reads in one process all get the same batch, and parsing it for each of them was the instrument's main
    cost. `derive` gets the JSON after the prefix; the newest `keep` texts are remembered."""

    PREFIX = "42/live,"

    def __init__(self, derive: Callable[[str], Any], keep: int = 256) -> None:
        self._derive, self._keep = derive, keep
        self._seen: dict[str, Any] = {}

    def __call__(self, message: str) -> Any:
        found = self._seen.get(message)
        if found is None:
            found = self._seen[message] = self._derive(message[len(self.PREFIX):])
            if len(self._seen) > self._keep:
                self._seen.pop(next(iter(self._seen)))
        return found


class PacedPoster:
    """Posts `rate` demands per second for `seconds`, on schedule; records when each case was sent."""

    def __init__(self, base: str, token: str, *, workers: int = 16) -> None:
        self.url = f"{base}/api/v1/intake/hotline12345"
        self.headers = {"Authorization": f"Bearer {token}"}
        self.workers = workers
        self.local = threading.local()

    def _session(self) -> requests.Session:
        if not hasattr(self.local, "session"):
            self.local.session = requests.Session()
        return self.local.session

    def run(self, tag: str, rate: float, seconds: float) -> tuple[dict[str, float], list[float], int]:
        sent: dict[str, float] = {}
        answer_ms: list[float] = []
        failures = 0
        lock = threading.Lock()
        total = int(rate * seconds)
        start = time.time() + 0.2

        def post(n: int) -> None:
            nonlocal failures
            delay = start + n / rate - time.time()
            if delay > 0:
                time.sleep(delay)
            body = demand(tag, n)
            began = time.time()
            try:
                response = self._session().post(self.url, json=body, headers=self.headers, timeout=10)
                ok = response.status_code == 201
            except requests.RequestException:
                ok = False
            with lock:
                if ok:
                    sent[response.json()["id"]] = began
                    answer_ms.append((time.time() - began) * 1000)
                else:
                    failures += 1

        with ThreadPoolExecutor(self.workers) as pool:
            list(pool.map(post, range(total)))
        return sent, answer_ms, failures


class LiveListeners:
    """N Socket.IO screens on `/live` (room console) over raw Engine.IO v4 websockets, read by one thread
    in a process of their own, so the load generator's threads never delay the moment an arrival is
    stamped. Records when each case.created arrived (wall-clock seconds, comparable across processes)."""

    def __init__(self, base: str, token: str, count: int, room: str = "console") -> None:
        context = multiprocessing.get_context("spawn")
        self._ready, self._stop = context.Event(), context.Event()
        self._parent, child = context.Pipe()
        self._process = context.Process(target=_listen, args=(base, token, count, room, self._ready,
                                                                self._stop, child), daemon=True)
        self._process.start()
        if not self._ready.wait(30):
            raise RuntimeError("listeners did not connect")
        self.count = count

    @property
    def arrivals(self) -> list[dict[str, float]]:
        self._parent.send("report")
        return self._parent.recv()

    def close(self) -> None:
        self._stop.set()
        self._process.join(timeout=10)


def _listen(base, token, count, room, ready, stop, pipe) -> None:  # noqa: ANN001
    arrivals: list[dict[str, float]] = [{} for _ in range(count)]
    def created_ids(payload: str) -> list[str]:
        name, batch = json.loads(payload)
        return [e["id"] for e in batch if e["type"] == "case.created"] if name == "events" else []

    created_once = ParsedOnce(created_ids)  # every screen gets the same batch: parse it once, not once a screen
    selector = selectors.DefaultSelector()
    sockets = []
    url = base.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
    for index in range(count):
        # the instrument must not eat the machine: websocket-client checks UTF-8 in pure Python otherwise
        ws = websocket.create_connection(url, timeout=10, skip_utf8_validation=True)
        if not ws.recv().startswith("0"):
            raise RuntimeError("no Engine.IO open packet")
        ws.send("40/live," + json.dumps({"token": token, "room": room}))
        answer = ws.recv()
        if not answer.startswith("40/live"):
            raise RuntimeError(f"refused: {answer}")
        selector.register(ws.sock, selectors.EVENT_READ, (index, ws))
        sockets.append(ws)
    ready.set()
    while not stop.is_set():
        if pipe.poll():
            pipe.recv()
            pipe.send(arrivals)
        for key, _ in selector.select(timeout=0.05):
            index, ws = key.data
            try:
                message = ws.recv()
            except (websocket.WebSocketException, OSError):
                selector.unregister(key.fileobj)
                continue
            now = time.time()
            if message == "2":
                ws.send("3")
            elif message.startswith("42/live,"):
                for case_id in created_once(message):
                    arrivals[index].setdefault(case_id, now)
    for ws in sockets:
        ws.close()


class IntervalPollers:
    """The `dcc.Interval` baseline: N screens asking for news every `interval` seconds."""

    def __init__(self, base: str, token: str, count: int, interval: float = 1.0) -> None:
        self.base, self.token, self.interval = base, token, interval
        self.arrivals: list[dict[str, float]] = [{} for _ in range(count)]
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._poll, args=(i,), daemon=True) for i in range(count)]
        for index, thread in enumerate(self.threads):
            thread.start()
            time.sleep(interval / count)  # screens are not in phase

    def _poll(self, index: int) -> None:
        session = requests.Session()
        headers = {"Authorization": f"Bearer {self.token}"}
        after = session.get(f"{self.base}/api/v1/live/snapshot?room=console", headers=headers, timeout=10).json()["seq"]
        while not self.stop.wait(self.interval):
            answer = session.get(f"{self.base}/api/v1/live/events?room=console&after={after}",
                                 headers=headers, timeout=10).json()
            now = time.time()
            for event in answer["events"]:
                after = max(after, event["seq"])
                if event["type"] == "case.created":
                    self.arrivals[index].setdefault(event["id"], now)

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=5)


def latencies_ms(sent: dict[str, float], arrivals: list[dict[str, float]]) -> tuple[list[float], int]:
    values, missing = [], 0
    for per_client in arrivals:
        for key, began in sent.items():
            if key in per_client:
                values.append((per_client[key] - began) * 1000)
            else:
                missing += 1
    return values, missing
