"""`smartbrain serve --workers N`: N single-worker processes on consecutive ports, a dead one restarted."""
from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
import requests

from tests.conftest import unavailable
from tests.e2e.server import free_port
from tests.scale.cluster import ROOT, RedisServer, wait_for

pytestmark = pytest.mark.redis


def _pid_on(port: int) -> int | None:
    try:
        return requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).json()["pid"]
    except (requests.RequestException, ValueError, KeyError):
        return None


def test_serve_workers_runs_and_restarts_single_worker_processes(tmp_path):
    try:
        redis_server = RedisServer(tmp_path)
    except RuntimeError as error:
        unavailable(str(error))
    redis_server.start()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "SMARTBRAIN_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'w.db'}", REDIS_URL=redis_server.url, PYTHONPATH=str(ROOT),
               SMARTBRAIN_DEMO_TOKEN="w" * 24)
    subprocess.run([sys.executable, "-m", "dashboard.cli", "migrate"], env=env, cwd=tmp_path, check=True,
                   capture_output=True)
    parent = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "serve", "--port", str(port), "--workers", "2"],
                              env=env, cwd=tmp_path, stdout=(tmp_path / "serve.log").open("w"),
                              stderr=subprocess.STDOUT)
    try:
        first = wait_for(lambda: _pid_on(port), 60, "process 1 up")
        second = wait_for(lambda: _pid_on(port + 1), 60, "process 2 up")
        assert len({first, second, parent.pid}) == 3
        os.kill(second, signal.SIGKILL)
        wait_for(lambda: _pid_on(port + 1) not in (None, second), 60, "process 2 restarted")
        assert _pid_on(port) == first
    finally:
        parent.terminate()
        parent.wait(timeout=30)
        redis_server.stop()
    assert _pid_on(port) is None and _pid_on(port + 1) is None  # the children went with the parent


def test_several_processes_without_redis_are_refused(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "SMARTBRAIN_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'w.db'}", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "dashboard.cli", "serve", "--workers", "2"], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "REDIS_URL" in done.stderr
