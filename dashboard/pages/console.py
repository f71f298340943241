"""`/console`: duty officers' queue and case panel, live from Socket.IO, one click per action."""
from __future__ import annotations

import json

import dash_ag_grid as dag
from dash import ALL, MATCH, ClientsideFunction, Dash, Input, Output, State, ctx, dcc, html, no_update

from casework.access import Principal
from casework.actions import NotFound, UnitUnavailable, VersionConflict, do_case_action
from casework.marks import default_supervision_deadline
from casework.saved_views import ViewRefused, delete_view, save_view
from casework.taxonomy import load_categories
from casework.transitions import InvalidTransition
from realtime.runtime import Runtime

from .. import ids
from ..auth import current_principal
from ..i18n.console import CONSOLE_MESSAGES
from ..components.case_panel import case_panel, dispatch_bar
from ..viewmodels import case_panel as case_panel_data
from ..viewmodels import category_options, dispatch_choice, place_names, queue_views

CHANNELS = ("hotline12345", "police110", "grid", "window", "online", "open311", "camera", "import")


GRID_THEME = ("themeQuartz.withParams({backgroundColor: '#111f33', foregroundColor: '#e6edf7', "
              "headerBackgroundColor: '#0b1a2c', headerTextColor: '#9fdcff', borderColor: '#23406a', "
              "rowHoverColor: '#1a3152', selectedRowBackgroundColor: '#1f4a7a', accentColor: '#35d0ff', "
              "oddRowBackgroundColor: '#0f1c2f', fontFamily: 'inherit', fontSize: 15})")


def _columns(t) -> list[dict]:  # noqa: ANN001
    return [
        # the insight risk level when the case carries one (red rows first); blank until then
        {"field": "risk_level", "colId": "risk", "headerName": t("col.risk"), "width": 100, "sort": "desc",
         "sortIndex": 0, "comparator": {"function": "sbRiskCompare"},
         "valueFormatter": {"function": "SB.risk(params.value)"},
         "cellClass": {"function": "'risk-cell risk-' + (params.value || 'none')"}},
        {"field": "urgency", "headerName": t("col.urgency"), "width": 100, "sort": "desc", "sortIndex": 1,
         "comparator": {"function": "sbUrgencyCompare"},
         "valueFormatter": {"function": "SB.urgency(params.value)"},
         "cellClassRules": {"cell-urgent": "params.value !== 'normal'"}},
        {"field": "title", "headerName": t("col.title"), "flex": 2, "minWidth": 200},
        {"field": "channel", "headerName": t("col.channel"), "width": 104,
         "valueFormatter": {"function": "SB.channel(params.value)"}},
        {"field": "category", "headerName": t("col.category"), "width": 124},
        {"field": "township_code", "headerName": t("col.place"), "width": 140,
         "valueGetter": {"function": "SB.place(params.data)"}},
        {"field": "status", "headerName": t("col.status"), "width": 104,
         "valueFormatter": {"function": "SB.status(params.value)"},
         "cellClass": {"function": "'status-cell status-' + params.value"}},
        {"field": "received_at", "headerName": t("col.received"), "width": 92, "sort": "desc", "sortIndex": 2,
         "valueFormatter": {"function": "params.value ? params.value.slice(11, 16) : ''"}},
        {"colId": "age", "headerName": t("col.age"), "width": 88,
         "valueGetter": {"function": "SB.age(params.data)"},
         "cellClassRules": {"cell-late": "SB.ageSeconds(params.data) > 180"}},
        # the earliest running SLA deadline, counting down in the browser (red: breached; amber: warned)
        {"colId": "deadline", "headerName": t("col.deadline"), "width": 104,
         "valueGetter": {"function": "SB.deadlineSeconds(params.data)"},
         "valueFormatter": {"function": "SB.countdown(params.value)"},
         "cellClassRules": {"cell-breached": "SB.deadlineState(params.data) === 'breached'",
                            "cell-warning": "SB.deadlineState(params.data) === 'warning'"}},
    ]


def layout(*, runtime: Runtime, principal: Principal | None, t) -> html.Div:  # noqa: ANN001
    if principal is None or not principal.may("live:console"):
        return html.Div(className="console-login", children=[
            html.A("请先登录 · Sign in", href="/login?next=/console", className="login-link")])
    labels = {key: t(key) for key in CONSOLE_MESSAGES["zh-CN"]
              if key.startswith(("status.", "channel.", "urgency.", "deadline.", "risk."))}
    views = queue_views(runtime, principal)
    return html.Div(
        id=ids.CONSOLE_ROOT, className="console",
        # live batches go to window.SmartBrainConsole (assets/console.js), which writes them into the grid:
        # no Dash callback per batch (Dash keeps every set_props in its undo history, for the whole shift)
        **{"data-live-room": "console", "data-live-render": "SmartBrainConsole", "data-live-auth": "session",
           "data-places": json.dumps(place_names(runtime), ensure_ascii=False),
           "data-labels": json.dumps(labels, ensure_ascii=False)},
        children=[
            dcc.Store(id=ids.CONSOLE_SELECTED), dcc.Store(id=ids.CONSOLE_REFRESH),
            dcc.Store(id=ids.CONSOLE_VIEW_DRAFT), dcc.Store(id=ids.CONSOLE_VIEW_DEFS, data=views),
            # Plotly loads once the queue shows (assets/console.js), so the first case opened in a shift
            # does not wait for it and the queue's first paint does not either
            html.Div(id=ids.CONSOLE_PRELOAD, className="plotly-preload"),
            html.Header(className="console-header", children=[
                html.Span(f"{t('brand')} · {t('console.title')}", className="console-brand"),
                html.Span(t("wall.connecting"), id=ids.CONSOLE_STATUS, className="console-status connecting",
                          **{"data-live-status": "console-status", "data-live": t("wall.live"),
                             "data-stale": t("wall.stale")}),
                html.Span(className="console-count", children=[
                    t("console.open"), " ", html.B("–", id=ids.CONSOLE_OPEN_COUNT)]),
                html.Span(keys_hint(principal, t), className="console-keys"),
                html.Span(t("console.signed_in", name=principal.name), className="console-user"),
                html.Form(html.Button(t("console.logout"), className="logout"), method="post", action="/logout"),
            ]),
            html.Main(className="console-body", children=[
                html.Section(className="queue", children=[
                    _views_row(views, t),
                    _filters_row(runtime, t),
                    dag.AgGrid(
                        id=ids.CONSOLE_GRID, rowData=[], columnDefs=_columns(t),
                        getRowId="params.data.id",
                        defaultColDef={"sortable": True, "filter": False, "resizable": True},
                        dashGridOptions={"rowSelection": {"mode": "singleRow", "checkboxes": False,
                                                          "enableClickSelection": True},
                                         "theme": {"function": GRID_THEME},
                                         "animateRows": False, "rowHeight": 40, "headerHeight": 40,
                                         "getRowClass": {"function": "SB.rowClass(params)"},
                                         "isExternalFilterPresent": {"function": "SB.filterActive()"},
                                         "doesExternalFilterPass": {"function": "SB.passes(params.data)"}},
                        className="queue-grid", style={"height": "100%"},
                    ),
                ]),
                html.Section(className="panel-side", children=[
                    html.Div(id=ids.CONSOLE_MESSAGE, className="console-message", **{"aria-live": "polite"}),
                    html.Div(case_panel(None, t), id=ids.CONSOLE_PANEL),
                ]),
            ]),
        ],
    )


def keys_hint(principal: Principal, t) -> str:  # noqa: ANN001
    """The keys this officer can use (assets/console.js): a key for an action they may not take is not shown."""
    keys = [t(f"keys.{action}") for action in ("sign", "dispatch", "route", "contact")
            if principal.may(f"cases:{action}")]
    return t("keys.title") + " · ".join([*keys, t("keys.search"), t("keys.escape")])


def _views_row(views: list[dict], t) -> html.Div:  # noqa: ANN001
    return html.Div(className="queue-views", children=[
        html.Span(t("view.label"), className="views-label"),
        html.Div(view_chips(views, t), id=ids.CONSOLE_VIEWS, className="view-chips"),
        dcc.Input(id=ids.CONSOLE_VIEW_NAME, type="text", placeholder=t("view.name"), maxLength=40,
                  debounce=False, className="view-name"),
        html.Button(t("view.save"), id=ids.CONSOLE_VIEW_SAVE, n_clicks=0, className="view-save"),
    ])


def view_chips(views: list[dict], t) -> list[html.Span]:  # noqa: ANN001
    chips = [html.Button(t("view.all"), id={"type": ids.VIEW_CHIP, "view": "builtin:all"}, n_clicks=0,
                         className="view-chip")]
    for view in views:
        name = t(f"view.{view['id']}") if view["builtin"] else view["name"]
        button = html.Button(name, id={"type": ids.VIEW_CHIP, "view": view["id"]}, n_clicks=0,
                             className="view-chip" + (" view-builtin" if view["builtin"] else " view-own"))
        if view["builtin"]:
            chips.append(button)
        else:
            chips.append(html.Span(className="view-own-wrap", children=[
                button, html.Button("×", id={"type": ids.VIEW_DELETE, "view": view["id"]}, n_clicks=0,
                                    className="view-delete", title=t("view.delete", name=name),
                                    **{"aria-label": t("view.delete", name=name)})]))
    return chips


def _filters_row(runtime: Runtime, t) -> html.Div:  # noqa: ANN001
    region = runtime.region
    return html.Div(className="queue-filters", children=[
        dcc.Dropdown(id=ids.CONSOLE_FILTER_STATUS, placeholder=t("filter.status"), multi=True,
                     options=[{"label": t(f"status.{s}"), "value": s}
                              for s in ("received", "signed", "dispatched", "on_site", "returned")],
                     className="queue-filter queue-status"),
        dcc.Dropdown(id=ids.CONSOLE_FILTER_TOWNSHIP, placeholder=t("filter.township"), clearable=True,
                     options=[{"label": town["name"], "value": town["code"]} for town in region.townships],
                     className="queue-filter queue-township"),
        dcc.Dropdown(id=ids.CONSOLE_FILTER_CHANNEL, placeholder=t("filter.channel"), clearable=True,
                     options=[{"label": t(f"channel.{c}"), "value": c} for c in CHANNELS],
                     className="queue-filter queue-channel"),
        dcc.Dropdown(id=ids.CONSOLE_FILTER_CATEGORY, placeholder=t("filter.category"), clearable=True,
                     options=list(load_categories().first_level), className="queue-filter queue-category"),
        dcc.Checklist(id=ids.CONSOLE_FILTER_FLAGS, value=[], inline=True, className="queue-flags",
                      options=[{"label": t("filter.overdue"), "value": "overdue"},
                               {"label": t("filter.urgent"), "value": "urgent"}]),
        dcc.Input(id=ids.CONSOLE_FILTER_TEXT, type="search", placeholder=t("filter.search") + "  /",
                  debounce=False, className="queue-search"),
    ])


def register(app: Dash, runtime: Runtime, t) -> None:  # noqa: ANN001
    """Live rows, the open count and Plotly's preload are written by assets/console.js without a callback;
    `console-refresh` is bumped from there only when someone else changed the case in the panel."""
    filters = [Input(i, "value") for i in FILTERS]
    app.clientside_callback(
        ClientsideFunction(namespace="console", function_name="filter"),
        Output(ids.CONSOLE_GRID, "dashGridOptions"),
        *filters,
        prevent_initial_call=True,
    )

    # picking a view sets the filters (the filter callback above applies them) and the grid's sort
    app.clientside_callback(
        ClientsideFunction(namespace="console", function_name="pickView"),
        *[Output(i, "value", allow_duplicate=True) for i in FILTERS],
        Output({"type": ids.VIEW_CHIP, "view": ALL}, "className"),
        Input({"type": ids.VIEW_CHIP, "view": ALL}, "n_clicks"),
        State(ids.CONSOLE_VIEW_DEFS, "data"),
        prevent_initial_call=True,
    )

    # saving reads the filters here and the sort from the grid in the browser, then the server stores it
    app.clientside_callback(
        ClientsideFunction(namespace="console", function_name="draftView"),
        Output(ids.CONSOLE_VIEW_DRAFT, "data"),
        Input(ids.CONSOLE_VIEW_SAVE, "n_clicks"),
        Input(ids.CONSOLE_VIEW_NAME, "n_submit"),
        State(ids.CONSOLE_VIEW_NAME, "value"),
        *[State(i, "value") for i in FILTERS],
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.CONSOLE_VIEWS, "children"),
        Output(ids.CONSOLE_VIEW_DEFS, "data"),
        Output(ids.CONSOLE_VIEW_NAME, "value"),
        Output(ids.CONSOLE_MESSAGE, "children", allow_duplicate=True),
        Input(ids.CONSOLE_VIEW_DRAFT, "data"),
        Input({"type": ids.VIEW_DELETE, "view": ALL}, "n_clicks"),
        prevent_initial_call=True,
    )
    def keep_views(draft, _deletes):  # noqa: ANN001, ANN202
        principal = current_principal(runtime)
        trigger = ctx.triggered_id
        if principal is None or not principal.may("live:console") or not ctx.triggered[0]["value"]:
            return no_update, no_update, no_update, no_update
        if trigger == ids.CONSOLE_VIEW_DRAFT and not (draft.get("name") or "").strip():
            return no_update, no_update, no_update, _message(t("view.need_name"), "warning")
        try:
            with runtime.store.transaction() as session:
                if trigger == ids.CONSOLE_VIEW_DRAFT:
                    saved = save_view(session, principal.name, draft.get("name") or "", filters=draft["filters"],
                                      sort=draft["sort"], clock=runtime.clock)
                    text, name = t("view.saved", name=saved["name"]), ""
                else:
                    delete_view(session, principal.name, trigger["view"])
                    text, name = t("view.deleted"), no_update
        except ViewRefused as refused:
            return no_update, no_update, no_update, _message(t("view.refused", reason=str(refused)), "error")
        views = queue_views(runtime, principal)
        return view_chips(views, t), views, name, _message(text, "ok")

    @app.callback(
        Output(ids.CONSOLE_PANEL, "children"),
        Output(ids.CONSOLE_SELECTED, "data"),
        Output(ids.CONSOLE_MESSAGE, "children", allow_duplicate=True),
        Input(ids.CONSOLE_GRID, "selectedRows"),
        Input(ids.CONSOLE_REFRESH, "data"),
        State(ids.CONSOLE_SELECTED, "data"),
        prevent_initial_call=True,
    )
    def show_case(selected_rows, _refresh, selected):  # noqa: ANN001, ANN202
        principal = current_principal(runtime)
        if principal is None:
            return no_update, no_update, no_update
        if ctx.triggered_id == ids.CONSOLE_GRID:
            case_id = selected_rows[0]["id"] if selected_rows else None
        else:
            case_id = (selected or {}).get("id")
        # the last action's message belongs to the case it was about: another case starts without it
        message = "" if case_id != (selected or {}).get("id") else no_update
        if not case_id:
            return case_panel(None, t), None, message
        data = case_panel_data(runtime, case_id, principal)
        if data and selected and (data["id"], data["version"]) == (selected["id"], selected["version"]):
            # the panel already shows this version (the officer's own action and its live echo, a live update
            # of the row, a second click): redrawing would only rebuild it under their hands
            return no_update, no_update, no_update
        panel = case_panel(data, t, region=runtime.region.name,
                           category_options=category_options() if data and data["may_classify"] else None)
        return panel, ({"id": data["id"], "version": data["version"]} if data else None), message

    # the taxonomy has hundreds of paths: the picker gets the ones matching what the officer types
    @app.callback(
        Output({"type": ids.CLASSIFY_PICK, "case": MATCH}, "options"),
        Input({"type": ids.CLASSIFY_PICK, "case": MATCH}, "search_value"),
        State({"type": ids.CLASSIFY_PICK, "case": MATCH}, "value"),
        State({"type": ids.CLASSIFY_PICK, "case": MATCH}, "options"),
        prevent_initial_call=True,
    )
    def classify_options(search, value, shown):  # noqa: ANN001, ANN202
        if not search:
            return no_update
        options = category_options(search, keep=value)
        return options if options != shown else no_update  # the same list again would redraw it for nothing

    @app.callback(
        Output({"type": ids.DISPATCH_BAR, "case": MATCH}, "children"),
        Input({"type": ids.CASE_MAP, "case": MATCH}, "clickData"),
        prevent_initial_call=True,
    )
    def pick_unit_on_map(click):  # noqa: ANN001, ANN202
        principal = current_principal(runtime)
        point = (click or {}).get("points", [{}])[0]
        unit_id = point.get("customdata")
        if principal is None or not isinstance(unit_id, str):
            return no_update  # a click on the map's background or on the case itself
        unit = dispatch_choice(runtime, ctx.triggered_id["case"], unit_id, principal)
        return dispatch_bar(unit, t, picked=True) if unit else no_update

    @app.callback(
        Output(ids.CONSOLE_MESSAGE, "children"),
        Output(ids.CONSOLE_REFRESH, "data", allow_duplicate=True),
        Input({"type": ids.CASE_ACTION, "action": ALL}, "n_clicks"),
        Input({"type": ids.DISPATCH_UNIT, "unit": ALL}, "n_clicks"),
        Input({"type": ids.DISPATCH_PICKED, "unit": ALL}, "n_clicks"),
        State(ids.CONSOLE_SELECTED, "data"),
        State({"type": ids.ROUTE_DEPARTMENT, "case": ALL}, "value"),
        State({"type": ids.CLASSIFY_PICK, "case": ALL}, "value"),
        prevent_initial_call=True,
    )
    def act(_actions, _units, _picked, selected, departments, categories):  # noqa: ANN001, ANN202
        trigger = ctx.triggered_id
        if not selected or not trigger or not ctx.triggered[0]["value"]:
            return no_update, no_update  # a button was just drawn, not clicked
        principal = current_principal(runtime)
        if trigger["type"] in (ids.DISPATCH_UNIT, ids.DISPATCH_PICKED):
            action, data = "dispatch", {"unit_id": trigger["unit"]}
        else:
            action, data = action_data(trigger["action"], runtime.clock.now())
            if action == "route":
                data = {"department": next(iter(departments), None)}
            elif action == "classify":
                data = {"category": next(iter(categories), None)}
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


FILTERS = (ids.CONSOLE_FILTER_STATUS, ids.CONSOLE_FILTER_TOWNSHIP, ids.CONSOLE_FILTER_CHANNEL,
           ids.CONSOLE_FILTER_CATEGORY, ids.CONSOLE_FILTER_FLAGS, ids.CONSOLE_FILTER_TEXT)


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
