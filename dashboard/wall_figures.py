"""The wall's derived figures as plain data: today's counts, the six rates with their definitions,
the channel mix and the leader on duty. Personal data never appears here."""
from __future__ import annotations

from typing import Any

from casework.clock import CENTER_TZ, iso_local
from casework.figures import today_figures
from casework.rates import RATES
from casework.roster import load_roster
from realtime.runtime import Runtime


def wall_figures(runtime: Runtime) -> dict[str, Any]:
    now = runtime.clock.now()
    with runtime.store.reading() as session:
        figures = today_figures(session, now)
    duty = load_roster().on(now.astimezone(CENTER_TZ).date())
    return {
        **figures,
        "as_of": iso_local(now),
        "leader": duty.model_dump() if duty else None,
        "definitions": {r.key: {"zh": r.zh, "en": r.en, "numerator": r.numerator, "denominator": r.denominator}
                        for r in RATES},
    }
