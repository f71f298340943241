"""Which unit to send: the nearest available one with the needed skill, with distance and ETA."""
from __future__ import annotations

import math
from typing import Any

EARTH_RADIUS_M = 6_371_000
TOWN_SPEED_KMH = 25.0  # 城区 streets
COUNTY_SPEED_KMH = 40.0  # county roads
TOWN_RADIUS_M = 3_000


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def eta_minutes(metres: float) -> float:
    """Road distance ≈ 1.3 × straight line; slower inside town."""
    road_km = metres * 1.3 / 1000
    speed = TOWN_SPEED_KMH if metres <= TOWN_RADIUS_M else COUNTY_SPEED_KMH
    return road_km / speed * 60


def suggest_units(case: dict[str, Any], units: list[dict[str, Any]], *, skill: str | None = None,
                  limit: int = 5) -> list[dict[str, Any]]:
    """Available units ranked by distance to the case (same township first when the case has no point)."""
    candidates = [u for u in units if u["status"] == "available" and (skill is None or skill in u["skills"])]
    ranked = []
    for unit in candidates:
        if case.get("lon") is not None and unit.get("lon") is not None:
            metres = distance_m(case["lon"], case["lat"], unit["lon"], unit["lat"])
        else:
            metres = 0.0 if unit.get("township_code") == case.get("township_code") else math.inf
        ranked.append({**unit, "distance_m": round(metres) if math.isfinite(metres) else None,
                       "eta_min": round(eta_minutes(metres), 1) if math.isfinite(metres) else None,
                       "_rank": metres})
    ranked.sort(key=lambda u: (u["_rank"], u["name"]))
    return [{k: v for k, v in u.items() if k != "_rank"} for u in ranked[:limit]]
