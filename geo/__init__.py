"""Geography: division codes, region boundaries, point and address lookups, CRS conversion, hotspots.

`geo.codes`, `geo.crs` and `geo.hotspots` are light; the region names below load GeoPandas on first use.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .crs import to_wgs84
from .hotspots import bin_points

if TYPE_CHECKING:
    from .region import Placement, Region, get_region, load_region

__all__ = ["Placement", "Region", "bin_points", "get_region", "load_region", "to_wgs84"]
_REGION_NAMES = {"Placement", "Region", "get_region", "load_region"}


def __getattr__(name: str) -> object:
    if name in _REGION_NAMES:
        from . import region

        return getattr(region, name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")
