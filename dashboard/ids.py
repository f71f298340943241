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
