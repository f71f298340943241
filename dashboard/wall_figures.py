"""The wall's derived figures as plain data: today's counts, the six rates with their definitions,
the channel and category mix, the leader on duty, the 24-hour arrival curve against the same
weekday's average, and hotspot cells per window. Personal data never appears here."""
from __future__ import annotations

import threading
import time
from typing import Any

from casework.clock import CENTER_TZ, iso_local
from casework.figures import HEAT_WINDOWS, arrival_curve, hotspot_points, today_figures
from casework.rates import RATES
from casework.roster import load_roster
from geo.hotspots import bin_points
from realtime.runtime import Runtime

HEAT_CELLS = 150  # the busiest cells per window; a bounded layer
HEAT_CELL_DEG = 0.01
SLOW_EVERY_SECONDS = 60.0  # the curve and the heat move slowly: recomputed at most once a minute


class SlowFigures:
    """The arrival curve and hotspot cells, cached: under load the fast figures refresh every few
    seconds, and these read weeks of cases."""

    def __init__(self, every: float = SLOW_EVERY_SECONDS) -> None:
        self._every, self._at, self._value = every, -float("inf"), None
        self._lock = threading.Lock()

    def get(self, runtime: Runtime) -> dict[str, Any]:
        with self._lock:
            if self._value is None or time.monotonic() - self._at >= self._every:
                self._value, self._at = slow_figures(runtime), time.monotonic()
            return self._value


def slow_figures(runtime: Runtime) -> dict[str, Any]:
    now = runtime.clock.now()
    with runtime.store.reading() as session:
        curve = arrival_curve(session, now)
        heat = {window: [[lon, lat, n] for lon, lat, n in
                         bin_points(hotspot_points(session, now, window), HEAT_CELL_DEG)[:HEAT_CELLS]]
                for window in HEAT_WINDOWS}
    return {"curve": curve, "heat": heat}


def wall_figures(runtime: Runtime, slow: SlowFigures | None = None) -> dict[str, Any]:
    now = runtime.clock.now()
    with runtime.store.reading() as session:
        figures = today_figures(session, now)
    duty = load_roster().on(now.astimezone(CENTER_TZ).date())
    return {
        **figures,
        **(slow.get(runtime) if slow else slow_figures(runtime)),
        "as_of": iso_local(now),
        "leader": duty.model_dump() if duty else None,
        "definitions": {r.key: {"zh": r.zh, "en": r.en, "numerator": r.numerator, "denominator": r.denominator}
                        for r in RATES},
    }
