"""The words SLA policies are written in: lifecycle actions and escalation targets."""
from __future__ import annotations

from typing import Literal

# Case transitions (casework.transitions.TRANSITIONS), the marks that leave the status as it is
# (casework.transitions.MARKS: contact, escalate, supervise, visit, classify), and three moments only the SLA
# needs so far: a department signing for a routed order, waiting for the party (pauses clocks), resuming.
TRANSITION_ACTIONS = ("sign", "dispatch", "route", "arrive", "resolve", "close", "return", "merge")
MARK_ACTIONS = ("contact", "escalate", "supervise", "visit", "classify")
SLA_ONLY_ACTIONS = ("acknowledge", "wait", "resume")
LIFECYCLE_ACTIONS = ("intake", *TRANSITION_ACTIONS, *MARK_ACTIONS, *SLA_ONLY_ACTIONS)

LifecycleAction = Literal[
    "intake", "sign", "dispatch", "route", "arrive", "resolve", "close", "return", "merge",
    "contact", "escalate", "supervise", "visit", "classify", "acknowledge", "wait", "resume",
]

# who an escalation step notifies; the consumer resolves them from the case (its township, its
# department) and the duty roster
NotifyTarget = Literal["township", "department", "center", "county"]
