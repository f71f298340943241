"""The county map: townships (or one township's villages) filled by a measure, with layers for hotspot
heat, incident points, cameras and units. Offline (local geometry, no tiles).

Trace order is a contract with `assets/wall.js`, which restyles the fill in place and draws the point
layers itself, in Plotly's geo frame with Plotly's projection (a redraw of a geo figure costs far more
than moving a few SVG nodes): see `TRACES`."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from .. import theme

ASSETS = Path(__file__).resolve().parents[2] / "assets"

# the page's graph config: Plotly fetches a base map from here, never from a CDN
TRACES = ("areas", "labels")  # the point layers (heat, incidents, cameras, units) are SVG drawn by wall.js

GRAPH_CONFIG = {"topojsonURL": "/assets/topojson/", "displayModeBar": False, "scrollZoom": False}


@lru_cache(maxsize=4)
def region_shapes(region: str) -> tuple[dict[str, Any], dict[str, Any]]:
    folder = ASSETS / "geo" / region
    townships = json.loads((folder / "townships.geojson").read_text(encoding="utf-8"))
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    return townships, meta


@lru_cache(maxsize=4)
def village_shapes(region: str) -> dict[str, Any]:
    return json.loads((ASSETS / "geo" / region / "villages.geojson").read_text(encoding="utf-8"))


def county_map(region: str, values: dict[str, float] | None = None, *, height: int | None = None) -> go.Figure:
    townships, meta = region_shapes(region)
    codes = [f["properties"]["code"] for f in townships["features"]]
    names = [f["properties"]["name"] for f in townships["features"]]
    values = values or {}
    seats = {t["code"]: t for t in meta["townships"]}
    figure = go.Figure(
        [
            go.Choropleth(
                geojson=townships,
                featureidkey="properties.code",
                locations=codes,
                z=[values.get(code, 0) for code in codes],
                text=names,
                zmin=0,
                zmax=max([5, *values.values()]),
                colorscale=theme.OPEN_CASES_SCALE,
                marker={"line": {"color": "#4fc3ff", "width": 1.2}},
                hovertemplate="%{text}<br>%{z}<extra></extra>",
                colorbar={"thickness": 14, "len": 0.5, "x": 0.98, "tickfont": {"color": theme.TEXT, "size": 16},
                          "outlinewidth": 0},
            ),
            go.Scattergeo(
                lon=[seats[c]["lon"] for c in codes if c in seats],
                lat=[seats[c]["lat"] for c in codes if c in seats],
                text=[seats[c]["name"] for c in codes if c in seats],
                mode="text",
                textposition="top center",
                textfont={"color": "#f4f8ff", "size": 15, "family": theme.FONT_STACK},
                hoverinfo="skip",
                showlegend=False,
            ),
        ]
    )
    figure.update_geos(
        fitbounds="locations", visible=False, bgcolor="rgba(0,0,0,0)",
        projection={"type": "mercator"},
    )
    figure.update_layout(
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        font={"family": theme.FONT_STACK, "color": theme.TEXT},
        height=height,
        uirevision="keep",
    )
    return figure

