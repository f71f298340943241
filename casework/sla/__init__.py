"""SLA engine (pure): policies as data, working-day calendar, clock values, lifecycle mapping, due times.

No I/O beyond reading the policy file; timers live in realtime/, persistence in casework.models.
"""
from .working_time import CalendarOutOfRange, ElapsedTime, OfficeTime, is_working_day, known_years
from .clock_state import Fired, SlaClock, clock_id
from .events import BREACHED, ESCALATED, WARNING, SlaEvent
from .lifecycle import ClockOperation, apply_operations, on_case_action, operations_for
from .limits import Limit
from .persistence import clock_columns, clock_from_row
from .policy import DEFAULT_POLICIES, PolicyBook, PolicyError, load_policies, parse_policies
from .schedule import TimerEntry, next_due, timer_entries, timer_entry
from .selector import CaseFacts, ResolvedPolicy, matching_rules, select_policy
from .snapshot import PolicySnapshot
from .vocabulary import LIFECYCLE_ACTIONS

__all__ = [
    "BREACHED", "DEFAULT_POLICIES", "ESCALATED", "LIFECYCLE_ACTIONS", "WARNING",
    "CalendarOutOfRange", "CaseFacts", "ClockOperation", "ElapsedTime", "Fired", "Limit", "OfficeTime",
    "PolicyBook", "PolicyError", "PolicySnapshot", "ResolvedPolicy", "SlaClock", "SlaEvent", "TimerEntry",
    "apply_operations", "clock_columns", "clock_from_row", "clock_id", "is_working_day", "known_years",
    "load_policies", "matching_rules", "next_due", "on_case_action", "operations_for", "parse_policies",
    "select_policy", "timer_entries", "timer_entry",
]
