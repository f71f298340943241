"""Bounded load drivers on loopback: a paced poster, Socket.IO listeners, interval pollers."""
from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import requests
import socketio


def demand(tag: str, n: int) -> dict:
    return {
        "external_id": f"{tag}-{n}",
        "received_at": datetime.now(timezone.utc).isoformat(),
        "title": f"渠江街道庆丰社区路灯不亮（压测{n}）",
        "content": "小区门口路灯坏了一个星期，晚上出行不安全，请尽快修复。",
        "category": "城乡建设",
        "reporter": {"name": "王小明", "phone": "13812345678"},
        "location": {"lon": 106.9677, "lat": 30.8425, "crs": "WGS84"},
    }


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
    """N Socket.IO clients on `/live` (room console); records when each case.created arrived."""

    def __init__(self, base: str, token: str, count: int) -> None:
        self.arrivals: list[dict[str, float]] = [{} for _ in range(count)]
        self.clients = []
        for index in range(count):
            client = socketio.Client(reconnection=True)
            client.on("events", self._handler(index), namespace="/live")
            client.connect(base, namespaces=["/live"], auth={"token": token, "room": "console"},
                           transports=["websocket"], wait_timeout=10)
            self.clients.append(client)

    def _handler(self, index: int):  # noqa: ANN202
        arrivals = self.arrivals[index]

        def on_events(batch: list[dict]) -> None:
            now = time.time()
            for event in batch:
                if event["type"] == "case.created":
                    arrivals.setdefault(event["id"], now)

        return on_events

    def close(self) -> None:
        for client in self.clients:
            client.disconnect()


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
