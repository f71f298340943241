"""Marks an action leaves on a case without moving its status: contact, escalate, supervise, visit;
acknowledge, wait and resume, which matter to the SLA clocks (the reason of a wait stays in the history);
classify, whose event carries `{"category": new, "previous": old}` (the classifier retrains from these)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from .models import Case
from .taxonomy import load_categories

ESCALATION_LEVELS = ("center", "township", "county", "leader")
DEFAULT_SUPERVISION = timedelta(hours=24)  # 督办 without a stated deadline: due in a day
SATISFACTION = ("satisfied", "basic", "dissatisfied")


def apply_mark(case: Case, action: str, data: dict[str, Any], *, now: datetime) -> None:
    """Apply the mark to the case; `data` is what the history records, and classify rewrites it."""
    if action == "contact":
        case.contacted_at = case.contacted_at or now
    elif action == "escalate":
        level = data.get("level", ESCALATION_LEVELS[min(case.escalation_level + 1, 3)])
        if level not in ESCALATION_LEVELS[1:]:
            raise ValueError(f"escalate level must be one of {ESCALATION_LEVELS[1:]}")
        if level == "leader" and not data.get("leader"):
            raise ValueError("a leader taking the case (领导包案) needs the leader's name")
        case.escalation_level = max(case.escalation_level, ESCALATION_LEVELS.index(level))
        case.escalated_at = now
        case.leader = data.get("leader") or case.leader
    elif action == "supervise":
        deadline = data.get("deadline")
        try:
            parsed = datetime.fromisoformat(deadline) if isinstance(deadline, str) else None
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None or parsed <= now:
            raise ValueError("supervise needs a future 'deadline' in ISO 8601 with an offset")
        case.supervised_at, case.supervise_deadline = now, parsed
    elif action == "visit":
        satisfaction = data.get("satisfaction")
        if satisfaction not in SATISFACTION:
            raise ValueError(f"visit needs 'satisfaction', one of {SATISFACTION}")
        case.visited_at, case.satisfaction = now, satisfaction
        case.complaint = bool(data.get("complaint")) or satisfaction == "dissatisfied"
    elif action == "acknowledge":
        if not case.department:
            raise ValueError("acknowledge is a department signing for a routed order; this case has no department")
    elif action == "classify":
        unknown = sorted(set(data) - {"category"})
        if unknown:
            raise ValueError(f"classify takes only 'category'; unknown: {unknown}")
        category = load_categories().first_level_of(data.get("category"))
        if category == case.category:
            raise ValueError(f"the case is already classified as {category}")
        data.clear()
        data.update(category=category, previous=case.category)
        case.category = category
        case.category_source, case.category_confidence = "officer", None  # the model's guess no longer holds
    elif action == "wait":
        reason = data.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError("wait needs a 'reason' (why the party holds the case up)")


def default_supervision_deadline(now: datetime) -> datetime:
    return now + DEFAULT_SUPERVISION
