"""The briefing benchmark's data: the generated history the demo seeds too (`adapters.simulator.history`)."""
from adapters.simulator.history import CASE_COLUMNS, CLOCK_COLUMNS, generate, load  # noqa: F401
