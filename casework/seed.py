"""Demo data: response units spread over the region (idempotent)."""
from __future__ import annotations

from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .clock import Clock
from .ids import new_id
from .models import Unit

UNIT_KINDS = (
    ("民声服务队", ["mediation", "inspection"]),
    ("网格员", ["inspection"]),
    ("派出所", ["security", "mediation"]),
    ("调解员", ["mediation", "legal"]),
)


class HasTownships(Protocol):
    townships: list[dict[str, Any]]


def seed_demo(session: Session, region: HasTownships, *, clock: Clock) -> int:
    if session.scalar(select(func.count()).select_from(Unit)):
        return 0
    now = clock.now()
    count = 0
    for index, township in enumerate(region.townships):
        kind, skills = UNIT_KINDS[index % len(UNIT_KINDS)]
        for n in (1, 2):
            session.add(Unit(
                id=new_id(now), name=f"{township['name']}{kind}{n}", kind=kind, skills=skills,
                status="available", lon=township["lon"], lat=township["lat"],
                township_code=township["code"], updated_at=now,
            ))
            count += 1
    return count
