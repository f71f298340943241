"""Start the real app as a separate process on a free loopback port, as an integrator would."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.services import until

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "e2e-token-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RunningServer:
    base: str
    token: str
    process: subprocess.Popen
    log_path: Path

    def post(self, channel: str, body: dict, **kwargs) -> requests.Response:  # noqa: ANN003
        return requests.post(f"{self.base}/api/v1/intake/{channel}", json=body,
                             headers={"Authorization": f"Bearer {self.token}"}, timeout=10, **kwargs)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(tmp_path: Path, *, database_url: str | None = None, redis_url: str | None = None,
                 port: int | None = None) -> RunningServer:
    port = port or free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["DATABASE_URL"] = database_url or f"sqlite:///{tmp_path / 'e2e.db'}"
    if redis_url:
        env["REDIS_URL"] = redis_url
    env["SMARTBRAIN_DEMO_TOKEN"] = TOKEN
    log_path = tmp_path / f"server-{port}.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "dashboard.cli", "demo", "--no-simulate", "--port", str(port)],
        cwd=tmp_path, env=env, stdout=log_path.open("w"), stderr=subprocess.STDOUT,
    )
    server = RunningServer(f"http://127.0.0.1:{port}", TOKEN, process, log_path)

    def healthy() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log_path.read_text()}")
        try:
            return requests.get(f"{server.base}/healthz", timeout=1).status_code == 200
        except requests.ConnectionError:
            return False

    try:
        until(healthy, timeout=60, interval=0.2, message=f"the server on port {port} to answer /healthz")
    except AssertionError:
        server.stop()
        raise RuntimeError(f"server did not become healthy:\n{log_path.read_text()}") from None
    return server
