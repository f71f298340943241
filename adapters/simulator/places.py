"""Where demands come from: villages weighted toward the urban streets and a few hotspots, a point
near the village, and the coordinate system a caller's map app would send it in."""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any, Protocol

from geo.crs import gcj02_to_bd09, wgs84_to_gcj02

from .texts import Setting, short_village_name

# The county seat's streets get far more calls per village than rural townships.
TOWNSHIP_WEIGHTS = {"渠江街道": 6.0, "天星街道": 5.0, "渠南街道": 3.0}
LARGE_TOWN_WEIGHT = 1.5  # townships with many villages are the larger market towns
LARGE_TOWN_VILLAGES = 20
HOTSPOT_COUNT = 4
HOTSPOT_WEIGHT = 5.0
JITTER_METRES = 300.0
METRES_PER_DEGREE = 111_320.0
# Share of callers whose position comes from a Chinese map app (GCJ-02) or Baidu (BD-09).
CRS_SHARES = (("WGS84", 0.70), ("GCJ02", 0.25), ("BD09", 0.05))


class RegionLike(Protocol):
    """What the simulator needs of `geo.Region`."""

    townships: list[dict[str, Any]]
    villages: list[dict[str, Any]]
    bounds: tuple[float, float, float, float]


@dataclass(frozen=True)
class Place:
    town: str
    village: str  # short form: 庆丰社区, 珠山村
    village_code: str
    kind: str | None  # 村 or 社区
    lon: float  # WGS-84
    lat: float

    def address(self) -> str:
        return f"渠县{self.town}{self.village}附近"


class PlacePicker:
    """Draws places from a region; hotspot villages are fixed for the picker's lifetime."""

    def __init__(self, region: RegionLike, rng: random.Random) -> None:
        self._rng = rng
        self._bounds = tuple(float(v) for v in region.bounds)
        villages = list(region.villages) or [
            {**township, "town": township["name"], "town_code": township["code"], "kind": None}
            for township in region.townships
        ]
        if not villages:
            raise ValueError("the region has neither villages nor townships")
        per_town: dict[str, int] = {}
        for village in villages:
            per_town[village["town"]] = per_town.get(village["town"], 0) + 1
        hotspots = {v["code"] for v in rng.sample(villages, min(HOTSPOT_COUNT, len(villages)))}
        self._villages = tuple(villages)
        self._weights = tuple(
            TOWNSHIP_WEIGHTS.get(v["town"], LARGE_TOWN_WEIGHT if per_town[v["town"]] >= LARGE_TOWN_VILLAGES else 1.0)
            * (HOTSPOT_WEIGHT if v["code"] in hotspots else 1.0)
            for v in villages
        )
        self.hotspots = tuple(sorted(hotspots))

    def pick(self, setting: Setting = "any") -> Place:
        """A village fitting the setting (`urban` → 社区, `rural` → 村), then a point near it."""
        wanted = {"urban": "社区", "rural": "村"}.get(setting)
        indices = [i for i, v in enumerate(self._villages) if wanted is None or v.get("kind") == wanted]
        if not indices:
            indices = list(range(len(self._villages)))
        index = self._rng.choices(indices, weights=[self._weights[i] for i in indices])[0]
        village = self._villages[index]
        lon, lat = self.jitter(float(village["lon"]), float(village["lat"]))
        return Place(village["town"], short_village_name(village["name"]), str(village["code"]),
                     village.get("kind"), lon, lat)

    def jitter(self, lon: float, lat: float, metres: float = JITTER_METRES) -> tuple[float, float]:
        """A uniform point within `metres` of (lon, lat), kept inside the region's bounds."""
        distance = metres * math.sqrt(self._rng.random())
        angle = self._rng.uniform(0, 2 * math.pi)
        dlat = distance * math.sin(angle) / METRES_PER_DEGREE
        dlon = distance * math.cos(angle) / (METRES_PER_DEGREE * math.cos(math.radians(lat)))
        minx, miny, maxx, maxy = self._bounds
        return min(max(lon + dlon, minx), maxx), min(max(lat + dlat, miny), maxy)

    def location(self, place: Place) -> dict[str, Any]:
        """The `location` object of the body, in the coordinate system the caller's app uses."""
        crs = self._rng.choices([name for name, _ in CRS_SHARES], weights=[share for _, share in CRS_SHARES])[0]
        return encode_location(place.lon, place.lat, crs, place.address())


def encode_location(lon: float, lat: float, crs: str, address: str) -> dict[str, Any]:
    """WGS-84 (lon, lat) written in `crs` (WGS84, GCJ02 or BD09), rounded to about a centimetre."""
    if crs == "GCJ02":
        lon, lat = wgs84_to_gcj02(lon, lat)
    elif crs == "BD09":
        lon, lat = gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))
    elif crs != "WGS84":
        raise ValueError(f"unsupported crs {crs!r}")
    return {"lon": round(lon, 7), "lat": round(lat, 7), "crs": crs, "address": address}
