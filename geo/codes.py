"""Division codes as keys: 6-digit county, 9-digit township, 12-digit village (NBS 统计用区划代码)."""
from __future__ import annotations


def normalise(code: str) -> str:
    """The shortest form that keeps the level: 511725001000 → 511725001, 511725000000 → 511725."""
    code = str(code).strip()
    if not code.isdigit() or len(code) not in (6, 9, 12):
        raise ValueError(f"not a division code: {code!r}")
    if len(code) == 12 and code.endswith("000"):
        code = code[:9]
    if len(code) == 9 and code.endswith("000"):
        code = code[:6]
    return code


def to12(code: str) -> str:
    return normalise(code).ljust(12, "0")


def level(code: str) -> str:
    return {6: "county", 9: "township", 12: "village"}[len(normalise(code))]


def parent(code: str) -> str | None:
    code = normalise(code)
    return {12: code[:9], 9: code[:6]}.get(len(code))
