"""Every component id of every page, in one place."""

URL = "url"
PAGE = "page"

WALL_ROOT = "wall-root"
WALL_MAP = "wall-map"
WALL_TICKER = "wall-ticker"
WALL_TODAY = "wall-today"
WALL_OPEN = "wall-open"
WALL_STATUS = "wall-status"
WALL_CLOCK = "wall-clock"

CONSOLE_ROOT = "console-root"
CONSOLE_VIEW = "console-view"
CONSOLE_GRID = "console-grid"
CONSOLE_STATUS = "console-status"
CONSOLE_SELECTED = "console-selected"  # {"id", "version"} of the case in the panel
CONSOLE_REFRESH = "console-refresh"  # bumped when the selected case changed elsewhere
CONSOLE_PANEL = "console-panel"
CONSOLE_MESSAGE = "console-message"
CONSOLE_OPEN_COUNT = "console-open-count"
CONSOLE_FILTER_STATUS = "console-filter-status"
CONSOLE_FILTER_TEXT = "console-filter-text"
CASE_ACTION = "case-action"  # pattern id: {"type": CASE_ACTION, "action": ...}
DISPATCH_UNIT = "dispatch-unit"  # pattern id: {"type": DISPATCH_UNIT, "unit": ...}

FIELD_UNIT = "field-unit"
FIELD_STATUS = "field-status"
FIELD_CASE = "field-case"
FIELD_MESSAGE = "field-message"
FIELD_REPORT = "field-report"  # pattern id: {"type": FIELD_REPORT, "status": ...}
FIELD_POSITION = "field-position"  # the phone's GPS fix, written by assets/field.js
ROUTE_DEPARTMENT = "route-department"  # pattern id: {"type": ROUTE_DEPARTMENT, "case": ...}

WALL_RESOLVED = "wall-resolved"
WALL_ONSITE = "wall-onsite"
WALL_RATES = "wall-rates"
WALL_CHANNELS = "wall-channels"
WALL_LEADER = "wall-leader"
WALL_SLA_BOARD = "wall-sla-board"
WALL_OVERDUE = "wall-overdue"
WALL_MAP_TITLE = "wall-map-title"
WALL_MAP_PLACE = "wall-map-place"
WALL_WARNINGS = "wall-warnings"
WALL_ALERTS = "wall-alerts"
WALL_CATEGORIES = "wall-categories"
WALL_CURVE = "wall-curve"
WALL_REPLAY_BANNER = "wall-replay-banner"
