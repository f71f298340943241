"""Build step: simplified, clockwise shapes for the browser in `assets/geo/<region>/`, and the local
topojson stub Plotly fetches instead of a CDN world map. `python -m geo.build [region]`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import mapping

from .region import Region, get_region

ASSETS = Path(__file__).resolve().parents[1] / "assets"
CAPTION = "示意图 · 边界仅为示意，不作为权属依据"
TOLERANCE_DEG = 0.0015  # about 150 m: invisible on a county-wide screen


def _features(frame, properties: tuple[str, ...]) -> list[dict]:  # noqa: ANN001
    simplified = shapely.coverage_simplify(frame.geometry.values, TOLERANCE_DEG)
    oriented = shapely.orient_polygons(simplified, exterior_cw=True)
    rounded = shapely.set_precision(oriented, 1e-5)
    features = []
    for row, geometry in zip(frame.itertuples(), rounded):
        features.append({"type": "Feature", "id": row.code,
                         "properties": {key: getattr(row, key) for key in properties},
                         "geometry": mapping(geometry)})
    return features


def _write_json(path: Path, value: object) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    return len(text.encode())


def topojson_stub() -> dict:
    """An empty world: Plotly's geo layers find their objects and draw nothing."""
    empty = {"type": "GeometryCollection", "geometries": []}
    layers = ("coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits")
    return {"type": "Topology", "objects": {name: empty for name in layers}, "arcs": [],
            "transform": {"scale": [1, 1], "translate": [0, 0]}}


def build_assets(region: Region, out_dir: Path = ASSETS) -> dict[str, int]:
    folder = out_dir / "geo" / region.name
    sizes = {
        "townships.geojson": _write_json(folder / "townships.geojson", {
            "type": "FeatureCollection", "features": _features(region.township_shapes, ("code", "name"))}),
        "villages.geojson": _write_json(folder / "villages.geojson", {
            "type": "FeatureCollection", "features": _features(region.village_shapes, ("code", "name", "town_code"))}),
        "meta.json": _write_json(folder / "meta.json", {
            "region": region.name, "county_code": region.county_code, "center": region.center,
            "bounds": region.bounds, "caption": CAPTION,
            "attribution": "区划名称与代码：国家统计局统计用区划代码；乡镇驻地：Vonng/adcode (CC BY 4.0)；边界为示意",
            "townships": region.townships}),
    }
    for scope in ("world_110m", "world_50m"):
        sizes[f"{scope}.json"] = _write_json(out_dir / "topojson" / f"{scope}.json", topojson_stub())
    return sizes


if __name__ == "__main__":
    name = sys.argv[1] if len(sys.argv) > 1 else "qu-county"
    for file, size in build_assets(get_region(name)).items():
        print(f"{file}: {size / 1024:.1f} KiB")
