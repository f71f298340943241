"""The thin HTTP blueprint: authenticate, parse with the channel's adapter, place, hand to `do_intake`."""
from __future__ import annotations

import logging
from typing import Any, Protocol

from flask import Blueprint, Response, jsonify, request

from casework.actions import IntakeResult, do_intake
from casework.inbound import InboundReport
from casework.clock import Clock
from casework.store import Store
from casework.tokens import Principal, TokenRegistry
from geo import Region

from .base import IntakeError
from .placement import place
from .registry import ADAPTERS, adapter_for

log = logging.getLogger(__name__)


class IntakeContext(Protocol):
    store: Store
    clock: Clock
    region: Region
    tokens: TokenRegistry


def store_report(context: IntakeContext, report: InboundReport, *, actor: str) -> IntakeResult:
    """Persist one parsed demand through the group commit (every demand channel's write). The context's
    `policies` start its SLA clocks; its `enricher` annotates it, and may classify the batch's texts at
    once first (its `prelude`)."""
    policies = getattr(context, "policies", None)
    enricher = getattr(context, "enricher", None)
    prelude_for = getattr(enricher, "prelude", None)
    return context.store.grouped(
        lambda session: do_intake(session, report, clock=context.clock, actor=actor, policies=policies,
                                  enricher=enricher),
        prelude=prelude_for(report) if prelude_for else None)


def bearer_principal(tokens: TokenRegistry) -> tuple[str | None, Principal | None]:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    token = token.strip() if scheme.lower() == "bearer" else None
    return token, tokens.lookup(token)


def make_intake_blueprint(context: IntakeContext) -> Blueprint:
    blueprint = Blueprint("intake", __name__)

    @blueprint.post("/api/v1/intake/<channel>")
    def intake(channel: str) -> tuple[Response, int]:
        try:
            adapter = adapter_for(channel)
            if adapter is None:
                raise IntakeError(404, f"unknown channel {channel!r}; known: {sorted(ADAPTERS)}")
            _authorise(context.tokens, f"intake:{channel}")
            content_type = request.content_type or ""
            if content_type.split(";")[0].strip().lower() not in adapter.content_types:
                raise IntakeError(415, f"content type must be one of {list(adapter.content_types)}")
            report = place(adapter.parse(request.get_data(cache=False), content_type), context.region)
        except IntakeError as error:
            log.info("intake refused: channel=%s status=%s reason=%s", channel, error.status, error.reason)
            return jsonify(error.body()), error.status
        result = store_report(context, report, actor=f"channel:{channel}")
        return jsonify(_answer(result.case)), 201 if result.created else 200

    return blueprint


def _authorise(tokens: TokenRegistry, scope: str) -> Principal:
    token, principal = bearer_principal(tokens)
    if token is None:
        raise IntakeError(401, "missing bearer token")
    if principal is None:
        raise IntakeError(401, "unknown token")
    if not principal.may(scope):
        raise IntakeError(403, f"token may not {scope}")
    return principal


def _answer(case: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "status", "version", "channel", "external_id", "township_code", "village_code", "received_at")
    return {key: case[key] for key in keys}
