"""The leader's periodic jobs: insight's early-warning passes and risk refresh.

Composed here (dashboard is the outermost layer) and handed to `realtime.duties.LeaderDuties`, so that
exactly one process runs them — the leading worker, or the one process of the embedded demo."""
from __future__ import annotations

from insight.detector import WarningDetector
from insight.risk_refresh import RiskRefresher
from realtime.duties import PeriodicJob
from realtime.runtime import Runtime


def leader_jobs(runtime: Runtime) -> list[PeriodicJob]:
    """Nothing when `SMARTBRAIN_WARNINGS_INTERVAL` is 0."""
    every = runtime.settings.warnings_interval
    if every <= 0:
        return []
    return [
        PeriodicJob("insight-warnings", every, WarningDetector(runtime.store, runtime.clock).run_once),
        PeriodicJob("insight-risk-refresh", every, RiskRefresher(runtime.store, runtime.clock).run_once),
    ]
