"""The bundled demo region, loaded once for the geo tests."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo import Region, get_region

BUNDLED = Path(__file__).resolve().parents[2] / "geo" / "data" / "qu-county"


@pytest.fixture(scope="session")
def region() -> Region:
    return get_region("qu-county")


@pytest.fixture(scope="session")
def seats() -> dict[str, tuple[float, float]]:
    """Township code → seat (lon, lat), as the bundled townships file gives them."""
    features = json.loads((BUNDLED / "townships.geojson").read_text(encoding="utf-8"))["features"]
    return {f["properties"]["code"]: (f["properties"]["lon"], f["properties"]["lat"]) for f in features}
