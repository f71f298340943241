from __future__ import annotations

import math

import pytest

from geo.hotspots import bin_points


def test_points_are_counted_per_cell_busiest_first() -> None:
    points = [(106.9651, 30.8412), (106.9659, 30.8499), (106.9655, 30.8401), (107.0101, 30.9001)]
    assert bin_points(points, cell_deg=0.01) == [(106.965, 30.845, 3), (107.015, 30.905, 1)]


def test_missing_and_non_finite_points_are_skipped() -> None:
    points = [None, (None, 30.8), (math.nan, 30.8), (106.9, math.inf), (106.91, 30.81)]
    assert bin_points(points, cell_deg=0.1) == [(106.95, 30.85, 1)]


def test_empty_input_and_bad_cell_size() -> None:
    assert bin_points([]) == []
    with pytest.raises(ValueError, match="cell_deg"):
        bin_points([(1.0, 2.0)], cell_deg=0)
