"""Officer-facing HTTP API: cases, their actions (with `version`), units."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, Response, jsonify, request

from casework.actions import NotFound, UnitUnavailable, VersionConflict, do_case_action, do_unit_status
from casework.dispatch import suggest_units
from casework.early_warnings import warning_by_id, warnings_in_period
from casework.queries import CaseFilter, case_with_history, list_cases, list_units
from casework.rates import ON_TIME, RATES, on_time_rates, six_rates
from casework.transitions import MARKS, TRANSITIONS, InvalidTransition, is_known_action
from insight.cap import warning_to_cap
from insight.repeats import repeat_call_rate
from realtime.runtime import Runtime

from .auth import Refused, require


def make_api_blueprint(runtime: Runtime) -> Blueprint:
    api = Blueprint("api", __name__, url_prefix="/api/v1")

    @api.errorhandler(Refused)
    def _refused(error: Refused) -> tuple[Response, int]:
        return jsonify(error=str(error)), error.status

    @api.get("/cases")
    def cases() -> Response | tuple[Response, int]:
        principal = require(runtime, "cases:read")
        try:
            query = CaseFilter(
                status=request.args.get("status"), township_code=request.args.get("township"),
                channel=request.args.get("channel"), category=request.args.get("category"),
                department=principal.department or request.args.get("department"),
                limit=int(request.args.get("limit", 100)), before=request.args.get("before"),
            )
        except ValueError as error:
            return jsonify(error=str(error)), 400
        if principal.township_code:
            query = CaseFilter(**{**query.__dict__, "township_code": principal.township_code})
        with runtime.store.reading() as session:
            return jsonify(list_cases(session, query))

    @api.get("/cases/<case_id>")
    def case(case_id: str) -> Response | tuple[Response, int]:
        principal = require(runtime, "cases:read")
        with runtime.store.reading() as session:
            found = case_with_history(session, case_id, now=runtime.clock.now())
            if found is None or not principal.sees(found):
                return jsonify(error=f"case {case_id} not found"), 404
            found["suggested_units"] = suggest_units(found, list_units(session, status="available"))
        return jsonify(found)

    @api.post("/cases/<case_id>/<action>")
    def act(case_id: str, action: str) -> Response | tuple[Response, int]:
        principal = require(runtime, f"cases:{action}")
        if not is_known_action(action):
            return jsonify(error=f"unknown action {action!r}; known: {sorted([*TRANSITIONS, *MARKS])}"), 404
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("version"), int):
            return jsonify(error="the body must be a JSON object with the case's integer 'version'"), 400
        data: dict[str, Any] = {k: v for k, v in body.items() if k != "version"}
        with runtime.store.reading() as session:
            found = case_with_history(session, case_id)
        if found is None or not principal.sees(found):
            return jsonify(error=f"case {case_id} not found"), 404
        try:
            with runtime.store.transaction() as session:
                summary = do_case_action(session, case_id, action, expected_version=body["version"],
                                         clock=runtime.clock, actor=principal.name, data=data,
                                         policies=runtime.policies)
        except VersionConflict as conflict:
            return jsonify(error=str(conflict), current=conflict.current), 409
        except InvalidTransition as refused:
            return jsonify(error=str(refused), allowed=refused.allowed), 409
        except UnitUnavailable as busy:
            return jsonify(error=str(busy)), 409
        except NotFound as missing:
            return jsonify(error=str(missing)), 404
        except ValueError as invalid:
            return jsonify(error=str(invalid)), 422
        return jsonify(summary)

    @api.get("/metrics/rates")
    def rates() -> Response | tuple[Response, int]:
        principal = require(runtime, "cases:read")
        try:
            start = _aware(request.args["from"])
            end = _aware(request.args["to"])
        except (KeyError, ValueError):
            return jsonify(error="'from' and 'to' are required ISO 8601 times with an offset"), 400
        region = principal.township_code or request.args.get("region")
        try:
            with runtime.store.reading() as session:
                result = six_rates(session, start, end, township_code=region, department=principal.department)
                result["on_time"] = on_time_rates(session, start, end, township_code=region,
                                                  department=principal.department)
        except ValueError as invalid:
            return jsonify(error=str(invalid)), 400
        definitions = {r.key: {"zh": r.zh, "en": r.en, "numerator": r.numerator, "denominator": r.denominator}
                       for r in (*RATES, *ON_TIME)}
        return jsonify(**result, definitions=definitions, period={"from": start.isoformat(), "to": end.isoformat()})

    @api.get("/warnings")
    def warnings() -> Response | tuple[Response, int]:
        """Early warnings raised in [from, to), newest first; a township officer sees their township's."""
        principal = require(runtime, "cases:read")
        try:
            start, end = _aware(request.args["from"]), _aware(request.args["to"])
        except (KeyError, ValueError):
            return jsonify(error="'from' and 'to' are required ISO 8601 times with an offset"), 400
        with runtime.store.reading() as session:
            found = warnings_in_period(session, start, end,
                                       township_code=principal.township_code or request.args.get("township"))
        return jsonify(warnings=found, period={"from": start.isoformat(), "to": end.isoformat()})

    @api.get("/warnings/<warning_id>.cap")
    def warning_cap(warning_id: str) -> Response | tuple[Response, int]:
        """One early warning as a CAP 1.2 alert (XML)."""
        principal = require(runtime, "cases:read")
        with runtime.store.reading() as session:
            warning = warning_by_id(session, warning_id)
        if warning is None or (principal.township_code and warning["township_code"] != principal.township_code):
            return jsonify(error=f"warning {warning_id} not found"), 404
        names = {t["code"]: t["name"] for t in runtime.region.townships}
        body = warning_to_cap(warning, sender=f"smartbrain@{runtime.settings.region}", place_name=names.get)
        return Response(body, mimetype="application/cap+xml")

    @api.get("/metrics/repeat-rate")
    def repeat_rate() -> Response | tuple[Response, int]:
        """重复报警率 over [from, to)."""
        principal = require(runtime, "cases:read")
        try:
            start, end = _aware(request.args["from"]), _aware(request.args["to"])
        except (KeyError, ValueError):
            return jsonify(error="'from' and 'to' are required ISO 8601 times with an offset"), 400
        with runtime.store.reading() as session:
            result = repeat_call_rate(session, start, end,
                                      township_code=principal.township_code or request.args.get("region"))
        return jsonify(**result, period={"from": start.isoformat(), "to": end.isoformat()})

    @api.get("/units")
    def units() -> Response:
        require(runtime, "units:read")
        with runtime.store.reading() as session:
            return jsonify(units=list_units(session, status=request.args.get("status")))

    @api.post("/units/<unit_id>/status")
    def unit_status(unit_id: str) -> Response | tuple[Response, int]:
        principal = require(runtime, "units:report")
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or not isinstance(body.get("status"), str):
            return jsonify(error="the body must be a JSON object with a 'status'"), 400
        lon, lat = body.get("lon"), body.get("lat")
        if (lon is None) != (lat is None) or any(v is not None and not isinstance(v, (int, float))
                                                 for v in (lon, lat)):
            return jsonify(error="lon and lat are numbers and come together"), 422
        try:
            with runtime.store.transaction() as session:
                summary = do_unit_status(session, unit_id, body["status"], clock=runtime.clock,
                                         actor=principal.name, lon=lon, lat=lat, policies=runtime.policies)
        except NotFound as missing:
            return jsonify(error=str(missing)), 404
        except ValueError as invalid:
            return jsonify(error=str(invalid)), 422
        return jsonify(summary)

    return api


def _aware(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("offset required")
    return moment
