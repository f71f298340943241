"""A fuzz pass over the HTTP API from its own OpenAPI description (schemathesis on hypothesis): no 5xx for
any generated request, and afterwards the database holds only valid cases."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation.modes import GenerationMode
from sqlalchemy import select

from casework.inbound import CHANNELS, DemandBody
from casework.models import Case, OutboxEvent
from casework.seed import seed_demo
from casework.settings import Settings
from casework.store.migrate import upgrade
from casework.transitions import STATUSES
from dashboard.server import SmartBrainApp, create_app
from realtime.runtime import build_runtime

TOKEN = "fuzz-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EXAMPLES = 40  # per operation: bounded, a few seconds each


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory) -> Iterator[SmartBrainApp]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('fuzz')) / 'fuzz.db'}"
    upgrade(url)
    settings = Settings(DATABASE_URL=url, SMARTBRAIN_DEMO_TOKEN=TOKEN)
    app = create_app(settings, runtime=build_runtime(settings))
    with app.runtime.store.transaction() as session:
        seed_demo(session, app.runtime.region, clock=app.runtime.clock)
    yield app
    app.runtime.stop()


@pytest.fixture(scope="module")
def api_schema(fuzz_app: SmartBrainApp):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", fuzz_app.flask)


def test_the_openapi_document_describes_the_intake_body(fuzz_app: SmartBrainApp):
    document = fuzz_app.flask.test_client().get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    demand = document["components"]["schemas"]["Demand"]
    assert set(demand["required"]) == {"external_id", "received_at", "title", "content"}
    assert demand["additionalProperties"] is False
    assert "/api/v1/intake/{channel}" in document["paths"] and "/metrics" in document["paths"]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_no_generated_request_makes_a_server_error(api_schema, mode: GenerationMode):
    """Every operation of the document, requests that fit it (positive) and that do not (negative)."""
    server_errors: list[str] = []
    tried: dict[str, int] = {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        tried[operation.label] = 0

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def fuzz(case) -> None:  # noqa: ANN001
            tried[operation.label] += 1
            response = case.call(headers={**(case.headers or {}), **AUTH})
            if response.status_code >= 500:
                server_errors.append(f"{case.method} {case.formatted_path} {case.query} {str(case.body)[:200]!r} "
                                     f"→ {response.status_code} {response.text[:200]}")

        try:
            fuzz()
        except Unsatisfiable:  # nothing about this operation can be made invalid (no parameters, no body)
            assert mode is GenerationMode.NEGATIVE, operation.label
            tried.pop(operation.label)
    assert len(tried) >= (15 if mode is GenerationMode.POSITIVE else 8) and all(tried.values()), tried
    assert not server_errors, "\n".join(server_errors[:10])


def test_after_the_fuzz_the_database_holds_only_valid_cases(fuzz_app: SmartBrainApp):
    with fuzz_app.runtime.store.reading() as session:
        cases = session.scalars(select(Case)).all()
        created = session.scalars(select(OutboxEvent.envelope).where(OutboxEvent.type == "case.created")).all()
    created_ids = {envelope["context"]["id"] for envelope in created}
    assert cases, "the fuzz stored no case at all: the generator never reached a valid intake"
    for case in cases:
        stored = {"external_id": case.external_id, "received_at": case.received_at, "title": case.title,
                  "content": case.content, "category": case.category, "urgency": case.urgency}
        if case.reporter_name or case.reporter_phone:
            stored["reporter"] = {"name": case.reporter_name, "phone": case.reporter_phone}
        if case.lon is not None or case.address:
            stored["location"] = {"lon": case.lon, "lat": case.lat, "address": case.address}
        DemandBody.model_validate(stored)  # what was stored still passes the intake contract
        assert case.title.strip() and case.content.strip() and case.external_id.strip()
        assert 2000 <= case.received_at.year <= 2100
        assert case.channel in CHANNELS and case.status in STATUSES
        assert case.id in created_ids  # each case has its audit event


def test_a_demand_from_a_broken_source_clock_is_refused(fuzz_app: SmartBrainApp):
    body = {"external_id": "year-781", "received_at": "0781-03-01T10:00:00+08:00", "title": "t", "content": "c"}
    answer = fuzz_app.flask.test_client().post("/api/v1/intake/grid", json=body, headers=AUTH)
    assert answer.status_code in (400, 422) and "received_at" in answer.get_data(as_text=True)
