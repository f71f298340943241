"""`/console`: duty officers' queue and case panel, live from Socket.IO, one click per action."""
from __future__ import annotations

import json

import dash_ag_grid as dag
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update

from casework.access import Principal
from casework.actions import NotFound, UnitUnavailable, VersionConflict, do_case_action
from casework.marks import default_supervision_deadline
from casework.transitions import InvalidTransition
from realtime.runtime import Runtime

from .. import ids
from ..auth import current_principal
from ..i18n.console import CONSOLE_MESSAGES
from ..components.case_panel import case_panel
from ..viewmodels import case_panel as case_panel_data
from ..viewmodels import place_names


GRID_THEME = ("themeQuartz.withParams({backgroundColor: '#111f33', foregroundColor: '#e6edf7', "
              "headerBackgroundColor: '#0b1a2c', headerTextColor: '#9fdcff', borderColor: '#23406a', "
              "rowHoverColor: '#1a3152', selectedRowBackgroundColor: '#1f4a7a', accentColor: '#35d0ff', "
              "oddRowBackgroundColor: '#0f1c2f', fontFamily: 'inherit', fontSize: 15})")


def _columns(t) -> list[dict]:  # noqa: ANN001
    return [
        {"field": "urgency", "headerName": t("col.urgency"), "width": 95, "sort": "desc", "sortIndex": 0,
         "comparator": {"function": "SB.urgencyOrder(valueA) - SB.urgencyOrder(valueB)"},
         "valueFormatter": {"function": "SB.urgency(params.value)"},
         "cellClassRules": {"cell-urgent": "params.value !== 'normal'"}},
        {"field": "title", "headerName": t("col.title"), "flex": 2, "minWidth": 260},
        {"field": "channel", "headerName": t("col.channel"), "width": 110,
         "valueFormatter": {"function": "SB.channel(params.value)"}},
        {"field": "category", "headerName": t("col.category"), "width": 120},
        {"field": "township_code", "headerName": t("col.place"), "width": 170,
         "valueGetter": {"function": "SB.place(params.data)"}},
        {"field": "status", "headerName": t("col.status"), "width": 100,
         "valueFormatter": {"function": "SB.status(params.value)"},
         "cellClass": {"function": "'status-cell status-' + params.value"}},
        {"field": "received_at", "headerName": t("col.received"), "width": 115, "sort": "desc", "sortIndex": 1,
         "valueFormatter": {"function": "params.value ? params.value.slice(11, 16) : ''"}},
        {"colId": "age", "headerName": t("col.age"), "width": 100,
         "valueGetter": {"function": "SB.age(params.data)"},
         "cellClassRules": {"cell-late": "SB.ageSeconds(params.data) > 180"}},
        # the earliest running SLA deadline, counting down in the browser (red: breached; amber: warned)
        {"colId": "deadline", "headerName": t("col.deadline"), "width": 130,
         "valueGetter": {"function": "SB.deadlineSeconds(params.data)"},
         "valueFormatter": {"function": "SB.countdown(params.value)"},
         "cellClassRules": {"cell-breached": "SB.deadlineState(params.data) === 'breached'",
                            "cell-warning": "SB.deadlineState(params.data) === 'warning'"}},
    ]


def layout(*, runtime: Runtime, principal: Principal | None, t) -> html.Div:  # noqa: ANN001
    if principal is None or not principal.may("live:console"):
        return html.Div(className="console-login", children=[
            html.A("请先登录 · Sign in", href="/login?next=/console", className="login-link")])
    labels = {key: t(key) for key in CONSOLE_MESSAGES["zh-CN"] if key.startswith(("status.", "channel.", "urgency.", "deadline."))}
    return html.Div(
        id=ids.CONSOLE_ROOT, className="console",
        **{"data-live-room": "console", "data-live-view": ids.CONSOLE_VIEW, "data-live-auth": "session",
           "data-places": json.dumps(place_names(runtime), ensure_ascii=False),
           "data-labels": json.dumps(labels, ensure_ascii=False)},
        children=[
            dcc.Store(id=ids.CONSOLE_VIEW), dcc.Store(id=ids.CONSOLE_SELECTED), dcc.Store(id=ids.CONSOLE_REFRESH),
            html.Header(className="console-header", children=[
                html.Span(f"{t('brand')} · {t('console.title')}", className="console-brand"),
                html.Span(t("wall.connecting"), id=ids.CONSOLE_STATUS, className="console-status connecting",
                          **{"data-live-status": "console-status", "data-live": t("wall.live"),
                             "data-stale": t("wall.stale")}),
                html.Span(className="console-count", children=[
                    t("console.open"), " ", html.B("–", id=ids.CONSOLE_OPEN_COUNT)]),
                html.Span(t("console.signed_in", name=principal.name), className="console-user"),
                html.Form(html.Button(t("console.logout"), className="logout"), method="post", action="/logout"),
            ]),
            html.Main(className="console-body", children=[
                html.Section(className="queue", children=[
                    html.Div(className="queue-filters", children=[
                        dcc.Dropdown(id=ids.CONSOLE_FILTER_STATUS, placeholder=t("filter.all"), clearable=True,
                                     options=[{"label": t(f"status.{s}"), "value": s}
                                              for s in ("received", "signed", "dispatched", "on_site", "returned")],
                                     className="queue-status"),
                        dcc.Input(id=ids.CONSOLE_FILTER_TEXT, type="search", placeholder=t("filter.search"),
                                  debounce=False, className="queue-search"),
                    ]),
                    dag.AgGrid(
                        id=ids.CONSOLE_GRID, rowData=[], columnDefs=_columns(t),
                        getRowId="params.data.id",
                        defaultColDef={"sortable": True, "filter": True, "resizable": True},
                        dashGridOptions={"rowSelection": {"mode": "singleRow", "checkboxes": False,
                                                          "enableClickSelection": True},
                                         "theme": {"function": GRID_THEME},
                                         "animateRows": False, "rowHeight": 40, "headerHeight": 40,
                                         "getRowClass": {"function": "SB.rowClass(params)"}},
                        className="queue-grid", style={"height": "100%"},
                    ),
                ]),
                html.Section(className="panel-side", children=[
                    html.Div(id=ids.CONSOLE_MESSAGE, className="console-message"),
                    html.Div(case_panel(None, t), id=ids.CONSOLE_PANEL),
                ]),
            ]),
        ],
    )


def register(app: Dash, runtime: Runtime, t) -> None:  # noqa: ANN001
    app.clientside_callback(
        ClientsideFunction(namespace="console", function_name="apply"),
        Output(ids.CONSOLE_GRID, "rowData"),
        Output(ids.CONSOLE_GRID, "rowTransaction"),
        Output(ids.CONSOLE_OPEN_COUNT, "children"),
        Output(ids.CONSOLE_REFRESH, "data"),
        Input(ids.CONSOLE_VIEW, "data"),
        State(ids.CONSOLE_SELECTED, "data"),
        prevent_initial_call=True,
    )

    app.clientside_callback(
        ClientsideFunction(namespace="console", function_name="filter"),
        Output(ids.CONSOLE_GRID, "dashGridOptions"),
        Output(ids.CONSOLE_GRID, "filterModel"),
        Input(ids.CONSOLE_FILTER_TEXT, "value"),
        Input(ids.CONSOLE_FILTER_STATUS, "value"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.CONSOLE_PANEL, "children"),
        Output(ids.CONSOLE_SELECTED, "data"),
        Input(ids.CONSOLE_GRID, "selectedRows"),
        Input(ids.CONSOLE_REFRESH, "data"),
        State(ids.CONSOLE_SELECTED, "data"),
        prevent_initial_call=True,
    )
    def show_case(selected_rows, _refresh, selected):  # noqa: ANN001, ANN202
        principal = current_principal(runtime)
        if principal is None:
            return no_update, no_update
        if ctx.triggered_id == ids.CONSOLE_GRID:
            case_id = selected_rows[0]["id"] if selected_rows else None
        else:
            case_id = (selected or {}).get("id")
        if not case_id:
            return case_panel(None, t), None
        data = case_panel_data(runtime, case_id, principal)
        return case_panel(data, t), ({"id": data["id"], "version": data["version"]} if data else None)

    @app.callback(
        Output(ids.CONSOLE_MESSAGE, "children"),
        Output(ids.CONSOLE_REFRESH, "data", allow_duplicate=True),
        Input({"type": ids.CASE_ACTION, "action": ALL}, "n_clicks"),
        Input({"type": ids.DISPATCH_UNIT, "unit": ALL}, "n_clicks"),
        State(ids.CONSOLE_SELECTED, "data"),
        State({"type": ids.ROUTE_DEPARTMENT, "case": ALL}, "value"),
        prevent_initial_call=True,
    )
    def act(_actions, _units, selected, departments):  # noqa: ANN001, ANN202
        trigger = ctx.triggered_id
        if not selected or not trigger or not ctx.triggered[0]["value"]:
            return no_update, no_update  # a button was just drawn, not clicked
        principal = current_principal(runtime)
        if trigger["type"] == ids.DISPATCH_UNIT:
            action, data = "dispatch", {"unit_id": trigger["unit"]}
        else:
            action, data = action_data(trigger["action"], runtime.clock.now())
            if action == "route":
                data = {"department": next(iter(departments), None)}
        if principal is None or not principal.may(f"cases:{action}"):
            return _message(t("console.refused", reason="权限不足 / not allowed"), "error"), no_update
        try:
            with runtime.store.transaction() as session:
                do_case_action(session, selected["id"], action, expected_version=selected["version"],
                               clock=runtime.clock, actor=principal.name, data=data, policies=runtime.policies)
        except VersionConflict as conflict:
            current = conflict.current
            text = t("console.conflict", actor=_last_actor(runtime, selected["id"]),
                     status=t(f"status.{current['status']}"))
            return _message(text, "warning"), {"at": runtime.clock.now().isoformat()}
        except (InvalidTransition, UnitUnavailable, NotFound, ValueError) as refused:
            return _message(t("console.refused", reason=str(refused)), "error"), {"at": runtime.clock.now().isoformat()}
        return _message(t("console.done", action=t(f"action.{action}")), "ok"), {"at": runtime.clock.now().isoformat()}


def action_data(button: str, now) -> tuple[str, dict]:  # noqa: ANN001
    """A one-click button's action and the data it implies (a visit's answer, a supervision's deadline)."""
    action, _, option = button.partition(":")
    if action == "visit":
        return action, {"satisfaction": option}
    if action == "supervise":
        return action, {"deadline": default_supervision_deadline(now).isoformat()}
    return action, {}


def _last_actor(runtime: Runtime, case_id: str) -> str:
    from casework.queries import case_with_history

    with runtime.store.reading() as session:
        case = case_with_history(session, case_id)
    return case["history"][-1]["actor"] if case and case["history"] else "?"


def _message(text: str, kind: str) -> html.Div:
    return html.Div(text, className=f"message message-{kind}")
