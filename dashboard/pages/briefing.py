"""`/briefing`: the leaders' weekly meeting page. A period against the one before and the same period
last year; click any figure to list the cases behind it; PDF, Excel and the monthly Word report."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

import dash_ag_grid as dag
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from casework.access import Principal
from casework.briefing import cases_behind
from casework.briefing_period import Period, last_full_month, last_full_week, month_of, previous, same_period_last_year
from realtime.runtime import Runtime

from .. import ids
from ..auth import current_principal
from ..briefing_view import briefing_data, fmt_value, headline_rows, labeller, township_names
from ..figures import briefing_charts as charts

GRAPHS = {ids.BRIEFING_CHANNEL: "channel", ids.BRIEFING_CATEGORY: "category",
          ids.BRIEFING_TOWNSHIP: "township_code", ids.BRIEFING_DEPARTMENT: "department"}
MONTHS_OFFERED = 24
SMALL_SHOWN = 8


def allowed(principal: Principal | None) -> bool:
    return principal is not None and principal.may("briefing:read")


def layout(*, runtime: Runtime, principal: Principal | None, t) -> html.Div:  # noqa: ANN001
    if not allowed(principal):
        return html.Div(className="briefing briefing-denied", children=[
            html.P(t("briefing.denied")),
            html.A(t("briefing.login"), href="/login?next=/briefing", className="briefing-button")])
    now = runtime.clock.now()
    week = last_full_week(now)
    month = last_full_month(now)
    months = [month]
    for _ in range(MONTHS_OFFERED - 1):
        months.append(month_of(months[-1].first - timedelta(days=1)))
    graph = {"config": charts.GRAPH_CONFIG, "className": "briefing-graph"}
    return html.Div(id=ids.BRIEFING_ROOT, className="briefing", children=[
        html.Header(className="briefing-header", children=[
            html.Div(className="briefing-brand", children=[
                html.Div(t("center"), className="briefing-center"),
                html.H1(t("briefing.title")),
            ]),
            html.Div(className="briefing-controls", children=[
                html.Label(t("briefing.period"), className="briefing-label"),
                dcc.DatePickerRange(id=ids.BRIEFING_RANGE, start_date=week.first.isoformat(),
                                    end_date=week.last.isoformat(), display_format="YYYY-MM-DD",
                                    first_day_of_week=1, minimum_nights=0, className="briefing-range"),
                html.Button(t("briefing.last_week"), id=ids.BRIEFING_LAST_WEEK, className="briefing-button ghost"),
                html.Button(t("briefing.last_month"), id=ids.BRIEFING_LAST_MONTH, className="briefing-button ghost"),
                html.Span(className="briefing-exports", children=[
                    html.A(t("briefing.pdf"), id=ids.BRIEFING_EXPORT_PDF, className="briefing-button export-pdf",
                           href=_export_href("briefing.pdf", week.as_query())),
                    html.A(t("briefing.xlsx"), id=ids.BRIEFING_EXPORT_XLSX, className="briefing-button export-xlsx",
                           href=_export_href("briefing.xlsx", week.as_query())),
                    dcc.Dropdown(id=ids.BRIEFING_MONTH, clearable=False, searchable=False, className="briefing-month",
                                 value=month.first.strftime("%Y-%m"),
                                 options=[{"label": f"{m.first.year}年{m.first.month}月", "value": m.first.strftime("%Y-%m")}
                                          for m in months]),
                    html.A(t("briefing.docx"), id=ids.BRIEFING_EXPORT_DOCX, className="briefing-button export-docx",
                           href=_export_href("report.docx", {"month": month.first.strftime("%Y-%m")})),
                ]),
            ]),
            html.Div(id=ids.BRIEFING_COMPARE, className="briefing-compare"),
            html.Div(id=ids.BRIEFING_ERROR, className="briefing-error"),
        ]),
        html.Main(className="briefing-body", children=[
            _section(t("briefing.section.overview"), [
                html.Div(id=ids.BRIEFING_KPIS, className="briefing-kpis"),
                html.H3(t("briefing.daily")),
                dcc.Graph(id=ids.BRIEFING_DAILY, **graph),
            ], wide=True),
            _section(t("briefing.section.structure"), [
                html.H3(t("briefing.sheet.channel")), dcc.Graph(id=ids.BRIEFING_CHANNEL, **graph),
                html.H3(t("briefing.sheet.category")), dcc.Graph(id=ids.BRIEFING_CATEGORY, **graph),
            ]),
            _section(t("briefing.section.regions"), [
                dcc.Graph(id=ids.BRIEFING_MAP, **graph),
                html.Div(t("briefing.map.caption"), className="briefing-caption"),
            ]),
            _section(t("briefing.sheet.township_code"), [dcc.Graph(id=ids.BRIEFING_TOWNSHIP, **graph)]),
            _section(t("briefing.sheet.department"), [dcc.Graph(id=ids.BRIEFING_DEPARTMENT, **graph)]),
            _section(t("briefing.section.leagues"), [html.Div(id=ids.BRIEFING_LEAGUES, className="briefing-leagues")],
                     wide=True),
            _section(t("briefing.section.attention"), [html.Div(id=ids.BRIEFING_ATTENTION)]),
            _section(t("briefing.section.warnings"), [html.Div(id=ids.BRIEFING_WARNINGS)]),
            _section(t("briefing.section.drill"), [
                html.Div(t("briefing.drill.hint"), id=ids.BRIEFING_DRILL_TITLE, className="briefing-drill-title"),
                dag.AgGrid(id=ids.BRIEFING_DRILL, rowData=[], columnDefs=_drill_columns(t),
                           defaultColDef={"sortable": True, "resizable": True, "filter": True},
                           dashGridOptions={"rowHeight": 34, "headerHeight": 36, "animateRows": False},
                           className="briefing-drill ag-theme-quartz", style={"height": "420px"}),
            ], wide=True),
        ]),
    ])


def _section(title: str, children: list[Any], *, wide: bool = False) -> html.Section:
    return html.Section(className="briefing-section" + (" wide" if wide else ""),
                        children=[html.H2(title), *children])


def _export_href(name: str, query: dict[str, str]) -> str:
    return f"/briefing/export/{name}?{urlencode(query)}"


def _drill_columns(t) -> list[dict[str, Any]]:  # noqa: ANN001
    return [
        {"field": "received_at", "headerName": t("briefing.col.received"), "width": 150},
        {"field": "title", "headerName": t("briefing.col.title"), "flex": 2, "minWidth": 260},
        {"field": "channel", "headerName": t("briefing.col.channel"), "width": 120},
        {"field": "category", "headerName": t("briefing.col.category"), "width": 130},
        {"field": "township", "headerName": t("briefing.dim.township_code"), "width": 140},
        {"field": "department", "headerName": t("briefing.dim.department"), "width": 140},
        {"field": "status", "headerName": t("briefing.col.status"), "width": 100},
        {"field": "leader", "headerName": t("briefing.col.leader"), "width": 110},
        {"field": "id", "headerName": t("briefing.col.id"), "width": 250},
    ]


def period_from(start: str | None, end: str | None) -> Period:
    return Period(date.fromisoformat(start[:10]), date.fromisoformat(end[:10]))


def _kpi(row: dict[str, Any], t) -> html.Div:  # noqa: ANN001
    now, before, year = row["values"]

    def compare(other: Any, word: str) -> html.Span:
        if now is None or other is None or (row["kind"] != "share" and not other):
            return html.Span(f"{word} —", className="cmp")
        delta = (now - other) * 100 if row["kind"] == "share" else (now - other) / other * 100
        unit = "pt" if row["kind"] == "share" else "%"
        return html.Span([f"{word} ", html.B(f"{delta:+.1f}{unit}", className="up" if delta > 0 else "down")],
                         className="cmp")

    basis = row.get("basis")
    tooltip = row.get("definition", "")
    if basis:
        tooltip += f"\n{t('briefing.col.basis')}：{basis[0][0]}/{basis[0][1]}"
    clickable = row.get("measure")
    return html.Div(
        id={"type": ids.BRIEFING_MEASURE, "measure": f"{row['key']}:{clickable or ''}"},
        className=f"briefing-kpi kpi-{row['key']}" + (" clickable" if clickable else ""), title=tooltip,
        n_clicks=0, children=[
            html.Div(row["label"], className="kpi-label"),
            html.Div(fmt_value(row["kind"], now), className="kpi-value"),
            html.Div([compare(before, t("briefing.vs_previous")), compare(year, t("briefing.vs_last_year"))],
                     className="kpi-compare"),
        ])


def _league(panel: dict[str, Any], dimension: str, *, names: dict[str, str], t) -> html.Div:  # noqa: ANN001
    league = panel["leagues"][dimension]
    label = labeller(dimension, names, t)

    def rows(items: list[dict[str, Any]], css: str) -> html.Ol:
        return html.Ol(className=f"league-list {css}", children=[
            html.Li(id={"type": ids.BRIEFING_UNIT, "dimension": dimension, "value": r["key"]}, n_clicks=0,
                    className="league-row", title=f"{r['numerator']}/{r['denominator']}", children=[
                        html.Span(str(r.get("rank", "")), className="league-rank"),
                        html.Span(label(r["key"]), className="league-name"),
                        html.Span(f"{r['received']}", className="league-count"),
                        html.Span(fmt_value("share", r["rate"]), className="league-rate")])
            for r in items] or [html.Li("—", className="league-empty")])

    return html.Div(className="league", children=[
        html.H3(t(f"briefing.sheet.league_{dimension}")),
        html.Div(className="league-columns", children=[
            html.Div([html.H4(t("briefing.best")), rows(league["best"], "best")]),
            html.Div([html.H4(t("briefing.worst")), rows(league["worst"], "worst")]),
            html.Div(title=t("briefing.too_small.title", n=league["min_cases"]), className="league-small", children=[
                html.H4(f"{t('briefing.too_small')}（<{league['min_cases']}）"),
                rows(league["too_small"][:SMALL_SHOWN], "small"),
                html.Div(t("briefing.more", n=len(league["too_small"]) - SMALL_SHOWN), className="league-more")
                if len(league["too_small"]) > SMALL_SHOWN else None]),
        ]),
    ])


def _attention(panel: dict[str, Any], *, names: dict[str, str], t) -> html.Div:  # noqa: ANN001
    attention = panel["attention"]
    header = html.Tr([html.Th(t(k)) for k in ("briefing.col.title", "briefing.dim.township_code",
                                              "briefing.dim.department", "briefing.col.status", "briefing.col.leader",
                                              "briefing.col.reasons")])
    body = [html.Tr([html.Td(c["title"]), html.Td(names.get(c["township_code"] or "", "—")),
                     html.Td(c["department"] or "—"), html.Td(t(f"status.{c['status']}")),
                     html.Td(c["leader"] or "—", className="leader" if c["leader"] else ""),
                     html.Td("、".join(t(f"briefing.reason.{r}") for r in c["reasons"]))])
            for c in attention["cases"][:12]]
    return html.Div([
        html.Div(t("briefing.attention.note", total=attention["total"], shown=min(12, len(attention["cases"]))),
                 id={"type": ids.BRIEFING_MEASURE, "measure": "attention:"}, n_clicks=0,
                 className="briefing-note"),
        html.Table(className="briefing-table", children=[html.Thead(header), html.Tbody(body)]),
    ])


def _warnings(panel: dict[str, Any], t) -> html.Div:  # noqa: ANN001
    if not panel["warnings"]:
        return html.Div(t("briefing.warnings.empty"), className="briefing-empty-state")
    return html.Table(className="briefing-table", children=[
        html.Thead(html.Tr([html.Th(t(k)) for k in ("briefing.col.raised", "briefing.col.level_w",
                                                    "briefing.col.summary", "briefing.col.outcome")])),
        html.Tbody([html.Tr([html.Td(w["raised_at"][5:16].replace("T", " ")), html.Td(w["level"] or "—"),
                             html.Td(w["summary"] or w["kind"] or "—"),
                             html.Td(t(f"status.{w['case_status']}") if w["case_status"] else "—")])
                    for w in panel["warnings"]])])


def register(app: Dash, runtime: Runtime, t) -> None:  # noqa: ANN001
    def permitted() -> None:
        if not allowed(current_principal(runtime)):
            raise PreventUpdate

    @app.callback(
        Output(ids.BRIEFING_RANGE, "start_date"), Output(ids.BRIEFING_RANGE, "end_date"),
        Input(ids.BRIEFING_LAST_WEEK, "n_clicks"), Input(ids.BRIEFING_LAST_MONTH, "n_clicks"),
        prevent_initial_call=True)
    def _quick(_week, _month):  # noqa: ANN001, ANN202
        now = runtime.clock.now()
        period = last_full_month(now) if ctx.triggered_id == ids.BRIEFING_LAST_MONTH else last_full_week(now)
        return period.first.isoformat(), period.last.isoformat()

    @app.callback(Output(ids.BRIEFING_EXPORT_DOCX, "href"), Input(ids.BRIEFING_MONTH, "value"))
    def _docx_href(month):  # noqa: ANN001, ANN202
        return _export_href("report.docx", {"month": month}) if month else no_update

    @app.callback(
        Output(ids.BRIEFING_KPIS, "children"), Output(ids.BRIEFING_DAILY, "figure"),
        Output(ids.BRIEFING_CHANNEL, "figure"), Output(ids.BRIEFING_CATEGORY, "figure"),
        Output(ids.BRIEFING_TOWNSHIP, "figure"), Output(ids.BRIEFING_DEPARTMENT, "figure"),
        Output(ids.BRIEFING_MAP, "figure"), Output(ids.BRIEFING_LEAGUES, "children"),
        Output(ids.BRIEFING_ATTENTION, "children"), Output(ids.BRIEFING_WARNINGS, "children"),
        Output(ids.BRIEFING_COMPARE, "children"), Output(ids.BRIEFING_ERROR, "children"),
        Output(ids.BRIEFING_EXPORT_PDF, "href"), Output(ids.BRIEFING_EXPORT_XLSX, "href"),
        Input(ids.BRIEFING_RANGE, "start_date"), Input(ids.BRIEFING_RANGE, "end_date"))
    def _render(start, end):  # noqa: ANN001, ANN202
        permitted()
        try:
            period = period_from(start, end)
        except (TypeError, ValueError) as invalid:
            return (*([no_update] * 11), t("briefing.bad_period", reason=invalid), no_update, no_update)
        panel = briefing_data(runtime, period)
        names = township_names(runtime)
        days = list(panel["daily"])
        township_counts = {k: v["counts"]["received"] for k, v in panel["by"]["township_code"].items()}
        figure = lambda dimension, **kw: charts.dimension_figure(  # noqa: E731
            panel, dimension, label=labeller(dimension, names, t), t=t, **kw)
        compare = t("briefing.compare", previous=previous(period).label(),
                    last_year=same_period_last_year(period).label())
        return (
            [_kpi(row, t) for row in headline_rows(panel, t)],
            charts.daily_line(days, [panel["daily"][d] for d in days], name=t("briefing.daily")),
            figure("channel", height=280), figure("category", height=320),
            figure("township_code", horizontal=True, height=560, top=20),
            figure("department", horizontal=True, height=560, top=20),
            charts.briefing_map(runtime.region.name, township_counts, panel["hotspots"],
                                hotspot_name=t("briefing.sheet.hotspots")),
            [_league(panel, "township_code", names=names, t=t), _league(panel, "department", names=names, t=t)],
            _attention(panel, names=names, t=t), _warnings(panel, t),
            f"{t('briefing.period')}：{period.label()} · {compare}", "",
            _export_href("briefing.pdf", period.as_query()), _export_href("briefing.xlsx", period.as_query()),
        )

    @app.callback(
        Output(ids.BRIEFING_DRILL, "rowData"), Output(ids.BRIEFING_DRILL_TITLE, "children"),
        Input(ids.BRIEFING_CHANNEL, "clickData"), Input(ids.BRIEFING_CATEGORY, "clickData"),
        Input(ids.BRIEFING_TOWNSHIP, "clickData"), Input(ids.BRIEFING_DEPARTMENT, "clickData"),
        Input(ids.BRIEFING_MAP, "clickData"),
        Input({"type": ids.BRIEFING_MEASURE, "measure": ALL}, "n_clicks"),
        Input({"type": ids.BRIEFING_UNIT, "dimension": ALL, "value": ALL}, "n_clicks"),
        State(ids.BRIEFING_RANGE, "start_date"), State(ids.BRIEFING_RANGE, "end_date"),
        prevent_initial_call=True)
    def _drill(*args):  # noqa: ANN002, ANN202
        permitted()
        start, end = args[-2], args[-1]
        trigger = ctx.triggered_id
        if trigger is None or not ctx.triggered or not ctx.triggered[0]["value"]:
            raise PreventUpdate
        names = township_names(runtime)
        try:
            period = period_from(start, end)
        except (TypeError, ValueError):
            raise PreventUpdate from None
        query = drill_query(trigger, ctx.triggered[0]["value"])
        if query is None:
            raise PreventUpdate
        dimension, value, measure, what = query
        if measure == "attention":
            raise PreventUpdate  # the attention table is the list itself
        with runtime.store.reading() as session:
            result = cases_behind(session, period, dimension=dimension, value=value, measure=measure)
        label = labeller(dimension, names, t) if dimension else None
        title = what(t) if callable(what) else (label(value) if label else t("briefing.drill.all"))
        rows = [{**c, "received_at": c["received_at"][:16].replace("T", " "), "channel": t(f"channel.{c['channel']}"),
                 "township": names.get(c["township_code"] or "", "—"), "status": t(f"status.{c['status']}"),
                 "department": c["department"] or "—", "leader": c["leader"] or ""} for c in result["cases"]]
        return rows, t("briefing.drill.title", what=title, total=result["total"], shown=len(rows))


def drill_query(trigger: Any, value: Any) -> tuple[str | None, str | None, str, Any] | None:
    """What a click asks for: (dimension, value, measure, title). Plain, so it can be tested."""
    if isinstance(trigger, dict) and trigger.get("type") == ids.BRIEFING_MEASURE:
        key, _, measure = trigger["measure"].partition(":")
        if not measure:
            return None
        return None, None, measure, lambda t: t(f"rate.{key}") if key in _RATE_LABELS else t(f"briefing.{key}")
    if isinstance(trigger, dict) and trigger.get("type") == ids.BRIEFING_UNIT:
        return trigger["dimension"], trigger["value"], "received", None
    if trigger == ids.BRIEFING_MAP:
        points = (value or {}).get("points") or []
        location = points[0].get("location") if points else None
        return ("township_code", location, "received", None) if location else None
    if trigger in GRAPHS:
        points = (value or {}).get("points") or []
        key = points[0].get("customdata") if points else None
        return (GRAPHS[trigger], key, "received", None) if key else None
    return None


_RATE_LABELS = ("sign", "feedback", "diversion", "return", "closure", "complaint", "on_time_sign", "on_time_closure")
