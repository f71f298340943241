"""The leaders' briefing: a period's figures against the previous period and the same period last year.

Every figure is an aggregate computed in SQL (GROUP BY, window functions), one definition each; the
six rates and on-time rates come from casework.rates. The cases a period is about are the ones
*received* in it, less merged (`received_in`), as for the rates.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, literal_column, or_, select, union
from sqlalchemy.orm import Session

from .briefing_period import Period, previous, same_period_last_year
from .clock import iso_local
from .early_warnings import warnings_in_period
from .models import Case, SlaClockRow
from .privacy import mask_name, mask_phone, mask_text
from .rates import COUNTED, RateDefinition, on_time_rates, received_in, six_rates, six_rates_by
from .transitions import OPEN_STATUSES

DIMENSIONS = ("channel", "category", "township_code", "department")
MIN_CASES_TO_RANK = 10  # a unit with fewer cases in the period is listed apart, never in a league
LEAGUE_SIZE = 5
LIST_LIMIT = 50
DRILL_LIMIT = 200

# the briefing's own figures, defined once like the rates (numerator, denominator)
FIGURES = (
    RateDefinition("handling", "平均办理时长", "average handling time",
                   "hours from receipt to resolution (办结), summed over the period's resolved cases",
                   "those cases"),
    RateDefinition("satisfaction", "满意率", "satisfaction rate",
                   "visit-backs answered satisfied or basically satisfied", "cases visited back (回访)"),
    RateDefinition("repeats", "重复诉求", "repeat demands",
                   "cases with an earlier case in the period from the same phone, or from the same village about "
                   "the same category", "—"),
    RateDefinition("repeat_callers", "重复来电人", "repeat callers",
                   "phone numbers with two or more cases in the period", "—"),
    RateDefinition("attention", "超期与提级", "overdue and escalated",
                   "cases escalated or supervised (督办) in the period, with an SLA breach in the period, or still "
                   "open past a deadline at the period's end", "—"),
)


def _seconds_between(session: Session, later: Any, earlier: Any) -> Any:
    if session.get_bind().dialect.name == "sqlite":
        return (func.julianday(later) - func.julianday(earlier)) * 86400.0
    return func.extract("epoch", later - earlier)


def handling_time(session: Session, start: datetime, end: datetime) -> dict[str, Any]:
    seconds = _seconds_between(session, Case.resolved_at, Case.received_at)
    count, average = session.execute(
        select(func.count(), func.avg(seconds)).where(received_in(start, end), COUNTED["resolved"])).one()
    return {"resolved": int(count or 0), "hours": None if average is None else float(average) / 3600}


def satisfaction(session: Session, start: datetime, end: datetime) -> dict[str, Any]:
    rows = dict(session.execute(select(Case.satisfaction, func.count())
                                .where(received_in(start, end), COUNTED["visited"])
                                .group_by(Case.satisfaction)).all())
    answers = {key: int(rows.get(key) or 0) for key in ("satisfied", "basic", "dissatisfied")}
    visited = sum(int(v) for v in rows.values())
    pleased = answers["satisfied"] + answers["basic"]
    return {**answers, "visited": visited, "numerator": pleased, "denominator": visited,
            "rate": pleased / visited if visited else None}


def _grouping(session: Session, column: Any) -> Any:
    # partitions need equality only: on PostgreSQL sort them bytewise, not by the locale's collation
    return column.collate("C") if session.get_bind().dialect.name == "postgresql" else column


def _repeat_ranks(session: Session, start: datetime, end: datetime) -> Any:
    """Each case of the period with its rank among the same phone's and the same village+category's."""
    order = (Case.received_at, Case.id)
    phone, village, category = (_grouping(session, c) for c in (Case.reporter_phone, Case.village_code, Case.category))
    return select(
        Case.id.label("id"), Case.reporter_phone.label("phone"), Case.village_code.label("village"),
        Case.category.label("category"),
        func.row_number().over(partition_by=phone, order_by=order).label("by_caller"),
        func.row_number().over(partition_by=(village, category), order_by=order).label("by_place"),
    ).where(received_in(start, end)).subquery()


def _is_repeat(ranks: Any) -> Any:
    return or_(and_(ranks.c.phone.is_not(None), ranks.c.by_caller > 1),
               and_(ranks.c.village.is_not(None), ranks.c.category.is_not(None), ranks.c.by_place > 1))


def repeats(session: Session, start: datetime, end: datetime, *, top: int = 10) -> dict[str, Any]:
    """Repeat demands (重复诉求) and repeat callers, the simple way: same phone, or same village and
    category, within the period. insight may refine what "the same demand" means; this stays the one
    definition the briefing counts."""
    ranks = _repeat_ranks(session, start, end)
    demands = session.scalar(select(func.count()).select_from(ranks).where(_is_repeat(ranks))) or 0
    phone = _grouping(session, Case.reporter_phone)
    callers = session.execute(select(phone.label("reporter_phone"), func.count().label("cases"))
                              .where(received_in(start, end), Case.reporter_phone.is_not(None))
                              .group_by(phone).having(func.count() >= 2)).all()
    busiest = sorted(callers, key=lambda row: (-row.cases, row.reporter_phone))[:top]
    return {"demands": int(demands), "callers": len(callers),
            "top_callers": [{"phone": mask_phone(row.reporter_phone), "cases": int(row.cases)} for row in busiest]}


def period_summary(session: Session, period: Period) -> dict[str, Any]:
    """The headline figures of one period."""
    start, end = period.start, period.end
    rates = six_rates(session, start, end)
    return {
        "period": period.as_query(),
        "received": rates["counts"]["received"],
        "counts": rates["counts"],
        "rates": rates["rates"],
        "on_time": on_time_rates(session, start, end),
        "handling": handling_time(session, start, end),
        "satisfaction": satisfaction(session, start, end),
        "repeats": repeats(session, start, end),
    }


def breakdowns(session: Session, period: Period) -> dict[str, dict[str, dict[str, Any]]]:
    """Counts and rates per channel, category, township and department (one GROUP BY each)."""
    return {dimension: six_rates_by(session, period.start, period.end, by=dimension) for dimension in DIMENSIONS}


def league(grouped: dict[str, dict[str, Any]], *, metric: str = "closure",
           min_cases: int = MIN_CASES_TO_RANK, size: int = LEAGUE_SIZE) -> dict[str, list[dict[str, Any]]]:
    """Best and worst units by one of the six rates (办结率 by default; for 回流率 and 投诉率 lower is
    better). A unit with fewer than `min_cases` received is listed apart in `too_small`, never ranked."""
    lower_is_better = metric in ("return", "complaint")
    rows, too_small = [], []
    for key, figures in grouped.items():
        rate = figures["rates"][metric]
        row = {"key": key, "received": figures["counts"]["received"], "rate": rate["rate"],
               "numerator": rate["numerator"], "denominator": rate["denominator"]}
        if key == "unassigned":
            continue
        (too_small if row["received"] < min_cases or rate["rate"] is None else rows).append(row)
    rows.sort(key=lambda r: ((r["rate"] if lower_is_better else -r["rate"]), -r["received"], r["key"]))
    for place, row in enumerate(rows, start=1):
        row["rank"] = place
    best = rows[:size]
    worst = list(reversed(rows[len(best):][-size:])) if len(rows) > size else []
    return {"metric": metric, "ranked": rows, "best": best, "worst": worst,
            "too_small": sorted(too_small, key=lambda r: (-r["received"], r["key"])), "min_cases": min_cases}


def _masked_row(row: Any, *, reasons: list[str] | None = None) -> dict[str, Any]:
    title = mask_text(row.title) or ""
    if row.reporter_name and len(row.reporter_name) > 1:
        title = title.replace(row.reporter_name, mask_name(row.reporter_name))
    result = {"id": row.id, "title": title, "channel": row.channel, "category": row.category,
              "township_code": row.township_code, "department": row.department, "status": row.status,
              "received_at": iso_local(row.received_at), "escalation_level": row.escalation_level,
              "leader": row.leader}
    if reasons is not None:
        result["reasons"] = reasons
    return result


_ROW_COLUMNS = (Case.id, Case.title, Case.reporter_name, Case.channel, Case.category, Case.township_code,
                Case.department, Case.status, Case.received_at, Case.escalation_level, Case.leader)


def _is_open() -> Any:
    # the statuses as literals, not bound values, so both engines can use the partial index of open cases
    # (ix_cases_open_deadline): a planner cannot prove that a bound list equals the index's own
    return Case.status.in_([literal_column(f"'{status}'") for status in OPEN_STATUSES])


def attention_cases(session: Session, period: Period, *, now: datetime, limit: int = LIST_LIMIT) -> dict[str, Any]:
    """Overdue and escalated cases with the leader in charge (领导包案). Listed: the period's escalations,
    supervisions and breaches first (highest escalation first), then the cases overdue the longest."""
    start, end = period.start, period.end
    breached = select(SlaClockRow.case_id.label("id")).where(SlaClockRow.breached_at >= start,
                                                             SlaClockRow.breached_at < end)
    flags = {
        "escalated": and_(Case.escalated_at >= start, Case.escalated_at < end),
        "supervised": and_(Case.supervised_at >= start, Case.supervised_at < end),
        "breached": Case.id.in_(breached),
        # still open past a deadline at the period's end (or now, for a period not over yet)
        "overdue": and_(_is_open(), Case.next_deadline < min(end, now), Case.received_at < end),
    }
    # unions of id sets, each found through its own index (an OR of the conditions scans the whole table)
    id_sets = [select(Case.id.label("id")).where(flags["escalated"]),
               select(Case.id.label("id")).where(flags["supervised"]), breached]
    of_the_period = union(*id_sets)
    overdue = select(Case.id.label("id")).where(flags["overdue"])
    total = session.scalar(select(func.count()).select_from(union(*id_sets, overdue).subquery())) or 0
    flag_columns = [case((condition, 1), else_=0).label(name) for name, condition in flags.items()]
    events = of_the_period.subquery()
    rows = list(session.execute(
        select(*_ROW_COLUMNS, *flag_columns).join(events, events.c.id == Case.id)
        .order_by(Case.escalation_level.desc(), Case.received_at.desc(), Case.id).limit(limit)).all())
    if len(rows) < limit:
        rows += session.execute(
            select(*_ROW_COLUMNS, *flag_columns).where(flags["overdue"], Case.id.not_in(select(events.c.id)))
            .order_by(Case.next_deadline, Case.id).limit(limit - len(rows))).all()
    return {"total": int(total),
            "cases": [_masked_row(r, reasons=[name for name in flags if getattr(r, name)]) for r in rows]}


def case_points(session: Session, period: Period) -> list[tuple[float, float]]:
    """Where the period's demands were (for the hotspot layer); cases without a position are left out."""
    return [(lon, lat) for lon, lat in session.execute(
        select(Case.lon, Case.lat).where(received_in(period.start, period.end), Case.lon.is_not(None),
                                         Case.lat.is_not(None)))]


def period_warnings(session: Session, period: Period, *, limit: int = LIST_LIMIT) -> list[dict[str, Any]]:
    """The early warnings raised in the period (insight's `early_warnings`, oldest first) and what became
    of the first case each one points at."""
    found = list(reversed(warnings_in_period(session, period.start, period.end)))[:limit]
    warnings = [{"id": w["id"], "raised_at": iso_local(datetime.fromisoformat(w["raised_at"])),
                 "kind": w["kind"], "level": w["level"], "summary": mask_text(w["summary"] or ""),
                 "township_code": w["township_code"], "case_id": (w["case_ids"] or [None])[0]}
                for w in found]
    case_ids = [w["case_id"] for w in warnings if w["case_id"]]
    statuses = dict(session.execute(select(Case.id, Case.status).where(Case.id.in_(case_ids))).all()) \
        if case_ids else {}
    for warning in warnings:
        warning["case_status"] = statuses.get(warning["case_id"])
    return warnings


MEASURES: dict[str, Any] = {"received": None, **COUNTED}


def cases_behind(session: Session, period: Period, *, dimension: str | None = None, value: str | None = None,
                 measure: str = "received", limit: int = DRILL_LIMIT) -> dict[str, Any]:
    """The cases behind a figure: the period's cases, optionally of one channel/category/township/
    department, counted by `measure` (a count of the rates, "repeat", "attention" or a satisfaction)."""
    if dimension is not None and dimension not in DIMENSIONS:
        raise ValueError(f"dimension must be one of {DIMENSIONS}")
    conditions = [received_in(period.start, period.end)]
    if dimension:
        column = getattr(Case, dimension)
        conditions.append(column.is_(None) if value in (None, "unassigned") else column == value)
    if measure == "repeat":
        ranks = _repeat_ranks(session, period.start, period.end)
        conditions.append(Case.id.in_(select(ranks.c.id).where(_is_repeat(ranks))))
    elif measure in ("satisfied", "basic", "dissatisfied"):
        conditions.append(and_(COUNTED["visited"], Case.satisfaction == measure))
    elif measure in MEASURES:
        if MEASURES[measure] is not None:
            conditions.append(MEASURES[measure])
    else:
        raise ValueError(f"measure must be one of {(*MEASURES, 'repeat', 'satisfied', 'basic', 'dissatisfied')}")
    total = session.scalar(select(func.count()).select_from(Case).where(*conditions)) or 0
    rows = session.execute(select(*_ROW_COLUMNS).where(*conditions)
                           .order_by(Case.received_at.desc(), Case.id).limit(limit)).all()
    return {"total": int(total), "cases": [_masked_row(r) for r in rows], "limit": limit}


def daily_received(session: Session, period: Period) -> dict[str, int]:
    """Cases received per local (Asia/Shanghai) day of the period, every day present (0 when none)."""
    if session.get_bind().dialect.name == "sqlite":
        day = func.date(Case.received_at, "+8 hours")  # Shanghai keeps no daylight saving
    else:
        day = func.to_char(func.timezone("Asia/Shanghai", Case.received_at), "YYYY-MM-DD")
    counts = dict(session.execute(select(day.label("day"), func.count())
                                  .where(received_in(period.start, period.end)).group_by(day)).all())
    days = (period.first + timedelta(days=n) for n in range(period.days))
    return {d.isoformat(): int(counts.get(d.isoformat()) or 0) for d in days}


def change(current: float | int | None, before: float | int | None) -> float | None:
    """Relative change (环比/同比) as a share: 0.12 is +12 %; None when there is nothing to compare with."""
    if current is None or before in (None, 0):
        return None
    return (current - before) / before


def briefing_panel(session: Session, period: Period, *, now: datetime) -> dict[str, Any]:
    """Everything /briefing shows for a period, in plain data."""
    before, last_year = previous(period), same_period_last_year(period)
    current = period_summary(session, period)
    by = breakdowns(session, period)
    by_before = {d: {k: v["counts"]["received"] for k, v in g.items()} for d, g in breakdowns(session, before).items()}
    by_last_year = {d: {k: v["counts"]["received"] for k, v in g.items()}
                    for d, g in breakdowns(session, last_year).items()}
    return {
        "period": period.as_query(), "previous_period": before.as_query(), "last_year_period": last_year.as_query(),
        "current": current,
        "previous": period_summary(session, before),
        "last_year": period_summary(session, last_year),
        "by": by, "by_previous": by_before, "by_last_year": by_last_year,
        "leagues": {"township_code": league(by["township_code"]), "department": league(by["department"])},
        "attention": attention_cases(session, period, now=now),
        "warnings": period_warnings(session, period),
    }

