"""Plotly figures of /briefing: light, print-friendly; every bar and township carries its key in
`customdata`, so a click can list the cases behind it."""
from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from .. import theme
from .county_map import county_map

INK = "#1d2733"
GRID = "#e3e8ef"
SERIES = (("#1f5fa8", "current"), ("#9bb7d8", "previous"), ("#d9a441", "last_year"))
GRAPH_CONFIG = {"topojsonURL": "/assets/topojson/", "displayModeBar": False, "scrollZoom": False}


def _layout(figure: go.Figure, *, height: int) -> go.Figure:
    figure.update_layout(
        height=height, margin={"l": 8, "r": 8, "t": 8, "b": 8}, paper_bgcolor="white", plot_bgcolor="white",
        font={"family": theme.FONT_STACK, "color": INK, "size": 13}, barmode="group", bargap=0.25,
        legend={"orientation": "h", "y": 1.08, "x": 1, "xanchor": "right", "font": {"size": 12}},
        hoverlabel={"font": {"family": theme.FONT_STACK}},
    )
    figure.update_xaxes(gridcolor=GRID, zeroline=False, automargin=True)
    figure.update_yaxes(gridcolor=GRID, zeroline=False, automargin=True)
    return figure


def compare_bars(keys: list[str], labels: list[str], series: list[tuple[str, list[int]]], *, height: int = 300,
                 horizontal: bool = False) -> go.Figure:
    figure = go.Figure()
    for (color, _), (name, values) in zip(SERIES, series):
        axis = {"y": labels[::-1], "x": values[::-1], "orientation": "h"} if horizontal else {"x": labels, "y": values}
        figure.add_trace(go.Bar(
            name=name, marker_color=color, customdata=keys[::-1] if horizontal else keys,
            hovertemplate="%{" + ("y" if horizontal else "x") + "}: %{" + ("x" if horizontal else "y") + "}<extra>"
                          + name + "</extra>",
            text=values[::-1] if horizontal and color == SERIES[0][0] else (values if color == SERIES[0][0] else None),
            textposition="outside", cliponaxis=False, **axis))
    return _layout(figure, height=height)


def daily_line(days: list[str], values: list[int], *, name: str, height: int = 220) -> go.Figure:
    figure = go.Figure(go.Scatter(x=[d[5:] for d in days], y=values, mode="lines+markers", name=name,
                                  line={"color": SERIES[0][0], "width": 2}, fill="tozeroy",
                                  fillcolor="rgba(31,95,168,0.08)", hovertemplate="%{x}: %{y}<extra></extra>"))
    figure = _layout(figure, height=height)
    figure.update_layout(showlegend=False)
    figure.update_yaxes(rangemode="tozero")
    return figure


def briefing_map(region: str, values: dict[str, int], hotspots: list[tuple[float, float, int]], *,
                 hotspot_name: str, height: int = 460) -> go.Figure:
    """The wall's county map (same local geometry), recoloured for paper, with the period's hotspots."""
    figure = county_map(region, values, height=height)
    figure.update_traces(selector={"type": "choropleth"}, colorscale="Blues",
                         marker={"line": {"color": "#5b7fa6", "width": 1}},
                         colorbar={"tickfont": {"color": INK, "size": 12}, "thickness": 12},
                         customdata=None)
    figure.update_traces(selector={"type": "scattergeo"}, textfont={"color": INK, "size": 11})
    if hotspots:
        biggest = max(n for _, _, n in hotspots)
        figure.add_trace(go.Scattergeo(
            lon=[h[0] for h in hotspots], lat=[h[1] for h in hotspots], mode="markers", name=hotspot_name,
            marker={"size": [6 + 22 * n / biggest for _, _, n in hotspots], "color": "rgba(217,72,43,0.55)",
                    "line": {"color": "white", "width": 0.6}},
            text=[str(n) for _, _, n in hotspots], hovertemplate="%{text}<extra>" + hotspot_name + "</extra>",
            showlegend=False))
    figure.update_layout(paper_bgcolor="white", font={"color": INK}, margin={"l": 0, "r": 0, "t": 0, "b": 0})
    return figure


def empty(message: str, *, height: int = 200) -> go.Figure:
    figure = _layout(go.Figure(), height=height)
    figure.add_annotation(text=message, showarrow=False, font={"size": 15, "color": "#7a8594"})
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return figure


def dimension_figure(panel: dict[str, Any], dimension: str, *, label, t, top: int = 15,  # noqa: ANN001
                     horizontal: bool = False, height: int = 300) -> go.Figure:
    grouped = panel["by"][dimension]
    keys = sorted(grouped, key=lambda k: (-grouped[k]["counts"]["received"], k))[:top]
    if not keys:
        return empty(t("briefing.empty"), height=height)
    return compare_bars(keys, [label(k) for k in keys], [
        (t("briefing.chart.current"), [grouped[k]["counts"]["received"] for k in keys]),
        (t("briefing.chart.previous"), [panel["by_previous"][dimension].get(k, 0) for k in keys]),
        (t("briefing.chart.last_year"), [panel["by_last_year"][dimension].get(k, 0) for k in keys]),
    ], horizontal=horizontal, height=height)
