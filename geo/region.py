"""A region (one county): its townships and villages, with point and address lookups.

`load_region("qu-county")` opens a bundled region; `load_region("/srv/boundaries/")` opens a folder
holding `townships.*` and `villages.*` (GeoJSON, Shapefile or GeoPackage) and, optionally, a
`divisions*.csv` (code, name: gives the county's name) and a `PROVENANCE.md` whose `ATTRIBUTION:`
and `CAPTION:` lines travel with every map drawn from it.
"""
from __future__ import annotations

import csv
import logging
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from . import codes
from .gazetteer import Gazetteer
from .layers import read_layer

log = logging.getLogger(__name__)

BUNDLED = Path(__file__).with_name("data")
LAYER_SUFFIXES = (".geojson", ".json", ".gpkg", ".shp")
NOTE_KEYS = ("ATTRIBUTION", "CAPTION")


@dataclass(frozen=True)
class Placement:
    village_code: str | None  # None when only the township is known
    village_name: str | None
    township_code: str
    township_name: str


class Region:
    def __init__(self, name: str, townships: gpd.GeoDataFrame, villages: gpd.GeoDataFrame, *,
                 county_name: str | None = None, attribution: str | None = None,
                 caption: str | None = None) -> None:
        """Frames as `geo.layers.read_layer` answers them (short codes, EPSG:4326)."""
        counties = sorted({code[:6] for code in townships["code"]})
        if len(counties) != 1:
            raise ValueError(f"{name}: a region is one county; the townships belong to {counties}")
        unknown = sorted(set(villages["town_code"]) - set(townships["code"]))
        if unknown:
            raise ValueError(f"{name}: villages refer to townships missing from the townships file: {unknown[:5]}")
        self.name = name
        self.county_code = counties[0]
        self.county_name = county_name or self.county_code
        self.attribution = attribution
        self.caption = caption
        self.township_shapes = townships.sort_values("code").reset_index(drop=True)
        self.village_shapes = villages.sort_values("code").reset_index(drop=True)
        self._township_names = dict(zip(self.township_shapes["code"], self.township_shapes["name"]))
        self._village_names = dict(zip(self.village_shapes["code"], self.village_shapes["name"]))
        self._village_tree = shapely.STRtree(self.village_shapes.geometry.values)
        self._township_tree = shapely.STRtree(self.township_shapes.geometry.values)
        self._village_placements = [
            Placement(code, name, town, self._township_names[town])
            for code, name, town in zip(self.village_shapes["code"], self.village_shapes["name"],
                                        self.village_shapes["town_code"])
        ]
        self._township_placements = [Placement(None, None, code, name) for code, name in self._township_names.items()]

    def __repr__(self) -> str:
        return f"<Region {self.name} {self.county_code} {self.county_name}: " \
               f"{len(self.township_shapes)} townships, {len(self.village_shapes)} villages>"

    @cached_property
    def townships(self) -> list[dict]:
        """code, name, lon, lat (the seat, or a point inside the township), ordered by code."""
        frame = self.township_shapes
        return [{"code": code, "name": name, "lon": lon, "lat": lat}
                for code, name, (lon, lat) in zip(frame["code"], frame["name"], _label_points(frame))]

    @cached_property
    def villages(self) -> list[dict]:
        """code, name, lon, lat, town_code, town (its township's name), kind (村 or 社区), ordered by code."""
        frame = self.village_shapes
        kinds = frame["kind"] if "kind" in frame.columns else [None] * len(frame)
        return [{"code": code, "name": name, "lon": lon, "lat": lat, "town_code": town,
                 "town": self._township_names[town], "kind": kind if isinstance(kind, str) else _kind(name)}
                for code, name, town, kind, (lon, lat)
                in zip(frame["code"], frame["name"], frame["town_code"], kinds, _label_points(frame))]

    def township_name(self, code: str) -> str | None:
        return self._township_names.get(_short(code))

    def village_name(self, code: str) -> str | None:
        return self._village_names.get(_short(code))

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat)."""
        minx, miny, maxx, maxy = self.township_shapes.total_bounds
        return float(minx), float(miny), float(maxx), float(maxy)

    @property
    def center(self) -> tuple[float, float]:
        minx, miny, maxx, maxy = self.bounds
        return (minx + maxx) / 2, (miny + maxy) / 2

    def locate(self, lon: float, lat: float) -> Placement | None:
        """The village (else township) containing a WGS-84 point; None outside the county."""
        if not (math.isfinite(lon) and math.isfinite(lat)):
            return None
        point = shapely.Point(lon, lat)
        hits = self._village_tree.query(point, predicate="intersects")
        if len(hits):
            return self._village_placements[hits.min()]  # on a shared edge: the lower code, every time
        hits = self._township_tree.query(point, predicate="intersects")
        if len(hits):
            return self._township_placements[hits.min()]
        return None

    def locate_many(self, lons: Sequence[float], lats: Sequence[float]) -> list[Placement | None]:
        """`locate` for many points at once (one index query per layer)."""
        points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
        villages = _first_hits(self._village_tree, points)
        townships = _first_hits(self._township_tree, points)
        return [self._village_placements[v] if v >= 0 else self._township_placements[t] if t >= 0 else None
                for v, t in zip(villages, townships)]

    @cached_property
    def _gazetteer(self) -> Gazetteer:
        return Gazetteer(self._township_names.items(),
                         zip(self.village_shapes["code"], self.village_shapes["name"], self.village_shapes["town_code"]))

    def match_address(self, text: str | None) -> Placement | None:
        """The village (else township) named in free text; None when none is named unambiguously."""
        found = self._gazetteer.match(text)
        if found is None:
            return None
        village, township = found
        if village is None:
            return Placement(None, None, township, self._township_names[township])
        return Placement(village, self._village_names[village], township, self._township_names[township])


def _short(code: str) -> str | None:
    try:
        return codes.normalise(code)
    except ValueError:
        return None


def _kind(name: str) -> str:
    return "社区" if "社区" in name or name.endswith(("居民委员会", "居委会")) else "村"


def _label_points(frame: gpd.GeoDataFrame) -> list[tuple[float, float]]:
    """The file's own lon/lat (a township seat) when it lies inside the shape, else a point inside it."""
    inside = frame.geometry.representative_point()
    points = []
    for index, shape in enumerate(frame.geometry):
        lon = _number(frame["lon"].iloc[index]) if "lon" in frame.columns else None
        lat = _number(frame["lat"].iloc[index]) if "lat" in frame.columns else None
        if lon is not None and lat is not None and shape.covers(shapely.Point(lon, lat)):
            points.append((lon, lat))
        else:
            points.append((float(inside.iloc[index].x), float(inside.iloc[index].y)))
    return points


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _first_hits(tree: shapely.STRtree, points: np.ndarray) -> np.ndarray:
    """For each point the lowest tree index it intersects, or -1."""
    found = np.full(len(points), -1, dtype=np.int64)
    inputs, hits = tree.query(points, predicate="intersects")
    if len(inputs):
        order = np.lexsort((hits, inputs))
        inputs, hits = inputs[order], hits[order]
        unique, first = np.unique(inputs, return_index=True)
        found[unique] = hits[first]
    return found


def region_folder(name_or_path: str) -> Path:
    """A bundled region by name, else a folder on disk."""
    text = str(name_or_path)
    if os.sep not in text and "/" not in text and (BUNDLED / text).is_dir():
        return BUNDLED / text
    folder = Path(text).expanduser()
    if folder.is_dir():
        return folder
    bundled = sorted(p.name for p in BUNDLED.iterdir() if p.is_dir())
    raise ValueError(f"unknown region {text!r}: not a folder, nor a bundled region ({', '.join(bundled)})")


def layer_file(folder: Path, stem: str) -> Path:
    for suffix in LAYER_SUFFIXES:
        candidate = folder / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    raise ValueError(f"{folder}: no {stem} file (looked for {', '.join(stem + s for s in LAYER_SUFFIXES)})")


def county_name(folder: Path, county_code: str) -> str | None:
    """From a `divisions*.csv` with a `code12` or `code` column and a `name` column."""
    for path in sorted(folder.glob("divisions*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                code = row.get("code12") or row.get("code") or ""
                if _short(code) == county_code and row.get("name"):
                    return row["name"].strip()
    return None


def provenance_notes(folder: Path) -> dict[str, str]:
    """`ATTRIBUTION:` and `CAPTION:` lines of the folder's PROVENANCE.md (several lines join with `; `)."""
    path = folder / "PROVENANCE.md"
    notes: dict[str, list[str]] = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition(":")
            if key.strip() in NOTE_KEYS and value.strip():
                notes.setdefault(key.strip().lower(), []).append(value.strip())
    return {key: "; ".join(values) for key, values in notes.items()}


def load_region(name_or_path: str) -> Region:
    """Load and validate a region; every problem is a ValueError naming the file."""
    folder = region_folder(name_or_path)
    townships = read_layer(layer_file(folder, "townships"), "townships")
    villages = read_layer(layer_file(folder, "villages"), "villages")
    county = townships["code"].iloc[0][:6]
    notes = provenance_notes(folder)
    return Region(folder.name, townships, villages, county_name=county_name(folder, county),
                  attribution=notes.get("attribution"), caption=notes.get("caption"))


@lru_cache(maxsize=8)
def get_region(name_or_path: str) -> Region:
    """One loaded region per name, shared by everyone in the process."""
    return load_region(name_or_path)
