"""The browser's shapes: complete, clockwise, small, still a coverage; and the offline world stub."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely

from geo.build import ASSETS, TOPOJSON_LAYERS, build_assets


@pytest.fixture(scope="module")
def built(region, tmp_path_factory) -> tuple[Path, dict[str, int]]:
    out = tmp_path_factory.mktemp("assets")
    return out, build_assets(region, out)


def read(out: Path, name: str) -> dict:
    return json.loads((out / name).read_text(encoding="utf-8"))


def shapes(collection: dict) -> list[shapely.Geometry]:
    return [shapely.geometry.shape(f["geometry"]) for f in collection["features"]]


def test_every_township_and_village_is_there_keyed_by_code(built, region) -> None:
    out, _ = built
    townships = read(out, "geo/qu-county/townships.geojson")
    villages = read(out, "geo/qu-county/villages.geojson")
    assert [f["id"] for f in townships["features"]] == [t["code"] for t in region.townships]
    assert [f["properties"] for f in townships["features"]] == \
           [{"code": t["code"], "name": t["name"]} for t in region.townships]
    assert [f["properties"] for f in villages["features"]] == \
           [{"code": v["code"], "name": v["name"], "town_code": v["town_code"]} for v in region.villages]
    assert all(f["id"] == f["properties"]["code"] for f in villages["features"])


@pytest.mark.parametrize("layer", ["townships", "villages"])
def test_outer_rings_are_clockwise_and_holes_counter_clockwise(built, layer) -> None:
    out, _ = built
    for shape in shapes(read(out, f"geo/qu-county/{layer}.geojson")):
        assert shape.is_valid and not shape.is_empty
        for polygon in shapely.get_parts(shape):
            assert not polygon.exterior.is_ccw
            assert all(ring.is_ccw for ring in polygon.interiors)


@pytest.mark.parametrize("layer", ["townships", "villages"])
def test_neighbours_keep_their_shared_edges(built, region, layer) -> None:
    out, _ = built
    simplified = shapes(read(out, f"geo/qu-county/{layer}.geojson"))
    assert shapely.coverage_is_valid(simplified)  # no overlaps, every shared edge identical
    original = region.township_shapes if layer == "townships" else region.village_shapes
    assert shapely.union_all(simplified).area == pytest.approx(original.union_all().area, rel=0.01)


def test_coordinates_have_five_decimals_and_files_stay_small(built) -> None:
    out, sizes = built
    text = (out / "geo/qu-county/townships.geojson").read_text(encoding="utf-8")
    coordinates = shapely.get_coordinates(shapes(json.loads(text))).ravel()
    assert all(round(value, 5) == value for value in coordinates)
    assert sizes["geo/qu-county/townships.geojson"] == len(text.encode()) < 60_000
    assert sizes["geo/qu-county/villages.geojson"] < 200_000


def test_meta_has_center_bounds_seats_caption_and_attribution(built, region, seats) -> None:
    out, _ = built
    meta = read(out, "geo/qu-county/meta.json")
    assert (meta["county_code"], meta["county_name"]) == ("511725", "渠县")
    assert meta["caption"] == "示意图 · 边界仅为示意"
    assert "Vonng/adcode" in meta["attribution"] and "CC BY 4.0" in meta["attribution"]
    minx, miny, maxx, maxy = meta["bounds"]
    assert minx < meta["center"][0] < maxx and miny < meta["center"][1] < maxy
    assert meta["bounds"] == pytest.approx(list(region.bounds), abs=1e-5)
    assert [t["code"] for t in meta["townships"]] == [t["code"] for t in region.townships]
    for township in meta["townships"]:
        assert (township["lon"], township["lat"]) == pytest.approx(seats[township["code"]], abs=1e-5)


def test_the_topojson_stub_is_an_empty_world_plotly_can_read(built) -> None:
    out, _ = built
    for name in ("world_110m", "world_50m", "usa_110m", "asia_50m"):
        stub = read(out, f"topojson/{name}.json")
        assert stub["type"] == "Topology" and stub["arcs"] == []
        assert set(stub["transform"]) == {"scale", "translate"}
        assert set(stub["objects"]) == set(TOPOJSON_LAYERS)
        assert all(o == {"type": "GeometryCollection", "geometries": []} for o in stub["objects"].values())


def test_the_checked_in_assets_are_up_to_date(built) -> None:
    """The page loads the checked-in files: rerun `python -m geo.build` when data or build change."""
    out, sizes = built
    for name in sizes:
        assert (ASSETS / name).read_bytes() == (out / name).read_bytes(), f"assets/{name} is stale"
