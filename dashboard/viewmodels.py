"""Plain data for pages: what a screen shows, computed from casework, no Dash here."""
from __future__ import annotations

from typing import Any

from casework.access import Principal
from casework.dispatch import distance_m, eta_minutes, suggest_units
from casework.queries import case_with_history, list_units, related_cases
from casework.routing import load_routing
from casework.saved_views import built_in_views, list_views
from casework.taxonomy import load_categories
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
        every_unit = list_units(session) if principal.may("units:read") else []
    available = [u for u in every_unit if u["status"] == "available"]
    units = suggest_units(case, available) if may_dispatch else []
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
        "may_classify": "classify" in case["allowed_actions"] and principal.may("cases:classify"),
        "map_units": map_units(case, every_unit),
        "suggested_unit": units[0]["id"] if units else None,
    }


def map_units(case: dict[str, Any], units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every unit for the panel's map; the available ones with their distance and ETA to the case."""
    ranked = {u["id"]: u for u in suggest_units(case, [u for u in units if u["status"] == "available"],
                                                limit=len(units))}
    return [ranked.get(u["id"], u) for u in units]


def dispatch_choice(runtime: Runtime, case_id: str, unit_id: str, principal: Principal) -> dict[str, Any] | None:
    """A unit the officer picked on the map (distance and ETA when available); None if unknown or not theirs."""
    with runtime.store.reading() as session:
        case = case_with_history(session, case_id)
        if case is None or not principal.sees(case) or not principal.may("cases:dispatch"):
            return None
        unit = next((u for u in list_units(session) if u["id"] == unit_id), None)
    if unit is None:
        return None
    if unit["status"] == "available" and None not in (case["lon"], unit["lon"]):
        metres = distance_m(case["lon"], case["lat"], unit["lon"], unit["lat"])
        unit = {**unit, "distance_m": round(metres), "eta_min": round(eta_minutes(metres), 1)}
    return unit


def category_options(search: str | None = None, *, keep: str | None = None, limit: int = 40) -> list[dict[str, str]]:
    """The taxonomy picker's options: the first levels, or the paths whose names contain `search` (any
    level); `keep` (the current pick) stays among them so the picker still shows it."""
    paths = load_categories().paths()
    if search and search.strip():
        found = [p for p in paths if search.strip() in p][:limit]
    else:
        found = list(load_categories().first_level)
    if keep and keep in paths and keep not in found:
        found.insert(0, keep)
    return [{"label": path.replace("/", " › "), "value": path} for path in found]


def queue_views(runtime: Runtime, principal: Principal) -> list[dict[str, Any]]:
    """The officer's views: the built-in ones, then their own in the order they saved them."""
    with runtime.store.reading() as session:
        own = list_views(session, principal.name)
    return [*built_in_views(principal), *own]


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
