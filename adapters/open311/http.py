"""Open311 GeoReport v2 under `/open311/v2/`: discovery, services, service definitions, requests
(GET with every filter, POST with `api_key`), one request, tokens; each as `.xml` and `.json`.

Errors are the spec's error list with its status codes: 403 for a missing or wrong api_key, 404 for
what does not exist (a service code, a request, a token, a jurisdiction), 400 for any other problem;
413 and 415 say more precisely what is wrong with an oversized or non-form body. A POST answers 200
(the spec's success code) both when it creates the case and when it is the same submission again.
"""
from __future__ import annotations

import logging
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from adapters.simulator.taxonomy import BUNDLED_TAXONOMY, load_taxonomy
from casework.clock import CENTER_TZ

from ..base import IntakeError, decode_text
from ..http import IntakeContext, store_report
from ..placement import place
from . import formats
from .config import BUNDLED as BUNDLED_CONFIG
from .config import Open311Config, load_config
from .queries import RequestQuery, as_request, find_by_token, find_requests, w3
from .requests import Form, Open311Error, to_report
from .services import Service, ServiceCatalog

log = logging.getLogger(__name__)
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
WINDOW = timedelta(days=90)  # the spec's default and longest date range
MAX_PAGE_SIZE = 1000
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


class Open311:
    """The live endpoint: catalog, config and the runtime it writes through."""

    def __init__(self, context: IntakeContext, config: Open311Config, catalog: ServiceCatalog,
                 sources: list[Path]) -> None:
        self.context, self.config, self.catalog = context, config, catalog
        stamp = max(path.stat().st_mtime for path in sources)
        self.changeset = datetime.fromtimestamp(stamp, CENTER_TZ).strftime("%Y-%m-%d %H:%M")
        region = context.region
        self.jurisdictions = {*config.jurisdiction_ids, region.name, region.county_code}

    # --- resources ----------------------------------------------------------------------------------

    def discovery(self, fmt: str) -> Response:
        endpoint = {"specification": SPECIFICATION, "url": request.url_root.rstrip("/") + "/open311/v2",
                    "changeset": self.changeset, "type": "production",
                    "formats": ["text/xml", "application/json"]}
        body = {"changeset": self.changeset, "contact": self.config.contact,
                "key_service": self.config.key_service, "endpoints": [endpoint]}
        return formats.render("discovery", body, fmt)

    def services(self, fmt: str) -> Response:
        return formats.render("services", [_service(s) for s in self.catalog.services], fmt)

    def definition(self, code: str, fmt: str) -> Response:
        service = self.catalog.get(code)
        if service is None:
            raise Open311Error(404, [(404, f"service_code {code} was not found")])
        attributes = [_attribute(a) for a in sorted(service.attributes, key=lambda a: a.order or 0)]
        return formats.render("service_definition", {"service_code": service.code, "attributes": attributes}, fmt)

    def list_requests(self, fmt: str) -> Response:
        query = self._query(request.args)
        with self.context.store.reading() as session:
            cases = find_requests(session, query)
            body = [as_request(case, self.catalog) for case in cases]
        return formats.render("service_requests", body, fmt)

    def one_request(self, request_id: str, fmt: str) -> Response:
        with self.context.store.reading() as session:
            cases = find_requests(session, RequestQuery(channels=self._published(), ids=(request_id,)))
            body = [as_request(case, self.catalog) for case in cases]
        if not body:
            raise Open311Error(404, [(404, f"service_request_id {request_id} was not found")])
        return formats.render("service_requests", body, fmt)

    def token(self, token: str, fmt: str) -> Response:
        with self.context.store.reading() as session:
            case = find_by_token(session, token)
        if case is None:
            raise Open311Error(404, [(404, f"token {token} was not found")])
        return formats.render("service_requests", [{"service_request_id": case.id, "token": token}], fmt)

    def create_request(self, fmt: str) -> Response:
        form, raw = _read_form()
        client = self._client(form)
        self._check_jurisdiction(form.get("jurisdiction_id"))
        report = to_report(form, self.catalog, raw=raw, received_at=self.context.clock.now(), client=client,
                           idempotency_key=request.headers.get("Idempotency-Key"))
        report = place(report, self.context.region)
        result = store_report(self.context, report, actor="channel:open311")
        log.info("open311 request %s (%s) from %s", result.case["id"], "new" if result.created else "again", client)
        answer = {"service_request_id": result.case["id"], "service_notice": self.config.service_notice,
                  "account_id": form.get("account_id")}
        return formats.render("service_requests", [answer], fmt)

    # --- arguments ------------------------------------------------------------------------------------

    def _published(self) -> tuple[str, ...]:
        return tuple(self.config.publish_channels)

    def _check_jurisdiction(self, jurisdiction: str | None) -> None:
        if jurisdiction and jurisdiction not in self.jurisdictions:
            raise Open311Error(404, [(404, f"jurisdiction_id {jurisdiction} was not found; this endpoint "
                                           f"serves {sorted(self.jurisdictions)[0]}")])

    def _client(self, form: Form) -> str:
        api_key = form.get("api_key") or request.args.get("api_key")
        if not api_key:
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            api_key = token.strip() if scheme.lower() == "bearer" else None
        if not api_key:
            raise Open311Error(403, [(403, "api_key was not provided -- can't proceed with create_request.")])
        principal = self.context.tokens.lookup(api_key)
        if principal is None or not principal.may("intake:open311"):
            raise Open311Error(403, [(403, "Invalid api_key received -- can't proceed with create_request.")])
        return principal.name

    def _query(self, args: Any) -> RequestQuery:
        problems: list[tuple[int, str]] = []
        ids = _listed(args.get("service_request_id"))
        if ids:  # "This overrides all other arguments."
            return RequestQuery(channels=self._published(), ids=tuple(ids))
        categories = None
        codes = _listed(args.get("service_code"))
        if codes:
            unknown = [c for c in codes if self.catalog.get(c) is None]
            if unknown:
                problems.append((400, f"service_code {', '.join(unknown)} not in the service list"))
            categories = tuple(s.path for c in codes if (s := self.catalog.get(c)))
        statuses = _listed(args.get("status"))
        if any(s not in ("open", "closed") for s in statuses):
            problems.append((400, f"status must be open or closed (comma delimited), not {args.get('status')}"))
        start = _moment(args, "start_date", problems)
        end = _moment(args, "end_date", problems, end_of_day=True)
        now = self.context.clock.now()
        if start is None and end is None:
            start, end = now - WINDOW, None
        elif end is None:
            end = start + WINDOW
        elif start is None:
            start = end - WINDOW
        elif end < start:
            problems.append((400, "end_date is before start_date"))
        elif end - start > WINDOW + timedelta(days=1):
            problems.append((400, "start_date and end_date may not span more than 90 days"))
        updated_after = _moment(args, "updated_after", problems)
        updated_before = _moment(args, "updated_before", problems, end_of_day=True)
        page = _number(args, "page", 1, None, problems)
        size = _number(args, "page_size", MAX_PAGE_SIZE, MAX_PAGE_SIZE, problems)
        if problems:
            raise Open311Error(400, problems)
        return RequestQuery(channels=self._published(), categories=categories, statuses=tuple(statuses) or None,
                            start=start, end=end, updated_after=updated_after, updated_before=updated_before,
                            limit=size, offset=(page - 1) * size)


def make_open311_blueprint(
    context: IntakeContext, *, config: Open311Config | str | Path | None = None,
    taxonomy: str | Path | None = None,
) -> Blueprint:
    """The Open311 endpoint over the runtime's store, clock, region and tokens (`intake:open311` scope)."""
    config_path = None if isinstance(config, Open311Config) else Path(config or BUNDLED_CONFIG)
    settings = config if isinstance(config, Open311Config) else load_config(config_path)
    taxonomy_path = Path(taxonomy or BUNDLED_TAXONOMY)
    sources = [taxonomy_path, *([config_path] if config_path else [])]
    endpoint = Open311(context, settings, ServiceCatalog(load_taxonomy(taxonomy_path), settings), sources)
    blueprint = Blueprint("open311", __name__, url_prefix="/open311/v2")

    @blueprint.route("/<name>", methods=METHODS)
    def top(name: str) -> Response:
        resource, fmt = _split(name)

        def act() -> Response:
            endpoint._check_jurisdiction(_jurisdiction())
            if resource == "requests":
                _method("GET", "POST")
                return endpoint.create_request(fmt) if request.method == "POST" else endpoint.list_requests(fmt)
            if resource in ("discovery", "services"):
                _method("GET")
                return endpoint.discovery(fmt) if resource == "discovery" else endpoint.services(fmt)
            raise Open311Error(404, [(404, f"no resource {resource}; see discovery.xml")])

        return _answer(act, fmt)

    @blueprint.route("/<kind>/<name>", methods=METHODS)
    def item(kind: str, name: str) -> Response:
        key, fmt = _split(name)

        def act() -> Response:
            _method("GET")
            endpoint._check_jurisdiction(_jurisdiction())
            if kind == "services":
                return endpoint.definition(key, fmt)
            if kind == "requests":
                return endpoint.one_request(key, fmt)
            if kind == "tokens":
                return endpoint.token(key, fmt)
            raise Open311Error(404, [(404, f"no resource {kind}; see discovery.xml")])

        return _answer(act, fmt)

    @blueprint.route("/", methods=METHODS)
    @blueprint.route("/<path:rest>", methods=METHODS)
    def elsewhere(rest: str = "") -> Response:
        return formats.errors([(404, f"no resource /open311/v2/{rest}; see /open311/v2/discovery.xml")], "xml", 404)

    return blueprint


def _answer(act: Any, fmt: str | None) -> Response:
    try:
        if fmt is None:
            raise Open311Error(400, [(400, "format must be .xml or .json")])
        return act()
    except Open311Error as error:
        log.info("open311 %s %s refused: %s %s", request.method, request.path, error.status, error)
        return formats.errors(error.problems, fmt or "xml", error.status)
    except RequestEntityTooLarge:
        limit = request.max_content_length
        return formats.errors([(413, f"body larger than {limit} bytes")], fmt or "xml", 413)
    except IntakeError as error:  # body encoding and content type
        return formats.errors([(error.status, error.reason)], fmt or "xml", error.status)


def _split(name: str) -> tuple[str, str | None]:
    """("services", "xml") from "services.xml"; no extension reads as XML, the spec's required format."""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        return name, "xml"
    return stem, extension.lower() if extension.lower() in formats.FORMATS else None


def _method(*allowed: str) -> None:
    if request.method not in allowed:
        raise Open311Error(405, [(405, f"method {request.method} not allowed here; use {' or '.join(allowed)}")])


def _jurisdiction() -> str | None:
    return request.args.get("jurisdiction_id") or None


def _read_form() -> tuple[Form, str]:
    """The POSTed form, strictly decoded (UTF-8 per the spec; a declared GBK charset is honoured)."""
    content_type = request.content_type or ""
    kind = content_type.split(";")[0].strip().lower()
    if kind not in FORM_TYPES:
        raise IntakeError(415, f"content type must be application/x-www-form-urlencoded, not {kind or 'none'}")
    if kind == "multipart/form-data":
        if request.files:
            raise Open311Error(400, [(400, "file uploads are not accepted; send the media's address as media_url")])
        pairs = list(request.form.items(multi=True))
        return Form.from_pairs(pairs), urlencode(pairs)
    text = decode_text(request.get_data(cache=True), content_type)
    charset = "gb18030" if _declares_gbk(content_type) else "utf-8"  # what percent-escapes encode
    try:
        pairs = parse_qsl(text, keep_blank_values=True, encoding=charset, errors="strict")
    except UnicodeDecodeError as error:
        raise IntakeError(400, f"form value is not valid {charset} after percent-decoding: {error.reason}") from error
    return Form.from_pairs(pairs), _readable(pairs)


def _declares_gbk(content_type: str) -> bool:
    return any(part.strip().lower().replace('"', "") in ("charset=gbk", "charset=gb2312", "charset=gb18030")
               for part in content_type.split(";")[1:])


def _readable(pairs: list[tuple[str, str]]) -> str:
    """The raw form kept on the case: the pairs re-encoded as UTF-8, Chinese left readable."""
    return urlencode(pairs, safe="[]:/@,;!*'()\u4e00-\u9fff")


def _service(service: Service) -> dict[str, Any]:
    return {"service_code": service.code, "service_name": service.name, "description": service.description,
            "metadata": bool(service.attributes), "type": "realtime", "keywords": service.keywords,
            "group": service.group}


def _attribute(attribute: Any) -> dict[str, Any]:
    body = {"variable": attribute.variable, "code": attribute.code, "datatype": attribute.datatype,
            "required": attribute.required, "datatype_description": attribute.datatype_description,
            "order": attribute.order, "description": attribute.description}
    if attribute.datatype.endswith("valuelist"):
        body["values"] = [{"key": v.key, "name": v.name} for v in attribute.values]
    return body


def _listed(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _moment(args: Any, name: str, problems: list[tuple[int, str]], *, end_of_day: bool = False) -> datetime | None:
    text = (args.get(name) or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        problems.append((400, f"{name} {text!r} is not a w3 date-time, e.g. 2010-01-01T00:00:00Z"))
        return None
    if len(text) == 10 and end_of_day:  # a date alone: the whole day
        moment = datetime.combine(moment.date(), time.max)
    return moment if moment.tzinfo else moment.replace(tzinfo=CENTER_TZ)


def _number(args: Any, name: str, default: int, most: int | None, problems: list[tuple[int, str]]) -> int:
    text = (args.get(name) or "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < 1 or (most is not None and int(text) > most):
        problems.append((400, f"{name} must be a whole number from 1" + (f" to {most}" if most else "")))
        return default
    return int(text)


__all__ = ["make_open311_blueprint", "w3"]
