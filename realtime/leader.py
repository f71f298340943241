"""One leader among several worker processes: a Redis lock with a TTL, renewed while alive.

The leader holds `<name>` (value: its random token) with a TTL and renews it every `ttl / 3`; a
standby tries to take it at the same pace and wins once the leader stops renewing (crash, partition)
and the key lapses. Each win increments `<name>:epoch`, a leadership fencing number. A leader that
cannot renew steps down by itself once its last successful renewal is `ttl` old, before any standby can
take over, so two leaders never act at once (timers are fenced anyway).
"""
from __future__ import annotations

import logging
import secrets
import threading
import time
from collections.abc import Callable

import redis

log = logging.getLogger(__name__)

_ACQUIRE = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return 0
"""
_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class LeaderElector:
    def __init__(
        self, client: redis.Redis | str, *, name: str = "smartbrain:leader:worker", ttl: float = 10.0,
        renew_every: float | None = None, on_elected: Callable[[int], None] | None = None,
        on_revoked: Callable[[], None] | None = None, monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._redis = redis.Redis.from_url(client, socket_timeout=max(ttl / 3, 0.05), socket_connect_timeout=2) \
            if isinstance(client, str) else client
        self.name, self.ttl = name, ttl
        self.renew_every = renew_every if renew_every is not None else ttl / 3
        self.on_elected, self.on_revoked = on_elected, on_revoked
        self._monotonic = monotonic
        self._token = secrets.token_hex(16)
        self._acquire = self._redis.register_script(_ACQUIRE)
        self._renew = self._redis.register_script(_RENEW)
        self._release = self._redis.register_script(_RELEASE)
        self._valid_until = 0.0
        self.epoch: int | None = None  # set while leading
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def is_leader(self) -> bool:
        return self.epoch is not None and self._monotonic() < self._valid_until

    def step(self) -> bool:
        """Acquire or renew once; calls on_elected / on_revoked on a change. Returns `is_leader`."""
        sent = self._monotonic()
        ttl_ms = int(self.ttl * 1000)
        try:
            if self.epoch is None:
                epoch = int(self._acquire(keys=[self.name, f"{self.name}:epoch"], args=[self._token, ttl_ms]))
                if epoch:
                    self._valid_until = sent + self.ttl
                    self.epoch = epoch
                    log.info("elected leader %s (epoch %d)", self.name, epoch)
                    if self.on_elected:
                        self.on_elected(epoch)
            elif self._renew(keys=[self.name], args=[self._token, ttl_ms]):
                self._valid_until = sent + self.ttl
            else:
                self._step_down("lock lost to another process")
        except redis.RedisError:
            log.warning("leader lock %s: Redis unavailable", self.name, exc_info=True)
            if self.epoch is not None and self._monotonic() >= self._valid_until:
                self._step_down("could not renew within the TTL")
        return self.is_leader

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"leader:{self.name}", daemon=True)
        self._thread.start()

    def stop(self, *, release: bool = True) -> None:
        """Stop campaigning. `release=False` leaves the lock to lapse (as a crash would)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=max(2.0, self.renew_every * 2))
            self._thread = None
        if self.epoch is not None:
            if release:
                try:
                    self._release(keys=[self.name], args=[self._token])
                except redis.RedisError:
                    log.warning("could not release leader lock %s", self.name, exc_info=True)
            self._step_down("stopped")

    def _run(self) -> None:
        while not self._stop.is_set():
            self.step()
            self._stop.wait(self.renew_every)

    def _step_down(self, why: str) -> None:
        log.info("leaving leadership of %s: %s", self.name, why)
        self.epoch = None
        self._valid_until = 0.0
        if self.on_revoked:
            self.on_revoked()
