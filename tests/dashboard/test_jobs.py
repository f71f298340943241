"""The leader's periodic jobs: insight's warnings and risk refresh, or nothing when switched off."""
from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

from casework.clock import FrozenClock
from dashboard.jobs import leader_jobs


def runtime(interval: float) -> SimpleNamespace:
    return SimpleNamespace(settings=SimpleNamespace(warnings_interval=interval), store=None,
                           clock=FrozenClock(datetime(2026, 12, 1, tzinfo=timezone.utc)))


def test_warnings_and_risk_refresh_run_on_the_leader_every_interval():
    jobs = leader_jobs(runtime(300.0))
    assert [(job.name, job.every) for job in jobs] == [("insight-warnings", 300.0), ("insight-risk-refresh", 300.0)]


def test_an_interval_of_zero_runs_nothing():
    assert leader_jobs(runtime(0.0)) == []
