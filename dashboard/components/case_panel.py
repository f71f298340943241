"""The console's case panel: the demand as received, its place, history, and the allowed actions."""
from __future__ import annotations

from typing import Any

from dash import dcc, html

from .. import ids


def case_panel(case: dict[str, Any] | None, t) -> html.Div:  # noqa: ANN001
    if case is None:
        return html.Div(t("console.pick"), className="panel-empty")
    place = " › ".join(filter(None, [case.get("township_name"), case.get("village_name")])) or "—"
    reporter = case.get("reporter") or {}
    return html.Div(className="case", children=[
        html.Div(className="case-head", children=[
            html.Span(t(f"status.{case['status']}"), className=f"status-chip status-{case['status']}"),
            html.H2(case["title"], className="case-title"),
        ]),
        html.Dl(className="case-facts", children=[
            html.Dt(t("console.place")), html.Dd(f"{place}  {case.get('address') or ''}"),
            html.Dt(t("console.reporter")),
            html.Dd(" ".join(filter(None, [reporter.get("name"), reporter.get("phone")])) or "—"),
            html.Dt(t("console.received")), html.Dd(case["received_at"][:19].replace("T", " ")),
        ]),
        html.P(case.get("content"), className="case-content"),
        _clocks(case, t) if case.get("clock_rows") else None,
        html.H3(t("console.actions")),
        html.Div(className="case-actions", children=[
            html.Button(t(f"action.{action}"), id={"type": ids.CASE_ACTION, "action": action},
                        className=f"action action-{action.replace(':', '-')}", n_clicks=0)
            for action in case["buttons"]
        ]),
        _route(case, t) if case["may_route"] else None,
        _units(case, t) if case["may_dispatch"] else None,
        _related(case, t) if case.get("related") else None,
        html.H3(t("console.history")),
        html.Ol(className="case-history", children=[
            html.Li([html.Span(h["at"][11:19], className="h-time"),
                     html.Span(t(f"action.{h['action']}"), className="h-action"),
                     html.Span(h["actor"], className="h-actor")])
            for h in case["history"]
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
            html.Button(t("action.route"), id={"type": ids.CASE_ACTION, "action": "route"},
                        className="action action-route", n_clicks=0),
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


def _units(case: dict[str, Any], t) -> html.Div:  # noqa: ANN001
    if not case["units"]:
        return html.Div(t("console.no_units"), className="units-empty")
    return html.Div(className="units", children=[
        html.H3(t("console.suggested")),
        *[html.Div(className="unit-row", children=[
            html.Span(unit["name"], className="unit-name"),
            html.Span(f"{unit['distance_m'] / 1000:.1f} km" if unit["distance_m"] is not None else "—",
                      className="unit-distance"),
            html.Span(f"≈{unit['eta_min']:.0f} min" if unit["eta_min"] is not None else "", className="unit-eta"),
            html.Button(t("console.dispatch"), id={"type": ids.DISPATCH_UNIT, "unit": unit["id"]},
                        className="action action-dispatch", n_clicks=0),
        ]) for unit in case["units"]],
    ])
