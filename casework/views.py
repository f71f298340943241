"""Plain dicts of domain objects, as events and APIs carry them."""
from __future__ import annotations

from typing import Any

from .clock import iso_local
from .models import Case, Unit
from .transitions import STATUS_TIMESTAMP


def _iso(value) -> str | None:  # noqa: ANN001
    return None if value is None else iso_local(value)


def case_summary(case: Case) -> dict[str, Any]:
    return {
        "id": case.id,
        "channel": case.channel,
        "external_id": case.external_id,
        "title": case.title,
        "category": case.category,
        "urgency": case.urgency,
        "status": case.status,
        "version": case.version,
        "township_code": case.township_code,
        "village_code": case.village_code,
        "lon": case.lon,
        "lat": case.lat,
        "address": case.address,
        "reporter": {"name": case.reporter_name, "phone": case.reporter_phone},
        "unit_id": case.unit_id,
        "department": case.department,
        "received_at": _iso(case.received_at),
        "updated_at": _iso(case.updated_at),
        "contacted_at": _iso(case.contacted_at),
        "escalation_level": case.escalation_level,
        "leader": case.leader,
        "supervise_deadline": _iso(case.supervise_deadline),
        "satisfaction": case.satisfaction,
        "complaint": case.complaint,
        "next_deadline": _iso(case.next_deadline),  # earliest running SLA deadline (countdowns)
        "next_warn_at": _iso(case.next_warn_at),  # when that clock warns (amber)
        # insight (classification, 赋分赋码, repeats); see insight.intake
        "category_confidence": case.category_confidence,
        "category_source": case.category_source,
        "risk_score": case.risk_score or 0,
        "risk_level": case.risk_level,
        "risk_reasons": list(case.risk_reasons or []),
        "related_case_id": case.related_case_id,
        "relation": case.relation,
        "relation_score": case.relation_score,
        "entity": case.entity,
        **{column: _iso(getattr(case, column)) for column in STATUS_TIMESTAMP.values()},
    }


def case_detail(case: Case) -> dict[str, Any]:
    return {**case_summary(case), "content": case.content, "notes": case.notes,
            "attachments": case.attachments, "merged_into": case.merged_into,
            "relation_reasons": list(case.relation_reasons or [])}


def unit_summary(unit: Unit) -> dict[str, Any]:
    return {
        "id": unit.id,
        "name": unit.name,
        "kind": unit.kind,
        "skills": unit.skills,
        "status": unit.status,
        "lon": unit.lon,
        "lat": unit.lat,
        "township_code": unit.township_code,
        "version": unit.version,
        "updated_at": _iso(unit.updated_at),
    }
