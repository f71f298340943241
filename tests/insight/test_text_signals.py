"""Similarity, entities and risk cues on small fixed texts: no signal, mixed scripts, emoji."""
from __future__ import annotations

import pytest

from insight.entities import entities, main_entity
from insight.risk import CallerHistory, level_of, score_risk, text_cues
from insight.similarity import similarity

MIXED = "🙏您好 hello，渠江镇ABC健身房 3号店跑路了!! 会员卡3000元退不了😡 call 13812345678"


def test_similar_demands_read_alike_and_boilerplate_does_not():
    assert similarity("小区门口路灯坏了一个星期", "门口的路灯坏了一周了，请尽快修") > 0.35
    assert similarity("您好，反映问题，请尽快处理，谢谢", "您好，我想反映一个问题，希望尽快处理") == 0.0
    assert similarity("拖欠农民工工资三个月", "小区门口路灯坏了") < 0.1


@pytest.mark.parametrize("text", ["", None, "😀😀😀", "！！！。。。", "   "])
def test_text_with_no_signal_is_alike_to_nothing(text):
    assert similarity(text, text) == 0.0
    assert entities(text) == []
    assert text_cues(text) == []
    risk = score_risk(text)
    assert (risk.score, risk.level, risk.reasons) == (0, "blue", ())


def test_mixed_scripts():
    assert similarity(MIXED, MIXED) == pytest.approx(1.0)
    assert similarity(MIXED, "ABC健身房跑路了 会员卡退不了") > 0.4
    assert entities(MIXED) == ["abc健身房"]


@pytest.mark.parametrize(("text", "expected"), [
    ("县城东大街美丽人生美容院办卡后关门跑路", ["美丽人生美容院"]),
    ("在这家美丽人生美容院办了卡", ["美丽人生美容院"]),
    ("这家美容院关门了", []),
    ("四川华达建筑有限公司拖欠农民工工资", ["四川华达建筑有限公司"]),
    ("锦绣花园小区物业乱收费", ["锦绣花园小区"]),
    ("人民路88号金鑫超市卖过期食品，金鑫超市不理", ["金鑫超市"]),
    ("我们小区停水", []),
])
def test_entities(text, expected):
    assert entities(text) == expected
    assert main_entity(text) == (expected[0] if expected else None)


def test_risk_cues_add_up_with_reasons():
    risk = score_risk("老板拖欠工资半年，再不给钱我就从楼上跳楼", history=CallerHistory(earlier=2))
    codes = [reason.code for reason in risk.reasons]
    assert codes == ["self_harm", "wage_arrears", "repeat_caller"]
    assert risk.score == 50 + 25 + 16 and risk.level == "red"
    assert risk.reason_dicts()[0] == {"code": "self_harm", "label": "自伤自杀言语", "points": 50, "cue": "跳楼"}


def test_risk_levels_and_escalation_history():
    assert [level_of(s) for s in (0, 19, 20, 39, 40, 59, 60, 100)] == [
        "blue", "blue", "yellow", "yellow", "orange", "orange", "red", "red"]
    plain = score_risk("路灯坏了")
    assert plain.level == "blue"
    escalated = score_risk("路灯坏了", urgency="urgent", escalation_level=1,
                           history=CallerHistory(earlier=1, escalated=1), duplicate=True)
    assert escalated.score == 15 + 8 + 5 + 10 + 10 and escalated.level == "orange"
    assert score_risk("丈夫经常家暴，还说要同归于尽").level == "red"
    assert score_risk("x" * 5000 + "家暴" * 100).score == 35  # a group counts once


def test_the_cosine_of_two_profiles_is_the_cosine_of_their_texts() -> None:
    from insight.similarity import cosine, grams, profile, profile_cosine

    texts = ["小区门口路灯坏了一个星期", "门口的路灯坏了一周了，请尽快修", "拖欠农民工工资三个月", "路灯路灯路灯坏了",
             MIXED, "ABC健身房跑路了 会员卡退不了", "", "🙂🙂"]
    for first in texts:
        for second in texts:
            assert profile_cosine(profile(first), profile(second)) == pytest.approx(cosine(grams(first), grams(second)))
    assert profile_cosine(profile("路灯坏了"), profile("路灯坏了")) == pytest.approx(1.0)
    assert profile_cosine(profile("路灯坏了"), profile("拖欠工资")) == 0.0
