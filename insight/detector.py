"""The early-warning detector over the center's own cases, run periodically.

    detector = WarningDetector(store, clock)         # config: insight.anomaly.DetectorConfig
    detector.run_once() -> list[dict]                # the warnings raised now (stored + `warning.raised`)

The leading process schedules `run_once` every SMARTBRAIN_WARNINGS_INTERVAL seconds
(`dashboard.jobs.leader_jobs` → `realtime.duties.PeriodicJob`), so exactly one process runs it.

One pass reads only the spans the statistics need (the current and rolling windows, the same
windows a year ago), computes the findings outside any write transaction, then stores the new ones
through `casework.early_warnings.do_raise_warning` (one row and one outbox event each, so the relay
publishes them like every event). An anomaly already raised within the last window is not raised
again; one still going after a full window is raised again, with the new counts.
Merged cases are not counted (their demand lives on in the case they were merged into).
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from casework.clock import Clock
from casework.early_warnings import do_raise_warning, last_raised
from casework.models import Case
from casework.store import Store

from .anomaly import DetectorConfig, Finding, Record, detect

log = logging.getLogger(__name__)


def load_records(session: Session, now: datetime, config: DetectorConfig) -> tuple[list[Record], datetime | None]:
    """The demands `detect` needs at `now`, oldest first, and when the center's history starts."""
    history_start = session.scalar(select(func.min(Case.received_at)))
    spans = or_(*(Case.received_at.between(start, end) for start, end in config.read_ranges(now)))
    rows = session.execute(
        select(Case.received_at, Case.id, Case.category, Case.township_code, Case.entity, Case.reporter_phone)
        .where(spans, Case.received_at <= now, Case.status != "merged")
        .order_by(Case.received_at, Case.id)
    ).all()
    return [Record(*row) for row in rows], history_start


class WarningDetector:
    def __init__(self, store: Store, clock: Clock, config: DetectorConfig | None = None) -> None:
        self.store, self.clock, self.config = store, clock, config or DetectorConfig()

    def findings(self) -> list[Finding]:
        now = self.clock.now()
        with self.store.reading() as session:
            records, history_start = load_records(session, now, self.config)
        return detect(records, now, self.config, history_start=history_start)

    def run_once(self) -> list[dict[str, Any]]:
        findings = self.findings()
        if not findings:
            return []
        now = self.clock.now()
        quiet = timedelta(days=self.config.window_days)
        raised = []
        with self.store.transaction() as session:
            for finding in findings:
                last = last_raised(session, finding.key)
                if last is not None and last > now - quiet:
                    continue
                raised.append(do_raise_warning(session, finding.as_dict(), clock=self.clock))
        if raised:
            log.info("early warnings raised: %s", ", ".join(w["key"] for w in raised))
        return raised
