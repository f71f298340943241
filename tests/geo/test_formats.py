"""A center's own boundary files load like the bundled ones, whatever the format and CRS, and a
broken file is refused with a message naming the file and the problem."""
from __future__ import annotations

import json
import logging
import random
import shutil
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geo import load_region
from geo.layers import read_layer

from .conftest import BUNDLED

# writing a file without a CRS is the point of two tests below
pytestmark = pytest.mark.filterwarnings("ignore:'crs' was not provided:UserWarning")
SUFFIX = {"GeoJSON": ".geojson", "ESRI Shapefile": ".shp", "GPKG": ".gpkg"}


def resave(folder: Path, driver: str, epsg: int | None) -> Path:
    """The bundled layers written again in another format and CRS (None: no CRS at all)."""
    folder.mkdir(exist_ok=True)
    for layer in ("townships", "villages"):
        frame = gpd.read_file(BUNDLED / f"{layer}.geojson").drop(columns=["seat_source"], errors="ignore")
        frame = frame.set_crs(None, allow_override=True) if epsg is None else frame.to_crs(epsg)
        frame.to_file(folder / f"{layer}{SUFFIX[driver]}", driver=driver)
    return folder


def sample_points(region) -> list[tuple[float, float]]:  # noqa: ANN001
    rng = random.Random(3)
    minx, miny, maxx, maxy = region.bounds
    inside = [(v["lon"], v["lat"]) for v in region.villages] + [(t["lon"], t["lat"]) for t in region.townships]
    return inside + [(rng.uniform(minx, maxx), rng.uniform(miny, maxy)) for _ in range(300)]


@pytest.mark.parametrize(("driver", "epsg"), [
    ("ESRI Shapefile", 4326), ("GPKG", 4326), ("GeoJSON", 4490), ("GeoJSON", 3857),
    ("ESRI Shapefile", 4490), ("GPKG", 3857),
])
def test_other_formats_and_crs_give_the_same_lookups(tmp_path, region, driver, epsg) -> None:
    other = load_region(str(resave(tmp_path / "boundaries", driver, epsg)))
    assert other.name == "boundaries" and other.county_code == region.county_code
    assert [(t["code"], t["name"]) for t in other.townships] == [(t["code"], t["name"]) for t in region.townships]
    assert [(v["code"], v["name"], v["town_code"]) for v in other.villages] == \
           [(v["code"], v["name"], v["town_code"]) for v in region.villages]
    assert other.bounds == pytest.approx(region.bounds, abs=1e-7)
    points = sample_points(region)
    assert [other.locate(*p) for p in points] == [region.locate(*p) for p in points]
    assert other.match_address("渠江街道庆丰社区") == region.match_address("渠江街道庆丰社区")


def test_a_file_without_crs_is_taken_as_wgs84_and_says_so(tmp_path, region, caplog) -> None:
    folder = resave(tmp_path / "bare", "ESRI Shapefile", None)
    assert not (folder / "townships.prj").exists()
    with caplog.at_level(logging.WARNING, logger="geo.layers"):
        other = load_region(str(folder))
    assert "townships.shp has no coordinate system; assuming WGS-84" in caplog.text
    village = region.villages[0]
    assert other.locate(village["lon"], village["lat"]) == region.locate(village["lon"], village["lat"])


def test_projected_coordinates_without_crs_are_refused(tmp_path) -> None:
    frame = gpd.read_file(BUNDLED / "townships.geojson").drop(columns=["seat_source"])
    frame = frame.to_crs(3857).set_crs(None, allow_override=True)
    frame.to_file(tmp_path / "townships.shp")
    with pytest.raises(ValueError, match=r"townships\.shp: no coordinate system, and the coordinates are not degrees"):
        read_layer(tmp_path / "townships.shp", "townships")


def copy_with(tmp_path: Path, layer: str, edit) -> Path:  # noqa: ANN001
    """The bundled region in tmp_path, with `edit(features)` applied to one layer's GeoJSON features."""
    for name in ("townships.geojson", "villages.geojson", "divisions_2021.csv"):
        shutil.copy(BUNDLED / name, tmp_path / name)
    path = tmp_path / f"{layer}.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data["features"])
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_a_missing_code_column_is_named(tmp_path) -> None:
    def drop_code(features):  # noqa: ANN001, ANN202
        for feature in features:
            feature["properties"].pop("code")
    folder = copy_with(tmp_path, "townships", drop_code)
    with pytest.raises(ValueError, match=r"townships\.geojson: missing column\(s\) \['code'\]"):
        load_region(str(folder))


def test_a_missing_town_code_column_is_named(tmp_path) -> None:
    def drop_town_code(features):  # noqa: ANN001, ANN202
        for feature in features:
            feature["properties"].pop("town_code")
    with pytest.raises(ValueError, match=r"villages\.geojson: missing column\(s\) \['town_code'\]"):
        load_region(str(copy_with(tmp_path, "villages", drop_town_code)))


def test_duplicate_codes_are_named(tmp_path) -> None:
    def duplicate(features):  # noqa: ANN001, ANN202
        features[1]["properties"]["code"] = features[0]["properties"]["code"]
    with pytest.raises(ValueError, match=r"townships\.geojson: duplicate codes '511725001'"):
        load_region(str(copy_with(tmp_path, "townships", duplicate)))


def test_codes_of_the_wrong_level_are_named(tmp_path) -> None:
    def village_code_on_a_township(features):  # noqa: ANN001, ANN202
        features[0]["properties"]["code"] = "511725001001"
    with pytest.raises(ValueError, match=r"townships\.geojson: 'code' must hold township division codes; not one: '511725001001'"):
        load_region(str(copy_with(tmp_path, "townships", village_code_on_a_township)))


def test_villages_of_unknown_townships_are_named(tmp_path) -> None:
    def drop_first_township(features):  # noqa: ANN001, ANN202
        del features[0]
    with pytest.raises(ValueError, match=r"villages refer to townships missing from the townships file: \['511725001'\]"):
        load_region(str(copy_with(tmp_path, "townships", drop_first_township)))


def test_points_instead_of_polygons_are_refused(tmp_path) -> None:
    def to_point(features):  # noqa: ANN001, ANN202
        features[0]["geometry"] = {"type": "Point", "coordinates": [106.97, 30.84]}
    with pytest.raises(ValueError, match=r"townships\.geojson: boundaries must be polygons; found \['Point'\] for '511725001'"):
        load_region(str(copy_with(tmp_path, "townships", to_point)))


def test_invalid_geometry_is_repaired(tmp_path, region, caplog) -> None:
    """A self-intersecting ring (a bow tie) is made valid instead of failing every lookup in it."""
    seat = region.townships[0]

    def bow_tie(features):  # noqa: ANN001, ANN202
        ring = shapely.get_coordinates(shapely.from_geojson(json.dumps(features[0]["geometry"])).exterior)
        features[0]["geometry"] = {"type": "Polygon", "coordinates": [[
            list(ring[0]), list(ring[2]), list(ring[1]), list(ring[3]), *map(list, ring[4:])]]}
    with caplog.at_level(logging.WARNING, logger="geo.layers"):
        other = load_region(str(copy_with(tmp_path, "townships", bow_tie)))
    assert "repairing 1 invalid geometries ('511725001')" in caplog.text
    assert other.township_shapes.geometry.is_valid.all()
    assert other.township_shapes.geom_type.isin(["Polygon", "MultiPolygon"]).all()
    assert other.locate(seat["lon"], seat["lat"]) is not None


def test_an_unreadable_file_is_named(tmp_path) -> None:
    (tmp_path / "townships.geojson").write_text("this is not json", encoding="utf-8")
    with pytest.raises(ValueError, match=r"townships\.geojson: cannot read townships"):
        read_layer(tmp_path / "townships.geojson", "townships")


def test_a_folder_without_layers_is_named(tmp_path) -> None:
    with pytest.raises(ValueError, match=r"no townships file \(looked for townships\.geojson"):
        load_region(str(tmp_path))
