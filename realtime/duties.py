"""What exactly one process does at a time: the outbox relay, leader-only services, periodic jobs.

Without Redis the only process leads. With Redis every process that may lead (`smartbrain worker`,
`smartbrain serve --role all`) campaigns for one lease (`smartbrain:leader:duties`, see leader.py); the
winner starts the relay, the services (the Frigate MQTT subscriber) and the periodic jobs, the others
stand by and take over when its lease lapses. A web process that never leads still wakes the leader
after its commits (`KickPublisher`), so a demand does not wait for the relay's next poll.
SLA timers elect their own leader (sla_timers.py); a standby worker campaigns for both.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import redis

from .leader import LeaderElector
from .relay import OutboxRelay

log = logging.getLogger(__name__)

DUTIES_LOCK = "smartbrain:leader:duties"


class Service(Protocol):
    def start(self) -> None: ...
    def stop(self) -> None: ...


@dataclass
class PeriodicJob:
    """`run()` every `every` seconds while this process leads (the first run `every` after election)."""
    name: str
    every: float
    run: Callable[[], object]
    runs: int = 0
    failures: int = 0


class JobScheduler:
    def __init__(self, jobs: list[PeriodicJob]) -> None:
        self.jobs = jobs
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is not None or not self.jobs:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="periodic-jobs", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _loop(self) -> None:
        next_at = {job.name: time.monotonic() + job.every for job in self.jobs}
        while not self._stop.is_set():
            now = time.monotonic()
            for job in self.jobs:
                if now >= next_at[job.name]:
                    next_at[job.name] = now + job.every
                    try:
                        job.run()
                        job.runs += 1
                    except Exception:  # noqa: BLE001 - one failing job must not stop the others
                        job.failures += 1
                        log.exception("periodic job %s failed", job.name)
            self._stop.wait(max(0.0, min(next_at.values()) - time.monotonic()))


class KickListener:
    """On the leader: a message on the kick channel makes the relay publish now."""

    def __init__(self, redis_url: str, channel: str, kick: Callable[[], None]) -> None:
        self._redis = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=2)
        self._channel, self._kick = channel, kick
        self._pubsub: Any = None
        self._thread: Any = None

    def start(self) -> None:
        self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        self._pubsub.subscribe(**{self._channel: lambda _message: self._kick()})
        self._thread = self._pubsub.run_in_thread(sleep_time=0.25, daemon=True,
                                                  exception_handler=_listener_failed)

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.stop()
            self._thread.join(timeout=3)
            self._thread = None
        if self._pubsub is not None:
            self._pubsub.close()
            self._pubsub = None


def _listener_failed(error: Exception, _pubsub: object, _thread: object) -> None:
    # redis-py reconnects and re-subscribes by itself; meanwhile the relay's own poll still runs
    log.warning("relay kick listener: %s", error)
    time.sleep(1)


class KickPublisher:
    """In every process that writes: after an outbox commit, tell the leader (coalesced, off the request)."""

    def __init__(self, redis_url: str, channel: str) -> None:
        self._redis = redis.Redis.from_url(redis_url, socket_timeout=2, socket_connect_timeout=1)
        self._channel = channel
        self._wanted = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def kick(self) -> None:
        self._wanted.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="relay-kick", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wanted.set()
        if self._thread is not None:
            self._thread.join(timeout=3)
        self._redis.close()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._wanted.wait()
            self._wanted.clear()
            if self._stop.is_set():
                return
            try:
                self._redis.publish(self._channel, b"1")
            except redis.RedisError:  # the relay still polls; the outbox holds everything meanwhile
                self._stop.wait(1)


class LeaderDuties:
    def __init__(self, relay: OutboxRelay, *, redis_url: str | None = None, kick_channel: str | None = None,
                 ttl: float = 10.0) -> None:
        self.relay = relay
        self.services: list[tuple[str, Service]] = []
        self.jobs: list[PeriodicJob] = []
        self._scheduler = JobScheduler(self.jobs)
        self.elector = LeaderElector(redis_url, name=DUTIES_LOCK, ttl=ttl, on_elected=self._elected,
                                     on_revoked=self._revoked) if redis_url else None
        if redis_url and kick_channel:
            self.add_service("relay-kick", KickListener(redis_url, kick_channel, relay.kick))
        self._leading = False
        self._campaigning = False
        self._lock = threading.Lock()

    def add_service(self, name: str, service: Service) -> None:
        """A service only the leader runs (started on election, stopped when leadership ends)."""
        self.services.append((name, service))

    def add_job(self, job: PeriodicJob) -> None:
        self.jobs.append(job)

    @property
    def leading(self) -> bool:
        return self._leading

    def start(self) -> None:
        self._campaigning = True
        if self.elector is not None:
            self.elector.start()
        else:
            self._elected(0)

    def stop(self, *, release: bool = True) -> None:
        if self.elector is not None:
            self.elector.stop(release=release)
        self._revoked()
        self._campaigning = False

    def _elected(self, epoch: int) -> None:
        with self._lock:
            if self._leading:
                return
            self._leading = True
            log.info("leading: outbox relay, %d service(s), %d periodic job(s) (epoch %s)",
                     len(self.services), len(self.jobs), epoch)
            self.relay.start()
            for name, service in self.services:
                try:
                    service.start()
                except Exception:  # noqa: BLE001 - e.g. the MQTT broker away: the rest still runs
                    log.exception("leader service %s did not start", name)
            self._scheduler.start()

    def _revoked(self) -> None:
        with self._lock:
            if not self._leading:
                return
            self._leading = False
            self._scheduler.stop()
            for name, service in reversed(self.services):
                try:
                    service.stop()
                except Exception:  # noqa: BLE001
                    log.exception("leader service %s did not stop cleanly", name)
            self.relay.stop()

    def health(self) -> dict[str, Any]:
        state = "leader" if self._leading else ("standby" if self._campaigning else "off")
        return {"state": state, "epoch": self.elector.epoch if self.elector else 0,
                "services": [name for name, _ in self.services],
                "jobs": {job.name: {"runs": job.runs, "failures": job.failures} for job in self.jobs}}
