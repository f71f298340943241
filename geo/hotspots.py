"""Grid binning of points for a heat layer: count points per cell, one row per non-empty cell."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable


def bin_points(points: Iterable[tuple[float, float]], cell_deg: float = 0.01) -> list[tuple[float, float, int]]:
    """(cell-centre lon, cell-centre lat, count), busiest cell first; points that are None or not
    finite are skipped. 0.01° is about 1 km at the county's latitude."""
    if not cell_deg > 0:
        raise ValueError(f"cell_deg must be positive, not {cell_deg!r}")
    counts: Counter[tuple[int, int]] = Counter()
    for point in points:
        if point is None:
            continue
        lon, lat = point
        if lon is None or lat is None or not (math.isfinite(lon) and math.isfinite(lat)):
            continue
        counts[(math.floor(lon / cell_deg), math.floor(lat / cell_deg))] += 1
    cells = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(round((column + 0.5) * cell_deg, 7), round((row + 0.5) * cell_deg, 7), count)
            for (column, row), count in cells]
