"""The console's case panel: the demand as received, its place on a map, the allowed actions, dispatch,
classification, clocks, related demands and history."""
from __future__ import annotations

from typing import Any

from dash import dcc, html

from .. import ids
from ..figures.case_map import GRAPH_CONFIG, case_map

# the keys of the frequent actions (assets/console.js presses the button that carries the key)
ACTION_KEYS = {"sign": "S", "contact": "C", "route": "R"}
RISK_LEVELS = ("red", "orange", "yellow", "blue")


def case_panel(case: dict[str, Any] | None, t, *, region: str | None = None,  # noqa: ANN001
               category_options: list[dict[str, str]] | None = None) -> html.Div:
    if case is None:
        return html.Div(t("console.pick"), className="panel-empty")
    place = " › ".join(filter(None, [case.get("township_name"), case.get("village_name")])) or "—"
    reporter = case.get("reporter") or {}
    # data-version: assets/console.js refreshes the panel when a live event carries a newer one
    return html.Div(className="case", **{"data-case": case["id"], "data-version": case["version"]}, children=[
        html.Div(className="case-head", children=[
            html.Span(t(f"status.{case['status']}"), className=f"status-chip status-{case['status']}"),
            _risk_chip(case, t),
            html.H2(case["title"], className="case-title"),
        ]),
        html.Div(className="case-overview", children=[
            html.Div([
                html.Dl(className="case-facts", children=[
                    html.Dt(t("console.place")), html.Dd(f"{place}  {case.get('address') or ''}"),
                    html.Dt(t("console.category")), html.Dd(_category(case, t), className="case-category"),
                    html.Dt(t("console.reporter")),
                    html.Dd(" ".join(filter(None, [reporter.get("name"), reporter.get("phone")])) or "—"),
                    html.Dt(t("console.received")), html.Dd(case["received_at"][:19].replace("T", " ")),
                ]),
                html.P(case.get("content"), className="case-content"),
            ]),
            _map(case, t, region) if region else None,
        ]),
        html.H3(t("console.actions")),
        html.Div(className="case-actions", children=[
            _button(action, t) for action in case["buttons"]
        ]),
        _route(case, t) if case["may_route"] else None,
        _dispatch(case, t) if case["may_dispatch"] else None,
        _classify(case, t, category_options or []) if case.get("may_classify") else None,
        _clocks(case, t) if case.get("clock_rows") else None,
        _related(case, t) if case.get("related") else None,
        html.H3(t("console.history")),
        html.Ol(className="case-history", children=[
            html.Li([html.Span(h["at"][11:19], className="h-time"),
                     html.Span(t(f"action.{h['action']}"), className="h-action"),
                     html.Span(_detail(h, t), className="h-detail"),
                     html.Span(h["actor"], className="h-actor")])
            for h in case["history"]
        ]),
    ])


def _button(action: str, t, **extra: Any) -> html.Button:  # noqa: ANN001
    key = ACTION_KEYS.get(action)
    return html.Button(t(f"action.{action}"), id={"type": ids.CASE_ACTION, "action": action},
                       className=f"action action-{action.replace(':', '-')}", n_clicks=0,
                       **({"data-key": key, "title": key} if key else {}), **extra)


def _risk_chip(case: dict[str, Any], t) -> html.Span | None:  # noqa: ANN001
    level = case.get("risk_level")
    if level not in RISK_LEVELS:
        return None
    reasons = case.get("risk_reasons") or []
    return html.Span(f"{t('risk.title')} · {t(f'risk.{level}_long')}", className=f"risk-chip risk-{level}",
                     title="；".join(str(r) for r in reasons))


def _category(case: dict[str, Any], t) -> list[Any]:  # noqa: ANN001
    confidence = case.get("category_confidence")
    parts: list[Any] = [case.get("category") or t("console.unclassified")]
    if isinstance(confidence, (int, float)):
        parts.append(html.Span(t("console.confidence", p=f"{confidence:.0%}"), className="category-confidence"))
    return parts


def _detail(event: dict[str, Any], t) -> str:  # noqa: ANN001
    data = event.get("data") or {}
    if event["action"] == "classify":
        return t("history.classify", previous=data.get("previous") or t("console.unclassified"),
                 category=data.get("category"))
    if event["action"] == "route" and data.get("department"):
        return t("history.route", department=data["department"])
    return ""


def _map(case: dict[str, Any], t, region: str) -> html.Div:  # noqa: ANN001
    labels = {"case": t("console.case_point"), "nearest": t("console.nearest"),
              **{f"unit.{s}": t(f"unit.{s}") for s in ("available", "accepted", "en_route", "on_site", "off_duty")}}
    figure = case_map(region, case=case, units=case["map_units"], suggested_id=case.get("suggested_unit"),
                      labels=labels, height=250)
    return html.Div(className="case-map", children=[
        html.H3([t("console.map"), html.Span(t("console.map_caption"), className="case-map-caption")]),
        dcc.Graph(id={"type": ids.CASE_MAP, "case": case["id"]}, figure=figure, config=GRAPH_CONFIG,
                  className="case-map-graph"),
    ])


def dispatch_bar(unit: dict[str, Any] | None, t, *, picked: bool) -> list[Any]:  # noqa: ANN001
    """The one unit the D key and the big button send: the nearest available, or the one picked on the map."""
    if unit is None:
        return [html.Span(t("console.no_units"), className="units-empty")]
    if unit["status"] != "available":
        return [html.Span(t("console.unit_busy", name=unit["name"], status=t(f"unit.{unit['status']}")),
                          className="dispatch-busy")]
    return [
        html.Span(t("console.dispatch_to"), className="dispatch-label"),
        html.Span(unit["name"], className="dispatch-unit"),
        html.Span(_distance(unit), className="unit-distance"),
        html.Span(t("console.picked_on_map") if picked else t("console.nearest_available"), className="dispatch-why"),
        html.Button(t("console.dispatch"), id={"type": ids.DISPATCH_PICKED, "unit": unit["id"]},
                    className="action action-dispatch dispatch-go", n_clicks=0, title="D", **{"data-key": "D"}),
    ]


def _dispatch(case: dict[str, Any], t) -> html.Div:  # noqa: ANN001
    nearest = case["units"][0] if case["units"] else None
    return html.Div(className="units", children=[
        html.H3(t("console.suggested")),
        html.Div(dispatch_bar(nearest, t, picked=False), id={"type": ids.DISPATCH_BAR, "case": case["id"]},
                 className="dispatch-bar"),
        html.P(t("console.map_hint"), className="map-hint"),
        *[html.Div(className="unit-row", **{"data-unit": unit["id"]}, children=[
            html.Span(unit["name"], className="unit-name"),
            html.Span(f"{unit['distance_m'] / 1000:.1f} km" if unit["distance_m"] is not None else "—",
                      className="unit-distance"),
            html.Span(f"≈{unit['eta_min']:.0f} min" if unit["eta_min"] is not None else "", className="unit-eta"),
            html.Button(t("console.dispatch"), id={"type": ids.DISPATCH_UNIT, "unit": unit["id"]},
                        className="action action-dispatch", n_clicks=0),
        ]) for unit in case["units"][:3]],
    ])


def _distance(unit: dict[str, Any]) -> str:
    if unit.get("distance_m") is None:
        return ""
    return f"{unit['distance_m'] / 1000:.1f} km · ≈{unit['eta_min']:.0f} min"


def _classify(case: dict[str, Any], t, options: list[dict[str, str]]) -> html.Div:  # noqa: ANN001
    return html.Div(className="classify", children=[
        html.H3(t("console.classify")),
        html.Div(className="route-row", children=[
            dcc.Dropdown(id={"type": ids.CLASSIFY_PICK, "case": case["id"]}, options=options, value=None,
                         placeholder=t("console.classify_pick"), clearable=True, searchable=True,
                         className="classify-pick", maxHeight=320),
            _button("classify", t),
        ]),
    ])


def _clocks(case: dict[str, Any], t) -> html.Div:  # noqa: ANN001
    def title(row: dict[str, Any]) -> str:
        key = f"clock.{row['kind']}"
        return row["title"] if t(key) == key else t(key)

    return html.Div(className="clocks", children=[
        html.H3(t("console.clocks")),
        html.Ul(className="case-clocks", children=[
            html.Li(className=f"clock clock-{row['status']}", title=row["limit"], children=[
                html.Span(title(row), className="clock-title"),
                html.Span(t(f"clock.{row['status']}"), className="clock-state"),
                html.Span(" · ".join(filter(None, [
                    t("clock.deadline", deadline=row["deadline"]),
                    t("clock.level", level=row["escalation_level"]) if row["escalation_level"] else None,
                ])), className="clock-deadline"),
            ])
            for row in case["clock_rows"]
        ]),
    ])


def _route(case: dict[str, Any], t) -> html.Div:  # noqa: ANN001
    return html.Div(className="route", children=[
        html.H3(t("console.route")),
        html.Div(className="route-row", children=[
            dcc.Dropdown(id={"type": ids.ROUTE_DEPARTMENT, "case": case["id"]}, options=case["departments"],
                         value=case["suggested_department"], clearable=False, className="route-department"),
            _button("route", t),
        ]),
    ])


def _related(case: dict[str, Any], t) -> html.Div:  # noqa: ANN001
    return html.Div(className="related", children=[
        html.H3(t("console.related")),
        html.Ul([html.Li([
            html.Span(r["received_at"][5:16].replace("T", " "), className="h-time"),
            html.Span(t("console.same_caller") if r["same_caller"] else t("console.same_place"),
                      className="related-why"),
            html.Span(t(f"status.{r['status']}"), className=f"status-chip status-{r['status']}"),
            html.Span(r["title"], className="related-title"),
        ]) for r in case["related"]], className="related-list"),
    ])
