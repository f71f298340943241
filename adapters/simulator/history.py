"""Generated case history: many closed cases over weeks or years, a few open, with SLA clocks. The demo
seeds a few weeks of it so the leaders' briefing has a past (`seed_history`); the briefing benchmark
loads a million rows.

Rows are built as plain tuples and written with bulk Core inserts (SQLite) or COPY (PostgreSQL), never
through the ORM. Deterministic for a seed. Times are spread evenly over [first, last) with a weekly and
daily rhythm; ~97 % are signed, ~90 % routed or dispatched, ~92 % resolved, ~70 % of those visited back.
"""
from __future__ import annotations

import math
import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from casework.routing import load_routing
from geo import get_region

CHANNELS = (("hotline12345", 55), ("grid", 18), ("online", 12), ("window", 7), ("police110", 6), ("camera", 2))
CATEGORY_WEIGHTS = {"城乡建设": 22, "劳动和社会保障": 10, "农村农业": 9, "交通运输": 8, "环境保护": 8, "民政": 7,
                    "政法": 7, "教育文体": 6, "卫生计生": 6, "商贸旅游": 5, "国土资源": 4, "经济管理": 3,
                    "党务政务": 2, "科技与信息产业": 2, "纪检监察": 1}
TITLES = {"城乡建设": "路灯不亮", "劳动和社会保障": "拖欠工资", "农村农业": "灌溉水渠堵塞", "交通运输": "道路破损",
          "环境保护": "夜间噪音扰民", "民政": "低保咨询", "政法": "邻里纠纷", "教育文体": "校车接送",
          "卫生计生": "诊所收费", "商贸旅游": "商家缺斤短两", "国土资源": "违建占地", "经济管理": "价格投诉",
          "党务政务": "办事效率", "科技与信息产业": "网络信号差", "纪检监察": "作风问题"}
LEADERS = ("王县长", "李副县长", "陈副书记", "刘部长")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
CASE_COLUMNS = (
    "id", "channel", "external_id", "title", "content", "category", "urgency", "status", "version",
    "reporter_name", "reporter_phone", "lon", "lat", "address", "township_code", "village_code", "unit_id",
    "department", "merged_into", "received_at", "created_at", "signed_at", "dispatched_at", "on_site_at",
    "resolved_at", "closed_at", "returned_at", "merged_at", "updated_at", "contacted_at", "escalation_level",
    "escalated_at", "supervised_at", "supervise_deadline", "leader", "visited_at", "satisfaction", "complaint",
    "next_deadline", "next_warn_at", "raw", "notes", "attachments",
)
CLOCK_COLUMNS = ("id", "case_id", "kind", "attempt", "policy", "state", "started_at", "consumed_seconds",
                 "paused_seconds", "deadline", "breached_at", "escalation_level", "stopped_at", "stop_reason",
                 "fence", "running_since", "due_at")


def _stamp(moment: datetime | None) -> str | None:
    # the text SQLAlchemy writes for a UTC DateTime on SQLite; PostgreSQL reads it as UTC with "+00"
    return None if moment is None else moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def generate(count: int, *, first: datetime, last: datetime, now: datetime, seed: int = 8,
             open_after: datetime | None = None, seasonal: bool = False) -> Iterator[tuple[tuple, list[tuple]]]:
    """(case row, its clock rows) for `count` cases received in [first, last). `seasonal` thins some weeks
    (up to a third of their cases, fewer rows than `count`) so weeks differ from each other."""
    rng = random.Random(seed)
    region = get_region("qu-county")
    villages = region.villages
    # a few townships are busy, a few quiet (so leagues have small units to keep apart)
    village_weights = [8 if v["town_code"].endswith(("001", "002")) else (0.05 if v["town_code"][-3:] > "130"
                       else 1) for v in villages]
    routing = load_routing()
    channels, channel_weights = zip(*CHANNELS)
    categories, category_weights = zip(*CATEGORY_WEIGHTS.items())
    phones = [f"1{rng.choice('35789')}{rng.randrange(10**9):09d}" for _ in range(max(10, count // 3))]
    span = (last - first).total_seconds()
    open_after = open_after or (now - timedelta(days=4))
    for n in range(count):
        received = first + timedelta(seconds=span * (n + rng.random()) / count)
        if seasonal and rng.random() < 0.33 * (0.5 + 0.5 * math.sin(received.timestamp() / 86400 / 7 * 1.3)):
            continue
        hour = received.astimezone(timezone(timedelta(hours=8))).hour
        if hour < 7 and rng.random() < 0.7:  # fewer demands at night
            received += timedelta(hours=8)
            if received >= last:
                received -= timedelta(hours=16)
        village = rng.choices(villages, village_weights)[0]
        category = rng.choices(categories, category_weights)[0]
        channel = rng.choices(channels, channel_weights)[0]
        phone = rng.choice(phones) if rng.random() < 0.95 else None
        case_id = f"B{n:025d}"
        department = routing.suggest(category, village["town_code"])
        recent = received >= open_after
        signed = received + timedelta(minutes=rng.uniform(0.5, 12)) if rng.random() < (0.8 if recent else 0.97) \
            else None
        if signed is None and not recent and rng.random() < 0.9:
            signed = received + timedelta(minutes=rng.uniform(12, 90))  # late, but signed
        contacted = signed + timedelta(minutes=rng.uniform(5, 120)) if signed and rng.random() < 0.9 else None
        routed = signed + timedelta(minutes=rng.uniform(5, 60)) if signed and rng.random() < (0.9 if recent else 0.995) \
            else None
        by_unit = routed is not None and rng.random() < 0.3
        returned = routed + timedelta(hours=rng.uniform(1, 24)) if routed and rng.random() < 0.03 else None
        hours = rng.lognormvariate(3.2, 0.9)  # about 25 h median, a long tail
        # older cases were all but all finished, after a return too; recent ones are still being worked
        resolved = routed + timedelta(hours=hours) if routed and rng.random() < (0.5 if recent else 0.995) and \
            not (returned and recent) else None
        if resolved and resolved > now:
            resolved = None
        visited = resolved + timedelta(hours=rng.uniform(2, 72)) if resolved and rng.random() < 0.7 else None
        if visited and visited > now:
            visited = None
        satisfaction = rng.choices(("satisfied", "basic", "dissatisfied"), (78, 16, 6))[0] if visited else None
        complaint = bool(visited) and (satisfaction == "dissatisfied" or rng.random() < 0.01)
        escalated = received + timedelta(hours=rng.uniform(4, 72)) if rng.random() < 0.012 else None
        leader = rng.choice(LEADERS) if escalated and rng.random() < 0.5 else None
        supervised = received + timedelta(hours=rng.uniform(2, 48)) if rng.random() < 0.006 else None
        status = ("closed" if visited else "resolved" if resolved else "returned" if returned else
                  "dispatched" if routed else "signed" if signed else "received")
        closure_limit = timedelta(days=5)
        open_case = status in ("received", "signed", "dispatched", "returned")
        next_deadline = received + closure_limit if open_case else None
        title = f"{village['name'].removesuffix('居民委员会').removesuffix('村民委员会')}{TITLES[category]}"
        row = (
            case_id, channel, f"H{n}", title, title + "，请尽快处理。", category, "normal", status, 1,
            rng.choice(SURNAMES) + "先生", phone, village["lon"] + rng.gauss(0, 0.01), village["lat"] + rng.gauss(0, 0.01),
            None, village["town_code"], village["code"], None if not by_unit else "U-1",
            department if routed and not by_unit else None, None,
            _stamp(received), _stamp(received), _stamp(signed), _stamp(routed), None, _stamp(resolved),
            _stamp(visited), _stamp(returned), None, _stamp(visited or resolved or routed or signed or received),
            _stamp(contacted), 3 if leader else (2 if escalated else 0), _stamp(escalated), _stamp(supervised),
            _stamp(supervised + timedelta(days=1)) if supervised else None, leader, _stamp(visited), satisfaction,
            complaint, _stamp(next_deadline), None, "", "[]", "[]",
        )
        clocks = []
        sign_deadline = received + timedelta(minutes=10)
        sign_breached = sign_deadline if (signed is None and sign_deadline < now) or (signed and signed > sign_deadline) \
            else None
        clocks.append(_clock(case_id, "sign", received, sign_deadline, signed, "sign", sign_breached))
        if routed:
            closure_deadline = received + closure_limit
            finished = visited or resolved
            late = (finished and finished > closure_deadline) or (not finished and closure_deadline < now)
            clocks.append(_clock(case_id, "closure", received, closure_deadline,
                                 visited, "close", closure_deadline if late else None))
        yield row, clocks


def _clock(case_id: str, kind: str, started: datetime, deadline: datetime, stopped: datetime | None,
           reason: str, breached: datetime | None) -> tuple:
    return (f"{case_id}:{kind}:1", case_id, kind, 1, "{}", "stopped" if stopped else "running", _stamp(started),
            0.0, 0.0, _stamp(deadline), _stamp(breached), 1 if breached else 0, _stamp(stopped),
            reason if stopped else None, 1, None if stopped else _stamp(started),
            None if stopped else _stamp(deadline))


def load(engine: sa.Engine, rows: Iterator[tuple[tuple, list[tuple]]], *, chunk: int = 20_000) -> int:
    """Write generated rows: COPY on PostgreSQL, executemany of Core inserts on SQLite."""
    if engine.dialect.name == "postgresql":
        return _copy(engine, rows)
    cases = sa.table("cases", *(sa.column(c) for c in CASE_COLUMNS))
    clocks = sa.table("sla_clocks", *(sa.column(c) for c in CLOCK_COLUMNS))
    written = 0
    case_batch: list[dict] = []
    clock_batch: list[dict] = []
    with engine.begin() as connection:
        for row, clock_rows in rows:
            case_batch.append(dict(zip(CASE_COLUMNS, row)))
            clock_batch.extend(dict(zip(CLOCK_COLUMNS, c)) for c in clock_rows)
            if len(case_batch) >= chunk:
                connection.execute(cases.insert(), case_batch)
                connection.execute(clocks.insert(), clock_batch)
                written += len(case_batch)
                case_batch, clock_batch = [], []
        if case_batch:
            connection.execute(cases.insert(), case_batch)
            connection.execute(clocks.insert(), clock_batch)
            written += len(case_batch)
    return written


def _copy(engine: sa.Engine, rows: Iterator[tuple[tuple, list[tuple]]]) -> int:
    """COPY the cases, spooling their clocks to a temporary file, then COPY the clocks (they refer to
    the cases, so they follow them)."""
    import tempfile

    written = 0
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
            with cursor.copy(f"COPY cases ({', '.join(CASE_COLUMNS)}) FROM STDIN") as copy:
                for row, clock_rows in rows:
                    copy.write_row(tuple(_pg(v) for v in row))
                    for clock_row in clock_rows:
                        spool.write("\t".join("\\N" if v is None else str(_pg(v)) for v in clock_row) + "\n")
                    written += 1
            spool.seek(0)
            with cursor.copy(f"COPY sla_clocks ({', '.join(CLOCK_COLUMNS)}) FROM STDIN") as copy:
                while block := spool.read(1 << 20):
                    copy.write(block)
        raw.commit()
        # the steady state of a live database: autovacuum has set the visibility map and the statistics
        raw.driver_connection.autocommit = True
        cursor.execute("VACUUM (ANALYZE) cases")
        cursor.execute("VACUUM (ANALYZE) sla_clocks")
    finally:
        raw.close()
    return written


def _pg(value: object) -> object:
    if isinstance(value, str) and len(value) == 26 and value[4] == "-" and value[10] == " " and value[19] == ".":
        return value + "+00"
    return value



FINISHED = ("closed", "resolved")


def seed_history(engine: sa.Engine, *, now: datetime, weeks: int, per_day: int = 240, seed: int = 8) -> int:
    """The demo's past: `weeks` of work orders before today, finished ones only (nothing for the officers
    to do, no clock left running), written only into a database that holds no case yet."""
    if weeks <= 0:
        return 0
    with engine.connect() as connection:
        if connection.execute(sa.text("SELECT 1 FROM cases LIMIT 1")).first() is not None:
            return 0
    local = now.astimezone(timezone(timedelta(hours=8)))
    today = local.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(timezone.utc)
    first = today - timedelta(weeks=weeks)
    rows = generate(per_day * 7 * weeks, first=first, last=today, now=now, seed=seed, open_after=now + timedelta(days=1),
                    seasonal=True)
    status, resolved = CASE_COLUMNS.index("status"), CASE_COLUMNS.index("resolved_at")
    return load(engine, ((row, [_stopped(clock, row[resolved]) for clock in clocks])
                         for row, clocks in rows if row[status] in FINISHED))


def _stopped(clock: tuple, at: str | None) -> tuple:
    """A resolved case's closure clock, still waiting for the visit back in the generated past: stopped
    when the case was resolved, so that no timer of the live demo takes it up."""
    values = dict(zip(CLOCK_COLUMNS, clock))
    if values["state"] == "stopped":
        return clock
    values.update(state="stopped", stopped_at=at, stop_reason="resolve", running_since=None, due_at=None)
    return tuple(values[column] for column in CLOCK_COLUMNS)
