"""Risk codes that change after intake: a case escalated (提级, 领导包案) or complained about scores again.

    RiskRefresher(store, clock).run_once() -> list[str]   ids of the cases whose code changed

Run by the leader beside the early-warning passes (`dashboard.jobs`). Reads the open cases that were escalated or
complained about, scores them again (`insight.risk.score_risk` with their escalation level, their
caller's history and their repeat link) and stores each changed code through
`casework.actions.do_set_risk` (a `case.updated` event, action "risk"), so a case that became red
jumps the queue within one pass.
"""
from __future__ import annotations

from sqlalchemy import or_, select

from casework.actions import do_set_risk
from casework.clock import Clock
from casework.models import Case
from casework.store import Store
from casework.transitions import OPEN_STATUSES

from .repeats import caller_history, case_text
from .risk import score_risk

BATCH = 500


class RiskRefresher:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store, self.clock = store, clock

    def run_once(self) -> list[str]:
        changed = []
        with self.store.transaction() as session:
            cases = session.scalars(
                select(Case).where(Case.status.in_(OPEN_STATUSES),
                                   or_(Case.escalation_level > 0, Case.complaint.is_(True)))
                .order_by(Case.updated_at.desc()).limit(BATCH)).all()
            for case in cases:
                risk = score_risk(case_text(case), urgency=case.urgency or "normal",
                                  history=caller_history(session, case), escalation_level=case.escalation_level or 0,
                                  duplicate=case.relation == "duplicate")
                if do_set_risk(session, case.id, score=risk.score, level=risk.level, reasons=risk.reason_dicts(),
                               clock=self.clock) is not None:
                    changed.append(case.id)
        return changed
