"""The three-level government-message taxonomy (一级/二级/三级分类) the simulator labels demands with."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

BUNDLED_TAXONOMY = Path(__file__).with_name("data") / "taxonomy.csv"
HEADER = ("一级分类", "二级分类", "三级分类")


@dataclass(frozen=True)
class Taxonomy:
    """Rows of (first, second, third) level names, in file order."""

    rows: tuple[tuple[str, str, str], ...]

    @property
    def first_level(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(first for first, _, _ in self.rows))

    def second_level(self, first: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(second for f, second, _ in self.rows if f == first))

    def third_level(self, first: str, second: str) -> tuple[str, ...]:
        return tuple(third for f, s, third in self.rows if f == first and s == second)

    def contains(self, first: str, second: str | None = None, third: str | None = None) -> bool:
        return any(
            f == first and (second is None or s == second) and (third is None or t == third)
            for f, s, t in self.rows
        )


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read a taxonomy CSV (UTF-8, optional BOM, header 一级分类,二级分类,三级分类)."""
    path = Path(path) if path is not None else BUNDLED_TAXONOMY
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = tuple(cell.strip() for cell in next(reader, ()))
        if header[:3] != HEADER:
            raise ValueError(f"{path}: expected header {','.join(HEADER)}, found {','.join(header)}")
        rows = []
        for number, row in enumerate(reader, start=2):
            cells = tuple(cell.strip() for cell in row)
            if not any(cells):
                continue
            if len(cells) != 3 or not all(cells):
                raise ValueError(f"{path}:{number}: expected three non-empty names, found {row}")
            rows.append(cells)
    if not rows:
        raise ValueError(f"{path}: no taxonomy rows")
    return Taxonomy(tuple(rows))
