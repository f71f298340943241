"""The demo region loads like a real center's data would, and places points and addresses."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geo import get_region, load_region, to_wgs84
from geo.build import build_assets
from geo.codes import level, normalise, parent, to12
from geo.crs import gcj02_to_wgs84, wgs84_to_gcj02

BUNDLED = Path(__file__).resolve().parents[2] / "geo" / "data" / "qu-county"


@pytest.fixture(scope="module")
def region():  # noqa: ANN201
    return get_region("qu-county")


def test_bundled_region_counts(region):
    assert region.county_code == "511725"
    assert len(region.townships) == 37 and len(region.villages) == 415
    assert region.township_name("511725001") == "渠江街道"


def test_every_township_seat_lies_in_its_township(region):
    for township in region.townships:
        placement = region.locate(township["lon"], township["lat"])
        assert placement is not None and placement.township_code == township["code"], township["name"]


def test_points_outside_the_county_are_not_placed(region):
    assert region.locate(116.397, 39.909) is None  # Beijing


def test_gcj02_round_trip_and_offset_size():
    lon, lat = 106.9677, 30.8425
    glon, glat = wgs84_to_gcj02(lon, lat)
    back = gcj02_to_wgs84(glon, glat)
    assert abs(back[0] - lon) < 1e-7 and abs(back[1] - lat) < 1e-7
    metres = ((glon - lon) * 95_500) ** 2 + ((glat - lat) * 111_000) ** 2
    assert 400 < metres ** 0.5 < 600


def test_conversion_matters_for_some_villages(region):
    moved = 0
    for village in region.villages[:200]:
        glon, glat = wgs84_to_gcj02(village["lon"], village["lat"])
        right = region.locate(*to_wgs84(glon, glat, "GCJ02"))
        wrong = region.locate(glon, glat)
        assert right is not None and right.village_code == village["code"]
        moved += wrong is None or wrong.village_code != village["code"]
    assert moved > 0


def test_bd09_goes_through_gcj02():
    lon, lat = 106.9677, 30.8425
    from geo.crs import gcj02_to_bd09
    blon, blat = gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))
    back = to_wgs84(blon, blat, "BD09")
    assert abs(back[0] - lon) < 1e-5 and abs(back[1] - lat) < 1e-5
    with pytest.raises(ValueError, match="unknown coordinate system"):
        to_wgs84(lon, lat, "EPSG:3857")


def test_address_matching(region):
    placed = region.match_address("渠县渠江街道庆丰社区门口路灯坏了")
    assert placed.village_code == "511725001001" and placed.township_code == "511725001"
    assert region.match_address("临巴镇场镇上噪音扰民").township_name == "临巴镇"
    assert region.match_address("no place here") is None


@pytest.mark.parametrize("driver,suffix,epsg", [("GPKG", ".gpkg", 4490), ("ESRI Shapefile", ".shp", 3857),
                                                ("GeoJSON", ".geojson", 4490)])
def test_other_formats_and_crs_give_the_same_lookups(tmp_path, region, driver, suffix, epsg):
    for layer in ("townships", "villages"):
        frame = gpd.read_file(BUNDLED / f"{layer}.geojson").to_crs(epsg)
        frame.to_file(tmp_path / f"{layer}{suffix}", driver=driver)
    other = load_region(str(tmp_path))
    for village in region.villages[::37]:
        assert other.locate(village["lon"], village["lat"]) == region.locate(village["lon"], village["lat"])


def test_validation_errors_name_the_problem(tmp_path):
    shutil.copy(BUNDLED / "villages.geojson", tmp_path / "villages.geojson")
    data = json.loads((BUNDLED / "townships.geojson").read_text(encoding="utf-8"))
    for feature in data["features"]:
        feature["properties"].pop("code")
    (tmp_path / "townships.geojson").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        load_region(str(tmp_path))
    data = json.loads((BUNDLED / "townships.geojson").read_text(encoding="utf-8"))
    data["features"][1]["properties"]["code"] = data["features"][0]["properties"]["code"]
    (tmp_path / "townships.geojson").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="duplicate codes"):
        load_region(str(tmp_path))
    with pytest.raises(ValueError, match="unknown region"):
        load_region("atlantis")


def test_built_shapes_are_clockwise_and_complete(tmp_path, region):
    build_assets(region, tmp_path)
    built = json.loads((tmp_path / "geo" / "qu-county" / "townships.geojson").read_text(encoding="utf-8"))
    assert {f["id"] for f in built["features"]} == {t["code"] for t in region.townships}
    for feature in built["features"]:
        geometry = shapely.geometry.shape(feature["geometry"])
        polygons = getattr(geometry, "geoms", [geometry])
        assert all(not p.exterior.is_ccw for p in polygons), feature["properties"]["name"]
    stub = json.loads((tmp_path / "topojson" / "world_110m.json").read_text())
    assert stub["type"] == "Topology" and "land" in stub["objects"]


def test_codes():
    assert normalise("511725001000") == "511725001" and normalise("511725000000") == "511725"
    assert to12("511725001") == "511725001000" and level("511725001001") == "village"
    assert parent("511725001001") == "511725001" and parent("511725") is None
    with pytest.raises(ValueError):
        normalise("5117")
