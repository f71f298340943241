"""Feed the running app with demands through the real HTTP intake path, at a demo's pace.

The simulator keeps its own simulated clock, which starts at the real time and runs `speed` times
faster (60: one simulated hour per real minute). Gaps between demands come from the daily arrival
curve at the simulated time of day, so a long demo shows the day's rhythm (busy mornings, quiet
nights); each demand is stamped `received_at` = the real time it is posted. Failures are logged and
never stop the loop; connection errors are retried with the same body (same `external_id`, so the
server answers 200 if it had already taken it) after an exponential back-off.
"""
from __future__ import annotations

import dataclasses
import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import requests

from casework.clock import SystemClock

from .arrivals import DEFAULT_RATE_PER_DAY, next_gap
from .generator import DemandGenerator
from .places import RegionLike
from .taxonomy import Taxonomy, load_taxonomy

log = logging.getLogger(__name__)

DEFAULT_REGION = "qu-county"
DEFAULT_CHANNEL = "hotline12345"
FIRST_BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 60.0
ERROR_PAUSE_SECONDS = 1.0


@dataclass
class SimulatorStats:
    posted: int = 0
    created: int = 0
    duplicates: int = 0
    rejected: int = 0  # any answer other than 200/201
    connection_errors: int = 0


class Simulator:
    """Posts generated demands to `POST {base_url}/api/v1/intake/{channel}` with a bearer token."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        speed: float = 60.0,
        rng_seed: int | None = None,
        clock: Callable[[], datetime] | Any | None = None,
        session: requests.Session | Any | None = None,
        rate_per_day: float = DEFAULT_RATE_PER_DAY,
        region: RegionLike | str | None = None,
        taxonomy: Taxonomy | None = None,
        channel: str = DEFAULT_CHANNEL,
        timeout: float = 10.0,
        max_backoff: float = MAX_BACKOFF_SECONDS,
    ) -> None:
        if speed <= 0:
            raise ValueError(f"speed must be positive, not {speed}")
        if rate_per_day <= 0:
            raise ValueError(f"rate_per_day must be positive, not {rate_per_day}")
        self.url = f"{base_url.rstrip('/')}/api/v1/intake/{channel}"
        self.speed = float(speed)
        self.rate_per_day = float(rate_per_day)
        self._headers = {"Authorization": f"Bearer {token}", "User-Agent": "smartbrain-simulator/1"}
        if clock is None:
            clock = SystemClock()
        self._clock: Callable[[], datetime] = clock.now if hasattr(clock, "now") else clock
        self._session = session if session is not None else requests.Session()
        self._timeout = timeout
        self._max_backoff = max_backoff
        self._generator_rng = random.Random(rng_seed)
        self._arrivals_rng = random.Random(None if rng_seed is None else f"{rng_seed}:arrivals")
        self._region = region
        self._taxonomy = taxonomy
        self._generator: DemandGenerator | None = None
        self._lock = threading.Lock()  # the generator and the stats are shared by run() and burst()
        self._stats = SimulatorStats()
        self._stop: threading.Event | None = None
        self.simulated_now: datetime | None = None

    # -- public -----------------------------------------------------------------------------------

    @property
    def stats(self) -> SimulatorStats:
        with self._lock:
            return dataclasses.replace(self._stats)

    def run(self, stop_event: threading.Event) -> None:
        """Post demands until `stop_event` is set. Never raises for a failed post."""
        self.simulated_now = self._clock()
        log.info("simulator: posting to %s at %.0fx speed, %.0f demands per simulated day",
                 self.url, self.speed, self.rate_per_day)
        while not stop_event.is_set():
            try:
                gap = next_gap(self.simulated_now, self.rate_per_day, self._arrivals_rng)
                self.simulated_now += timedelta(seconds=gap)
                if stop_event.wait(gap / self.speed):
                    break
                self._deliver(self._next_body(), stop_event)
            except Exception:  # noqa: BLE001 - the demo must keep going whatever happens
                log.exception("simulator: unexpected error; carrying on")
                if stop_event.wait(ERROR_PAUSE_SECONDS):
                    break
        log.info("simulator: stopped after %s", self.stats)

    def burst(self, n: int) -> list[int | None]:
        """Post `n` demands back to back; the HTTP status of each (None when the server was unreachable)."""
        return [self._deliver(self._next_body(), None) for _ in range(n)]

    def start(self, stop_event: threading.Event | None = None) -> threading.Thread:
        """Run in a daemon thread until `stop_event` (or `stop()`) says stop."""
        self._stop = stop_event if stop_event is not None else threading.Event()
        thread = threading.Thread(target=self.run, args=(self._stop,), name="demand-simulator", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        if self._stop is not None:
            self._stop.set()

    # -- internals --------------------------------------------------------------------------------

    def _next_body(self) -> dict[str, Any]:
        received_at = self._clock()
        with self._lock:
            return self._ensure_generator().next_demand(received_at)

    def _ensure_generator(self) -> DemandGenerator:
        if self._generator is None:
            region = self._region
            if region is None or isinstance(region, str):
                from geo import get_region  # loads boundary files: only when the first demand is due

                region = get_region(region or DEFAULT_REGION)
            taxonomy = self._taxonomy if self._taxonomy is not None else load_taxonomy()
            self._generator = DemandGenerator(region, taxonomy, self._generator_rng)
        return self._generator

    def _deliver(self, body: dict[str, Any], stop_event: threading.Event | None) -> int | None:
        """Post one body; on a connection error retry it after a back-off while running, else give up."""
        backoff = FIRST_BACKOFF_SECONDS
        while True:
            try:
                response = self._session.post(self.url, json=body, headers=self._headers, timeout=self._timeout)
            except (requests.ConnectionError, requests.Timeout) as error:
                self._count("connection_errors")
                if stop_event is None:
                    log.warning("simulator: %s unreachable (%s); %s dropped", self.url, error, body["external_id"])
                    return None
                log.warning("simulator: %s unreachable (%s); retrying %s in %.0f s",
                            self.url, error, body["external_id"], backoff)
                if stop_event.wait(backoff):
                    return None
                backoff = min(backoff * 2, self._max_backoff)
                continue
            except requests.RequestException as error:
                self._count("rejected")
                log.warning("simulator: posting %s failed: %s", body["external_id"], error)
                return None
            return self._record(response, body)

    def _record(self, response: Any, body: dict[str, Any]) -> int:
        status = int(response.status_code)
        self._count("posted")
        if status == 201:
            self._count("created")
        elif status == 200:
            self._count("duplicates")
        else:
            self._count("rejected")
            log.warning("simulator: %s answered %s for %s: %s",
                        self.url, status, body["external_id"], str(getattr(response, "text", ""))[:500])
        return status

    def _count(self, field: str) -> None:
        with self._lock:
            setattr(self._stats, field, getattr(self._stats, field) + 1)
