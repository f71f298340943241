"""The center's three-level taxonomy (一级/二级/三级分类) as officers classify with it.

A case's `category` is a first-level name: routing rules, SLA policies and the classifier all key on
it. The second and third levels help an officer find the right one ("安全隐患" → 城乡建设); a pick at any
level classifies the case under its first level."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# the one taxonomy file of the repository (the simulator and the classifier read the same rows)
TAXONOMY_CSV = Path(__file__).resolve().parents[1] / "adapters" / "simulator" / "data" / "taxonomy.csv"
HEADER = ("一级分类", "二级分类", "三级分类")
SEPARATOR = "/"


@dataclass(frozen=True)
class Categories:
    rows: tuple[tuple[str, str, str], ...]

    @property
    def first_level(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(first for first, _, _ in self.rows))

    def paths(self) -> tuple[str, ...]:
        """Every pickable path, "一级", "一级/二级" and "一级/二级/三级", in file order."""
        seen: dict[str, None] = {}
        for first, second, third in self.rows:
            for path in (first, f"{first}/{second}", f"{first}/{second}/{third}"):
                seen.setdefault(path)
        return tuple(seen)

    def first_level_of(self, pick: object) -> str:
        """The first-level category of a pick ("城乡建设" or "城乡建设/安全生产/安全隐患"); ValueError if unknown."""
        if not isinstance(pick, str) or not pick.strip():
            raise ValueError("classify needs a 'category' from the taxonomy")
        parts = [p.strip() for p in pick.split(SEPARATOR)]
        known = any(tuple(row[: len(parts)]) == tuple(parts) for row in self.rows) if len(parts) <= 3 else False
        if not known:
            raise ValueError(f"category {pick!r} is not in the taxonomy")
        return parts[0]


@lru_cache(maxsize=4)
def load_categories(path: str | None = None) -> Categories:
    source = Path(path) if path else TAXONOMY_CSV
    with source.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        if tuple(cell.strip() for cell in next(reader, ()))[:3] != HEADER:
            raise ValueError(f"{source}: expected the header {','.join(HEADER)}")
        rows = tuple(tuple(cell.strip() for cell in row) for row in reader if any(cell.strip() for cell in row))
    if not rows or any(len(row) != 3 or not all(row) for row in rows):
        raise ValueError(f"{source}: every row needs three non-empty names")
    return Categories(rows)  # type: ignore[arg-type]
