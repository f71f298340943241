"""The case panel's small map: the case's point, its township and village, and the units around it by
status. Offline: plain x/y traces over the bundled shapes (no tiles, no geo projection); a 示意图."""
from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go

from .. import theme
from .county_map import region_shapes, village_shapes

UNIT_COLOURS = {"available": "#22c55e", "accepted": "#f59e0b", "en_route": "#f59e0b", "on_site": "#38bdf8",
                "off_duty": "#64748b"}
LEGEND_ORDER = ("available", "en_route", "on_site", "off_duty")  # accepted is drawn as en route
FAN_OUT_DEG = 0.006  # units reported at one point are drawn around it, about 600 m apart
GRAPH_CONFIG = {"displayModeBar": False, "scrollZoom": False, "doubleClick": False}


def case_map(region: str, *, case: dict[str, Any], units: list[dict[str, Any]], suggested_id: str | None,
             labels: dict[str, str], height: int = 300) -> go.Figure:
    """`units`: every unit with `status`, `lon`, `lat`, `name` and, for available ones, `distance_m`
    and `eta_min`; `labels`: unit status names, "case" and "nearest" in the page's language (the page captions
    the map 示意图)."""
    townships, meta = region_shapes(region)
    town = next((f for f in townships["features"] if f["properties"]["code"] == case.get("township_code")), None)
    villages = [f for f in village_shapes(region)["features"]
                if f["properties"]["town_code"] == case.get("township_code")]
    village = next((f for f in villages if f["properties"]["code"] == case.get("village_code")), None)
    placed = _fan_out(units)
    suggested = next((u for u in placed if u["id"] == suggested_id), None)

    traces: list[go.Scatter] = [
        _outline(townships["features"], color="#2c4f7c", width=1),
        _outline(villages, color="#1d3658", width=0.6),
    ]
    if town is not None:
        traces.append(_filled(town, fill="rgba(53,208,255,0.07)", color="#4fc3ff", width=1.6))
    if village is not None:
        traces.append(_filled(village, fill="rgba(255,212,121,0.28)", color="#ffd479", width=1.4))
    seats = meta["townships"]
    traces.append(go.Scatter(x=[s["lon"] for s in seats], y=[s["lat"] for s in seats], text=[s["name"] for s in seats],
                             mode="text", textposition="bottom center", hoverinfo="skip", showlegend=False,
                             textfont={"color": "#5f7391", "size": 11}))
    for status in LEGEND_ORDER:
        group = [u for u in placed if (u["status"] if u["status"] != "accepted" else "en_route") == status]
        traces.append(go.Scatter(
            x=[u["x"] for u in group], y=[u["y"] for u in group], customdata=[u["id"] for u in group],
            mode="markers", name=labels.get(f"unit.{status}", status), legendgroup=status,
            marker={"size": 13, "color": UNIT_COLOURS[status], "line": {"color": "#0d1726", "width": 1.5}},
            hovertext=[_hover(u, labels) for u in group], hoverinfo="text", visible=True,
        ))
    if suggested is not None:
        traces.append(go.Scatter(
            x=[suggested["x"]], y=[suggested["y"]], customdata=[suggested["id"]], mode="markers",
            name=f"{labels['nearest']} {_distance(suggested)}".strip(),
            marker={"size": 24, "color": "rgba(0,0,0,0)", "line": {"color": "#7dffb3", "width": 3}},
            hovertext=[f"{labels['nearest']} · {_hover(suggested, labels)}"], hoverinfo="text",
        ))
    if case.get("lon") is not None and case.get("lat") is not None:
        traces.append(go.Scatter(x=[case["lon"]], y=[case["lat"]], mode="markers", name=labels["case"],
                                 marker={"symbol": "star", "size": 20, "color": "#ff4d4f",
                                         "line": {"color": "#fff", "width": 1}},
                                 hovertext=[case.get("address") or labels["case"]], hoverinfo="text"))

    (x0, x1), (y0, y1) = _extent(town, case, suggested, meta["bounds"])
    mid_lat = (y0 + y1) / 2
    figure = go.Figure(traces)
    figure.update_xaxes(visible=False, range=[x0, x1], fixedrange=True)
    figure.update_yaxes(visible=False, range=[y0, y1], fixedrange=True, scaleanchor="x",
                        scaleratio=1 / math.cos(math.radians(mid_lat)))
    figure.update_layout(
        height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0}, paper_bgcolor="#0d1726", plot_bgcolor="#0d1726",
        font={"family": theme.FONT_STACK, "color": theme.TEXT, "size": 13}, clickmode="event", dragmode=False,
        hovermode="closest", uirevision=case.get("id"),
        legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "top", "bgcolor": "rgba(13,23,38,0.7)",
                "font": {"size": 12}, "itemclick": False, "itemdoubleclick": False},
    )
    return figure


def _fan_out(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    at: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for unit in units:
        if unit.get("lon") is not None and unit.get("lat") is not None:
            at.setdefault((round(unit["lon"], 5), round(unit["lat"], 5)), []).append(unit)
    placed = []
    for (lon, lat), group in at.items():
        for n, unit in enumerate(group):
            angle = 2 * math.pi * n / len(group)
            radius = FAN_OUT_DEG if len(group) > 1 else 0.0
            placed.append({**unit, "x": lon + radius * math.cos(angle), "y": lat + radius * math.sin(angle)})
    return placed


def _rings(feature: dict[str, Any]) -> list[list[list[float]]]:
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [ring for polygon in polygons for ring in polygon]


def _xy(features: list[dict[str, Any]]) -> tuple[list[float | None], list[float | None]]:
    xs: list[float | None] = []
    ys: list[float | None] = []
    for feature in features:
        for ring in _rings(feature):
            xs.extend([p[0] for p in ring] + [None])
            ys.extend([p[1] for p in ring] + [None])
    return xs, ys


def _outline(features: list[dict[str, Any]], *, color: str, width: float) -> go.Scatter:
    xs, ys = _xy(features)
    return go.Scatter(x=xs, y=ys, mode="lines", line={"color": color, "width": width}, hoverinfo="skip",
                      showlegend=False)


def _filled(feature: dict[str, Any], *, fill: str, color: str, width: float) -> go.Scatter:
    xs, ys = _xy([feature])
    return go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=fill, line={"color": color, "width": width},
                      hoverinfo="skip", showlegend=False)


def _extent(town: dict[str, Any] | None, case: dict[str, Any], suggested: dict[str, Any] | None,
            county_bounds: list[float]) -> tuple[tuple[float, float], tuple[float, float]]:
    """The case's township, widened to hold the case point and the suggested unit; else the county."""
    if town is None and case.get("lon") is None:
        x0, y0, x1, y1 = county_bounds
    else:
        points = [p for ring in _rings(town) for p in ring] if town is not None else []
        if case.get("lon") is not None:
            points.append([case["lon"], case["lat"]])
        if suggested is not None:
            points.append([suggested["x"], suggested["y"]])
        x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
        y0, y1 = min(p[1] for p in points), max(p[1] for p in points)
    pad_x, pad_y = max((x1 - x0) * 0.12, 0.01), max((y1 - y0) * 0.18, 0.01)
    return (x0 - pad_x, x1 + pad_x), (y0 - pad_y, y1 + pad_y)


def _distance(unit: dict[str, Any]) -> str:
    if unit.get("distance_m") is None:
        return ""
    return f"{unit['distance_m'] / 1000:.1f} km ≈{unit['eta_min']:.0f} min"


def _hover(unit: dict[str, Any], labels: dict[str, str]) -> str:
    status = labels.get(f"unit.{unit['status']}", unit["status"])
    return " · ".join(filter(None, [unit["name"], status, _distance(unit)]))
