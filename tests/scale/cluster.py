"""A small production-shaped cluster on loopback: our own redis-server, PostgreSQL, web and worker processes.

The machine's shared Redis is never stopped: every test that stops Redis gets its own `redis-server`
on a free port (no persistence, like a Redis that restarts empty), also what CI runs.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import requests
import socketio

from tests.e2e.server import free_port
from tests.services import until

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "scale-token-0123456789abcdef"
HEADERS = {"Authorization": f"Bearer {TOKEN}"}


def wait_for(condition, timeout: float = 20.0, what: str = "condition") -> Any:  # noqa: ANN001
    """`tests.services.until` with this module's old positional signature (test_serve_workers uses it)."""
    return until(condition, timeout=timeout, interval=0.05, message=what)


class RedisServer:
    """`redis-server --port N --save '' --appendonly no`: stopped and started again on the same port."""

    def __init__(self, workdir: Path) -> None:
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise RuntimeError("redis-server is not installed")
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = (self.workdir / f"redis-{self.port}.log").open("a")
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.workdir)], stdout=log, stderr=subprocess.STDOUT)
        import redis

        until(lambda: _pings(redis.Redis(port=self.port, socket_connect_timeout=0.2)), timeout=10, interval=0.05,
              message=f"redis-server on port {self.port} to answer PING")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()  # as abrupt as a crash; it comes back empty
            self.process.wait()
            self.process = None


def _pings(client) -> bool:  # noqa: ANN001
    try:
        return bool(client.ping())
    except Exception:  # noqa: BLE001
        return False
    finally:
        client.close()


@dataclass
class Process:
    name: str
    port: int
    popen: subprocess.Popen
    log_path: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def health(self) -> dict[str, Any] | None:
        try:
            return requests.get(f"{self.base}/healthz", timeout=2).json()
        except (requests.RequestException, ValueError):
            return None

    def kill(self) -> None:
        """SIGKILL: no clean-up, leases lapse on their own."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait()

    def terminate(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@dataclass
class Cluster:
    workdir: Path
    database_url: str
    redis_url: str
    env_extra: dict[str, str] = field(default_factory=dict)
    processes: list[Process] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "SMARTBRAIN_"))}
        env.update(DATABASE_URL=self.database_url, REDIS_URL=self.redis_url, SMARTBRAIN_DEMO_TOKEN=TOKEN,
                   SMARTBRAIN_LEADER_TTL="1.5", PYTHONPATH=str(ROOT), **self.env_extra)
        return env

    def _spawn(self, name: str, args: list[str], port: int) -> Process:
        log_path = self.workdir / f"{name}-{port}.log"
        popen = subprocess.Popen([sys.executable, "-m", "dashboard.cli", *args], cwd=self.workdir, env=self.env(),
                                 stdout=log_path.open("w"), stderr=subprocess.STDOUT)
        process = Process(name, port, popen, log_path)
        self.processes.append(process)
        return process

    def web(self, *, role: str = "web", port: int | None = None) -> Process:
        port = port or free_port()
        process = self._spawn("web", ["serve", "--port", str(port), "--role", role], port)
        self._healthy(process)
        return process

    def worker(self) -> Process:
        port = free_port()
        process = self._spawn("worker", ["worker", "--port", str(port)], port)
        self._healthy(process)
        return process

    def _healthy(self, process: Process) -> None:
        def ready() -> bool:
            if process.popen.poll() is not None:
                raise RuntimeError(f"{process.name} exited early:\n{process.log()}")
            health = process.health()
            return bool(health and health.get("database") == "ok")

        until(ready, timeout=60, interval=0.05, message=f"{process.name} on port {process.port} to report healthy")

    def leader(self) -> Process | None:
        for process in self.processes:
            if process.popen.poll() is None:
                health = process.health() or {}
                if health.get("duties", {}).get("state") == "leader":
                    return process
        return None

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()


def post_demand(base: str, external_id: str, **fields: Any) -> requests.Response:
    body = {"external_id": external_id, "received_at": datetime.now(timezone.utc).isoformat(),
            "title": f"路灯不亮 {external_id}", "content": "村口路灯坏了三天，晚上看不见路。", **fields}
    return requests.post(f"{base}/api/v1/intake/hotline12345", json=body, headers=HEADERS, timeout=15)


class Screen:
    """A Socket.IO client as a screen uses it: room `wall`, websocket only; records every event it gets.

    On a lost connection it reconnects to the next base in `bases` (what a proxy does when a process
    dies) and catches up over HTTP from the last sequence number it applied, as `assets/live.js` does.
    """

    def __init__(self, bases: list[str], *, room: str = "wall") -> None:
        self.bases, self.room = bases, room
        self.received: list[dict[str, Any]] = []  # as pushed, duplicates included
        self.caught_up: list[dict[str, Any]] = []
        self.feed_status: list[bool] = []
        self.connected_to: str | None = None
        self.reconnects = 0
        self._lock = threading.Lock()
        self.client = self._client()

    def _client(self) -> socketio.Client:
        client = socketio.Client(reconnection=False)
        client.on("events", self._on_events, namespace="/live")
        client.on("feed", lambda status: self.feed_status.append(bool(status.get("ok"))), namespace="/live")
        client.on("disconnect", self._on_disconnect, namespace="/live")
        return client

    def connect(self, base: str | None = None) -> None:
        base = base or self.bases[0]
        self.client.connect(base, namespaces=["/live"], transports=["websocket"],
                            auth={"token": TOKEN, "room": self.room}, wait_timeout=10)
        self.connected_to = base

    def _on_events(self, batch: list[dict[str, Any]]) -> None:
        with self._lock:
            self.received.extend(batch)

    def _on_disconnect(self, *_args: object) -> None:
        threading.Thread(target=self._fail_over, daemon=True).start()

    def _fail_over(self) -> None:
        if self.closing:
            return
        for base in self.bases:
            if base == self.connected_to:
                continue
            try:
                self.client = self._client()
                self.connect(base)
                self.reconnects += 1
                self.catch_up()
                return
            except Exception:  # noqa: BLE001
                continue

    closing = False

    def catch_up(self) -> None:
        after = max((e["seq"] for e in self.events()), default=0)
        answer = requests.get(f"{self.connected_to}/api/v1/live/events", params={"room": self.room, "after": after},
                              headers=HEADERS, timeout=10).json()
        with self._lock:
            self.caught_up.extend(answer["events"])

    def events(self) -> list[dict[str, Any]]:
        with self._lock:
            return [*self.received, *self.caught_up]

    def applied(self) -> dict[int, dict[str, Any]]:
        """What the page would apply: each sequence number once."""
        return {e["seq"]: e for e in self.events()}

    def created_ids(self, *, applied: bool = False) -> list[str]:
        events = self.applied().values() if applied else self.received
        return [e["id"] for e in events if e["type"] == "case.created"]

    def close(self) -> None:
        self.closing = True
        try:
            self.client.disconnect()
        except Exception:  # noqa: BLE001
            pass
