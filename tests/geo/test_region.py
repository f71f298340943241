"""The bundled demo county loads, and places points and addresses in its villages and townships."""
from __future__ import annotations

import math
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geo import Placement, get_region, load_region, to_wgs84
from geo.crs import wgs84_to_gcj02
from geo.gazetteer import Gazetteer, spoken_forms

ROOT = Path(__file__).resolve().parents[2]
QINGFENG = Placement("511725001001", "庆丰社区居民委员会", "511725001", "渠江街道")


def test_the_bundled_region_loads_37_townships_and_415_villages(region) -> None:
    assert (region.name, region.county_code, region.county_name) == ("qu-county", "511725", "渠县")
    assert len(region.townships) == 37 and len(region.villages) == 415
    assert [t["code"] for t in region.townships] == sorted(t["code"] for t in region.townships)
    assert set(region.townships[0]) == {"code", "name", "lon", "lat"}
    assert {"code", "name", "lon", "lat", "town_code", "town", "kind"} <= set(region.villages[0])
    assert region.township_name("511725001") == region.township_name("511725001000") == "渠江街道"
    assert region.village_name("511725001001") == "庆丰社区居民委员会"
    assert region.township_name("999999999") is None and region.village_name("not a code") is None
    assert "Vonng/adcode" in region.attribution and "CC BY 4.0" in region.attribution
    assert region.caption == "示意图 · 边界仅为示意"


def test_bounds_and_center(region) -> None:
    minx, miny, maxx, maxy = region.bounds
    assert 106.5 < minx < maxx < 107.4 and 30.5 < miny < maxy < 31.4
    assert region.center == pytest.approx(((minx + maxx) / 2, (miny + maxy) / 2))


def test_get_region_loads_once() -> None:
    assert get_region("qu-county") is get_region("qu-county")


def test_each_township_seat_lies_in_its_township(region, seats) -> None:
    assert len(seats) == 37
    for township in region.townships:
        assert (township["lon"], township["lat"]) == seats[township["code"]]  # the file's seat is kept
        placement = region.locate(*seats[township["code"]])
        assert placement is not None and placement.township_code == township["code"], township["name"]
        assert placement.township_name == township["name"]


def test_each_village_point_lies_in_its_village(region) -> None:
    for village in region.villages:
        placement = region.locate(village["lon"], village["lat"])
        assert placement == Placement(village["code"], village["name"], village["town_code"], village["town"])


@pytest.mark.parametrize("point", [(116.397, 39.909), (106.5, 30.8), (107.4, 31.0), (math.nan, 30.8)])
def test_points_outside_the_county_are_not_placed(region, point) -> None:
    assert region.locate(*point) is None


def test_locate_many_agrees_with_locate(region) -> None:
    rng = random.Random(7)
    minx, miny, maxx, maxy = region.bounds
    points = [(rng.uniform(minx - 0.05, maxx + 0.05), rng.uniform(miny - 0.05, maxy + 0.05)) for _ in range(2000)]
    many = region.locate_many([p[0] for p in points], [p[1] for p in points])
    assert many == [region.locate(*p) for p in points]
    assert any(p is None for p in many) and any(p is not None for p in many)


def test_ten_thousand_lookups_take_well_under_a_second(region) -> None:
    rng = random.Random(1)
    minx, miny, maxx, maxy = region.bounds
    points = [(rng.uniform(minx, maxx), rng.uniform(miny, maxy)) for _ in range(10_000)]
    started = time.perf_counter()
    for lon, lat in points:
        region.locate(lon, lat)
    assert time.perf_counter() - started < 1.0


def test_gcj02_positions_land_in_the_right_village_only_when_converted(region) -> None:
    """A phone map app reports GCJ-02: about 480 m off here, enough to name the wrong village."""
    wrong_without = 0
    for village in region.villages:
        gcj = wgs84_to_gcj02(village["lon"], village["lat"])
        assert region.locate(*to_wgs84(*gcj, "GCJ02")).village_code == village["code"]
        unconverted = region.locate(*gcj)
        wrong_without += unconverted is None or unconverted.village_code != village["code"]
    assert wrong_without >= len(region.villages) // 10  # 101 of 415 with the bundled data


def test_the_address_names_the_village(region) -> None:
    assert region.match_address("渠县渠江街道庆丰社区门口路灯坏了") == QINGFENG
    assert region.match_address("庆丰社区居民委员会反映") == QINGFENG
    assert region.match_address("庆丰社区门口") == QINGFENG
    zhushan = region.match_address("珠山村三组有人占道经营")
    assert (zhushan.village_code, zhushan.village_name) == ("511725001205", "珠山村民委员会")
    assert region.match_address("少愚社区").village_name == "少愚社区居委会"


def test_a_township_alone_or_against_the_village_gives_the_township(region) -> None:
    assert region.match_address("临巴镇场镇上噪音扰民") == Placement(None, None, "511725102", "临巴镇")
    # 珠山村 is in 渠江街道: a text that says 渠南街道 is not trusted to mean it
    assert region.match_address("渠南街道珠山村") == Placement(None, None, "511725002", "渠南街道")


@pytest.mark.parametrize("text", [None, "", "no place here", "渠县", "珠山"])
def test_no_place_named(region, text) -> None:
    assert region.match_address(text) is None


def test_spoken_forms() -> None:
    assert spoken_forms("庆丰社区居民委员会") == ["庆丰社区居民委员会", "庆丰社区"]
    assert spoken_forms("珠山村民委员会") == ["珠山村民委员会", "珠山村"]
    assert spoken_forms("少愚社区居委会") == ["少愚社区居委会", "少愚社区"]
    assert spoken_forms("城北居民委员会") == ["城北居民委员会", "城北社区"]


def test_gazetteer_prefers_the_longest_name_and_refuses_to_guess() -> None:
    gazetteer = Gazetteer(
        [("511725001", "甲镇"), ("511725002", "乙镇")],
        [("511725001001", "红星村民委员会", "511725001"), ("511725001002", "大红星村民委员会", "511725001"),
         ("511725001003", "和平村民委员会", "511725001"), ("511725002001", "和平村民委员会", "511725002")],
    )
    assert gazetteer.match("大红星村口") == ("511725001002", "511725001")  # 红星村 is in there too
    assert gazetteer.match("和平村口") is None  # two 和平村: ambiguous
    assert gazetteer.match("乙镇和平村口") == ("511725002001", "511725002")
    assert gazetteer.match("甲镇") == (None, "511725001")


def test_an_unknown_region_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown region 'atlantis'.*qu-county"):
        load_region("atlantis")


def test_codes_crs_and_hotspots_do_not_load_geopandas() -> None:
    code = "import sys, geo, geo.codes, geo.crs, geo.hotspots; print('geopandas' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "False"
