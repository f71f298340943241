"""Plain data for the briefing page and its exports: the panel with names, hotspots, and the tables
behind every figure (one definition, shown on screen, printed to PDF and written to Excel)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from casework.briefing import FIGURES, briefing_panel, case_points, change, daily_received
from casework.briefing_period import Period
from casework.rates import ON_TIME, RATES
from geo.hotspots import bin_points
from realtime.runtime import Runtime

HOTSPOT_CELL_DEG = 0.01  # about 1 km
HOTSPOTS_SHOWN = 60
RATE_KEYS = tuple(r.key for r in RATES)


def briefing_data(runtime: Runtime, period: Period) -> dict[str, Any]:
    with runtime.store.reading() as session:
        panel = briefing_panel(session, period, now=runtime.clock.now())
        points = case_points(session, period)
        panel["daily"] = daily_received(session, period)
    panel["hotspots"] = bin_points(points, HOTSPOT_CELL_DEG)[:HOTSPOTS_SHOWN]
    panel["located"] = len(points)
    return panel


def township_names(runtime: Runtime) -> dict[str, str]:
    return {t["code"]: t["name"] for t in runtime.region.townships}


def rate_definition(key: str, t=None) -> str:  # noqa: ANN001
    """The exact definition shown on hover and printed under the table: the center's words when the
    language has them, else casework.rates' own."""
    if t is not None and t("briefing.lang") == "zh-CN" and t(f"rate.{key}.def") != f"rate.{key}.def":
        return t(f"rate.{key}.def")
    for definition in (*RATES, *ON_TIME, *FIGURES):
        if definition.key == key:
            if definition.denominator == "—":
                return f"{definition.en} = {definition.numerator}"
            return f"{definition.en} = {definition.numerator} ÷ {definition.denominator}"
    raise KeyError(key)


def fmt_share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def fmt_change(value: float | None) -> str:
    return "—" if value is None else f"{'+' if value >= 0 else ''}{value * 100:.1f}%"


def fmt_hours(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]
    note: str = ""


def headline_rows(panel: dict[str, Any], t) -> list[dict[str, Any]]:  # noqa: ANN001
    """One row per headline figure: value now, before, a year ago (numbers, not text)."""
    periods = (panel["current"], panel["previous"], panel["last_year"])
    rows = [{"key": "received", "label": t("briefing.received"), "kind": "count", "measure": "received",
             "values": [p["received"] for p in periods]}]
    for key in RATE_KEYS:
        rows.append({"key": key, "label": t(f"rate.{key}"), "kind": "share", "definition": rate_definition(key, t),
                     "measure": _RATE_MEASURE[key], "values": [p["rates"][key]["rate"] for p in periods],
                     "basis": [(p["rates"][key]["numerator"], p["rates"][key]["denominator"]) for p in periods]})
    for key in ("on_time_sign", "on_time_closure"):
        rows.append({"key": key, "label": t(f"rate.{key}"), "kind": "share", "definition": rate_definition(key, t),
                     "measure": None, "values": [p["on_time"][key]["rate"] for p in periods],
                     "basis": [(p["on_time"][key]["numerator"], p["on_time"][key]["denominator"]) for p in periods]})
    rows.append({"key": "handling", "label": t("briefing.handling"), "kind": "hours", "measure": "resolved",
                 "definition": rate_definition("handling", t), "values": [p["handling"]["hours"] for p in periods]})
    rows.append({"key": "satisfaction", "label": t("briefing.satisfaction"), "kind": "share", "measure": "visited",
                 "definition": rate_definition("satisfaction", t), "values": [p["satisfaction"]["rate"] for p in periods],
                 "basis": [(p["satisfaction"]["numerator"], p["satisfaction"]["denominator"]) for p in periods]})
    rows.append({"key": "repeats", "label": t("briefing.repeats"), "kind": "count", "measure": "repeat",
                 "definition": rate_definition("repeats", t), "values": [p["repeats"]["demands"] for p in periods]})
    rows.append({"key": "repeat_callers", "label": t("briefing.repeat_callers"), "kind": "count", "measure": "repeat",
                 "definition": rate_definition("repeat_callers", t), "values": [p["repeats"]["callers"] for p in periods]})
    return rows


# the count each rate's numerator is, so a click on a rate lists the cases behind it
_RATE_MEASURE = {"sign": "signed", "feedback": "contacted", "diversion": "dispatched", "return": "returned",
                 "closure": "resolved", "complaint": "complaints"}


def fmt_value(kind: str, value: Any) -> str:
    if kind == "share":
        return fmt_share(value)
    if kind == "hours":
        return fmt_hours(value)
    return "—" if value is None else f"{value:,}"


def _compare(now: Any, before: Any, kind: str) -> str:
    if kind == "share":
        if now is None or before is None:
            return "—"
        return f"{'+' if now >= before else ''}{(now - before) * 100:.1f}pt"
    return fmt_change(change(now, before))


def tables(panel: dict[str, Any], *, names: dict[str, str], t) -> list[Table]:  # noqa: ANN001
    """Every table behind the page's figures, in the page's order."""
    columns = [t("briefing.col.figure"), t("briefing.col.current"), t("briefing.col.previous"),
               t("briefing.col.mom"), t("briefing.col.last_year"), t("briefing.col.yoy")]
    result = [Table("headline", t("briefing.sheet.headline"), columns, [
        [row["label"], fmt_value(row["kind"], row["values"][0]), fmt_value(row["kind"], row["values"][1]),
         _compare(row["values"][0], row["values"][1], row["kind"]), fmt_value(row["kind"], row["values"][2]),
         _compare(row["values"][0], row["values"][2], row["kind"])] for row in headline_rows(panel, t)],
        note="；".join(rate_definition(k, t) for k in (*RATE_KEYS, "on_time_sign", "on_time_closure")))]

    total = panel["current"]["received"]
    for dimension in ("channel", "category", "township_code", "department"):
        label = labeller(dimension, names, t)
        grouped = panel["by"][dimension]
        headers = [t(f"briefing.dim.{dimension}"), t("briefing.col.current"), t("briefing.col.share"),
                   t("briefing.col.previous"), t("briefing.col.mom"), t("briefing.col.last_year"), t("briefing.col.yoy"),
                   t("rate.sign"), t("rate.closure"), t("rate.complaint")]
        keys = set(grouped) | set(panel["by_previous"][dimension]) | set(panel["by_last_year"][dimension])
        rows = []
        for key in sorted(keys, key=lambda k: (-(grouped.get(k, {}).get("counts", {}).get("received", 0)), k)):
            figures = grouped.get(key)
            now = figures["counts"]["received"] if figures else 0
            before = panel["by_previous"][dimension].get(key, 0)
            year = panel["by_last_year"][dimension].get(key, 0)
            rates = figures["rates"] if figures else None
            rows.append([label(key), now, fmt_share(now / total if total else None), before,
                         fmt_change(change(now, before)), year, fmt_change(change(now, year)),
                         *(fmt_share(rates[k]["rate"]) if rates else "—" for k in ("sign", "closure", "complaint"))])
        result.append(Table(dimension, t(f"briefing.sheet.{dimension}"), headers, rows))

    for dimension in ("township_code", "department"):
        label = labeller(dimension, names, t)
        league = panel["leagues"][dimension]
        headers = [t("briefing.col.rank"), t(f"briefing.dim.{dimension}"), t("briefing.col.current"),
                   t("rate.closure"), t("briefing.col.basis")]
        rows = [[r["rank"], label(r["key"]), r["received"], fmt_share(r["rate"]), f"{r['numerator']}/{r['denominator']}"]
                for r in league["ranked"]]
        rows += [[t("briefing.too_small"), label(r["key"]), r["received"], fmt_share(r["rate"]),
                  f"{r['numerator']}/{r['denominator']}"] for r in league["too_small"]]
        result.append(Table(f"league_{dimension}", t(f"briefing.sheet.league_{dimension}"), headers, rows,
                            note=t("briefing.league.note", n=league["min_cases"])))

    result.append(Table("attention", t("briefing.sheet.attention"), [
        t("briefing.col.id"), t("briefing.col.title"), t("briefing.dim.township_code"), t("briefing.dim.department"),
        t("briefing.col.status"), t("briefing.col.level"), t("briefing.col.leader"), t("briefing.col.reasons"),
        t("briefing.col.received")],
        [[c["id"], c["title"], names.get(c["township_code"] or "", c["township_code"] or "—"), c["department"] or "—",
          t(f"status.{c['status']}"), c["escalation_level"], c["leader"] or "—",
          "、".join(t(f"briefing.reason.{r}") for r in c["reasons"]), c["received_at"][:16].replace("T", " ")]
         for c in panel["attention"]["cases"]],
        note=t("briefing.attention.note", total=panel["attention"]["total"], shown=len(panel["attention"]["cases"]))))
    result.append(Table("repeat_callers", t("briefing.sheet.repeat_callers"),
                        [t("briefing.col.phone"), t("briefing.col.cases")],
                        [[r["phone"], r["cases"]] for r in panel["current"]["repeats"]["top_callers"]]))
    result.append(Table("hotspots", t("briefing.sheet.hotspots"),
                        [t("briefing.col.lon"), t("briefing.col.lat"), t("briefing.col.cases")],
                        [[lon, lat, n] for lon, lat, n in panel["hotspots"]]))
    result.append(Table("daily", t("briefing.sheet.daily"), [t("briefing.col.day"), t("briefing.col.cases")],
                        [[day, n] for day, n in panel["daily"].items()]))
    result.append(Table("warnings", t("briefing.sheet.warnings"), [
        t("briefing.col.raised"), t("briefing.col.kind"), t("briefing.col.level_w"), t("briefing.col.summary"),
        t("briefing.col.case"), t("briefing.col.outcome")],
        [[w["raised_at"][:16].replace("T", " "), w["kind"] or "—", w["level"] or "—", w["summary"] or "—",
          w["case_id"] or "—", t(f"status.{w['case_status']}") if w["case_status"] else "—"]
         for w in panel["warnings"]], note="" if panel["warnings"] else t("briefing.warnings.empty")))
    return result


def labeller(dimension: str, names: dict[str, str], t):  # noqa: ANN001, ANN202
    def label(key: str) -> str:
        if key == "unassigned":
            return t("briefing.unassigned")
        if dimension == "channel":
            return t(f"channel.{key}")
        if dimension == "township_code":
            return names.get(key, key)
        return key
    return label
