"""Early warnings over the database: raised once, through the outbox, read by period, masked, CAP 1.2."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casework.actions import do_intake
from casework.clock import FrozenClock
from casework.early_warnings import do_raise_warning, warning_by_id, warnings_in_period
from casework.envelope import Envelope
from casework.models import EarlyWarning, OutboxEvent
from casework.privacy import mask_event_data
from insight.cap import warning_to_cap
from insight.detector import WarningDetector
from insight.intake import IntakeInsight
from tests.factories import report

NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
XSD = Path(__file__).with_name("fixtures") / "cap12.xsd"


@pytest.fixture
def late_clock() -> FrozenClock:
    return FrozenClock(NOW)


def add_cases(store, clock, n, *, days_ago=0.0, spread_hours=20.0, prefix="c", **fields):  # noqa: ANN001, ANN003
    enricher = IntakeInsight()  # the sources give categories: the model is never loaded
    with store.transaction() as session:
        for i in range(n):
            at = NOW - timedelta(days=days_ago, hours=spread_hours * i / max(1, n))
            do_intake(session, report(external_id=f"{prefix}-{i}", received_at=at,
                                      reporter={"name": "张三", "phone": f"139{i:08d}"}, **fields), clock=clock,
                      enricher=enricher)


def salon_cluster(store, clock) -> None:  # noqa: ANN001
    add_cases(store, clock, 8, prefix="salon", category="商贸旅游", title="美丽人生美容院跑路",
              content="在东大街美丽人生美容院办了3000元的卡，现在关门跑路了 😡")


def test_empty_history_raises_nothing(store, late_clock):
    assert WarningDetector(store, late_clock).run_once() == []
    with store.reading() as session:
        assert warnings_in_period(session, NOW - timedelta(days=30), NOW + timedelta(days=1)) == []


def test_history_with_no_signal_raises_nothing(store, late_clock):
    for week in range(2, 12):
        add_cases(store, late_clock, 3, days_ago=7 * week, prefix=f"w{week}", spread_hours=100)
    add_cases(store, late_clock, 3, prefix="now")
    assert WarningDetector(store, late_clock).run_once() == []


def test_a_cluster_is_raised_once_and_goes_out_through_the_outbox(store, late_clock):
    salon_cluster(store, late_clock)
    detector = WarningDetector(store, late_clock)
    [warning] = detector.run_once()
    assert warning["kind"] == "cluster" and warning["entity"] == "美丽人生美容院"
    assert warning["complainants"] == 8 and warning["observed"] == 8 and len(warning["case_ids"]) == 8
    assert warning["category"] == "商贸旅游" and warning["township_code"] == "511725001"
    assert warning["p_value"] < 1e-3 and warning["level"] in ("red", "orange", "yellow")
    assert "美丽人生美容院" in warning["summary"] and "预期" in warning["summary"]
    with store.reading() as session:
        row = session.scalar(select(OutboxEvent).where(OutboxEvent.type == "warning.raised"))
        envelope = Envelope.model_validate(row.envelope)
    assert envelope.context.id == warning["id"] and envelope.data["warning"]["key"] == warning["key"]
    assert envelope.wire()["type"] == "warning.raised"
    late_clock.advance(hours=1)
    assert detector.run_once() == []  # the same anomaly is not raised again within the window
    late_clock.advance(days=8)
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(EarlyWarning)) == 1
        assert warnings_in_period(session, NOW - timedelta(days=1), NOW + timedelta(days=1))[0]["id"] == warning["id"]
        assert warnings_in_period(session, NOW + timedelta(days=1), NOW + timedelta(days=2)) == []
        assert warnings_in_period(session, NOW - timedelta(days=1), NOW + timedelta(days=1),
                                  township_code="511725009") == []
        assert warning_by_id(session, warning["id"])["summary"] == warning["summary"]


def test_the_wall_gets_the_warning_with_numbers_masked(store, late_clock):
    finding = {
        "key": "cluster|x", "kind": "cluster", "category": "商贸旅游", "township_code": "511725001",
        "entity": "美丽人生美容院", "level": "orange", "window_start": NOW - timedelta(days=6), "window_end": NOW,
        "observed": 6, "expected": 0.2, "p_value": 1e-6, "complainants": 6, "baseline": {"test": "poisson"},
        "case_ids": ["A", "B"], "summary": "「美丽人生美容院」被6名群众反映，店主电话13812345678",
    }
    with store.transaction() as session:
        warning = do_raise_warning(session, finding, clock=late_clock)
        with pytest.raises(ValueError, match="level"):
            do_raise_warning(session, {**finding, "level": "purple"}, clock=late_clock)
        with pytest.raises(ValueError, match="summary"):
            do_raise_warning(session, {k: v for k, v in finding.items() if k != "summary"}, clock=late_clock)
    public = mask_event_data({"warning": warning})
    assert "13812345678" not in json.dumps(public, ensure_ascii=False)
    assert "138****5678" in public["warning"]["summary"] and public["warning"]["case_ids"] == ["A", "B"]


def test_a_spike_against_a_rolling_baseline(store, late_clock):
    for week in range(1, 10):
        add_cases(store, late_clock, 2, days_ago=7 * week + 1, prefix=f"w{week}", spread_hours=100)
    add_cases(store, late_clock, 20, prefix="now")
    raised = WarningDetector(store, late_clock).run_once()
    keys = sorted(w["key"] for w in raised)
    assert keys == ["spike|城乡建设|*", "spike|城乡建设|511725001"]
    town = next(w for w in raised if w["township_code"])
    assert town["observed"] == 20 and town["baseline"]["rolling_windows"] == 8
    assert town["baseline"]["rolling_mean"] == pytest.approx(2.0, abs=0.3)


def test_cap_export_is_valid_cap_1_2(store, late_clock):
    from lxml import etree

    salon_cluster(store, late_clock)
    [warning] = WarningDetector(store, late_clock).run_once()
    xml = warning_to_cap(warning, sender="smartbrain@qu-county", place_name=lambda code: "渠江街道")
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    document = etree.fromstring(xml)
    schema.assertValid(document)
    ns = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
    assert document.findtext("cap:identifier", namespaces=ns) == warning["id"]
    assert document.findtext("cap:sent", namespaces=ns) == "2026-11-23T20:00:00+08:00"
    assert document.findtext("cap:info/cap:area/cap:areaDesc", namespaces=ns) == "渠江街道"
    assert document.findtext("cap:info/cap:area/cap:geocode/cap:value", namespaces=ns) == "511725001"
    assert "美丽人生美容院" in document.findtext("cap:info/cap:description", namespaces=ns)
    # the schema can fail: a CAP alert without its sender is refused
    document.remove(document.find("cap:sender", namespaces=ns))
    assert not schema.validate(document)


def test_cap_export_of_a_county_wide_spike(late_clock):
    from lxml import etree

    warning = {"id": "01J", "kind": "spike", "category": "城乡建设", "township_code": None, "entity": None,
               "level": "yellow", "window_start": "2026-11-17T00:00:00.000+08:00",
               "window_end": "2026-11-23T20:00:00.123+08:00", "observed": 30, "expected": 12.5, "p_value": 2e-4,
               "complainants": 28, "case_ids": [], "summary": "全县「城乡建设」类诉求30件 🚧 abc",
               "raised_at": "2026-11-23T20:00:00.456+08:00"}
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    schema.assertValid(etree.fromstring(warning_to_cap(warning)))


def test_warnings_api_and_cap_download(app, client, clock):
    from lxml import etree

    from tests.factories import AUTH

    runtime = app.runtime
    finding = {
        "key": "cluster|美丽人生美容院", "kind": "cluster", "category": "商贸旅游", "township_code": "511725001",
        "entity": "美丽人生美容院", "level": "red", "window_start": clock.now() - timedelta(days=6),
        "window_end": clock.now(), "observed": 9, "expected": 0.2, "p_value": 1e-9, "complainants": 9,
        "baseline": {"test": "poisson"}, "case_ids": ["A"], "summary": "「美丽人生美容院」被9名群众反映",
    }
    with runtime.store.transaction() as session:
        warning = do_raise_warning(session, finding, clock=clock)
    period = {"from": "2026-11-23T00:00:00+08:00", "to": "2026-11-24T00:00:00+08:00"}
    answer = client.get("/api/v1/warnings", query_string=period, headers=AUTH)
    assert answer.status_code == 200 and [w["id"] for w in answer.get_json()["warnings"]] == [warning["id"]]
    assert client.get("/api/v1/warnings", query_string={"from": "x"}, headers=AUTH).status_code == 400
    assert client.get("/api/v1/warnings", query_string=period).status_code in (401, 403)
    cap = client.get(f"/api/v1/warnings/{warning['id']}.cap", headers=AUTH)
    assert cap.status_code == 200 and cap.mimetype == "application/cap+xml"
    document = etree.fromstring(cap.data)
    etree.XMLSchema(etree.parse(str(XSD))).assertValid(document)
    assert document.findtext("{urn:oasis:names:tc:emergency:cap:1.2}sender") == "smartbrain@qu-county"
    assert client.get("/api/v1/warnings/nope.cap", headers=AUTH).status_code == 404
    rate = client.get("/api/v1/metrics/repeat-rate", query_string=period, headers=AUTH).get_json()
    assert (rate["rate"], rate["total"]) == (None, 0)


def test_intake_over_http_classifies_and_codes_risk(app, client):
    from tests.factories import AUTH

    body = {"external_id": "H-1", "received_at": "2026-11-23T09:58:00+08:00", "title": "讨薪",
            "content": "包工头拖欠农民工工资三个月，工友们说要去堵路", "reporter": {"name": "王五", "phone": "13911112222"}}
    answer = client.post("/api/v1/intake/hotline12345", json=body, headers=AUTH)
    assert answer.status_code == 201
    case = client.get(f"/api/v1/cases/{answer.get_json()['id']}", headers=AUTH).get_json()
    assert case["category"] == "劳动和社会保障" and case["category_source"] == "model"
    assert case["risk_level"] in ("orange", "red") and {r["code"] for r in case["risk_reasons"]} >= {"wage_arrears", "gathering"}


def test_on_postgresql_intake_links_and_the_detector_raises(pg_store, late_clock):
    """The same queries on PostgreSQL: repeat lookup, caller history, detector spans, the warning row."""
    salon_cluster(pg_store, late_clock)
    with pg_store.reading() as session:
        from casework.models import Case

        linked = session.scalars(select(Case.relation).where(Case.relation.is_not(None))).all()
        assert linked and set(linked) == {"duplicate"}
    [warning] = WarningDetector(pg_store, late_clock).run_once()
    assert warning["entity"] == "美丽人生美容院" and warning["complainants"] == 8
    with pg_store.reading() as session:
        assert warnings_in_period(session, NOW - timedelta(days=1), NOW + timedelta(days=1))[0]["id"] == warning["id"]
