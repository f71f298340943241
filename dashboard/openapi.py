"""The OpenAPI 3.1 description of the HTTP API, served at `GET /api/v1/openapi.json`.

Written by hand around the one generated part, the unified demand body (from `casework.inbound.DemandBody`,
so the schema and the validation never drift apart). Open311 GeoReport v2 is described by its own spec
(`../shared/specs/open311/`) and only listed here.
"""
from __future__ import annotations

from typing import Any

from adapters.registry import ADAPTERS
from casework.envelope import EVENT_TYPES
from casework.inbound import DemandBody

VERSION = "1.0.0"
ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict[str, Any]:
    reasons = {400: "invalid input, with every field error", 401: "missing or unknown bearer token",
               403: "the token may not do this", 404: "not found", 409: "someone acted first, or not allowed now",
               413: "body too large", 415: "wrong content type", 422: "well-formed but invalid",
               503: "database unavailable; nothing was stored"}
    return {str(code): _json(ERROR, reasons[code]) for code in codes}


def _query(name: str, schema: dict[str, Any], description: str = "", required: bool = False) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "schema": schema, "description": description}


def _path(name: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": schema or {"type": "string"}}


OBJECT = {"type": "object"}
ROOM = _query("room", {"type": "string", "enum": ["wall", "console"], "default": "wall"})


def openapi_document() -> dict[str, Any]:
    demand = DemandBody.model_json_schema(ref_template="#/components/schemas/{model}")
    definitions = demand.pop("$defs", {})
    schemas: dict[str, Any] = {
        **definitions,
        "Demand": demand,
        "Error": {"type": "object", "properties": {"error": {}, "errors": {"type": "array"}}},
        "IntakeAnswer": {"type": "object", "required": ["id", "status", "version"], "properties": {
            "id": {"type": "string"}, "status": {"type": "string"}, "version": {"type": "integer"},
            "channel": {"type": "string"}, "external_id": {"type": "string"},
            "township_code": {"type": ["string", "null"]}, "village_code": {"type": ["string", "null"]},
            "received_at": {"type": "string", "format": "date-time"}}},
        "CaseAction": {"type": "object", "required": ["version"], "additionalProperties": True,
                       "properties": {"version": {"type": "integer"}, "note": {"type": "string"},
                                      "department": {"type": "string"}, "unit_id": {"type": "string"}}},
        "UnitStatus": {"type": "object", "required": ["status"], "properties": {
            "status": {"type": "string"}, "lon": {"type": "number"}, "lat": {"type": "number"}}},
    }
    bearer = [{"bearer": []}]
    paths: dict[str, Any] = {
        "/api/v1/intake/{channel}": {"post": {
            "summary": "Hand in one demand (the unified body); the same (channel, external_id) again answers 200",
            "security": bearer,
            "parameters": [_path("channel", {"type": "string", "enum": sorted(ADAPTERS)})],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Demand"}}}},
            "responses": {"201": _json({"$ref": "#/components/schemas/IntakeAnswer"}, "stored"),
                          "200": _json({"$ref": "#/components/schemas/IntakeAnswer"}, "already stored (a replay)"),
                          **_errors(400, 401, 403, 404, 413, 415, 422, 503)}}},
        "/api/v1/alarms/{source}": {"post": {
            "summary": "A camera alarm: Hikvision ISAPI (XML, JSON, multipart) or a Frigate event message",
            "security": bearer, "parameters": [_path("source", {"type": "string", "enum": ["hikvision", "frigate"]})],
            "requestBody": {"required": True, "content": {"application/json": {"schema": OBJECT},
                                                          "application/xml": {"schema": {"type": "string"}}}},
            "responses": {"201": _json(OBJECT, "stored"), "200": _json(OBJECT, "known event updated"),
                          **_errors(400, 401, 403, 404, 413, 415, 422, 503)}}},
        "/api/v1/alerts": {"get": {"summary": "Recent camera alerts", "security": bearer,
                                   "responses": {"200": _json(OBJECT, "alerts"), **_errors(401, 403, 503)}}},
        "/api/v1/cameras": {"get": {"summary": "Cameras and their status", "security": bearer,
                                    "responses": {"200": _json(OBJECT, "cameras"), **_errors(401, 403, 503)}}},
        "/api/v1/cases": {"get": {
            "summary": "Cases, newest first", "security": bearer,
            "parameters": [_query("status", {"type": "string"}), _query("township", {"type": "string"}),
                           _query("channel", {"type": "string"}), _query("category", {"type": "string"}),
                           _query("department", {"type": "string"}),
                           _query("limit", {"type": "integer", "minimum": 1, "maximum": 500}),
                           _query("before", {"type": "string"}, "a case id: page after it")],
            "responses": {"200": _json({"type": "array", "items": OBJECT}, "cases"), **_errors(400, 401, 403, 503)}}},
        "/api/v1/cases/{case_id}": {"get": {
            "summary": "One case with its history, clocks and suggested units", "security": bearer,
            "parameters": [_path("case_id")],
            "responses": {"200": _json(OBJECT, "the case"), **_errors(401, 403, 404, 503)}}},
        "/api/v1/cases/{case_id}/{action}": {"post": {
            "summary": "Act on a case (sign, dispatch, route, resolve, close, …) with its current version",
            "security": bearer, "parameters": [_path("case_id"), _path("action")],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/CaseAction"}}}},
            "responses": {"200": _json(OBJECT, "the case after the action"),
                          **_errors(400, 401, 403, 404, 409, 422, 503)}}},
        "/api/v1/metrics/rates": {"get": {
            "summary": "The six rates and the on-time rates over a period", "security": bearer,
            "parameters": [_query("from", {"type": "string", "format": "date-time"}, required=True),
                           _query("to", {"type": "string", "format": "date-time"}, required=True),
                           _query("region", {"type": "string"})],
            "responses": {"200": _json(OBJECT, "rates with their definitions"), **_errors(400, 401, 403, 503)}}},
        "/api/v1/units": {"get": {
            "summary": "Field units", "security": bearer, "parameters": [_query("status", {"type": "string"})],
            "responses": {"200": _json(OBJECT, "units"), **_errors(401, 403, 503)}}},
        "/api/v1/units/{unit_id}/status": {"post": {
            "summary": "A unit reports its status", "security": bearer, "parameters": [_path("unit_id")],
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/UnitStatus"}}}},
            "responses": {"200": _json(OBJECT, "the unit"), **_errors(400, 401, 403, 404, 409, 422, 503)}}},
        "/api/v1/live/snapshot": {"get": {
            "summary": "A screen's snapshot with the last sequence number it includes", "security": bearer,
            "parameters": [ROOM], "responses": {"200": _json(OBJECT, "snapshot"), **_errors(401, 403, 404, 503)}}},
        "/api/v1/live/events": {"get": {
            "summary": "Events after a sequence number (Socket.IO has no replay)", "security": bearer,
            "description": "The payloads Socket.IO sends on /live, each with its `type`: "
                           + ", ".join(f"`{t}`" for t in EVENT_TYPES) + ". Room `wall` gets them masked.",
            "parameters": [ROOM, _query("after", {"type": "integer", "minimum": 0})],
            "responses": {"200": _json(OBJECT, "events and whether that is all"), **_errors(400, 401, 403, 404, 503)}}},
        "/api/v1/live/figures": {"get": {
            "summary": "The wall's derived figures", "security": bearer, "parameters": [ROOM],
            "responses": {"200": _json(OBJECT, "figures"), **_errors(401, 403, 404)}}},
        "/healthz": {"get": {"summary": "Database, bus, leader duties and timers",
                             "responses": {"200": _json(OBJECT, "healthy"), "503": _json(OBJECT, "degraded")}}},
        "/metrics": {"get": {"summary": "Prometheus metrics of this process",
                             "responses": {"200": {"description": "Prometheus text exposition",
                                                   "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
        "/api/v1/openapi.json": {"get": {"summary": "This document",
                                         "responses": {"200": _json(OBJECT, "OpenAPI 3.1")}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Smart Brain (智慧大脑) HTTP API", "version": VERSION,
                 "description": "Intake, cases, units, live screens, operations. Open311 GeoReport v2 is served "
                                "under /open311/v2/ as its own specification describes."},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {"schemas": schemas,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    }
