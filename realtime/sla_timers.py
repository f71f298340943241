"""SLA timers of one process: the index, the loop that fires clocks, the leader lease and the auditor.

- Every process arms timers after its writes commit (`arm_after_commit`): the clock rows a transaction
  touched are armed (running, with a `due_at`) or cancelled.
- One process fires them: without Redis the only one; with Redis the elected leader, which on election
  re-arms every running clock from the database and starts the loop, and stops it when it loses the lease.
- The leader's auditor re-arms, every `audit_every` seconds, running clocks whose `due_at` passed more than
  `audit_grace` seconds ago: a timer lost to a crash between commit and arm, a Redis flush, a race.
Timers are hints; `casework.sla_steps.do_sla_due` re-reads the clock under a lock and checks the fence.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from sqlalchemy import event

from casework.case_clocks import WRITTEN_CLOCKS, note_written
from casework.clock import Clock
from casework.models import SlaClockRow
from casework.sla_steps import do_sla_due, running_timer_entries
from casework.store import Store

from .leader import LeaderElector
from .timers import TimerIndex, TimerLoop

log = logging.getLogger(__name__)

LEADER_LOCK = "smartbrain:leader:sla"


class SlaTimers:
    def __init__(self, store: Store, clock: Clock, index: TimerIndex, *, redis_url: str | None = None,
                 audit_every: float = 60.0, audit_grace: float = 30.0, leader_ttl: float = 10.0,
                 leader_renew_every: float | None = None) -> None:
        self.store, self.clock, self.index = store, clock, index
        self.audit_every, self.audit_grace = audit_every, audit_grace
        self.loop: TimerLoop | None = None  # made when first leading (it subscribes to wake-ups)
        self.elector = LeaderElector(redis_url, name=LEADER_LOCK, ttl=leader_ttl, renew_every=leader_renew_every,
                                     on_elected=self._elected, on_revoked=self._revoked) if redis_url else None
        self._leading = False
        self._closed = False
        self._rearm_all = False  # the re-arm on election failed: the auditor re-arms every running clock
        self._audit_stop = threading.Event()
        self._auditor: threading.Thread | None = None
        self._lock = threading.Lock()
        self.steps = 0  # steps taken by this process

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> None:
        """Campaign for leadership (Redis), or lead at once (in-process)."""
        if self.elector is not None:
            self.elector.start()
        else:
            self._elected(0)

    def stop(self, *, release: bool = True) -> None:
        """Stop firing and campaigning; `release=False` lets the lease lapse, as a crash would.
        Safe to call more than once, and on timers never started."""
        if self.elector is not None:
            self.elector.stop(release=release)  # steps down: _revoked stops the loop
        self._revoked()
        if not self._closed:
            self._closed = True
            self.index.close()

    @property
    def leading(self) -> bool:
        return self._leading

    def _elected(self, epoch: int) -> None:
        with self._lock:
            if self._leading:
                return
            self._leading = True
            log.info("SLA timers: leading (epoch %s); re-arming running clocks", epoch)
            try:
                rearm = self.running_entries()
            except Exception:  # noqa: BLE001 - the database away: the auditor's first pass re-arms all
                log.exception("SLA timers: could not read the running clocks; re-arming on the next audit")
                rearm, self._rearm_all = None, True
            if self.loop is None:
                self.loop = TimerLoop(self.index, self._on_due, clock=self.clock)
            self.loop.start(rearm=rearm)
            self._audit_stop.clear()
            self._auditor = threading.Thread(target=self._audit_loop, name="sla-auditor", daemon=True)
            self._auditor.start()

    def _revoked(self) -> None:
        with self._lock:
            if not self._leading:
                return
            self._leading = False
            self._audit_stop.set()
            if self.loop is not None:
                self.loop.stop()
            if self._auditor is not None:
                self._auditor.join(timeout=5)
                self._auditor = None

    # -- firing, arming, auditing ----------------------------------------------------------------

    def _on_due(self, clock_id: str, fence: int) -> None:
        with self.store.transaction() as session:
            stepped = do_sla_due(session, clock_id, fence, clock=self.clock)
        if stepped:  # counted once committed, so whoever reads `steps` also sees the step's rows
            self.steps += 1

    def running_entries(self) -> list[tuple[str, Any, int]]:
        with self.store.reading() as session:
            return [tuple(entry) for entry in running_timer_entries(session)]

    def arm_rows(self, rows: Iterable[Any]) -> None:
        """After commit: arm the running clocks that have something due, cancel the others (SlaClockRow or
        casework.sla.SlaClock: what `casework.case_clocks.note_written` noted)."""
        arm = []
        for row in rows:
            if row.state == "running" and row.due_at is not None:
                arm.append((row.id, row.due_at, row.fence))
            else:
                self.index.cancel(row.id)
        if arm:
            self.index.arm_many(arm)

    def audit_once(self) -> int:
        """Re-arm running clocks overdue by more than the grace period; how many were re-armed."""
        cutoff = None if self._rearm_all else self.clock.now() - timedelta(seconds=self.audit_grace)
        with self.store.reading() as session:
            entries = running_timer_entries(session, due_before=cutoff)
        self._rearm_all = False
        if entries:
            log.warning("SLA auditor: re-arming %d overdue clock(s), e.g. %s", len(entries), entries[0].timer_id)
            self.index.arm_many(entries)
        return len(entries)

    def _audit_loop(self) -> None:
        while not self._audit_stop.wait(self.audit_every):
            try:
                self.audit_once()
            except Exception:  # noqa: BLE001 - the database or Redis away: try again next round
                log.exception("SLA auditor pass failed")

    def health(self) -> dict[str, Any]:
        try:
            armed: int | str = len(self.index)
        except Exception as error:  # noqa: BLE001
            armed = f"down: {type(error).__name__}"
        kind = "redis" if self.elector is not None else "in-process"
        return {"kind": kind, "armed": armed, "leader": "yes" if self._leading else "no",
                "loop": "running" if self.loop is not None and self.loop.running else "stopped",
                "steps": self.steps}


def arm_after_commit(store: Store, timers: SlaTimers) -> None:
    """Arm the clocks a transaction touched once it commits (never for a rolled-back write)."""
    sessions = store.writer_sessions

    @event.listens_for(sessions, "before_flush")
    def _note_clocks(session, _context, _instances) -> None:  # noqa: ANN001
        touched = [obj for obj in (*session.new, *session.dirty) if isinstance(obj, SlaClockRow)]
        if touched:
            note_written(session, touched)

    @event.listens_for(sessions, "after_commit")
    def _arm(session) -> None:  # noqa: ANN001
        rows = session.info.pop(WRITTEN_CLOCKS, None)
        if rows:
            try:
                timers.arm_rows(rows.values())
            except Exception:  # noqa: BLE001 - committed anyway; the auditor re-arms what was lost
                log.exception("could not arm SLA timers after commit")

    @event.listens_for(sessions, "after_rollback")
    def _forget(session) -> None:  # noqa: ANN001
        session.info.pop(WRITTEN_CLOCKS, None)
