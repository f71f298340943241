"""Division codes as keys (NBS 统计用区划代码): county, township, village.

A code has a short form that keeps its level (`511725` county, `511725001` township, `511725001001`
village) and a 12-digit form (`511725001000`). Both are accepted everywhere; `normalise` gives the
short form, which is the key the product stores.
"""
from __future__ import annotations

from typing import Literal

Level = Literal["county", "township", "village"]
LEVELS: dict[int, Level] = {6: "county", 9: "township", 12: "village"}


def normalise(code: str | int) -> str:
    """The short form: `511725001000` → `511725001`, `511725000000` → `511725`."""
    text = str(code).strip()
    if not text.isdigit() or len(text) not in LEVELS:
        raise ValueError(f"not a division code: {code!r} (expected 6, 9 or 12 digits)")
    if len(text) == 12 and text.endswith("000"):
        text = text[:9]
    if len(text) == 9 and text.endswith("000"):
        text = text[:6]
    return text


def to12(code: str | int) -> str:
    """The 12-digit form: `511725001` → `511725001000`."""
    return normalise(code).ljust(12, "0")


def level(code: str | int) -> Level:
    return LEVELS[len(normalise(code))]


def parent(code: str | int) -> str | None:
    """Village → township → county → None (the county is the top of a region)."""
    short = normalise(code)
    if len(short) == 6:
        return None
    return normalise(short[: len(short) - 3])


def is_within(code: str | int, ancestor: str | int) -> bool:
    """True when `code` is `ancestor` or lies inside it."""
    short, outer = normalise(code), normalise(ancestor)
    return short.startswith(outer) and len(short) >= len(outer)
