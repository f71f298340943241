"""Every channel's case starts its SLA clocks at intake: the JSON channels, Open311 and camera alarms."""
from __future__ import annotations

from urllib.parse import urlencode

from sqlalchemy import select

from casework.models import Case, SlaClockRow
from tests.adapters.test_frigate import documented_message
from tests.adapters.test_hikvision import AUTH, app, client, post_xml, sample  # noqa: F401  (fixtures)
from tests.adapters.test_open311 import FORM, chinese_form


def clocks(app, case_id: str) -> list[SlaClockRow]:  # noqa: ANN001
    with app.runtime.store.reading() as s:
        return list(s.scalars(select(SlaClockRow).where(SlaClockRow.case_id == case_id).order_by(SlaClockRow.kind)))


def next_deadline(app, case_id: str):  # noqa: ANN001, ANN201
    with app.runtime.store.reading() as s:
        return s.get(Case, case_id).next_deadline


def assert_running(app, case_id: str) -> None:  # noqa: ANN001
    rows = clocks(app, case_id)
    assert {row.kind for row in rows} >= {"sign", "order", "closure"}, [row.kind for row in rows]
    assert all(row.state == "running" and row.deadline is not None for row in rows if row.kind == "sign")
    assert next_deadline(app, case_id) is not None


def test_a_hotline_case_starts_its_clocks(client, app):
    body = {"external_id": "C-1", "received_at": "2026-11-23T09:59:00+08:00", "title": "路灯不亮",
            "content": "小区门口路灯坏了一个星期。", "category": "城乡建设"}
    answer = client.post("/api/v1/intake/hotline12345", json=body, headers=AUTH)
    assert answer.status_code == 201, answer.json
    assert_running(app, answer.json["id"])


def test_an_open311_case_starts_its_clocks(client, app):
    answer = client.post("/open311/v2/requests.json", data=urlencode(chinese_form()), content_type=FORM)
    assert answer.status_code == 200, answer.json
    assert_running(app, answer.json[0]["service_request_id"])


def test_a_hikvision_intrusion_case_starts_its_clocks(client, app):
    answer = post_xml(client, sample("fielddetection_human.xml"))
    assert answer.status_code == 201 and answer.json["case_created"], answer.json
    assert_running(app, answer.json["alert"]["case_id"])


def test_a_frigate_case_starts_its_clocks(client, app):
    answer = client.post("/api/v1/alarms/frigate", json=documented_message(), headers=AUTH)
    assert answer.status_code == 201 and answer.json["case_created"], answer.json
    assert_running(app, answer.json["alert"]["case_id"])


def test_an_alarm_without_a_case_starts_no_clock(client, app):
    answer = post_xml(client, sample("vmd.xml"))
    assert answer.status_code == 201 and not answer.json["case_created"]
    with app.runtime.store.reading() as s:
        assert s.scalars(select(SlaClockRow)).first() is None
