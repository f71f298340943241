"""A time limit as the center writes it: exactly one of minutes, hours, days, working hours, working days.

`minutes`, `hours` and `days` run around the clock ("elapsed" time); `working_hours` and `working_days`
count only office time on official working days ("office" time). One working day is one full office
day of office time, so "5 working days" from Tuesday 10:00 ends the fifth working day later at 10:00.
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Metric = Literal["elapsed", "office"]

_UNITS: dict[str, tuple[Metric, float | None]] = {
    "minutes": ("elapsed", 60.0),
    "hours": ("elapsed", 3600.0),
    "days": ("elapsed", 86400.0),
    "working_hours": ("office", 3600.0),
    "working_days": ("office", None),  # one office day, whose length the calendar gives
}


class Limit(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    minutes: float | None = Field(None, ge=0)
    hours: float | None = Field(None, ge=0)
    days: float | None = Field(None, ge=0)
    working_hours: float | None = Field(None, ge=0)
    working_days: float | None = Field(None, ge=0)

    @model_validator(mode="after")
    def _exactly_one(self) -> "Limit":
        given = [unit for unit in _UNITS if getattr(self, unit) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of {', '.join(_UNITS)} (got {', '.join(given) or 'none'})")
        return self

    @property
    def unit(self) -> str:
        return next(unit for unit in _UNITS if getattr(self, unit) is not None)

    @property
    def amount(self) -> float:
        return float(getattr(self, self.unit))

    @property
    def metric(self) -> Metric:
        return _UNITS[self.unit][0]

    def seconds(self, office_day_seconds: float) -> float:
        """The limit in seconds of its metric (office seconds for working hours/days)."""
        per_unit = _UNITS[self.unit][1]
        return self.amount * (office_day_seconds if per_unit is None else per_unit)

    def as_dict(self) -> dict[str, Any]:
        return {self.unit: self.amount}

    def __str__(self) -> str:
        amount = int(self.amount) if self.amount.is_integer() else self.amount
        unit = self.unit.replace("_", " ")
        return f"{amount} {unit.removesuffix('s') if amount == 1 else unit}"
