"""POST Service Request: the form a stock Open311 client sends → the unified demand.

The form is `application/x-www-form-urlencoded` (the spec's format; `multipart/form-data` fields are
read too, uploaded files are refused since the spec carries media as `media_url`). Every problem is
listed at once, as the spec's error list: 404 when the service code is unknown, 400 otherwise.

The request has no id of its own, so the case's external id is the client's `Idempotency-Key`
header when it sends one, or else a digest of the API client and the form: the same submission sent
twice (a retry after a lost answer) gives the same case. That id is also the request's token for
`GET tokens/<token>`.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from casework.inbound import InboundReport

from ..base import IntakeError
from ..bulk_import.source import PHONE_PATTERN, build_report, headline, parse_source_time
from .config import ServiceAttribute
from .services import Service, ServiceCatalog

SPEC_FIELDS = ("api_key", "jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id",
               "email", "device_id", "account_id", "first_name", "last_name", "phone", "description", "media_url")
ATTRIBUTE_KEY = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
MAX_DESCRIPTION = 4_000  # the spec's limit
TOKEN_PREFIX = "o311-"


class Open311Error(Exception):
    """The spec's error list; `status` is 404 when something named does not exist, else 400."""

    def __init__(self, status: int, problems: list[tuple[int, str]]) -> None:
        super().__init__("; ".join(text for _, text in problems))
        self.status, self.problems = status, problems


@dataclass
class Form:
    """A POSTed form: the spec's single-valued fields, the attributes, and whatever else came."""

    fields: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, list[str]] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)
    repeated: list[str] = field(default_factory=list)

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, str]]) -> "Form":
        form = cls()
        for key, value in pairs:
            value = value.strip()
            match = ATTRIBUTE_KEY.match(key)
            if match:
                form.attributes.setdefault(match.group(1), []).append(value)
            elif key in SPEC_FIELDS:
                if key in form.fields and form.fields[key] != value:
                    form.repeated.append(key)
                form.fields[key] = value
            elif key not in form.unknown:
                form.unknown.append(key)
        return form

    def get(self, key: str) -> str | None:
        return self.fields.get(key) or None  # the spec: an empty parameter is an absent one


def external_id(form: Form, client: str, idempotency_key: str | None) -> str:
    if idempotency_key:
        if not re.fullmatch(r"[A-Za-z0-9._:\-]{1,64}", idempotency_key):
            raise Open311Error(400, [(400, "Idempotency-Key must be 1-64 letters, digits or . _ : -")])
        return idempotency_key
    canonical = "&".join(f"{k}={v}" for k, v in sorted(form.fields.items()) if k != "api_key")
    canonical += "&" + "&".join(f"{k}={'|'.join(v)}" for k, v in sorted(form.attributes.items()))
    return TOKEN_PREFIX + hashlib.sha256(f"{client}\n{canonical}".encode()).hexdigest()[:40]


def to_report(form: Form, catalog: ServiceCatalog, *, raw: str, received_at: datetime, client: str,
              idempotency_key: str | None = None) -> InboundReport:
    code = form.get("service_code")
    if code is None:
        raise Open311Error(400, [(400, "service_code was not provided")])
    service = catalog.get(code)
    if service is None:
        raise Open311Error(404, [(404, f"service_code {code} was not found")])
    problems: list[tuple[int, str]] = []
    location = _location(form, problems)
    description = form.get("description")
    if description and len(description) > MAX_DESCRIPTION:
        problems.append((400, f"description is {len(description)} characters; the limit is {MAX_DESCRIPTION}"))
    email, phone, media_url = form.get("email"), form.get("phone"), form.get("media_url")
    if email and not EMAIL.match(email):
        problems.append((400, f"email {email!r} is not an email address"))
    if phone and not re.match(PHONE_PATTERN, phone):
        problems.append((400, f"phone {phone!r} is not a phone number (digits, spaces, + - ( ))"))
    if media_url and not re.match(r"^https?://\S{1,1000}$", media_url):
        problems.append((400, "media_url must be an http(s) URL of at most 1,000 characters"))
    for key in form.repeated:
        problems.append((400, f"{key} was given twice with different values"))
    answers, urgency = _attributes(form, service, problems)
    name = _person(form.get("first_name"), form.get("last_name"))
    if name and len(name) > 64:
        problems.append((400, "first_name and last_name together exceed 64 characters"))
    if problems:
        raise Open311Error(400, problems)
    text = description or f"（未填写描述）{service.name}"
    if answers:
        text += "\n" + "\n".join(f"【{label}】{value}" for label, value in answers)
    demand = {
        "external_id": external_id(form, client, idempotency_key),
        "received_at": received_at,
        "title": headline(description, 60) if description else service.name,
        "content": text,
        "category": service.path,
        "reporter": {"name": name, "phone": phone} if name or phone else None,
        "location": location,
        "urgency": urgency,
        "attachments": [{"url": media_url, "kind": "media"}] if media_url else [],
    }
    try:
        return build_report("open311", demand, raw=raw, notes=_notes(form, client))
    except IntakeError as error:  # limits of the unified schema the spec does not state
        raise Open311Error(400, [(400, f"{e['field']}: {e['message']}") for e in error.errors]) from error


def _location(form: Form, problems: list[tuple[int, str]]) -> dict[str, Any] | None:
    lat, lon = form.get("lat"), form.get("long")
    address = form.get("address_string")
    address_id = form.get("address_id")
    point: dict[str, Any] = {}
    if (lat is None) != (lon is None):
        problems.append((400, "lat and long must be sent together"))
    elif lat is not None and lon is not None:
        try:
            point = {"lat": float(lat), "lon": float(lon), "crs": "WGS84"}
        except ValueError:
            problems.append((400, f"lat {lat!r} and long {lon!r} must be WGS-84 decimal degrees"))
        else:
            if not (-90 <= point["lat"] <= 90 and -180 <= point["lon"] <= 180):
                problems.append((400, f"lat {lat} / long {lon} lie outside -90..90 / -180..180"))
    if not point and lat is None and address is None and address_id is None:
        problems.append((400, "a location is required: lat and long, address_string or address_id"))
    if address is not None and len(address) > 256:
        problems.append((400, "address_string exceeds 256 characters"))
    if not point and address is None and address_id is None:
        return None
    return {**point, "address": address or (f"地址编号 {address_id}" if address_id else None)}


def _attributes(form: Form, service: Service, problems: list[tuple[int, str]]) -> tuple[list[tuple[str, str]], str]:
    """Check every answer against the service definition; the answers as (label, text), and the urgency."""
    defined = {a.code: a for a in service.attributes}
    answers: list[tuple[str, str]] = []
    urgency = "normal"
    for code in form.attributes:
        if code not in defined:
            problems.append((400, f"attribute {code} is not defined for service {service.code}"))
    for attribute in sorted(service.attributes, key=lambda a: a.order or 0):
        values = [v for v in form.attributes.get(attribute.code, []) if v]
        if not attribute.variable:
            continue
        if not values:
            if attribute.required:
                problems.append((400, f"attribute {attribute.code} ({attribute.description}) is required"))
            continue
        text = _answer(attribute, values, problems)
        if text is None:
            continue
        answers.append((attribute.description, text))
        if attribute.maps_to == "urgency":
            urgency = values[0]
    return answers, urgency


def _answer(attribute: ServiceAttribute, values: list[str], problems: list[tuple[int, str]]) -> str | None:
    code, kind = attribute.code, attribute.datatype
    names = {v.key: v.name for v in attribute.values}
    if kind != "multivaluelist" and len(values) > 1:
        problems.append((400, f"attribute {code} takes one value, not {len(values)}"))
        return None
    if kind.endswith("valuelist"):
        wrong = [v for v in values if v not in names]
        if wrong:
            problems.append((400, f"attribute {code}: {', '.join(wrong)} not among {', '.join(names)}"))
            return None
        return "、".join(names[v] for v in values)
    value = values[0]
    if kind == "number":
        try:
            float(value)
        except ValueError:
            problems.append((400, f"attribute {code}: {value!r} is not a number"))
            return None
    elif kind == "datetime":
        try:
            parse_source_time(value)
        except ValueError:
            problems.append((400, f"attribute {code}: {value!r} is not an ISO 8601 date and time"))
            return None
    elif kind == "string" and "\n" in value:
        problems.append((400, f"attribute {code} is a string without line breaks"))
        return None
    return value


def _person(first: str | None, last: str | None) -> str | None:
    """Family name first and no space for Chinese names (张 + 三 → 张三), "first last" otherwise."""
    if not first and not last:
        return None
    if all(re.fullmatch(r"[\u3400-\u9fff·]+", p) for p in (first, last) if p):
        return f"{last or ''}{first or ''}"
    return " ".join(p for p in (first, last) if p)


def _notes(form: Form, client: str) -> list[str]:
    notes = [f"Open311 request from API client {client}"]
    extras = [f"{key} {form.get(key)}" for key in ("email", "account_id", "device_id", "address_id",
                                                   "jurisdiction_id") if form.get(key)]
    if extras:
        notes.append("Open311 " + "; ".join(extras))
    if form.unknown:
        notes.append(f"fields outside GeoReport v2 kept in the raw form only: {', '.join(form.unknown)}")
    return notes
