"""The case panel's map: offline x/y traces, units by status, the nearest ringed, the village filled."""
from __future__ import annotations

from dashboard.figures.case_map import UNIT_COLOURS, case_map

LABELS = {"case": "诉求位置", "nearest": "最近", "unit.available": "可用", "unit.en_route": "在途",
          "unit.on_site": "到场", "unit.off_duty": "休息"}
CASE = {"id": "C1", "lon": 106.9677, "lat": 30.8425, "township_code": "511725001", "village_code": "511725001001"}


def unit(n: int, status: str, lon: float = 106.9677, lat: float = 30.84068, **extra) -> dict:  # noqa: ANN003
    return {"id": f"U{n}", "name": f"队{n}", "status": status, "lon": lon, "lat": lat, **extra}


def test_units_are_drawn_by_status_and_the_nearest_is_ringed_with_its_distance():
    units = [unit(1, "available", distance_m=180, eta_min=0.6), unit(2, "available", distance_m=180, eta_min=0.6),
             unit(3, "en_route"), unit(4, "accepted"), unit(5, "on_site", 107.0, 30.9), unit(6, "off_duty", 107.1, 31.0)]
    figure = case_map("qu-county", case=CASE, units=units, suggested_id="U1", labels=LABELS)
    by_name = {trace.name: trace for trace in figure.data if trace.name}
    assert list(by_name["可用"].customdata) == ["U1", "U2"]
    assert list(by_name["在途"].customdata) == ["U3", "U4"]  # accepted is drawn as en route
    assert by_name["在途"].marker.color == UNIT_COLOURS["en_route"]
    assert list(by_name["休息"].customdata) == ["U6"]
    assert by_name["最近 0.2 km ≈1 min"].customdata == ("U1",)
    assert by_name["诉求位置"].marker.symbol == "star"
    # four units at one seat are fanned out so each can be clicked
    points = {(x, y) for t in figure.data if t.name in ("可用", "在途") for x, y in zip(t.x, t.y)}
    assert len(points) == 4
    assert {t.type for t in figure.data} == {"scatter"}  # no geo projection, no tiles: offline
    filled = [t for t in figure.data if t.fill == "toself"]
    assert len(filled) == 2  # the township and the village


def test_a_case_without_place_shows_the_county_and_no_star():
    figure = case_map("qu-county", case={"id": "C2", "lon": None, "lat": None, "township_code": None,
                                         "village_code": None}, units=[], suggested_id=None, labels=LABELS)
    assert "诉求位置" not in {t.name for t in figure.data}
    x0, x1 = figure.layout.xaxis.range
    assert x0 < 106.67 and x1 > 107.25  # the whole county
