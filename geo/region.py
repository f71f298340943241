"""A region's townships and villages: loaded with GeoPandas, validated, indexed for point lookups."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import geopandas as gpd
import shapely
from shapely import STRtree
from shapely.geometry import Point

log = logging.getLogger(__name__)
BUNDLED = Path(__file__).with_name("data")
SUFFIXES = ("居民委员会", "村民委员会", "委员会")
FORMATS = (".geojson", ".json", ".gpkg", ".shp")


@dataclass(frozen=True)
class Placement:
    village_code: str | None
    village_name: str | None
    township_code: str
    township_name: str


def _find(folder: Path, stem: str) -> Path:
    for suffix in FORMATS:
        candidate = folder / f"{stem}{suffix}"
        if candidate.exists():
            return candidate
    raise ValueError(f"{folder}: no {stem} file ({', '.join(stem + s for s in FORMATS)})")


def read_layer(path: Path, required: tuple[str, ...]) -> gpd.GeoDataFrame:
    frame = gpd.read_file(path, engine="pyogrio")
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {missing}; found {list(frame.columns)}")
    if frame.crs is None:
        log.warning("%s has no CRS; assuming WGS-84", path)
        frame = frame.set_crs(4326)
    elif frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)  # EPSG:4490 (CGCS2000) and projected systems alike
    frame["code"] = frame["code"].astype(str)
    duplicated = frame["code"][frame["code"].duplicated()].unique().tolist()
    if duplicated:
        raise ValueError(f"{path}: duplicate codes {duplicated[:5]}")
    if frame.geometry.isna().any():
        raise ValueError(f"{path}: features without geometry: {frame['code'][frame.geometry.isna()].tolist()[:5]}")
    invalid = ~frame.geometry.is_valid
    if invalid.any():
        log.warning("%s: repairing %d invalid geometries", path, int(invalid.sum()))
        frame.loc[invalid, "geometry"] = frame.loc[invalid, "geometry"].make_valid()
    return frame


class Region:
    def __init__(self, name: str, townships: gpd.GeoDataFrame, villages: gpd.GeoDataFrame) -> None:
        self.name = name
        self._townships = townships.sort_values("code").reset_index(drop=True)
        villages = villages.copy()
        villages["town_code"] = villages["town_code"].astype(str)
        unknown = set(villages["town_code"]) - set(self._townships["code"])
        if unknown:
            raise ValueError(f"{name}: villages refer to unknown townships {sorted(unknown)[:5]}")
        self._villages = villages.sort_values("code").reset_index(drop=True)
        self._village_index = STRtree(self._villages.geometry.values)
        self._township_index = STRtree(self._townships.geometry.values)
        self._township_names = dict(zip(self._townships["code"], self._townships["name"]))
        self._village_names = dict(zip(self._villages["code"], self._villages["name"]))

    @property
    def township_shapes(self) -> gpd.GeoDataFrame:
        return self._townships

    @property
    def village_shapes(self) -> gpd.GeoDataFrame:
        return self._villages

    @property
    def county_code(self) -> str:
        return self._townships["code"].iloc[0][:6]

    @cached_property
    def townships(self) -> list[dict]:
        return [self._row(row) for row in self._townships.itertuples()]

    @cached_property
    def villages(self) -> list[dict]:
        return [{**self._row(row), "town_code": row.town_code,
                 "town": self._township_names[row.town_code], "kind": getattr(row, "kind", None)}
                for row in self._villages.itertuples()]

    @staticmethod
    def _row(row) -> dict:  # noqa: ANN001
        point = row.geometry.representative_point()
        lon = getattr(row, "lon", None)
        lat = getattr(row, "lat", None)
        return {"code": row.code, "name": row.name,
                "lon": float(lon) if lon == lon and lon is not None else point.x,
                "lat": float(lat) if lat == lat and lat is not None else point.y}

    def township_name(self, code: str) -> str | None:
        return self._township_names.get(code)

    def village_name(self, code: str) -> str | None:
        return self._village_names.get(code)

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        return tuple(float(v) for v in self._townships.total_bounds)

    @property
    def center(self) -> tuple[float, float]:
        minx, miny, maxx, maxy = self.bounds
        return (minx + maxx) / 2, (miny + maxy) / 2

    def locate(self, lon: float, lat: float) -> Placement | None:
        point = Point(lon, lat)
        for index in self._village_index.query(point, predicate="intersects"):
            village = self._villages.iloc[int(index)]
            return Placement(village["code"], village["name"], village["town_code"],
                             self._township_names[village["town_code"]])
        for index in self._township_index.query(point, predicate="intersects"):
            township = self._townships.iloc[int(index)]
            return Placement(None, None, township["code"], township["name"])
        return None

    @cached_property
    def _gazetteer(self) -> list[tuple[str, str | None, str]]:
        """(name form, village code or None, township code), longest names first."""
        entries: list[tuple[str, str | None, str]] = []
        for village in self.villages:
            for form in _name_forms(village["name"]):
                entries.append((form, village["code"], village["town_code"]))
        for township in self.townships:
            entries.append((township["name"], None, township["code"]))
        return sorted(entries, key=lambda entry: -len(entry[0]))

    def match_address(self, text: str | None) -> Placement | None:
        if not text:
            return None
        township_hits = {code for form, village, code in self._gazetteer if village is None and form in text}
        for form, village, township in self._gazetteer:
            if village is None or form not in text:
                continue
            if township_hits and township not in township_hits:
                continue  # the same village name in another township than the one written
            return Placement(village, self._village_names[village], township, self._township_names[township])
        for form, village, township in self._gazetteer:
            if village is None and form in text:
                return Placement(None, None, township, self._township_names[township])
        return None


def _name_forms(name: str) -> list[str]:
    forms = [name]
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            forms.append(name[: -len(suffix)])
            break
    return [f for f in forms if len(f) >= 2 and not re.fullmatch(r"[村社区]+", f)]


def load_region(name_or_path: str) -> Region:
    folder = Path(name_or_path)
    if not folder.is_dir():
        folder = BUNDLED / name_or_path
    if not folder.is_dir():
        raise ValueError(f"unknown region {name_or_path!r}: not a folder, nor one of {sorted(p.name for p in BUNDLED.iterdir())}")
    townships = read_layer(_find(folder, "townships"), ("code", "name"))
    villages = read_layer(_find(folder, "villages"), ("code", "name", "town_code"))
    return Region(folder.name, townships, villages)


@lru_cache(maxsize=4)
def get_region(name_or_path: str) -> Region:
    return load_region(name_or_path)
