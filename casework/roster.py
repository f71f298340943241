"""Who is on duty for reception (领导接访) on a given day: a weekly pattern plus dated exceptions."""
from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

DEFAULT_ROSTER = Path(__file__).with_name("data") / "roster.yaml"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Duty(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    title: str = ""


class Roster(BaseModel):
    model_config = ConfigDict(extra="forbid")

    weekdays: dict[str, Duty]
    dates: dict[date, Duty] = {}

    def on(self, day: date) -> Duty | None:
        return self.dates.get(day) or self.weekdays.get(WEEKDAYS[day.weekday()])


@lru_cache(maxsize=4)
def load_roster(path: str | None = None) -> Roster:
    roster = Roster.model_validate(yaml.safe_load(Path(path or DEFAULT_ROSTER).read_text(encoding="utf-8")))
    unknown = set(roster.weekdays) - set(WEEKDAYS)
    if unknown:
        raise ValueError(f"roster: unknown weekdays {sorted(unknown)}; use {WEEKDAYS}")
    return roster
