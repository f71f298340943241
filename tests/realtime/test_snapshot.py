"""Zulip's verify idea: an old snapshot plus the events since equals a fresh snapshot."""
from __future__ import annotations

import copy

import pytest

from casework.actions import do_case_action, do_intake
from casework.store.outbox import events_after
from realtime.bus import InProcessBus
from realtime.relay import OutboxRelay
from realtime.snapshot import RECENT_LIMIT, Gap, apply_events, take_snapshot
from tests.factories import report


def publish(store, clock) -> None:  # noqa: ANN001
    OutboxRelay(store, InProcessBus(), clock).run_once()


def snapshot(store, clock, public=False):  # noqa: ANN001
    with store.reading() as s:
        return take_snapshot(s, clock=clock, public=public)


def wire_since(store, seq):  # noqa: ANN001
    with store.reading() as s:
        return [e.wire() for e in events_after(s, seq)]


@pytest.mark.parametrize("public", [False, True])
def test_old_snapshot_plus_events_equals_fresh_snapshot(store, clock, public):
    for n in range(3):
        with store.transaction() as s:
            do_intake(s, report(township_code=f"51172510{n}"), clock=clock)
    publish(store, clock)
    old = snapshot(store, clock, public)

    ids = []
    for n in range(RECENT_LIMIT + 5):  # enough to push cases out of the recent list
        clock.advance(seconds=20)
        with store.transaction() as s:
            ids.append(do_intake(s, report(received_at=clock.now()), clock=clock).case["id"])
    for case_id in ids[:4]:
        with store.transaction() as s:
            do_case_action(s, case_id, "sign", expected_version=1, clock=clock, actor="a")
    with store.transaction() as s:
        do_case_action(s, ids[0], "merge", expected_version=2, clock=clock, actor="a", data={"into": ids[1]})
    publish(store, clock)

    events = wire_since(store, old["seq"])
    if public:
        from casework.privacy import mask_event_data
        events = [{**e, "data": mask_event_data(e["data"])} for e in events]
    applied = apply_events(copy.deepcopy(old), events)
    fresh = snapshot(store, clock, public)
    assert applied == fresh
    assert applied != old


def test_applying_the_same_events_twice_changes_nothing(store, clock):
    old = snapshot(store, clock)
    with store.transaction() as s:
        do_intake(s, report(), clock=clock)
    publish(store, clock)
    events = wire_since(store, old["seq"])
    once = apply_events(copy.deepcopy(old), events)
    assert apply_events(copy.deepcopy(once), events) == once


def test_a_missing_event_is_a_gap(store, clock):
    old = snapshot(store, clock)
    for _ in range(2):
        with store.transaction() as s:
            do_intake(s, report(), clock=clock)
    publish(store, clock)
    events = wire_since(store, old["seq"])
    with pytest.raises(Gap):
        apply_events(copy.deepcopy(old), events[1:])


def test_wall_snapshot_carries_no_personal_data(store, clock):
    with store.transaction() as s:
        do_intake(s, report(title="13812345678 反映路灯坏了"), clock=clock)
    publish(store, clock)
    text = str(snapshot(store, clock, public=True))
    assert "13812345678" not in text and "张三丰" not in text and "小区门口" not in text
