"""SLA clocks wired to the case actions and the timer step, on SQLite with a frozen clock (no sleeps)."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from casework.actions import do_case_action, do_intake, do_unit_status
from casework.clock import FrozenClock
from casework.models import Case, CaseEvent, OutboxEvent, SlaClockRow, Unit
from casework.queries import case_with_history
from casework.sla import load_policies
from casework.sla_steps import do_sla_due, running_timer_entries
from casework.store import Store
from tests.factories import report

SH = ZoneInfo("Asia/Shanghai")
POLICIES = load_policies()


def intake(store: Store, clock: FrozenClock, **overrides) -> dict:  # noqa: ANN003
    with store.transaction() as s:
        return do_intake(s, report(received_at=clock.now(), **overrides), clock=clock, policies=POLICIES).case


def act(store: Store, clock: FrozenClock, case_id: str, action: str, **data) -> dict:  # noqa: ANN003
    with store.transaction() as s:
        version = s.get(Case, case_id).version
        return do_case_action(s, case_id, action, expected_version=version, clock=clock, actor="duty", data=data,
                              policies=POLICIES)


def clocks(store: Store, case_id: str) -> dict[str, SlaClockRow]:
    """The case's clock rows by kind (the latest attempt)."""
    with store.reading() as s:
        rows = s.scalars(select(SlaClockRow).where(SlaClockRow.case_id == case_id).order_by(SlaClockRow.attempt))
        return {row.kind: row for row in rows}


def due(store: Store, clock: FrozenClock, clock_id: str, fence: int | None = None) -> bool:
    """What the timer loop does for one claimed timer (by default with the clock's current fence)."""
    if fence is None:
        with store.reading() as s:
            fence = s.get(SlaClockRow, clock_id).fence
    with store.transaction() as s:
        return do_sla_due(s, clock_id, fence, clock=clock)


def sla_events(store: Store) -> list[dict]:
    with store.reading() as s:
        rows = s.scalars(select(OutboxEvent).where(OutboxEvent.type.like("sla.%")).order_by(OutboxEvent.id))
        return [row.envelope for row in rows]


def test_intake_starts_the_clocks_the_policy_gives(store: Store, clock: FrozenClock):
    now = clock.now()
    police = intake(store, clock, channel="police110")
    rows = clocks(store, police["id"])
    assert set(rows) == {"sign", "contact", "order", "closure"}  # 110: "123"; closure from the default
    assert {k: rows[k].deadline - now for k in ("sign", "contact", "order")} == {
        "sign": timedelta(minutes=1), "contact": timedelta(minutes=2), "order": timedelta(minutes=3)}
    assert all(row.state == "running" and row.fence == 1 for row in rows.values())
    assert rows["sign"].policy["rule_id"] == "police110"  # the terms are copied onto the clock
    # the denormalised countdown travels with the case, in the event too
    assert police["next_deadline"] == (now + timedelta(minutes=1)).astimezone(SH).isoformat(timespec="milliseconds")
    assert police["next_warn_at"].startswith("2026-11-23T10:00:48")

    hotline = intake(store, clock)
    assert set(clocks(store, hotline["id"])) == {"sign", "order", "closure"}  # no contact limit by default
    with store.reading() as s:
        created = s.scalars(select(OutboxEvent).where(OutboxEvent.type == "case.created")).all()
    assert created[-1].envelope["data"]["case"]["next_deadline"] == hotline["next_deadline"]


def test_intake_starts_the_clocks_when_the_demand_was_received(store: Store, clock: FrozenClock):
    with store.transaction() as s:
        case = do_intake(s, report(received_at=clock.now() - timedelta(minutes=4)), clock=clock,
                         policies=POLICIES).case
    sign = clocks(store, case["id"])["sign"]
    assert sign.started_at == clock.now() - timedelta(minutes=4)
    assert sign.deadline == clock.now() + timedelta(minutes=6)


def test_without_policies_a_case_has_no_clocks(store: Store, clock: FrozenClock):
    with store.transaction() as s:
        case = do_intake(s, report(), clock=clock).case
    assert clocks(store, case["id"]) == {} and case["next_deadline"] is None


def test_sign_stops_the_sign_clock_and_the_countdown_moves_on(store: Store, clock: FrozenClock):
    case = intake(store, clock, channel="police110")
    clock.advance(seconds=40)
    signed = act(store, clock, case["id"], "sign")
    rows = clocks(store, case["id"])
    assert rows["sign"].state == "stopped" and rows["sign"].stop_reason == "sign" and rows["sign"].fence == 2
    assert rows["sign"].breached_at is None and rows["sign"].due_at is None
    assert rows["contact"].state == "running"
    assert signed["next_deadline"] == case["next_deadline"][:14] + "02:00.000+08:00"  # contact's, 10:02
    with store.reading() as s:
        assert sorted(e.timer_id for e in running_timer_entries(s)) == sorted(
            f"{case['id']}:{k}:1" for k in ("closure", "contact", "order"))


def test_route_acknowledge_wait_and_resume(store: Store, clock: FrozenClock):
    case = intake(store, clock)
    act(store, clock, case["id"], "sign")
    act(store, clock, case["id"], "route", department="县住建局")
    rows = clocks(store, case["id"])
    assert {k for k, r in rows.items() if r.state == "running"} == {"dept_sign", "feedback", "closure"}
    assert rows["order"].state == "stopped"

    clock.advance(minutes=30)
    act(store, clock, case["id"], "acknowledge")
    assert clocks(store, case["id"])["dept_sign"].state == "stopped"
    with pytest.raises(ValueError, match="reason"):
        act(store, clock, case["id"], "wait")
    waited = act(store, clock, case["id"], "wait", reason="当事人外出，约定下周一见面")
    rows = clocks(store, case["id"])
    assert rows["feedback"].state == "paused" and rows["closure"].state == "paused"
    assert waited["next_deadline"] is None  # nothing runs
    clock.advance(hours=2)
    resumed = act(store, clock, case["id"], "resume")
    rows = clocks(store, case["id"])
    assert rows["feedback"].state == "running" and rows["feedback"].paused_seconds == 7200
    assert resumed["next_deadline"] is not None
    with store.reading() as s:
        history = case_with_history(s, case["id"], now=clock.now())
    assert [h["action"] for h in history["history"]][-3:] == ["acknowledge", "wait", "resume"]
    assert history["history"][-2]["data"] == {"reason": "当事人外出，约定下周一见面"}
    feedback = next(c for c in history["clocks"] if c["kind"] == "feedback")
    assert feedback["state"] == "running" and feedback["policy"] == "default" and feedback["limit"] == "5 working days"
    assert feedback["deadline"].endswith("+08:00") and 0 < feedback["remaining_seconds"] <= 5 * 7 * 3600


def test_acknowledge_is_for_routed_orders(store: Store, clock: FrozenClock):
    case = intake(store, clock)
    act(store, clock, case["id"], "sign")
    with store.transaction() as s:
        s.add(Unit(id="U1", name="渠江派出所一组", kind="police", status="available", updated_at=clock.now()))
    act(store, clock, case["id"], "dispatch", unit_id="U1")
    assert clocks(store, case["id"])["arrive"].state == "running"
    with pytest.raises(ValueError, match="no department"):
        act(store, clock, case["id"], "acknowledge")
    clock.advance(minutes=5)
    with store.transaction() as s:
        do_unit_status(s, "U1", "on_site", clock=clock, actor="U1", policies=POLICIES)
    arrive = clocks(store, case["id"])["arrive"]
    assert arrive.state == "stopped" and arrive.stop_reason == "arrive"


def test_a_stale_or_duplicated_timer_does_nothing(store: Store, clock: FrozenClock):
    case = intake(store, clock)
    sign_id = f"{case['id']}:sign:1"
    assert not due(store, clock, sign_id)  # early: the warning is at 8 minutes
    clock.advance(minutes=8)
    assert due(store, clock, sign_id, fence=1)  # the warning
    assert not due(store, clock, sign_id, fence=1)  # the same timer again: the fence moved on
    assert not due(store, clock, "no-such-clock", fence=1)
    assert [e["type"] for e in sla_events(store)] == ["sla.warning"]
    with store.reading() as s:  # a warning changes no case field: screens' copies stay true without an event
        stored = s.get(Case, case["id"])
        assert stored.version == 1
        assert (stored.next_deadline, stored.next_warn_at) == (
            datetime.fromisoformat(case["next_deadline"]), datetime.fromisoformat(case["next_warn_at"]))


def test_firing_twice_yields_one_breach_and_steps_escalate_the_case(store: Store, clock: FrozenClock):
    case = intake(store, clock, channel="police110")
    sign_id = f"{case['id']}:sign:1"
    clock.advance(minutes=1, seconds=5)  # past the 1-minute deadline: the late timer skips the warning
    with store.reading() as s:
        fence = s.get(SlaClockRow, sign_id).fence
    assert due(store, clock, sign_id, fence)
    assert not due(store, clock, sign_id, fence)  # a duplicate of the same timer
    breaches = [e for e in sla_events(store) if e["type"] == "sla.breached"]
    assert len(breaches) == 1
    data = breaches[0]["data"]
    assert breaches[0]["context"]["id"] == case["id"] and breaches[0]["context"]["parent_id"] == sign_id
    assert data["case_id"] == case["id"] and data["kind"] == "sign" and data["stage"] == "breach"
    assert data["deadline"] == data["clock"]["deadline"] and data["deadline"].endswith("+08:00")
    with store.reading() as s:
        row, stored = s.get(SlaClockRow, sign_id), s.get(Case, case["id"])
        assert row.breached_at == clock.now() and row.escalation_level == 1
        assert stored.escalation_level == 1 and stored.version == 2  # township notified: 提级 by the SLA
        events = s.scalars(select(CaseEvent).where(CaseEvent.case_id == case["id"]).order_by(CaseEvent.version)).all()
        assert [(e.action, e.actor, e.version) for e in events] == [("intake", "system", 1), ("escalate", "sla", 2)]
        assert events[-1].data["clock_id"] == sign_id

    clock.advance(minutes=5)
    assert due(store, clock, sign_id)  # step 2: the county
    clock.advance(minutes=10)
    assert due(store, clock, sign_id)  # step 3: the county, 督办
    assert not due(store, clock, sign_id)  # the ladder is done
    with store.reading() as s:
        stored = s.get(Case, case["id"])
        assert stored.escalation_level == 2 and stored.supervised_at == clock.now()
        assert stored.supervise_deadline == clock.now() + timedelta(hours=24)
        assert s.get(SlaClockRow, sign_id).due_at is None
    assert [e["data"]["stage"] for e in sla_events(store)] == ["breach", "escalation", "escalation"]
    updated = [e for e in _outbox(store) if e["type"] == "case.updated"]
    assert [e["data"]["action"] for e in updated] == ["escalate", "escalate", "supervise"]


def _outbox(store: Store) -> list[dict]:
    with store.reading() as s:
        return [row.envelope for row in s.scalars(select(OutboxEvent).order_by(OutboxEvent.id))]


def test_intake_past_the_known_calendar_skips_that_clock_with_a_note(store: Store, caplog):
    clock = FrozenClock(datetime(2026, 12, 24, 10, 0, tzinfo=SH))  # 10 working days reach into 2027
    with caplog.at_level(logging.WARNING, logger="casework.case_clocks"):
        case = intake(store, clock)
    assert set(clocks(store, case["id"])) == {"sign", "order"}  # closure could not be started
    with store.reading() as s:
        notes = s.get(Case, case["id"]).notes
    assert notes == ["closure clock not started: the official holiday calendar for 2027 is not published in this "
                     "installation (chinesecalendar knows 2004–2026); update chinesecalendar"]
    assert "closure clock not started" in caplog.text
    assert case["next_deadline"].startswith("2026-12-24T10:10")


def test_a_breach_whose_next_step_lies_past_the_calendar_still_goes_out(store: Store):
    clock = FrozenClock(datetime(2026, 12, 31, 14, 0, tzinfo=SH))  # the order clock: due 16:00 the same day
    case = intake(store, clock)
    order_id = f"{case['id']}:order:1"
    assert clocks(store, case["id"])["order"].deadline == datetime(2026, 12, 31, 16, 0, tzinfo=SH)
    clock.set(datetime(2026, 12, 31, 16, 1, tzinfo=SH))
    assert due(store, clock, order_id)  # the breach; step 2 ("4 working hours" later) is in 2027
    assert not due(store, clock, order_id)
    row = clocks(store, case["id"])["order"]
    assert row.breached_at is not None and row.escalation_level == 1 and row.due_at is None
    assert len(row.policy["escalation"]) == 3  # the snapshot itself is untouched
    assert [e["data"]["stage"] for e in sla_events(store) if e["data"]["kind"] == "order"] == ["breach"]
    with store.reading() as s:
        notes = s.get(Case, case["id"]).notes
    assert any(n.startswith("order clock: escalation after step 1 not scheduled: the official holiday calendar "
                            "for 2027") for n in notes)


@pytest.mark.postgres
def test_the_same_on_postgresql(pg_store: Store, clock: FrozenClock):
    case = intake(pg_store, clock, channel="police110")
    act(pg_store, clock, case["id"], "sign")  # locks the case, then its clock rows (FOR UPDATE)
    clock.advance(minutes=2, seconds=1)
    assert due(pg_store, clock, f"{case['id']}:contact:1")
    assert not due(pg_store, clock, f"{case['id']}:contact:1", fence=1)
    rows = clocks(pg_store, case["id"])
    assert rows["sign"].state == "stopped" and rows["contact"].breached_at == clock.now()
    assert [e["data"]["kind"] for e in sla_events(pg_store)] == ["contact"]
