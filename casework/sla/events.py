"""What a clock says when a timer fires: `sla.warning` and `sla.breached`, in the one envelope."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..envelope import Envelope

WARNING = "sla.warning"
BREACHED = "sla.breached"
# Later escalation steps travel as `sla.breached` with data.stage == "escalation" until the envelope
# gains its own type (proposed: "sla.escalated"); change this one constant then.
ESCALATED = BREACHED


@dataclass(frozen=True, slots=True)
class SlaEvent:
    type: str
    case_id: str
    clock_id: str
    occurred_at: datetime  # when it became true (the warning moment, the deadline), not when noticed
    data: dict[str, Any] = field(default_factory=dict)

    def envelope(self, *, received_at: datetime, actor: str = "sla") -> Envelope:
        return Envelope.new(self.type, subject_id=self.case_id, occurred_at=self.occurred_at,
                            received_at=received_at, data=self.data, actor=actor, parent_id=self.clock_id)
