"""Lifecycle actions -> clock operations, on the shipped policies; next_due over a case's clocks."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from casework.sla import (
    LIFECYCLE_ACTIONS, CalendarOutOfRange, CaseFacts, known_years, load_policies, next_due, on_case_action, operations_for, select_policy,
    timer_entries,
)
from casework import transitions

SH = ZoneInfo("Asia/Shanghai")
T0 = datetime(2026, 11, 23, 10, 0, tzinfo=SH)  # Monday


class CaseClocks:
    """A case's clocks as the action writer would keep them (here: in a dict, not rows)."""

    def __init__(self, facts: CaseFacts, case_id: str = "C1") -> None:
        self.case_id, self.policy, self.clocks = case_id, select_policy(load_policies(), facts), {}

    def do(self, action: str, at: datetime) -> list:
        changed = on_case_action(self.case_id, action, at=at, clocks=self.clocks.values(), policy=self.policy)
        self.clocks.update((c.id, c) for c in changed)
        return changed

    def state(self) -> dict[str, str]:
        return {c.id.split(":", 1)[1]: c.state for c in self.clocks.values()}


def test_every_case_action_is_a_lifecycle_action():
    assert set(transitions.TRANSITIONS) <= set(LIFECYCLE_ACTIONS)
    assert set(getattr(transitions, "MARKS", {})) <= set(LIFECYCLE_ACTIONS)
    with pytest.raises(ValueError, match="unknown lifecycle action 'assign'"):
        operations_for("assign", clocks=[], policy=select_policy(load_policies(), CaseFacts("grid")))


def test_police_case_in_the_county_town_123_and_1030():
    case = CaseClocks(CaseFacts("police110", "政法", "urgent", "511725001002"))
    started = case.do("intake", T0)
    assert {c.kind: c.deadline - T0 for c in started if c.policy.metric == "elapsed"} == {
        "sign": timedelta(minutes=1), "contact": timedelta(minutes=2), "order": timedelta(minutes=3)}
    assert next_due(case.clocks.values()).timer_id == "C1:sign:1"  # the warning at 48 s
    assert next_due(case.clocks.values()).due_at == T0 + timedelta(seconds=48)

    case.do("sign", T0 + timedelta(seconds=40))
    case.do("contact", T0 + timedelta(seconds=90))
    case.do("dispatch", T0 + timedelta(minutes=2))
    assert case.state() == {"sign:1": "stopped", "contact:1": "stopped", "order:1": "stopped",
                            "closure:1": "running", "arrive:1": "running", "feedback:1": "running"}
    arrive = case.clocks["C1:arrive:1"]
    assert arrive.deadline == T0 + timedelta(minutes=12)  # 10 minutes in the county town
    assert all(case.clocks[f"C1:{k}:1"].outcome == "met" for k in ("sign", "contact", "order"))

    case.do("arrive", T0 + timedelta(minutes=9))
    case.do("resolve", T0 + timedelta(minutes=40))
    case.do("close", T0 + timedelta(hours=2))
    assert set(case.state().values()) == {"stopped"}
    assert next_due(case.clocks.values()) is None


def test_rural_arrival_is_30_minutes():
    case = CaseClocks(CaseFacts("grid", "城乡建设", "normal", "511725110003"))
    case.do("intake", T0)
    case.do("sign", T0)
    case.do("dispatch", T0 + timedelta(minutes=1))
    assert case.clocks["C1:arrive:1"].deadline == T0 + timedelta(minutes=31)


def test_waiting_for_the_party_pauses_feedback_and_closure_only():
    case = CaseClocks(CaseFacts("hotline12345", "城乡建设", "normal", "511725102"))
    case.do("intake", T0)
    case.do("sign", T0 + timedelta(minutes=2))
    case.do("route", T0 + timedelta(minutes=5))
    assert case.state() == {"sign:1": "stopped", "order:1": "stopped", "closure:1": "running",
                            "dept_sign:1": "running", "feedback:1": "running"}
    changed = case.do("wait", T0 + timedelta(hours=1))
    assert {c.kind for c in changed} == {"feedback", "closure"}
    assert case.state()["dept_sign:1"] == "running"
    assert case.do("wait", T0 + timedelta(hours=2)) == []  # already paused
    assert case.clocks["C1:closure:1"].remaining(T0 + timedelta(days=1)) == 10 * 7 * 3600 - 3600
    case.do("resume", T0 + timedelta(days=1))
    after = case.clocks["C1:closure:1"]
    assert after.state == "running" and after.paused_seconds == 23 * 3600
    # 10 working days from Monday 11-23 10:00 was Monday 12-07 10:00; the pause held 6 office hours
    # (Monday 11:00-12:00 and 14:00-17:30, Tuesday 08:30-10:00): Monday 12-07 10:00 + 6 h = Tuesday 09:00
    assert after.deadline == datetime(2026, 12, 8, 9, 0, tzinfo=SH)
    assert case.do("acknowledge", T0 + timedelta(days=1))[0].kind == "dept_sign"


def test_a_returned_case_must_be_reissued_and_gets_a_new_attempt():
    case = CaseClocks(CaseFacts("hotline12345", "城乡建设", "normal", "511725102"))
    case.do("intake", T0)
    case.do("sign", T0 + timedelta(minutes=1))
    case.do("route", T0 + timedelta(minutes=5))
    changed = {c.id: c for c in case.do("return", T0 + timedelta(hours=3))}
    assert changed["C1:feedback:1"].state == "stopped" and changed["C1:dept_sign:1"].stop_reason == "return"
    assert changed["C1:order:2"].state == "running" and changed["C1:order:2"].attempt == 2
    case.do("route", T0 + timedelta(hours=4))
    assert case.clocks["C1:feedback:2"].state == "running"
    assert case.clocks["C1:closure:1"].state == "running"  # the case's own limit keeps running


def test_merge_stops_the_clocks_of_the_merged_case():
    case = CaseClocks(CaseFacts("online", None, "urgent", None))
    case.do("intake", T0)
    case.do("merge", T0 + timedelta(seconds=30))
    assert set(case.state().values()) == {"stopped"}


def test_mediation_cases_run_the_30_day_clock():
    case = CaseClocks(CaseFacts("window", "矛盾纠纷", "normal", "511725104"))
    case.do("intake", T0)
    case.do("sign", T0)
    case.do("route", T0 + timedelta(hours=1))
    mediation = case.clocks["C1:mediation:1"]
    assert mediation.deadline == T0 + timedelta(days=30, hours=1)
    assert "C1:feedback:1" not in case.clocks


def test_next_due_and_timer_entries():
    case = CaseClocks(CaseFacts("police110", None, "normal", None))
    case.do("intake", T0)
    entries = timer_entries(case.clocks.values())
    assert len(entries) == len(case.clocks) == 4  # sign, contact, order, closure
    assert next_due(case.clocks.values()) == min(entries, key=lambda e: e.due_at)
    case.do("sign", T0 + timedelta(seconds=10))
    assert next_due(case.clocks.values()).timer_id == "C1:contact:1"
    assert next_due([]) is None


def test_the_policy_chosen_at_intake_is_the_snapshot_even_if_the_book_changes():
    case = CaseClocks(CaseFacts("police110", None, "normal", None))
    case.do("intake", T0)
    edited = load_policies().model_copy(update={"warn_at_share": 0.5})
    case.policy = select_policy(edited, CaseFacts("police110", None, "normal", None))
    case.do("sign", T0 + timedelta(seconds=5))
    assert case.clocks["C1:contact:1"].warn_at == T0 + timedelta(seconds=96)  # still 80 % of 2 min


def test_a_working_day_limit_past_the_known_calendar_fails_loudly_at_intake():
    """10 working days from 2026-12-28 need January 2027, which chinesecalendar 1.11 does not know yet."""
    first, last = known_years()
    if last >= 2027:
        pytest.skip("this chinesecalendar knows 2027")
    case = CaseClocks(CaseFacts("hotline12345", "城乡建设", "normal", "511725102"))
    with pytest.raises(CalendarOutOfRange, match=f"2027-01-0.* knows only the years {first}-{last}"):
        case.do("intake", datetime(2026, 12, 28, 10, 0, tzinfo=SH))


def test_resolving_starts_the_visit_back_clock_and_the_visit_stops_it():
    case = CaseClocks(CaseFacts("hotline12345", "城乡建设", "normal", "511725102"))
    for action, minutes in (("intake", 0), ("sign", 1), ("route", 5), ("acknowledge", 30), ("resolve", 390)):
        case.do(action, T0 + timedelta(minutes=minutes))
    visit = case.clocks["C1:visit:1"]
    assert visit.state == "running" and visit.policy.limit == "2 working days"
    assert visit.deadline == datetime(2026, 11, 25, 16, 30, tzinfo=SH)  # resolved Monday 16:30
    assert [c.kind for c in case.do("escalate", T0 + timedelta(hours=8))] == []  # marks the SLA ignores
    case.do("visit", T0 + timedelta(days=1))
    assert case.clocks["C1:visit:1"].outcome == "met"
    assert case.state()["closure:1"] == "running"
