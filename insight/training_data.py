"""Labelled text from the center's own cases, for retraining (`smartbrain train --from-db`).

    labelled_from_db(session) -> (LabelledTexts, {"corrected": n, "closed": m})

A case is a training example when a person stands behind its category:
- an officer re-classified it (a `classify` CaseEvent, data {"category": new, "previous": old}): the
  latest such correction is its label, whatever the model said — corrections win;
- or it was closed (status closed) with a category: the category the case was handled and closed
  under, from its source, the model or an officer.
Open cases the model classified and nobody corrected are left out (the model would learn from
itself). Merged cases are left out (their demand lives in the case they were merged into). The text
is the title and the content, as the classifier reads it on intake.
"""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.models import Case, CaseEvent

from .dataset import LabelledTexts, clean_label

CORRECTION = "classify"


def corrections(session: Session) -> dict[str, str]:
    """case id → the category its latest `classify` event set."""
    latest: dict[str, str] = {}
    rows = session.execute(select(CaseEvent.case_id, CaseEvent.data)
                           .where(CaseEvent.action == CORRECTION).order_by(CaseEvent.occurred_at, CaseEvent.id))
    for case_id, data in rows:
        category = clean_label((data or {}).get("category"))
        if category:
            latest[case_id] = category
    return latest


def labelled_from_db(session: Session) -> tuple[LabelledTexts, dict[str, int]]:
    corrected = corrections(session)
    data = LabelledTexts([], [], Counter())
    sources = {"corrected": 0, "closed": 0}
    corrected_ids = select(CaseEvent.case_id).where(CaseEvent.action == CORRECTION)
    statement = select(Case.id, Case.title, Case.content, Case.category, Case.status).where(
        (Case.status == "closed") | Case.id.in_(corrected_ids)).order_by(Case.id)
    for case_id, title, content, category, status in session.execute(statement):
        if status == "merged":
            data.skipped["merged"] += 1
            continue
        label = corrected.get(case_id) or clean_label(category)
        if not label:
            data.skipped["closed without a category"] += 1
            continue
        sources["corrected" if case_id in corrected else "closed"] += 1
        data.texts.append(f"{title or ''}\n{content or ''}")
        data.labels.append(label)
    return data, sources
