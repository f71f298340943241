"""GCJ-02/BD-09 conversion against published reference pairs, round trips and the offset in 渠县."""
from __future__ import annotations

import math

import numpy as np
import pytest

from geo import crs, to_wgs84

# wandergis/coordtransform's README example, input (116.404, 39.915) for every conversion
WANDERGIS_INPUT = (116.404, 39.915)
WANDERGIS_WGS84_TO_GCJ02 = (116.41024449916938, 39.91640428150164)
WANDERGIS_GCJ02_TO_BD09 = (116.41036949371029, 39.92133699351021)
WANDERGIS_BD09_TO_GCJ02 = (116.39762729119315, 39.90865673957631)
WANDERGIS_GCJ02_TO_WGS84_ONE_STEP = (116.39775550083061, 39.91359571849836)  # approximate inverse
# googollee/eviltransform's tests: (WGS-84 lon, lat) → (GCJ-02 lon, lat)
EVILTRANSFORM_PAIRS = [
    ((121.5272106, 31.1774276), (121.531541859215, 31.17530398364597)),  # Shanghai
    ((113.912316, 22.543847), (113.9171764808363, 22.540796131694766)),  # Shenzhen
    ((116.377817, 39.911954), (116.38404722455657, 39.91334545536069)),  # Beijing
]
QU_COUNTY = (106.66, 30.63, 107.27, 31.27)


def metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(a))


def test_forward_conversions_match_the_published_examples() -> None:
    assert crs.wgs84_to_gcj02(*WANDERGIS_INPUT) == pytest.approx(WANDERGIS_WGS84_TO_GCJ02, abs=1e-12)
    assert crs.gcj02_to_bd09(*WANDERGIS_INPUT) == pytest.approx(WANDERGIS_GCJ02_TO_BD09, abs=1e-12)
    assert crs.bd09_to_gcj02(*WANDERGIS_INPUT) == pytest.approx(WANDERGIS_BD09_TO_GCJ02, abs=1e-12)
    for wgs, gcj in EVILTRANSFORM_PAIRS:
        assert crs.wgs84_to_gcj02(*wgs) == pytest.approx(gcj, abs=1e-9)


def test_the_iterative_inverse_recovers_the_published_wgs84_points() -> None:
    for wgs, gcj in EVILTRANSFORM_PAIRS:
        assert crs.gcj02_to_wgs84(*gcj) == pytest.approx(wgs, abs=1e-7)
    # the one-step inverse most libraries publish is only good to a metre or so
    exact = crs.gcj02_to_wgs84(*WANDERGIS_INPUT)
    assert exact == pytest.approx(WANDERGIS_GCJ02_TO_WGS84_ONE_STEP, abs=1e-5)
    assert crs.wgs84_to_gcj02(*exact) == pytest.approx(WANDERGIS_INPUT, abs=1e-9)


def test_round_trips_over_the_county_stay_below_1e_7_degrees() -> None:
    lons, lats = np.meshgrid(np.linspace(QU_COUNTY[0], QU_COUNTY[2], 60), np.linspace(QU_COUNTY[1], QU_COUNTY[3], 60))
    back_lon, back_lat = crs.gcj02_to_wgs84(*crs.wgs84_to_gcj02(lons, lats))
    assert np.abs(back_lon - lons).max() < 1e-7 and np.abs(back_lat - lats).max() < 1e-7
    # the published BD-09 pair of formulas are inverses only to about 1e-6° (10 cm)
    bd_lon, bd_lat = crs.bd09_to_wgs84(*crs.wgs84_to_bd09(lons, lats))
    assert np.abs(bd_lon - lons).max() < 2e-6 and np.abs(bd_lat - lats).max() < 2e-6


def test_the_offset_in_qu_county_is_450_to_510_metres(region) -> None:
    shifts = [metres(v["lon"], v["lat"], *crs.wgs84_to_gcj02(v["lon"], v["lat"])) for v in region.villages]
    assert 450 <= min(shifts) and max(shifts) <= 510


def test_arrays_and_scalars_agree_and_scalars_stay_floats() -> None:
    lons, lats = np.array([106.97, 121.5]), np.array([30.84, 31.2])
    array_lon, array_lat = crs.gcj02_to_wgs84(lons, lats)
    for i in range(2):
        scalar = crs.gcj02_to_wgs84(float(lons[i]), float(lats[i]))
        assert type(scalar[0]) is float
        assert scalar == pytest.approx((array_lon[i], array_lat[i]), abs=1e-12)


def test_outside_china_nothing_moves() -> None:
    assert crs.wgs84_to_gcj02(2.35, 48.85) == (2.35, 48.85)
    assert crs.gcj02_to_wgs84(-74.0, 40.7) == (-74.0, 40.7)


@pytest.mark.parametrize("name", ["WGS84", "wgs-84", "EPSG:4326", "CGCS2000", "EPSG:4490"])
def test_wgs84_and_cgcs2000_pass_through(name) -> None:
    assert to_wgs84(106.97, 30.84, name) == (106.97, 30.84)


def test_to_wgs84_undoes_gcj02_and_bd09() -> None:
    wgs = (106.9677, 30.8407)
    gcj = crs.wgs84_to_gcj02(*wgs)
    assert to_wgs84(*gcj, "GCJ02") == pytest.approx(wgs, abs=1e-7)
    assert to_wgs84(*gcj, "gcj-02") == pytest.approx(wgs, abs=1e-7)
    assert to_wgs84(*crs.gcj02_to_bd09(*gcj), "BD09") == pytest.approx(wgs, abs=2e-6)


def test_an_unknown_system_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown coordinate system 'EPSG:3857'"):
        to_wgs84(106.97, 30.84, "EPSG:3857")
