"""Read one boundary layer (GeoJSON, Shapefile or GeoPackage), validate it, answer it in EPSG:4326.

Every problem is a ValueError that names the file and says what is wrong, because the people who
meet these errors are loading their own district's boundary files.
"""
from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import codes

log = logging.getLogger(__name__)

WGS84 = "EPSG:4326"
POLYGONAL = {"Polygon", "MultiPolygon"}
EXPECTED_LEVEL = {"townships": "township", "villages": "village"}
REQUIRED = {"townships": ("code", "name"), "villages": ("code", "name", "town_code")}
SHOWN = 5  # offending values quoted in a message


def _quoted(values: list) -> str:
    more = f" and {len(values) - SHOWN} more" if len(values) > SHOWN else ""
    return ", ".join(repr(v) for v in values[:SHOWN]) + more


def _code_text(value: object) -> str | None:
    """Codes arrive as text, or as numbers when a Shapefile or spreadsheet typed the column."""
    if value is None or pd.isna(value):
        return None
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        value = int(value)
    return str(value).strip() or None


def _normalised_codes(path: Path, frame: gpd.GeoDataFrame, column: str, wanted: str) -> pd.Series:
    raw = frame[column].map(_code_text)
    if raw.isna().any():
        raise ValueError(f"{path}: {int(raw.isna().sum())} feature(s) without a {column!r}")
    bad, result = [], []
    for value in raw:
        try:
            short = codes.normalise(value)
        except ValueError:
            short = None
        if short is None or codes.level(short) != wanted:
            bad.append(value)
        result.append(short)
    if bad:
        raise ValueError(f"{path}: {column!r} must hold {wanted} division codes; not one: {_quoted(bad)}")
    return pd.Series(result, index=frame.index, dtype=object)


def _to_wgs84(path: Path, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if frame.crs is None:
        minx, miny, maxx, maxy = frame.total_bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise ValueError(f"{path}: no coordinate system, and the coordinates are not degrees "
                             f"(bounds {minx:.0f}, {miny:.0f}, {maxx:.0f}, {maxy:.0f}); add a .prj or a CRS")
        log.warning("%s has no coordinate system; assuming WGS-84 (EPSG:4326)", path)
        return frame.set_crs(WGS84)
    if frame.crs.equals(WGS84):
        return frame
    log.info("%s: converting from %s to EPSG:4326", path, frame.crs.to_string())
    return frame.to_crs(WGS84)  # EPSG:4490 (CGCS2000), CRS84 and projected systems alike


def _checked_geometry(path: Path, frame: gpd.GeoDataFrame) -> gpd.GeoSeries:
    geometry = frame.geometry
    missing = geometry.isna() | geometry.is_empty
    if missing.any():
        raise ValueError(f"{path}: feature(s) without a geometry: {_quoted(frame.loc[missing, 'code'].tolist())}")
    wrong = ~geometry.geom_type.isin(POLYGONAL)
    if wrong.any():
        kinds = sorted(set(geometry[wrong].geom_type))
        raise ValueError(f"{path}: boundaries must be polygons; found {kinds} for {_quoted(frame.loc[wrong, 'code'].tolist())}")
    invalid = ~geometry.is_valid
    if not invalid.any():
        return geometry
    log.warning("%s: repairing %d invalid geometries (%s)", path, int(invalid.sum()),
                _quoted(frame.loc[invalid, "code"].tolist()))
    repaired = geometry.copy()
    repaired[invalid] = [_polygonal(shapely.make_valid(shape)) for shape in geometry[invalid]]
    collapsed = repaired.is_empty
    if collapsed.any():
        raise ValueError(f"{path}: geometry collapses to nothing when repaired: {_quoted(frame.loc[collapsed, 'code'].tolist())}")
    return repaired


def _polygonal(shape: shapely.Geometry) -> shapely.Geometry:
    """make_valid may answer a collection with stray lines or points: keep the areas."""
    if shape.geom_type in POLYGONAL:
        return shape
    parts = [part for part in shapely.get_parts(shape) if part.geom_type in POLYGONAL]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def read_layer(path: str | Path, kind: str) -> gpd.GeoDataFrame:
    """`kind` is `townships` or `villages`. Answers codes in short form, names stripped, EPSG:4326."""
    path = Path(path)
    if kind not in REQUIRED:
        raise ValueError(f"unknown layer kind {kind!r}; use one of {sorted(REQUIRED)}")
    try:
        frame = gpd.read_file(path, engine="pyogrio")
    except Exception as error:  # noqa: BLE001 - GDAL's errors vary by driver
        raise ValueError(f"{path}: cannot read {kind}: {error}") from error
    if frame.empty:
        raise ValueError(f"{path}: no features")
    missing = [column for column in REQUIRED[kind] if column not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {missing}; found {[c for c in frame.columns if c != 'geometry']}")
    frame = frame.copy()
    frame["code"] = _normalised_codes(path, frame, "code", EXPECTED_LEVEL[kind])
    if kind == "villages":
        frame["town_code"] = _normalised_codes(path, frame, "town_code", "township")
        strays = frame.loc[frame["code"].map(codes.parent) != frame["town_code"], "code"].tolist()
        if strays:
            raise ValueError(f"{path}: village code(s) not inside their town_code: {_quoted(strays)}")
    duplicated = sorted(set(frame.loc[frame["code"].duplicated(), "code"]))
    if duplicated:
        raise ValueError(f"{path}: duplicate codes {_quoted(duplicated)}")
    names = frame["name"].astype("string").str.strip().fillna("")
    if (names == "").any():
        raise ValueError(f"{path}: feature(s) without a name: {_quoted(frame.loc[names == '', 'code'].tolist())}")
    frame["name"] = names.astype(object)
    frame = _to_wgs84(path, frame)
    return frame.set_geometry(_checked_geometry(path, frame))
