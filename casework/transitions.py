"""The case lifecycle: which action moves a case from which states to which state."""
from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("received", "signed", "dispatched", "on_site", "resolved", "closed", "returned", "merged")
OPEN_STATUSES = ("received", "signed", "dispatched", "on_site", "returned")

# the timestamp column set when a case enters each status
STATUS_TIMESTAMP = {s: f"{s}_at" for s in STATUSES if s != "received"}


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("sign", frozenset({"received", "returned"}), "signed"),
        Transition("dispatch", frozenset({"signed", "returned"}), "dispatched"),
        Transition("route", frozenset({"signed", "returned"}), "dispatched"),
        Transition("arrive", frozenset({"dispatched"}), "on_site"),
        Transition("resolve", frozenset({"dispatched", "on_site"}), "resolved"),
        Transition("close", frozenset({"resolved"}), "closed"),
        Transition("return", frozenset({"signed", "dispatched", "on_site", "resolved"}), "returned"),
        Transition("merge", frozenset({"received", "signed", "returned"}), "merged"),
    )
}


# actions that leave a mark on the case and its history without moving its status
MARKS: dict[str, frozenset[str]] = {
    "contact": frozenset(OPEN_STATUSES),  # 联系当事人: the "2" of the 123 rule
    "escalate": frozenset(OPEN_STATUSES),  # 提级: township, county, or a leader takes the case (包案)
    "supervise": frozenset(OPEN_STATUSES),  # 督办 with a deadline
    "visit": frozenset({"resolved", "closed"}),  # 回访 with satisfaction
    "acknowledge": frozenset({"dispatched"}),  # 部门签收: the department signs for a routed order
    "wait": frozenset(OPEN_STATUSES),  # waiting for the party (当事人原因): pauses the clocks that allow it
    "resume": frozenset(OPEN_STATUSES),  # the wait is over: those clocks run again
    "classify": frozenset(OPEN_STATUSES),  # (re-)classify: the officer sets the first-level category
}


class InvalidTransition(Exception):
    def __init__(self, action: str, status: str) -> None:
        allowed = sorted(allowed_actions(status))
        super().__init__(f"action {action!r} is not allowed from status {status!r}; allowed: {allowed}")
        self.action, self.status, self.allowed = action, status, allowed


def target_of(action: str, status: str) -> str:
    if action in MARKS:
        if status not in MARKS[action]:
            raise InvalidTransition(action, status)
        return status
    transition = TRANSITIONS.get(action)
    if transition is None or status not in transition.sources:
        raise InvalidTransition(action, status)
    return transition.target


def allowed_actions(status: str) -> set[str]:
    return {a for a, t in TRANSITIONS.items() if status in t.sources} | {
        a for a, sources in MARKS.items() if status in sources}


def is_known_action(action: str) -> bool:
    return action in TRANSITIONS or action in MARKS
