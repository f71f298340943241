"""Every component id of every page, in one place."""

URL = "url"
PAGE = "page"

WALL_ROOT = "wall-root"
WALL_VIEW = "wall-view"  # the store the live client script writes each applied batch into
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
CONSOLE_FILTER_TOWNSHIP = "console-filter-township"
CONSOLE_FILTER_CHANNEL = "console-filter-channel"
CONSOLE_FILTER_CATEGORY = "console-filter-category"
CONSOLE_FILTER_FLAGS = "console-filter-flags"  # checklist: overdue, urgent
CONSOLE_PRELOAD = "console-preload"  # an empty graph mounted after the queue shows: Plotly loads then
CONSOLE_VIEWS = "console-views"  # the row of saved-view chips
CONSOLE_VIEW_DEFS = "console-view-defs"  # store: every view the officer may pick (built-in and own)
CONSOLE_VIEW_NAME = "console-view-name"
CONSOLE_VIEW_SAVE = "console-view-save"
CONSOLE_VIEW_DRAFT = "console-view-draft"  # store: the view to save, with the grid's sort read in the browser
VIEW_CHIP = "view-chip"  # pattern id: {"type": VIEW_CHIP, "view": ...}
VIEW_DELETE = "view-delete"  # pattern id: {"type": VIEW_DELETE, "view": ...}
CASE_MAP = "case-map"  # pattern id: {"type": CASE_MAP, "case": ...}
DISPATCH_BAR = "dispatch-bar"  # pattern id: {"type": DISPATCH_BAR, "case": ...}
DISPATCH_PICKED = "dispatch-picked"  # pattern id: {"type": DISPATCH_PICKED, "unit": ...}: the bar's button
CLASSIFY_PICK = "classify-pick"  # pattern id: {"type": CLASSIFY_PICK, "case": ...}
CASE_ACTION = "case-action"  # pattern id: {"type": CASE_ACTION, "action": ...}
DISPATCH_UNIT = "dispatch-unit"  # pattern id: {"type": DISPATCH_UNIT, "unit": ...}

FIELD_UNIT = "field-unit"
FIELD_STATUS = "field-status"
FIELD_CASE = "field-case"
FIELD_MESSAGE = "field-message"
FIELD_REPORT = "field-report"  # pattern id: {"type": FIELD_REPORT, "status": ...}
FIELD_POSITION = "field-position"  # the phone's GPS fix, written by assets/field.js
ROUTE_DEPARTMENT = "route-department"  # pattern id: {"type": ROUTE_DEPARTMENT, "case": ...}

WALL_FIGURES = "wall-figures"  # store: derived figures pushed every few seconds
WALL_RESOLVED = "wall-resolved"
WALL_ONSITE = "wall-onsite"
WALL_RATES = "wall-rates"
WALL_CHANNELS = "wall-channels"
WALL_LEADER = "wall-leader"
WALL_SLA_BOARD = "wall-sla-board"

# briefing
BRIEFING_ROOT = "briefing-root"
BRIEFING_RANGE = "briefing-range"
BRIEFING_LAST_WEEK = "briefing-last-week"
BRIEFING_LAST_MONTH = "briefing-last-month"
BRIEFING_MONTH = "briefing-month"
BRIEFING_COMPARE = "briefing-compare"
BRIEFING_ERROR = "briefing-error"
BRIEFING_KPIS = "briefing-kpis"
BRIEFING_DAILY = "briefing-daily"
BRIEFING_CHANNEL = "briefing-channel"
BRIEFING_CATEGORY = "briefing-category"
BRIEFING_TOWNSHIP = "briefing-township"
BRIEFING_DEPARTMENT = "briefing-department"
BRIEFING_MAP = "briefing-map"
BRIEFING_LEAGUES = "briefing-leagues"
BRIEFING_ATTENTION = "briefing-attention"
BRIEFING_WARNINGS = "briefing-warnings"
BRIEFING_DRILL = "briefing-drill"
BRIEFING_DRILL_TITLE = "briefing-drill-title"
BRIEFING_EXPORT_PDF = "briefing-export-pdf"
BRIEFING_EXPORT_XLSX = "briefing-export-xlsx"
BRIEFING_EXPORT_DOCX = "briefing-export-docx"
BRIEFING_MEASURE = "briefing-measure"  # pattern id: {"type": BRIEFING_MEASURE, "measure": ...}
BRIEFING_UNIT = "briefing-unit"  # pattern id: {"type": BRIEFING_UNIT, "dimension": ..., "value": ...}
