"""`/wall`: the big screen. Read-only, dark, masked, live from Socket.IO (never interval polling)."""
from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, dcc, html

from .. import ids
from ..figures.county_map import GRAPH_CONFIG, county_map


def layout(*, region: str, t) -> html.Div:  # noqa: ANN001
    return html.Div(
        id=ids.WALL_ROOT,
        className="wall",
        **{"data-live-room": "wall", "data-live-view": ids.WALL_VIEW, "data-live-figures": ids.WALL_FIGURES,
           "data-live-min-view-ms": "100"},
        children=[
            dcc.Store(id=ids.WALL_VIEW, data=None),
            dcc.Store(id=ids.WALL_FIGURES, data=None),
            html.Header(className="wall-header", children=[
                html.Div(className="wall-brand", children=[
                    html.Span(t("center"), className="wall-center"),
                    html.Span(f"{t('brand')} · {t('wall.title')}", className="wall-title"),
                ]),
                html.Div(className="wall-header-right", children=[
                    html.Span([t("wall.leader"), html.B("—", id=ids.WALL_LEADER)], className="wall-leader"),
                    html.Span(t("wall.connecting"), id=ids.WALL_STATUS, className="wall-status connecting",
                              **{"data-live-status": "wall-status", "data-live": t("wall.live"), "data-stale": t("wall.stale"),
                                 "data-token-needed": t("wall.token_needed")}),
                    html.Span("--:--:--", id=ids.WALL_CLOCK, className="wall-clock"),
                ]),
            ]),
            html.Main(className="wall-body", children=[
                html.Section(className="wall-figures panel", children=[
                    html.Div(className="figure-grid", children=[
                        _figure(t("wall.today_received"), ids.WALL_TODAY, t("unit.cases")),
                        _figure(t("wall.open"), ids.WALL_OPEN, t("unit.cases")),
                        _figure(t("wall.resolved"), ids.WALL_RESOLVED, t("unit.cases")),
                        _figure(t("wall.onsite"), ids.WALL_ONSITE, "%"),
                    ]),
                    html.H2(t("wall.rates")),
                    html.Div(id=ids.WALL_RATES, className="rates"),
                    html.H2(t("wall.channels")),
                    html.Div(id=ids.WALL_CHANNELS, className="channels"),
                ]),
                html.Section(className="wall-map panel", children=[
                    html.H2(t("wall.map")),
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
            ]),
        ],
    )


def _figure(label: str, value_id: str, unit: str) -> html.Div:
    return html.Div(className="figure", children=[
        html.Div(label, className="figure-label"),
        html.Div([html.Span("–", id=value_id, className="figure-value"),
                  html.Span(unit, className="figure-unit")]),
    ])


def register(app: Dash) -> None:
    app.clientside_callback(
        ClientsideFunction(namespace="wall", function_name="figures"),
        Output(ids.WALL_RESOLVED, "children"),
        Output(ids.WALL_ONSITE, "children"),
        Output(ids.WALL_RATES, "children"),
        Output(ids.WALL_CHANNELS, "children"),
        Output(ids.WALL_LEADER, "children"),
        Input(ids.WALL_FIGURES, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="wall", function_name="render"),
        Output(ids.WALL_MAP, "figure"),
        Output(ids.WALL_TICKER, "children"),
        Output(ids.WALL_TODAY, "children"),
        Output(ids.WALL_OPEN, "children"),
        Output(ids.WALL_SLA_BOARD, "children"),
        Input(ids.WALL_VIEW, "data"),
        State(ids.WALL_MAP, "figure"),
        prevent_initial_call=True,
    )
