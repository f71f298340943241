"""What insight does to every new demand on intake: the `enricher` of `casework.actions.do_intake`.

    enricher = IntakeInsight(model_dir=None)      # the shipped model, loaded on first use
    do_intake(session, report, clock=..., enricher=enricher)
    enricher.enrich_many(session, cases)          # several new cases at once (one classifier call)
    store.grouped(work, prelude=enricher.prelude(report))  # a group commit's texts classified at once

For the new case, before it is stored:
1. **category**: a demand whose source gave a category keeps it (`category_source` "source");
   otherwise the classifier's label and confidence (`category_source` "model"); below
   `MIN_CONFIDENCE` (text with no signal) category and source stay empty, the confidence is kept, so
   the officer classifies it;
2. **entity**: the first named shop, estate or employer in the text (`insight.entities`), which the
   early warnings count;
3. **repeat link**: the open case it repeats or may duplicate (`insight.repeats`);
4. **risk code**: score, colour and reasons (`insight.risk`).
A failure of the model never loses a demand: the case is stored unclassified and the error logged.

Classifying texts one at a time costs ~1.5 ms each, in one call ~0.04 ms each. The intake paths
hand `prelude(report)` to the group commit, whose leader classifies the batch's texts at once before
its transaction; each case's enrichment then takes its text's prediction from there (`_primed`).
The cases enriched earlier in the same transaction (a group commit's batch, whose inserts are held to
its end) are kept in the session, so a caller's second demand in one batch still links to the first.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from casework.inbound import InboundReport
from casework.models import Case

from .entities import main_entity
from .repeats import caller_history, case_text, find_related, report_text
from .risk import score_risk

log = logging.getLogger(__name__)
_BATCH = "insight.intake.batch"  # session.info: the cases enriched in this transaction, as _Seen rows
MIN_CONFIDENCE = 0.35
MAX_PRIMED = 4096  # predictions waiting for their case; more means cases that never came: start over


@dataclass(frozen=True)
class _Seen:
    """A case enriched in this transaction, as the repeat lookups read a stored one."""

    id: str
    title: str | None
    content: str | None
    reporter_phone: str | None
    village_code: str | None
    township_code: str | None
    lon: float | None
    lat: float | None
    received_at: datetime
    escalated: bool

    @classmethod
    def of(cls, case: Case) -> _Seen:
        return cls(case.id, case.title, case.content, case.reporter_phone, case.village_code, case.township_code,
                   case.lon, case.lat, case.received_at, bool((case.escalation_level or 0) > 0 or case.complaint))


class IntakeInsight:
    def __init__(self, model_dir: str | Path | None = None, *, classifier=None,  # noqa: ANN001
                 min_confidence: float = MIN_CONFIDENCE) -> None:
        self._model_dir = model_dir
        self._classifier = classifier
        self._lock = threading.Lock()
        self.min_confidence = min_confidence
        self._primed: dict[str, object] = {}

    @property
    def classifier(self):  # noqa: ANN201
        if self._classifier is None:
            with self._lock:
                if self._classifier is None:
                    from .classifier import Classifier

                    self._classifier = Classifier.load(self._model_dir)
        return self._classifier

    def warm(self) -> None:
        """Load the model and the segmenter's dictionary now (~1 s of CPU), not on the first demand: call it
        in the background when a server starts. A failure is logged; the first demand tries again."""
        try:
            self.classifier.predict(["小区门口路灯坏了"])
        except Exception:  # noqa: BLE001 - a broken model is the first demand's to report, stored unclassified
            log.exception("classifier warm-up failed")

    def prelude(self, report: InboundReport):  # noqa: ANN201 - casework.store.group_commit.Prelude
        """The group-commit prelude for a report the classifier will read (none for a source category)."""
        if report.category:
            return None
        return self.prime, report_text(report)

    def prime(self, texts: list[str]) -> None:
        """Classify `texts` in one call, kept for the cases about to be enriched."""
        with self._lock:
            texts = list(dict.fromkeys(text for text in texts if text not in self._primed))
        if not texts:
            return
        predictions = self.classifier.predict(texts)
        with self._lock:
            if len(self._primed) + len(predictions) > MAX_PRIMED:
                self._primed.clear()
            self._primed.update(zip(texts, predictions))

    def __call__(self, session: Session, case: Case) -> None:
        self.enrich_many(session, [case])

    def enrich_many(self, session: Session, cases: Sequence[Case]) -> None:
        """The same for several new cases at once (group commit): one classifier call for all of them,
        ~0.3 ms a text instead of ~5 ms one at a time."""
        unclassified = [case for case in cases if not case.category]
        self._classify(unclassified)
        for case in cases:
            self._annotate(session, case)

    def _annotate(self, session: Session, case: Case) -> None:
        text = case_text(case)
        if case.category and case.category_source is None:
            case.category_source = "source"
        case.entity = main_entity(text)
        batch = session.info.setdefault(_BATCH, [])
        link = find_related(session, case, pending=batch)
        if link is not None:
            case.related_case_id, case.relation = link.case_id, link.relation
            case.relation_score, case.relation_reasons = link.similarity, list(link.reasons)
        risk = score_risk(text, urgency=case.urgency or "normal",
                          history=caller_history(session, case, pending=batch),
                          escalation_level=case.escalation_level or 0,
                          duplicate=link is not None and link.relation == "duplicate")
        case.risk_score, case.risk_level, case.risk_reasons = risk.score, risk.level, risk.reason_dicts()
        batch.append(_Seen.of(case))

    def _classify(self, cases: list[Case]) -> None:
        if not cases:
            return
        texts = [case_text(case) for case in cases]
        with self._lock:
            primed = [self._primed.pop(text, None) for text in texts]
        missing = [i for i, prediction in enumerate(primed) if prediction is None]
        if missing:
            try:
                for i, prediction in zip(missing, self.classifier.predict([texts[i] for i in missing])):
                    primed[i] = prediction
            except Exception:  # noqa: BLE001 - a broken model must not lose the demand
                log.exception("classification failed for %d case(s); stored unclassified", len(missing))
        for case, prediction in zip(cases, primed):
            if prediction is None:
                continue
            case.category_confidence = round(prediction.confidence, 4)
            if prediction.confidence >= self.min_confidence:
                case.category, case.category_source = prediction.label, "model"
