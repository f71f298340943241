"""Build step: the browser's copy of a region, and the empty world map Plotly asks for.

Writes `assets/geo/<region>/townships.geojson`, `villages.geojson` (simplified as one coverage, so
neighbours keep their shared edges; outer rings clockwise, as Plotly's go.Choropleth needs; 5 decimals)
and `meta.json`, plus `assets/topojson/<scope>_<resolution>m.json` stubs: Plotly.js fetches one of these
from `topojsonURL` before it draws any geo trace, and offline a missing file means an empty figure.

    python -m geo.build [REGION] [--out ASSETS_DIR]
"""
from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import mapping

from .region import Region, get_region

ASSETS = Path(__file__).resolve().parents[1] / "assets"
DECIMALS = 5  # about 1 m
TOLERANCE_DEG = 0.0015  # about 150 m: invisible on a county-wide screen
TOPOJSON_SCOPES = ("world", "usa", "europe", "asia", "africa", "north-america", "south-america")
TOPOJSON_RESOLUTIONS = (110, 50)
TOPOJSON_LAYERS = ("coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits")


def browser_shapes(geometries: np.ndarray, tolerance: float = TOLERANCE_DEG) -> np.ndarray:
    """Clean and simplify as a coverage, round to DECIMALS, orient outer rings clockwise."""
    # boundary files often have T-junctions (a vertex on one side of a shared edge only);
    # coverage_simplify keeps only edges that are exactly shared, so make them shared first
    cleaned = shapely.coverage_clean(geometries)
    simplified = shapely.coverage_simplify(cleaned, tolerance)
    # rounding the same vertex the same way in both neighbours keeps their shared edge shared
    rounded = shapely.transform(simplified, lambda xy: np.round(xy, DECIMALS))
    rounded = shapely.remove_repeated_points(rounded)
    invalid = ~shapely.is_valid(rounded)
    rounded[invalid] = shapely.make_valid(rounded[invalid])
    return shapely.orient_polygons(rounded, exterior_cw=True)


def feature_collection(region: Region, kind: str) -> dict:
    frame = region.township_shapes if kind == "townships" else region.village_shapes
    properties = ("code", "name") if kind == "townships" else ("code", "name", "town_code")
    shapes = browser_shapes(frame.geometry.values)
    features = [
        {"type": "Feature", "id": row["code"], "properties": {key: row[key] for key in properties},
         "geometry": mapping(shape)}
        for row, shape in zip(frame[list(properties)].to_dict("records"), shapes)
    ]
    return {"type": "FeatureCollection", "features": features}


def meta(region: Region) -> dict:
    minx, miny, maxx, maxy = region.bounds
    scale = 10**DECIMALS
    return {
        "region": region.name,
        "county_code": region.county_code,
        "county_name": region.county_name,
        "center": [round(value, DECIMALS) for value in region.center],
        "bounds": [math.floor(minx * scale) / scale, math.floor(miny * scale) / scale,
                   math.ceil(maxx * scale) / scale, math.ceil(maxy * scale) / scale],
        "caption": region.caption,
        "attribution": region.attribution,
        "townships": [{"code": t["code"], "name": t["name"], "lon": round(t["lon"], DECIMALS),
                       "lat": round(t["lat"], DECIMALS)} for t in region.townships],
        "village_count": len(region.villages),
    }


def topojson_stub() -> dict:
    """A valid, empty TopoJSON world: every layer Plotly reads is there, with nothing in it."""
    return {
        "type": "Topology",
        "bbox": [-180, -90, 180, 90],
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        "objects": {layer: {"type": "GeometryCollection", "geometries": []} for layer in TOPOJSON_LAYERS},
        "arcs": [],
    }


def _write_json(path: Path, value: object) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    path.write_bytes(data)
    return len(data)


def build_assets(region: Region | str, out_dir: Path | str = ASSETS) -> dict[str, int]:
    """Write the browser files; answers {path relative to out_dir: bytes written}."""
    region = get_region(region) if isinstance(region, str) else region
    out_dir = Path(out_dir)
    outputs: dict[str, object] = {
        f"geo/{region.name}/townships.geojson": feature_collection(region, "townships"),
        f"geo/{region.name}/villages.geojson": feature_collection(region, "villages"),
        f"geo/{region.name}/meta.json": meta(region),
    }
    for scope in TOPOJSON_SCOPES:
        for resolution in TOPOJSON_RESOLUTIONS:
            outputs[f"topojson/{scope}_{resolution}m.json"] = topojson_stub()
    return {name: _write_json(out_dir / name, value) for name, value in outputs.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m geo.build", description=__doc__.splitlines()[0])
    parser.add_argument("region", nargs="?", help="bundled region name or folder (default: SMARTBRAIN_REGION)")
    parser.add_argument("--out", type=Path, default=ASSETS, help=f"assets folder (default: {ASSETS})")
    args = parser.parse_args(argv)
    if args.region is None:
        from casework.settings import get_settings  # only the command line needs the product's settings

        args.region = get_settings().region
    for name, size in build_assets(args.region, args.out).items():
        print(f"{args.out / name}: {size / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
