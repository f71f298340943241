"""One SLA clock: start, pause, resume, stop; warnings, breaches and escalation steps; fencing; snapshots."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from casework.clock import FrozenClock
from casework.sla import (
    BREACHED, WARNING, CaseFacts, PolicySnapshot, SlaClock, clock_columns, clock_from_row, parse_policies,
    select_policy,
)

SH = ZoneInfo("Asia/Shanghai")
POLICIES = """
version: 1
kinds:
  sign: {title: 签收, starts_on: [intake], stops_on: [sign]}
  feedback: {title: 办理反馈, starts_on: [route], stops_on: [resolve], pauses_on: [wait], resumes_on: [resume]}
escalations:
  fast:
    - {after: {minutes: 0}, notify: township}
    - {after: {minutes: 5}, notify: county}
    - {after: {minutes: 15}, notify: county, supervise: true}
  office:
    - {after: {working_hours: 2}, notify: department}
policies:
  - id: default
    match: {}
    clocks:
      sign: {limit: {minutes: 10}, escalation: fast}
      feedback: {limit: {working_days: 2}, escalation: office}
"""


def snapshot(kind: str = "sign", text: str = POLICIES) -> PolicySnapshot:
    return select_policy(parse_policies(text), CaseFacts("hotline12345")).snapshot(kind)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 11, 23, 10, 0, tzinfo=SH))  # Monday


def fire_all(sla: SlaClock, now: datetime) -> tuple[SlaClock, list]:
    """What the timer consumer does: fire while due, one step at a time."""
    events = []
    while (fired := sla.fire(sla.fence, now)) is not None:
        sla = fired.clock
        events.append(fired.event)
    return sla, events


def test_start_computes_deadline_and_warning(clock: FrozenClock):
    sla = SlaClock.start(case_id="C1", kind="sign", policy=snapshot(), at=clock.now())
    assert sla.id == "C1:sign:1" and sla.state == "running" and sla.fence == 1
    assert sla.deadline == datetime(2026, 11, 23, 10, 10, tzinfo=SH)
    assert sla.warn_at == datetime(2026, 11, 23, 10, 8, tzinfo=SH)  # 80 %
    assert sla.due_at == sla.warn_at
    assert sla.remaining(clock.advance(minutes=3)) == 7 * 60
    assert sla.used_share(clock.now()) == pytest.approx(0.3)


def test_pause_and_resume_move_the_deadline_by_the_pause(clock: FrozenClock):
    sla = SlaClock.start(case_id="C1", kind="sign", policy=snapshot(), at=clock.now())
    paused = sla.pause(clock.advance(minutes=4))
    assert paused.state == "paused" and paused.deadline is None and paused.due_at is None
    assert paused.remaining(clock.advance(hours=1)) == 6 * 60  # time stands still while paused
    assert paused.pause(clock.now()) is paused  # pausing twice changes nothing
    resumed = paused.resume(clock.now())
    assert resumed.deadline == datetime(2026, 11, 23, 11, 10, tzinfo=SH)  # 10:10 + the hour paused
    assert resumed.paused_seconds == 3600
    assert resumed.fence == 3  # start 1, pause 2, resume 3
    stopped = resumed.stop(clock.advance(minutes=2), "sign")
    assert stopped.state == "stopped" and stopped.due_at is None and stopped.outcome == "met"
    assert stopped.consumed_seconds == 6 * 60 and stopped.stop_reason == "sign"
    assert stopped.stop(clock.advance(minutes=1), "close") is stopped


def test_warning_then_breach_then_escalation_steps(clock: FrozenClock):
    start = clock.now()
    sla = SlaClock.start(case_id="C1", kind="sign", policy=snapshot(), at=start)
    assert sla.fire(sla.fence, clock.advance(minutes=7)) is None  # not due yet

    warned = sla.fire(sla.fence, clock.advance(minutes=1, seconds=2))
    assert warned.event.type == WARNING and warned.event.occurred_at == start + timedelta(minutes=8)
    assert warned.event.data["stage"] == "warning" and warned.event.data["clock"]["id"] == "C1:sign:1"
    sla = warned.clock
    assert sla.warned_at == clock.now() and sla.due_at == sla.deadline

    breached = sla.fire(sla.fence, clock.advance(minutes=2))
    assert breached.event.type == BREACHED and breached.event.occurred_at == sla.deadline
    assert breached.event.data["escalations"] == [
        {"level": 1, "notify": "township", "supervise": False, "after": "0 minutes", "note": None}]
    sla = breached.clock
    assert sla.outcome == "breached" and sla.escalation_level == 1
    assert sla.due_at == sla.deadline + timedelta(minutes=5)

    sla, events = fire_all(sla, clock.advance(minutes=5))
    assert [e.data["escalations"][0]["notify"] for e in events] == ["county"]
    sla, events = fire_all(sla, clock.advance(minutes=10))
    assert events[0].data["escalations"][0]["supervise"] is True  # 督办
    assert sla.due_at is None  # the ladder is done
    assert sla.stop(clock.now(), "sign").outcome == "breached"


def test_a_late_timer_skips_the_pointless_warning(clock: FrozenClock):
    sla = SlaClock.start(case_id="C1", kind="sign", policy=snapshot(), at=clock.now())
    sla, events = fire_all(sla, clock.advance(minutes=30))
    assert [e.data["stage"] for e in events] == ["breach", "escalation", "escalation"]
    assert sla.warned_at is None


def test_stale_and_duplicate_timers_do_nothing(clock: FrozenClock):
    sla = SlaClock.start(case_id="C1", kind="sign", policy=snapshot(), at=clock.now())
    old_fence = sla.fence
    sla = sla.pause(clock.advance(minutes=1)).resume(clock.advance(minutes=1))
    assert sla.fire(old_fence, clock.advance(minutes=30)) is None  # armed before the pause: stale
    fired = sla.fire(sla.fence, clock.now())
    assert fired is not None
    assert fired.clock.fire(sla.fence, clock.now()) is None  # the same timer again: fence moved on
    stopped = fired.clock.stop(clock.now(), "sign")
    assert stopped.fire(stopped.fence, clock.advance(hours=1)) is None  # stopped clocks never fire


def test_pause_after_a_breach_holds_the_escalation_ladder(clock: FrozenClock):
    sla = SlaClock.start(case_id="C1", kind="sign", policy=snapshot(), at=clock.now())
    sla, _ = fire_all(sla, clock.advance(minutes=11))  # breached at 10:10, township notified
    assert sla.due_at == datetime(2026, 11, 23, 10, 15, tzinfo=SH)
    sla = sla.pause(clock.advance(minutes=1))  # 10:12
    assert sla.due_at is None and sla.deadline == datetime(2026, 11, 23, 10, 10, tzinfo=SH)
    sla = sla.resume(clock.advance(hours=2))  # 12:12: the county step moves by the 2 hours paused
    assert sla.due_at == datetime(2026, 11, 23, 12, 15, tzinfo=SH)


def test_working_day_clock_counts_office_time_only(clock: FrozenClock):
    clock.set(datetime(2026, 2, 12, 16, 0, tzinfo=SH))  # Thursday before the Spring Festival
    sla = SlaClock.start(case_id="C2", kind="feedback", policy=snapshot("feedback"), at=clock.now())
    # 2 working days: Thu 16:00 -> Fri 13th -> Sat 14th (调休, worked) 16:00
    assert sla.deadline == datetime(2026, 2, 14, 16, 0, tzinfo=SH)
    # warning at 80 % = 11.2 office hours: Thu 1.5 h + Fri 7 h + Sat 2.7 h -> 08:30 + 2.7 h = 11:12
    assert sla.warn_at == datetime(2026, 2, 14, 11, 12, tzinfo=SH)
    # waiting for the party from Friday 09:30 to the first working day after the festival
    sla = sla.pause(datetime(2026, 2, 13, 9, 30, tzinfo=SH))
    assert sla.remaining(datetime(2026, 2, 20, tzinfo=SH)) == 14 * 3600 - 2.5 * 3600
    sla = sla.resume(datetime(2026, 2, 24, 8, 30, tzinfo=SH))
    # 11.5 office hours left: Tuesday 7 h, Wednesday 08:30-12:00 and 14:00-15:00
    assert sla.deadline == datetime(2026, 2, 25, 15, 0, tzinfo=SH)
    breached = sla.fire(sla.fence, datetime(2026, 2, 25, 15, 0, tzinfo=SH))
    assert breached.event.type == BREACHED
    # the first department step comes 2 office hours after the deadline
    assert breached.clock.due_at == datetime(2026, 2, 25, 17, 0, tzinfo=SH)


def test_times_before_the_last_change_are_read_as_that_change(clock: FrozenClock):
    start = clock.now()
    sla = SlaClock.start(case_id="C1", kind="sign", policy=snapshot(), at=start)
    stopped = sla.stop(start - timedelta(seconds=3), "sign")  # the source's clock was 3 s behind
    assert stopped.stopped_at == start and stopped.consumed_seconds == 0


def test_editing_the_policy_never_moves_a_running_deadline(clock: FrozenClock):
    sla = SlaClock.start(case_id="C1", kind="sign", policy=snapshot(), at=clock.now())
    deadline = sla.deadline
    edited = POLICIES.replace("sign: {limit: {minutes: 10}", "sign: {limit: {minutes: 2}").replace(
        "starts_on: [intake], stops_on: [sign]", "starts_on: [intake], stops_on: [sign], pauses_on: [wait], "
        "resumes_on: [resume]").replace("\nkinds:", "\nwarn_at_share: 0.5\nkinds:")
    new_snapshot = snapshot(text=edited)
    assert new_snapshot.budget_seconds == 120 and new_snapshot.warn_share == 0.5
    # the running clock keeps its own terms through every later change and a round trip via the database
    sla = sla.pause(clock.advance(minutes=1)).resume(clock.advance(minutes=1))
    sla = clock_from_row(_Row(clock_columns(sla)))
    assert sla.policy == snapshot() and sla.policy.budget_seconds == 600 and sla.policy.pauses_on == ()
    assert sla.deadline == deadline + timedelta(minutes=1)
    assert sla.warn_at == sla.deadline - timedelta(minutes=2)
    # a clock started after the edit gets the new terms
    assert SlaClock.start(case_id="C2", kind="sign", policy=new_snapshot, at=clock.now()).deadline == \
        clock.now() + timedelta(minutes=2)


def test_snapshots_survive_json(clock: FrozenClock):
    shot = snapshot("feedback")
    assert PolicySnapshot.from_json(shot.to_json()) == shot
    with pytest.raises(ValueError, match="snapshot version"):
        PolicySnapshot.from_json({**shot.to_json(), "v": 99})


def test_clock_columns_round_trip(clock: FrozenClock):
    sla = SlaClock.start(case_id="C1", kind="feedback", policy=snapshot("feedback"), at=clock.now())
    sla = sla.pause(clock.advance(hours=1))
    assert clock_from_row(_Row(clock_columns(sla))) == sla
    naive = _Row({**clock_columns(sla), "paused_at": sla.paused_at.replace(tzinfo=None)})  # as SQLite returns
    assert clock_from_row(naive).paused_at == sla.paused_at


def test_summary_is_in_the_center_zone(clock: FrozenClock):
    sla = SlaClock.start(case_id="C1", kind="sign", policy=snapshot(), at=clock.now())
    summary = sla.summary()
    assert summary["deadline"] == "2026-11-23T10:10:00.000+08:00" and summary["limit"] == "10 minutes"
    assert summary["outcome"] == "open" and summary["rule_id"] == "default"


def test_events_travel_in_the_one_envelope(clock: FrozenClock):
    sla = SlaClock.start(case_id="C1", kind="sign", policy=snapshot(), at=clock.now())
    fired = sla.fire(sla.fence, clock.advance(minutes=9))
    envelope = fired.event.envelope(received_at=clock.now())
    assert envelope.type == "sla.warning" and envelope.context.id == "C1"
    assert envelope.context.parent_id == "C1:sign:1" and envelope.occurred_at < envelope.received_at
    assert envelope.wire()["data"]["clock"]["kind"] == "sign"


def test_a_snapshot_for_another_kind_is_refused(clock: FrozenClock):
    with pytest.raises(ValueError, match="snapshot is for 'sign'"):
        SlaClock.start(case_id="C1", kind="feedback", policy=snapshot(), at=clock.now())


class _Row:
    def __init__(self, values: dict) -> None:
        self.__dict__.update(values)


def test_clocks_are_values():
    sla = SlaClock.start(case_id="C1", kind="sign", policy=snapshot(),
                         at=datetime(2026, 11, 23, 2, tzinfo=timezone.utc))
    with pytest.raises(AttributeError):
        sla.state = "stopped"  # type: ignore[misc]
    assert sla.pause(sla.started_at + timedelta(minutes=1)) != sla and sla.state == "running"
