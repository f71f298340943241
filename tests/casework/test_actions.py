from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casework.actions import VersionConflict, do_case_action, do_intake
from casework.models import Case, CaseEvent, OutboxEvent, Unit
from casework.transitions import InvalidTransition
from tests.factories import report


def counts(store) -> tuple[int, int, int]:  # noqa: ANN001
    with store.reading() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Case, CaseEvent, OutboxEvent))


def test_intake_creates_case_event_and_outbox_row_together(store, clock):
    with store.transaction() as s:
        result = do_intake(s, report(), clock=clock)
    assert result.created and result.case["status"] == "received"
    assert counts(store) == (1, 1, 1)
    with store.reading() as s:
        row = s.scalar(select(OutboxEvent))
        assert row.type == "case.created" and row.seq is None and row.published_at is None
        assert row.envelope["context"]["id"] == result.case["id"]


def test_same_channel_and_external_id_gives_same_case(store, clock):
    demand = report(external_id="12345-0001")
    with store.transaction() as s:
        first = do_intake(s, demand, clock=clock)
    with store.transaction() as s:
        again = do_intake(s, demand, clock=clock)
    assert not again.created and again.case["id"] == first.case["id"]
    assert counts(store) == (1, 1, 1)


def test_rolled_back_intake_leaves_nothing(store, clock):
    with pytest.raises(RuntimeError):
        with store.transaction() as s:
            do_intake(s, report(), clock=clock)
            raise RuntimeError("crash before commit")
    assert counts(store) == (0, 0, 0)


def test_lifecycle_with_timestamps_and_versions(store, clock):
    with store.transaction() as s:
        case_id = do_intake(s, report(), clock=clock).case["id"]
        s.add(Unit(id="U1", name="渠江街道民声服务队1", kind="民声服务队", skills=[], status="available",
                   updated_at=clock.now()))
    steps = [("sign", {}), ("dispatch", {"unit_id": "U1"}), ("arrive", {}), ("resolve", {}), ("close", {})]
    for version, (action, data) in enumerate(steps, start=1):
        clock.advance(minutes=1)
        with store.transaction() as s:
            summary = do_case_action(s, case_id, action, expected_version=version, clock=clock,
                                     actor="officer", data=data)
    assert summary["status"] == "closed" and summary["version"] == 6
    with store.reading() as s:
        case = s.get(Case, case_id)
        assert case.signed_at < case.dispatched_at < case.on_site_at < case.resolved_at < case.closed_at
        actions = s.scalars(select(CaseEvent.action).where(CaseEvent.case_id == case_id)
                            .order_by(CaseEvent.version)).all()
        assert actions == ["intake", "sign", "dispatch", "arrive", "resolve", "close"]
        assert s.get(Unit, "U1").status == "en_route"


def test_stale_version_is_refused_and_changes_nothing(store, clock):
    with store.transaction() as s:
        case_id = do_intake(s, report(), clock=clock).case["id"]
    with store.transaction() as s:
        do_case_action(s, case_id, "sign", expected_version=1, clock=clock, actor="a")
    before = counts(store)
    with pytest.raises(VersionConflict) as conflict:
        with store.transaction() as s:
            do_case_action(s, case_id, "sign", expected_version=1, clock=clock, actor="b")
    assert conflict.value.current["status"] == "signed"
    assert counts(store) == before


def test_action_not_allowed_from_current_status(store, clock):
    with store.transaction() as s:
        case_id = do_intake(s, report(), clock=clock).case["id"]
    with pytest.raises(InvalidTransition) as refused:
        with store.transaction() as s:
            do_case_action(s, case_id, "close", expected_version=1, clock=clock, actor="a")
    assert "sign" in refused.value.allowed


def test_marks_keep_the_status_and_leave_history(store, clock):
    with store.transaction() as s:
        case_id = do_intake(s, report(), clock=clock).case["id"]
    deadline = clock.now().replace(hour=9).isoformat()  # 17:00 in Shanghai, later that day
    steps = [("contact", {}), ("escalate", {"level": "leader", "leader": "陈刚"}),
             ("supervise", {"deadline": deadline})]
    for version, (action, data) in enumerate(steps, start=1):
        with store.transaction() as s:
            summary = do_case_action(s, case_id, action, expected_version=version, clock=clock, actor="a", data=data)
    assert summary["status"] == "received" and summary["version"] == 4
    assert summary["leader"] == "陈刚" and summary["escalation_level"] == 3 and summary["contacted_at"]


@pytest.mark.parametrize("action,data,message", [
    ("supervise", {"deadline": "tomorrow"}, "deadline"),
    ("escalate", {"level": "leader"}, "leader's name"),
    ("escalate", {"level": "galaxy"}, "level must be"),
])
def test_marks_refuse_bad_data(store, clock, action, data, message):
    with store.transaction() as s:
        case_id = do_intake(s, report(), clock=clock).case["id"]
    with pytest.raises(ValueError, match=message):
        with store.transaction() as s:
            do_case_action(s, case_id, action, expected_version=1, clock=clock, actor="a", data=data)


def test_visit_back_only_after_resolution_and_dissatisfied_is_a_complaint(store, clock):
    with store.transaction() as s:
        case_id = do_intake(s, report(), clock=clock).case["id"]
    with pytest.raises(InvalidTransition):
        with store.transaction() as s:
            do_case_action(s, case_id, "visit", expected_version=1, clock=clock, actor="a",
                           data={"satisfaction": "satisfied"})
    version = 1
    for action in ("sign", "route", "resolve"):
        with store.transaction() as s:
            version = do_case_action(s, case_id, action, expected_version=version, clock=clock, actor="a",
                                     data={"department": "县住建局"} if action == "route" else {})["version"]
    with store.transaction() as s:
        summary = do_case_action(s, case_id, "visit", expected_version=version, clock=clock, actor="a",
                                 data={"satisfaction": "dissatisfied"})
    assert summary["complaint"] is True and summary["status"] == "resolved"


def test_related_cases_same_caller_or_same_village(store, clock):
    from casework.queries import related_cases

    with store.transaction() as s:
        first = do_intake(s, report(), clock=clock).case["id"]
        by_phone = do_intake(s, report(village_code="511725102001"), clock=clock).case["id"]
        by_place = do_intake(s, report(reporter={"name": "李四", "phone": "13900000000"}), clock=clock).case["id"]
        do_intake(s, report(village_code="511725102001", reporter={"name": "王五", "phone": "13700000000"}),
                  clock=clock)
    with store.reading() as s:
        related = {r["id"]: r["same_caller"] for r in related_cases(s, first)}
    assert related == {by_phone: True, by_place: False}
