"""`/wall`: the big screen. Read-only, dark, masked, live from Socket.IO (never interval polling).

One set of panels; `assets/wall.js` arranges them by the URL's `layout` (default 1920×1080, `wide`
3840×1080, `tiles` 2×2 screens), rotates the focus panels, and plays 复盘 with `replay=from~to&speed=`.
Other URL parameters: `measure` (open, overdue, risk), `township` (drill into one), `heat` (24h, 7d,
30d), `rotate` (seconds per focus panel)."""
from __future__ import annotations

import json

from dash import Dash, dcc, html

from .. import ids, theme
from ..figures.arrival_curve import arrival_curve_figure
from ..figures.county_map import GRAPH_CONFIG, county_map

MEASURES = ("open", "overdue", "risk")


def layout(*, region: str, t) -> html.Div:  # noqa: ANN001
    scales = {"open": theme.OPEN_CASES_SCALE, "overdue": theme.OVERDUE_SCALE, "risk": theme.RISK_SCALE}
    return html.Div(
        id=ids.WALL_ROOT,
        className="wall",
        **{"data-live-room": "wall", "data-live-render": "SmartBrainWall",
           "data-live-min-view-ms": "100", "data-region": region, "data-scales": json.dumps(scales),
           "data-map-titles": json.dumps({m: t(f"wall.measure.{m}") for m in MEASURES}),
           "data-replay-text": t("wall.replay"), "data-replay-done-text": t("wall.replay_done")},
        children=[
            html.Header(className="wall-header", children=[
                html.Div(className="wall-brand", children=[
                    html.Span(t("center"), className="wall-center"),
                    html.Span(f"{t('brand')} · {t('wall.title')}", className="wall-title"),
                ]),
                html.Div(id=ids.WALL_REPLAY_BANNER, className="wall-replay-banner"),
                html.Div(className="wall-header-right", children=[
                    html.Span([t("wall.leader"), html.B("—", id=ids.WALL_LEADER)], className="wall-leader"),
                    html.Span(t("wall.connecting"), id=ids.WALL_STATUS, className="wall-status connecting",
                              **{"data-live-status": "wall-status", "data-live": t("wall.live"), "data-stale": t("wall.stale"),
                                 "data-token-needed": t("wall.token_needed"), "data-replay": t("wall.replay"),
                                 "data-replay-done": t("wall.replay_done")}),
                    html.Span("--:--:--", id=ids.WALL_CLOCK, className="wall-clock"),
                ]),
            ]),
            html.Main(className="wall-body", children=[  # live parts are written by assets/wall.js
                html.Section(className="wall-figures panel", children=[
                    html.Div(className="figure-grid", children=[
                        _figure(t("wall.today_received"), ids.WALL_TODAY, t("unit.cases")),
                        _figure(t("wall.open"), ids.WALL_OPEN, t("unit.cases")),
                        _figure(t("wall.resolved"), ids.WALL_RESOLVED, t("unit.cases")),
                        _figure(t("wall.overdue"), ids.WALL_OVERDUE, t("unit.cases"), "figure-alarm"),
                        _figure(t("wall.onsite"), ids.WALL_ONSITE, "%"),
                    ]),
                    html.H2(t("wall.rates")),
                    html.Div(id=ids.WALL_RATES, className="rates"),
                    html.H2(t("wall.channels")),
                    html.Div(id=ids.WALL_CHANNELS, className="channels"),
                ]),
                html.Section(className="wall-map panel", children=[
                    html.Div(className="map-head", children=[
                        html.H2([html.Span("", id=ids.WALL_MAP_PLACE, className="map-place"),
                                 html.Span(t("wall.measure.open"), id=ids.WALL_MAP_TITLE)]),
                        html.Div(className="map-measures", children=[
                            html.Span(t(f"wall.measure.{m}"), className="map-measure",
                                      **{"data-wall-measure": m}) for m in MEASURES]),
                        html.Span(t("wall.back"), className="map-back", **{"data-wall-action": "county"}),
                    ]),
                    html.Div(t("wall.layers"), className="map-legend"),
                    dcc.Graph(id=ids.WALL_MAP, figure=county_map(region), config=GRAPH_CONFIG,
                              className="wall-map-graph", responsive=True),
                    html.Div(t("wall.caption"), className="map-caption"),
                ]),
                html.Section(className="wall-stream panel", children=[
                    html.H2(t("wall.sla_board")),
                    html.Ul(id=ids.WALL_SLA_BOARD, className="sla-board"),
                    html.H2(t("wall.ticker")),
                    html.Ul(id=ids.WALL_TICKER, className="ticker"),
                ]),
                html.Section(className="wall-focus", children=[
                    _focus("warnings", t("wall.warnings"),
                           html.Ul(id=ids.WALL_WARNINGS, className="warnings", **{"data-empty": t("wall.warnings_empty")})),
                    _focus("categories", t("wall.categories"), html.Div(id=ids.WALL_CATEGORIES, className="categories")),
                    _focus("curve", t("wall.curve"), dcc.Graph(
                        id=ids.WALL_CURVE, figure=arrival_curve_figure(t("wall.curve_today"), t("wall.curve_average")),
                        config={"displayModeBar": False, "staticPlot": True}, className="wall-curve-graph",
                        responsive=True)),
                    _focus("alerts", t("wall.alerts"),
                           html.Ul(id=ids.WALL_ALERTS, className="alerts", **{"data-empty": t("wall.alerts_empty")})),
                ]),
            ]),
        ],
    )


def _figure(label: str, value_id: str, unit: str, extra: str = "") -> html.Div:
    return html.Div(className=f"figure {extra}".strip(), children=[
        html.Div(label, className="figure-label"),
        html.Div([html.Span("–", id=value_id, className="figure-value"),
                  html.Span(unit, className="figure-unit")]),
    ])


def _focus(name: str, title: str, body) -> html.Div:  # noqa: ANN001
    return html.Div(className=f"focus-panel panel focus-{name}", **{"data-focus": name},
                    children=[html.H2(title), body])


def register(app: Dash) -> None:  # noqa: ARG001
    """The wall has no Dash callbacks: after the first render `assets/wall.js` writes every live part in
    place (a Dash `set_props` per update is recorded in Dash's undo history and grows without end)."""
