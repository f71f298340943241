"""Plain data for pages: what a screen shows, computed from casework, no Dash here."""
from __future__ import annotations

from typing import Any

from casework.access import Principal
from casework.dispatch import suggest_units
from casework.queries import case_with_history, list_units, related_cases
from casework.routing import load_routing
from realtime.runtime import Runtime

# dispatch goes through a unit; "visit:<satisfaction>" carries the visit-back's answer
ONE_CLICK_ACTIONS = ("sign", "acknowledge", "contact", "arrive", "resolve", "close", "return", "escalate",
                     "supervise", "visit:satisfied", "visit:basic", "visit:dissatisfied")


def case_panel(runtime: Runtime, case_id: str, principal: Principal) -> dict[str, Any] | None:
    with runtime.store.reading() as session:
        case = case_with_history(session, case_id, now=runtime.clock.now())
        if case is None or not principal.sees(case):
            return None
        may_dispatch = "dispatch" in case["allowed_actions"] and principal.may("cases:dispatch")
        related = [r for r in related_cases(session, case_id) if principal.sees(r)]
        units = suggest_units(case, list_units(session, status="available")) if may_dispatch else []
    region = runtime.region
    return {
        **case,
        "township_name": region.township_name(case["township_code"]) if case["township_code"] else None,
        "village_name": region.village_name(case["village_code"]) if case["village_code"] else None,
        "buttons": [a for a in ONE_CLICK_ACTIONS
                    if a.split(":")[0] in case["allowed_actions"] and principal.may(f"cases:{a.split(':')[0]}")
                    and (a != "acknowledge" or case["department"])],  # 部门签收: routed orders only
        "may_dispatch": may_dispatch,
        "related": related,
        "units": units,
        "may_route": "route" in case["allowed_actions"] and principal.may("cases:route"),
        "departments": load_routing().departments,
        "suggested_department": load_routing().suggest(case["category"], case["township_code"]),
        "clock_rows": clock_rows(case["clocks"]),
    }


def clock_rows(clocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The case's SLA clocks as the panel lists them: open ones first, then by deadline."""
    rows = []
    for clock in clocks:
        if clock["outcome"] == "breached":
            status = "breached"
        elif clock["state"] == "stopped":
            status = "met"
        else:
            status = clock["state"]
        deadline = clock["deadline"]
        rows.append({"id": clock["id"], "kind": clock["kind"], "title": clock["title"], "status": status,
                     "open": clock["state"] != "stopped", "limit": clock["limit"],
                     "deadline": f"{deadline[5:10]} {deadline[11:16]}" if deadline else "—",
                     "deadline_iso": deadline, "escalation_level": clock["escalation_level"]})
    rows.sort(key=lambda r: (not r["open"], r["deadline_iso"] or "9999"))
    return rows


def place_names(runtime: Runtime) -> dict[str, str]:
    region = runtime.region
    names = {t["code"]: t["name"] for t in region.townships}
    names.update({v["code"]: v["name"].removesuffix("居民委员会").removesuffix("村民委员会")
                  for v in region.villages})
    return names
