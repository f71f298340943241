"""WGS-84 ⇄ GCJ-02 (the Chinese map offset) and BD-09 (Baidu), by the Krasovsky-ellipsoid formulas.

Every function takes scalars or numpy arrays (longitude first) and answers in kind: floats for
scalars, arrays for arrays. Outside China's bounding box GCJ-02 equals WGS-84.
"""
from __future__ import annotations

from typing import Any

import numpy as np

KRASOVSKY_A = 6378245.0
KRASOVSKY_EE = 0.00669342162296594323
BAIDU_X_PI = np.pi * 3000.0 / 180.0
INVERSE_TOLERANCE_DEG = 1e-9  # the iteration stops well inside the 1e-7° (1 cm) promise
INVERSE_MAX_STEPS = 30
CRS_NAMES = ("WGS84", "GCJ02", "BD09", "CGCS2000")


def _answer(lon: np.ndarray, lat: np.ndarray) -> tuple[Any, Any]:
    if lon.ndim == 0:
        return float(lon), float(lat)
    return lon, lat


def _arrays(lon: Any, lat: Any) -> tuple[np.ndarray, np.ndarray]:
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


def in_china(lon: Any, lat: Any) -> Any:
    lon, lat = _arrays(lon, lat)
    inside = (lon >= 72.004) & (lon <= 137.8347) & (lat >= 0.8293) & (lat <= 55.8271)
    return bool(inside) if inside.ndim == 0 else inside


def _offset(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The GCJ-02 shift in degrees at a WGS-84 point (zero outside China)."""
    x, y = lon - 105.0, lat - 35.0
    common = (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x)) + common
    dlat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    dlat += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x)) + common
    dlon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    dlon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    radlat = np.radians(lat)
    magic = 1.0 - KRASOVSKY_EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrtmagic) * np.pi)
    dlon = (dlon * 180.0) / (KRASOVSKY_A / sqrtmagic * np.cos(radlat) * np.pi)
    inside = in_china(lon, lat)
    return np.where(inside, dlon, 0.0), np.where(inside, dlat, 0.0)


def wgs84_to_gcj02(lon: Any, lat: Any) -> tuple[Any, Any]:
    lon, lat = _arrays(lon, lat)
    dlon, dlat = _offset(lon, lat)
    return _answer(lon + dlon, lat + dlat)


def gcj02_to_wgs84(lon: Any, lat: Any) -> tuple[Any, Any]:
    """The inverse has no closed form: iterate w ← w − (gcj(w) − target) until it stops moving."""
    target_lon, target_lat = _arrays(lon, lat)
    wlon, wlat = target_lon.copy(), target_lat.copy()
    for _ in range(INVERSE_MAX_STEPS):
        dlon, dlat = _offset(wlon, wlat)
        err_lon = wlon + dlon - target_lon
        err_lat = wlat + dlat - target_lat
        wlon, wlat = wlon - err_lon, wlat - err_lat
        if np.nanmax(np.abs(np.stack([err_lon, err_lat])), initial=0.0) < INVERSE_TOLERANCE_DEG:
            break
    return _answer(wlon, wlat)


def bd09_to_gcj02(lon: Any, lat: Any) -> tuple[Any, Any]:
    lon, lat = _arrays(lon, lat)
    x, y = lon - 0.0065, lat - 0.006
    z = np.hypot(x, y) - 0.00002 * np.sin(y * BAIDU_X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * BAIDU_X_PI)
    return _answer(z * np.cos(theta), z * np.sin(theta))


def gcj02_to_bd09(lon: Any, lat: Any) -> tuple[Any, Any]:
    lon, lat = _arrays(lon, lat)
    z = np.hypot(lon, lat) + 0.00002 * np.sin(lat * BAIDU_X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * BAIDU_X_PI)
    return _answer(z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006)


def bd09_to_wgs84(lon: Any, lat: Any) -> tuple[Any, Any]:
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


def wgs84_to_bd09(lon: Any, lat: Any) -> tuple[Any, Any]:
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def crs_name(crs: str) -> str:
    """`wgs-84`, `EPSG:4326` → `WGS84`; `EPSG:4490` → `CGCS2000`; `gcj-02` → `GCJ02`; …"""
    key = str(crs).upper().replace("-", "").replace("_", "").replace(" ", "")
    aliases = {"EPSG:4326": "WGS84", "EPSG4326": "WGS84", "EPSG:4490": "CGCS2000", "EPSG4490": "CGCS2000",
               "BD09LL": "BD09"}
    key = aliases.get(key, key)
    if key not in CRS_NAMES:
        raise ValueError(f"unknown coordinate system {crs!r}; use one of {', '.join(CRS_NAMES)}")
    return key


def to_wgs84(lon: Any, lat: Any, crs: str) -> tuple[Any, Any]:
    """A position in WGS84, GCJ02, BD09 or CGCS2000 as WGS-84.

    CGCS2000 (EPSG:4490) and WGS-84 differ by centimetres, below a reported position's precision.
    """
    name = crs_name(crs)
    if name == "GCJ02":
        return gcj02_to_wgs84(lon, lat)
    if name == "BD09":
        return bd09_to_wgs84(lon, lat)
    return _answer(*_arrays(lon, lat))
