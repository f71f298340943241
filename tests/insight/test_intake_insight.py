"""Insight on intake: category with confidence and source, repeat links, risk codes, repeat-call rate."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from casework.actions import do_case_action, do_intake
from casework.store.deferred import deferring
from casework.models import Case, OutboxEvent
from casework.privacy import mask_event_data
from insight.classifier import Alternative, Prediction
from insight.intake import IntakeInsight
from insight.repeats import repeat_call_rate
from tests.factories import report

RECEIVED = datetime(2026, 11, 23, 1, 59, tzinfo=timezone.utc)


class FixedClassifier:
    """Says what it is told, with the confidence it is told (and counts its calls)."""

    def __init__(self, label="劳动和社会保障", confidence=0.9):
        self.label, self.confidence, self.calls = label, confidence, 0

    def predict(self, texts):  # noqa: ANN001, ANN201
        self.calls += 1
        return [Prediction(self.label, self.confidence, (Alternative(self.label, self.confidence),)) for _ in texts]


class Broken:
    def predict(self, texts):  # noqa: ANN001, ANN201
        raise RuntimeError("model file gone")


def intake(store, clock, enricher, **fields):  # noqa: ANN001, ANN003, ANN201
    with store.transaction() as session:
        return do_intake(session, report(**fields), clock=clock, enricher=enricher).case


def test_a_category_from_the_source_is_kept(store, clock):
    model = FixedClassifier()
    case = intake(store, clock, IntakeInsight(classifier=model), category="城乡建设")
    assert (case["category"], case["category_source"], case["category_confidence"]) == ("城乡建设", "source", None)
    assert model.calls == 0


def test_without_one_the_model_classifies_with_a_confidence(store, clock):
    case = intake(store, clock, IntakeInsight(classifier=FixedClassifier()), category=None,
                  title="工地拖欠工资", content="干了三个月，包工头拖欠工资不给")
    assert (case["category"], case["category_source"], case["category_confidence"]) == ("劳动和社会保障", "model", 0.9)
    assert case["risk_level"] == "yellow" and case["risk_reasons"][0]["code"] == "wage_arrears"


def test_low_confidence_leaves_the_case_for_the_officer(store, clock):
    case = intake(store, clock, IntakeInsight(classifier=FixedClassifier(confidence=0.2)), category=None,
                  title="😀😀", content="！！！")
    assert (case["category"], case["category_source"], case["category_confidence"]) == (None, None, 0.2)
    assert (case["risk_score"], case["risk_level"], case["risk_reasons"]) == (0, "blue", [])


def test_a_broken_model_never_loses_the_demand(store, clock):
    case = intake(store, clock, IntakeInsight(classifier=Broken()), category=None)
    assert case["status"] == "received" and case["category"] is None


def test_warming_up_runs_the_model_once_and_a_broken_model_only_logs(caplog):
    model = FixedClassifier()
    IntakeInsight(classifier=model).warm()
    assert model.calls == 1
    IntakeInsight(classifier=Broken()).warm()
    assert "warm-up failed" in caplog.text


def test_the_shipped_model_on_mixed_scripts_and_no_signal(store, clock, shipped):
    enricher = IntakeInsight(classifier=shipped)
    wages = intake(store, clock, enricher, category=None, title="讨薪 help!!", reporter={"phone": "13900000001"},
                   content="🙏 ABC建筑有限公司 拖欠农民工工资 3个月 共计12000元，老板电话不接 😡")
    assert wages["category"] == "劳动和社会保障" and wages["category_source"] == "model"
    assert 0.35 <= wages["category_confidence"] <= 1.0
    assert wages["entity"] == "abc建筑有限公司"
    nothing = intake(store, clock, enricher, category=None, title="😀", content="...", reporter={"phone": "13900000002"})
    assert nothing["category"] is None and nothing["category_confidence"] < 0.35


def test_the_same_caller_with_the_same_problem_is_a_possible_duplicate(store, clock):
    enricher = IntakeInsight(classifier=FixedClassifier())
    first = intake(store, clock, enricher)
    clock.advance(hours=3)
    second = intake(store, clock, enricher, title="路灯还是不亮", received_at=RECEIVED + timedelta(hours=3),
                    content="小区门口路灯坏了一个多星期了，晚上出行不安全")
    assert (second["related_case_id"], second["relation"]) == (first["id"], "duplicate")
    assert second["relation_score"] >= 0.45
    assert {"code": "repeat_caller", "label": "同一来电人1次重复诉求", "points": 8} in second["risk_reasons"]
    with store.reading() as session:
        assert "同一来电人" in session.get(Case, second["id"]).relation_reasons


def test_the_same_caller_about_something_else_is_a_repeat(store, clock):
    enricher = IntakeInsight(classifier=FixedClassifier())
    first = intake(store, clock, enricher)
    other = intake(store, clock, enricher, title="噪音扰民", content="楼下烧烤店每天营业到凌晨两点",
                   village_code="511725002003", township_code="511725002")
    assert (other["related_case_id"], other["relation"]) == (first["id"], "repeat")


def test_a_neighbour_with_the_same_problem_nearby_is_a_possible_duplicate(store, clock):
    enricher = IntakeInsight(classifier=FixedClassifier())
    first = intake(store, clock, enricher, location={"lon": 106.97, "lat": 30.84}, village_code=None)
    neighbour = intake(store, clock, enricher, reporter={"name": "李四", "phone": "13700000000"},
                       location={"lon": 106.971, "lat": 30.8405}, village_code=None,
                       content="门口路灯坏了一个星期，晚上出行很不安全")
    assert (neighbour["related_case_id"], neighbour["relation"]) == (first["id"], "duplicate")
    far = intake(store, clock, enricher, reporter={"name": "王五", "phone": "13600000000"},
                 location={"lon": 107.1, "lat": 30.9}, village_code=None, township_code="511725009",
                 content="门口路灯坏了一个星期，晚上出行很不安全")
    assert far["related_case_id"] is None


def test_closed_cases_and_other_callers_are_not_linked(store, clock):
    enricher = IntakeInsight(classifier=FixedClassifier())
    first = intake(store, clock, enricher, village_code=None, township_code=None)
    for action in ("sign", "merge"):
        with store.transaction() as session:
            case = session.get(Case, first["id"])
            do_case_action(session, case.id, action, expected_version=case.version, clock=clock, actor="t",
                           data={"into": "X"} if action == "merge" else None)
    again = intake(store, clock, enricher, village_code=None, township_code=None)
    assert again["related_case_id"] is None
    stranger = intake(store, clock, enricher, reporter={"phone": "13511112222"}, village_code=None, township_code=None)
    assert stranger["related_case_id"] is None


def test_risk_is_in_the_event_and_the_wall_sees_no_personal_data(store, clock):
    enricher = IntakeInsight(classifier=FixedClassifier())
    case = intake(store, clock, enricher, title="要跳楼", content="张三丰说再不解决就跳楼，还要报复他们，电话13812345678")
    assert case["risk_level"] == "red" and case["risk_score"] >= 60
    with store.reading() as session:
        envelope = session.scalar(select(OutboxEvent)).envelope
    assert envelope["data"]["case"]["risk_level"] == "red"
    public = mask_event_data(envelope["data"])
    assert public["case"]["reporter"] == {"name": "张**", "phone": "138****5678"}
    assert "content" not in public["case"] and public["case"]["risk_reasons"][0]["cue"] == "跳楼"


def test_repeat_call_rate(store, clock):
    start, end = RECEIVED - timedelta(hours=1), RECEIVED + timedelta(days=1)
    with store.reading() as session:
        empty = repeat_call_rate(session, start, end)
    assert (empty["rate"], empty["repeats"], empty["total"]) == (None, 0, 0)
    enricher = IntakeInsight(classifier=FixedClassifier())
    intake(store, clock, enricher)
    intake(store, clock, enricher)  # same caller, same text: duplicate
    intake(store, clock, enricher, title="噪音", content="烧烤店营业到凌晨", village_code=None, township_code=None)
    intake(store, clock, enricher, reporter={"phone": "13100000000"}, title="井盖丢了", content="路口井盖丢了",
           village_code=None, township_code="511725003")
    with store.reading() as session:
        rate = repeat_call_rate(session, start, end)
        other_town = repeat_call_rate(session, start, end, township_code="511725003")
        before = repeat_call_rate(session, start - timedelta(days=2), start)
    assert (rate["repeats"], rate["duplicates"], rate["total"], rate["rate"]) == (2, 1, 4, 0.5)
    assert (other_town["repeats"], other_town["total"]) == (0, 1)
    assert before["rate"] is None


@pytest.mark.parametrize("text", ["-", "。", "123"])
def test_text_without_chinese_is_classified_as_nothing(store, clock, shipped, text):
    case = intake(store, clock, IntakeInsight(classifier=shipped), category=None, title=text, content=text)
    assert case["category"] is None


def test_texts_with_no_signal_are_not_duplicates_and_an_empty_store_links_nothing(store, clock):
    enricher = IntakeInsight(classifier=FixedClassifier(confidence=0.1))
    first = intake(store, clock, enricher, title="😀", content="！！！", village_code=None)
    assert first["related_case_id"] is None  # nothing before it
    other = intake(store, clock, enricher, title="😀", content="！！！", village_code=None,
                   reporter={"name": "李四", "phone": "13700000001"})
    assert other["related_case_id"] is None and other["relation"] is None


def test_mixed_script_duplicates_are_found(store, clock):
    enricher = IntakeInsight(classifier=FixedClassifier())
    first = intake(store, clock, enricher, title="WiFi坏了", content="小区 5G 基站 信号差😡 call me 13800001111")
    again = intake(store, clock, enricher, title="5G信号差", content="小区5G基站信号差，WiFi也坏了!!",
                   reporter={"name": "李四", "phone": "13700000002"})
    assert (again["related_case_id"], again["relation"]) == (first["id"], "duplicate")


def test_several_new_cases_are_classified_in_one_call(store, clock):
    from casework.models import Case as CaseRow

    model = FixedClassifier()
    enricher = IntakeInsight(classifier=model)
    cases = [CaseRow(id=f"C{n}", title="讨薪", content="拖欠工资", category=None if n else "城乡建设",
                     received_at=RECEIVED, urgency="normal", escalation_level=0, reporter_phone=None,
                     village_code=None, township_code=None, lon=None, lat=None) for n in range(3)]
    with store.transaction() as session:
        enricher.enrich_many(session, cases)
    assert model.calls == 1
    assert [(c.category, c.category_source) for c in cases] == [
        ("城乡建设", "source"), ("劳动和社会保障", "model"), ("劳动和社会保障", "model")]
    assert all(c.risk_level == "yellow" for c in cases)


def test_an_escalated_case_scores_again_and_turns_red(store, clock):
    from insight.risk_refresh import RiskRefresher

    enricher = IntakeInsight(classifier=FixedClassifier())
    case = intake(store, clock, enricher, title="讨薪", content="包工头拖欠工资，工友们说要去堵路")
    assert case["risk_level"] == "orange" and case["risk_score"] == 55
    refresher = RiskRefresher(store, clock)
    assert refresher.run_once() == []  # nothing escalated yet
    with store.transaction() as session:
        do_case_action(session, case["id"], "escalate", expected_version=case["version"], clock=clock, actor="t",
                       data={"level": "township"})
    assert refresher.run_once() == [case["id"]]
    assert refresher.run_once() == []  # unchanged: no new event
    with store.reading() as session:
        row = session.get(Case, case["id"])
        assert (row.risk_score, row.risk_level) == (65, "red") and row.version == case["version"] + 2
        event = session.scalars(select(OutboxEvent).order_by(OutboxEvent.id.desc())).first().envelope
    assert event["data"]["action"] == "risk" and event["data"]["case"]["risk_level"] == "red"
    assert event["data"]["previous"] == {"score": 55, "level": "orange"}


def test_a_primed_batch_is_classified_in_one_call_and_each_case_takes_its_own(store, clock):
    model = FixedClassifier()
    enricher = IntakeInsight(classifier=model)
    reports = [report(category=None, title=f"工资拖欠{i}", content=f"第{i}家工地欠薪") for i in range(4)]
    preludes = [enricher.prelude(r) for r in reports]
    step = preludes[0][0]
    step([item for _step, item in preludes])
    assert model.calls == 1
    with store.transaction() as session:
        cases = [do_intake(session, r, clock=clock, enricher=enricher).case for r in reports]
    assert model.calls == 1  # every case found its text's prediction
    assert {c["category"] for c in cases} == {"劳动和社会保障"}
    assert enricher.prelude(report(category="城乡建设")) is None  # the source's category is kept: nothing to do
    with store.transaction() as session:  # not primed: classified on its own
        do_intake(session, report(category=None), clock=clock, enricher=enricher)
    assert model.calls == 2



def test_cases_of_one_batch_link_to_each_other(store, clock):
    """A group commit's inserts are held to the batch's end: no read sees the batch's earlier cases."""
    enricher = IntakeInsight(classifier=FixedClassifier())
    first, second = report(), report(title="路灯还是不亮")
    other = report(reporter={"phone": "13900001111"}, title="噪音扰民", content="烧烤店营业到凌晨",
                   village_code="511725002003", township_code="511725002")
    with store.transaction() as session, deferring(session):
        a = do_intake(session, first, clock=clock, enricher=enricher).case
        b = do_intake(session, second, clock=clock, enricher=enricher).case
        c = do_intake(session, other, clock=clock, enricher=enricher).case
    assert (b["related_case_id"], b["relation"]) == (a["id"], "duplicate")
    assert {"code": "repeat_caller", "label": "同一来电人1次重复诉求", "points": 8} in b["risk_reasons"]
    assert c["related_case_id"] is None  # another caller, another place, another problem
    with store.transaction() as session:  # a new transaction knows only what is stored
        d = do_intake(session, report(title="路灯第三次反映"), clock=clock, enricher=enricher).case
    assert d["related_case_id"] in (a["id"], b["id"])
    assert {"code": "repeat_caller", "label": "同一来电人2次重复诉求", "points": 16} in d["risk_reasons"]


def test_a_batch_case_written_early_is_counted_once(store, clock):
    """The idempotency check writes the batch's held rows when a key repeats: the caller's count stays true."""
    enricher = IntakeInsight(classifier=FixedClassifier())
    first = report()
    with store.transaction() as session, deferring(session):
        do_intake(session, first, clock=clock, enricher=enricher)
        do_intake(session, first, clock=clock, enricher=enricher)  # the same demand again: rows written now
        again = do_intake(session, report(title="路灯还是不亮"), clock=clock, enricher=enricher).case
    assert {"code": "repeat_caller", "label": "同一来电人1次重复诉求", "points": 8} in again["risk_reasons"]
