"""The early-warning detector over the center's own cases, run periodically.

    detector = WarningDetector(store, clock)         # config: insight.anomaly.DetectorConfig
    detector.run_once() -> list[dict]                # the warnings raised now (stored + `warning.raised`)

    loop = DetectorLoop(detector, interval=600.0,    # in-process: `smartbrain demo` / `serve` start it;
                        also=(RiskRefresher(store, clock),))
    loop.start(); …; loop.stop()                     # a worker (the elected leader) schedules run_once

One pass reads only the spans the statistics need (the current and rolling windows, the same
windows a year ago), computes the findings outside any write transaction, then stores the new ones
through `casework.early_warnings.do_raise_warning` (one row and one outbox event each, so the relay
publishes them like every event). An anomaly already raised within the last window is not raised
again; one still going after a full window is raised again, with the new counts.
Merged cases are not counted (their demand lives on in the case they were merged into).
"""
from __future__ import annotations

import logging
import threading
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


class DetectorLoop:
    """Runs `detector.run_once` (and each of `also`'s `run_once`, e.g. `RiskRefresher`) every `interval`
    seconds on a thread of its own (the first pass at once)."""

    def __init__(self, detector: WarningDetector, *, interval: float = 600.0, also: tuple = ()) -> None:  # noqa: ANN001
        self.detector, self.interval, self.also = detector, interval, tuple(also)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.passes = 0

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="insight-warnings", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _loop(self) -> None:
        while not self._stop.is_set():
            for part in (self.detector, *self.also):
                try:
                    part.run_once()
                except Exception:
                    log.exception("%s pass failed; will retry", type(part).__name__)
            self.passes += 1
            self._stop.wait(self.interval)
