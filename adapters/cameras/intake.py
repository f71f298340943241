"""Hand a parsed alarm to `casework.alarms` in one transaction; used by HTTP and by MQTT alike."""
from __future__ import annotations

from typing import Protocol

from casework.alarms import AlarmOutcome, CameraAlarm, CameraStatus, do_alarm, do_camera_status
from casework.clock import Clock
from casework.store import Store


class AlarmContext(Protocol):
    store: Store
    clock: Clock


class AlarmIntake:
    def __init__(self, context: AlarmContext) -> None:
        self.context = context

    def submit(self, parsed: CameraAlarm | CameraStatus, *, actor: str) -> AlarmOutcome:
        """Persist, then return: the caller acknowledges only after this returns (committed; group commit)."""
        clock, policies = self.context.clock, getattr(self.context, "policies", None)  # as the intake blueprint
        if isinstance(parsed, CameraStatus):
            return self.context.store.grouped(
                lambda session: do_camera_status(session, parsed, clock=clock, actor=actor))
        return self.context.store.grouped(
            lambda session: do_alarm(session, parsed, clock=clock, actor=actor, policies=policies))
