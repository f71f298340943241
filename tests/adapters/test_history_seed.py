"""The demo's past: weeks of finished work orders so the briefing has something to show."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from adapters.simulator.history import seed_history
from casework.models import Case, SlaClockRow

NOW = datetime(2026, 12, 4, 6, 0, tzinfo=timezone.utc)  # 14:00 in the center's zone


def test_an_empty_database_gets_weeks_of_finished_work_orders_and_nothing_runs(store):
    written = seed_history(store.engine, now=NOW, weeks=2, per_day=40)
    assert 300 < written < 2 * 7 * 40
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(Case)) == written
        statuses = set(session.scalars(select(Case.status).distinct()))
        assert statuses <= {"closed", "resolved"} and "closed" in statuses
        assert session.scalar(select(func.count()).select_from(SlaClockRow).where(SlaClockRow.state != "stopped")) == 0
        first, last = session.execute(select(func.min(Case.received_at), func.max(Case.received_at))).one()
    today = datetime(2026, 12, 3, 16, 0, tzinfo=timezone.utc)  # midnight of 4 December in Asia/Shanghai
    assert today - timedelta(weeks=2) <= first.replace(tzinfo=timezone.utc) and last.replace(tzinfo=timezone.utc) < today


def test_a_database_with_cases_is_left_alone(store):
    assert seed_history(store.engine, now=NOW, weeks=1, per_day=10) > 0
    assert seed_history(store.engine, now=NOW, weeks=1, per_day=10) == 0
    assert seed_history(store.engine, now=NOW, weeks=0) == 0
