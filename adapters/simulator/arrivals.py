"""When demands arrive: a daily curve of hourly weights and a non-homogeneous Poisson process on it.

The intensity is constant within each local hour (Asia/Shanghai) and follows a 12345 hotline's day:
quiet at night, a morning peak around 9-11, a dip at lunch, an afternoon peak around 14-17 and a
moderate evening.
"""
from __future__ import annotations

import random
from datetime import datetime

from casework.clock import CENTER_TZ

DEFAULT_RATE_PER_DAY = 300.0

# Relative call volume per local hour, 0:00-1:00 first.
HOURLY_WEIGHTS = (
    0.20, 0.12, 0.08, 0.06, 0.07, 0.12,  # 0-6: night
    0.30, 0.70, 1.40, 2.00, 2.20, 1.90,  # 6-12: morning, peak 9-11
    1.10, 1.00, 1.70, 2.00, 2.00, 1.80,  # 12-18: lunch dip, afternoon peak 14-17
    1.20, 1.00, 0.95, 0.80, 0.55, 0.35,  # 18-24: evening
)
SECONDS_PER_HOUR = 3600.0


def hourly_shares() -> tuple[float, ...]:
    """Each hour's share of a day's demands (sums to 1)."""
    total = sum(HOURLY_WEIGHTS)
    return tuple(weight / total for weight in HOURLY_WEIGHTS)


def expected_per_hour(hour: int, rate_per_day: float = DEFAULT_RATE_PER_DAY) -> float:
    """Expected demands during local hour `hour` (0-23) on a day with `rate_per_day` demands."""
    if not 0 <= hour < 24:
        raise ValueError(f"hour must be 0-23, not {hour}")
    return rate_per_day * hourly_shares()[hour]


def expected_per_day(rate_per_day: float = DEFAULT_RATE_PER_DAY) -> float:
    """The curve integrated over a day: equals `rate_per_day`."""
    return sum(expected_per_hour(hour, rate_per_day) for hour in range(24))


def next_gap(now_local: datetime, rate_per_day: float, rng: random.Random) -> float:
    """Seconds from `now_local` to the next arrival.

    Exact for a piecewise-constant intensity: draw an Exp(1) amount of "intensity mass" and walk
    forward hour by hour until the integrated intensity reaches it. A naive `now_local` is read as
    the center's zone; an aware one is converted to it.
    """
    if rate_per_day <= 0:
        raise ValueError(f"rate_per_day must be positive, not {rate_per_day}")
    local = now_local.astimezone(CENTER_TZ) if now_local.tzinfo else now_local
    position = local.hour * SECONDS_PER_HOUR + local.minute * 60 + local.second + local.microsecond / 1e6
    remaining = rng.expovariate(1.0)
    shares = hourly_shares()
    elapsed = 0.0
    while True:
        hour = int(position // SECONDS_PER_HOUR) % 24
        per_second = rate_per_day * shares[hour] / SECONDS_PER_HOUR
        left_in_hour = SECONDS_PER_HOUR - position % SECONDS_PER_HOUR
        mass = per_second * left_in_hour
        if mass >= remaining:
            return elapsed + remaining / per_second
        remaining -= mass
        elapsed += left_in_hour
        position += left_in_hour
