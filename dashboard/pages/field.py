"""`/field`: a unit's phone page. Report accepted / en route / on site / finished, with GPS."""
from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update

from casework.access import Principal
from casework.actions import NotFound, do_unit_status
from casework.queries import assigned_case, list_units
from realtime.runtime import Runtime

from .. import ids
from ..auth import current_principal

REPORTS = (("accepted", "接单"), ("en_route", "出发"), ("on_site", "到场"), ("finished", "完成"))
UNIT_STATUS_LABELS = {"available": "待命", "accepted": "已接单", "en_route": "途中", "on_site": "在现场",
                      "off_duty": "不在岗"}


def layout(*, runtime: Runtime, principal: Principal | None, t) -> html.Div:  # noqa: ANN001
    if principal is None or not principal.may("units:report"):
        return html.Div(className="console-login", children=[
            html.A("请先登录 · Sign in", href="/login?next=/field", className="login-link")])
    with runtime.store.reading() as session:
        units = list_units(session)
    return html.Div(className="field", children=[
        dcc.Store(id=ids.FIELD_POSITION),
        html.H1("现场处置 · 智慧大脑"),
        dcc.Dropdown(id=ids.FIELD_UNIT, options=[{"label": u["name"], "value": u["id"]} for u in units],
                     placeholder="选择本单位 / pick your unit", clearable=False, className="field-unit"),
        html.Div(id=ids.FIELD_STATUS, className="field-status"),
        html.Div(id=ids.FIELD_CASE, className="field-case"),
        html.Div(className="field-buttons", children=[
            html.Button(label, id={"type": ids.FIELD_REPORT, "status": status}, n_clicks=0,
                        className=f"field-button field-{status}") for status, label in REPORTS]),
        html.Div(id=ids.FIELD_MESSAGE, className="field-message"),
    ])


def register(app: Dash, runtime: Runtime) -> None:
    @app.callback(
        Output(ids.FIELD_STATUS, "children"),
        Output(ids.FIELD_CASE, "children"),
        Output(ids.FIELD_MESSAGE, "children"),
        Input(ids.FIELD_UNIT, "value"),
        Input({"type": ids.FIELD_REPORT, "status": ALL}, "n_clicks"),
        State(ids.FIELD_POSITION, "data"),
        prevent_initial_call=True,
    )
    def report(unit_id, _clicks, position):  # noqa: ANN001, ANN202
        if not unit_id:
            return no_update, no_update, no_update
        principal = current_principal(runtime)
        message = ""
        trigger = ctx.triggered_id
        if isinstance(trigger, dict) and ctx.triggered[0]["value"]:
            if principal is None or not principal.may("units:report"):
                return no_update, no_update, "未登录或无权限"
            lon, lat = (position or {}).get("lon"), (position or {}).get("lat")
            try:
                with runtime.store.transaction() as session:
                    do_unit_status(session, unit_id, trigger["status"], clock=runtime.clock,
                                   actor=principal.name, lon=lon, lat=lat, policies=runtime.policies)
                message = "已上报" + ("（含定位）" if lon is not None else "")
            except (NotFound, ValueError) as refused:
                message = f"上报失败：{refused}"
        with runtime.store.reading() as session:
            unit = next((u for u in list_units(session) if u["id"] == unit_id), None)
            assigned = assigned_case(session, unit_id)
        status = html.Span(f"当前状态：{UNIT_STATUS_LABELS.get(unit['status'], unit['status'])}" if unit else "", className="field-now")
        card = (html.Div([html.H2(assigned["title"]), html.P(assigned.get("address") or "")])
                if assigned else html.P("暂无派单任务"))
        return status, card, message
