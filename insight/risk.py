"""Risk codes (赋分赋码): a score 0..100 and a colour per case, with the reasons that made it.

    score_risk(text, urgency="normal", history=CallerHistory(), escalation_level=0, duplicate=False)
        -> Risk(score=72, level="red", reasons=(Reason("self_harm", "自伤自杀言语", 50, "跳楼"), …))

Points add up from:
- text cues (`CUES`: threats of violence, self-harm, family violence, wage arrears, gatherings,
  petitions, disputes, the vulnerable), each group counted once, its strongest cue named;
- the demand's urgency as the channel gave it;
- repeats: earlier demands of the same caller in the window, and being a possible duplicate of an
  open case (the problem persists);
- escalation history: the case's own escalation level, and earlier demands of the caller that were
  escalated or complained about.
Colours: red ≥ 60, orange ≥ 40, yellow ≥ 20, blue below. Red cases go to the top of the queue.
Text cues are our own lexicon; a cue inside a negation ("没有威胁") still counts — the officer reads
the reasons and decides.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

LEVELS = (("red", 60), ("orange", 40), ("yellow", 20), ("blue", 0))
LEVEL_RANK = {"red": 3, "orange": 2, "yellow": 1, "blue": 0}


@dataclass(frozen=True)
class Cue:
    code: str
    label: str
    points: int
    words: tuple[str, ...]


CUES = (
    Cue("self_harm", "自伤自杀言语", 50, ("跳楼", "跳河", "跳江", "自杀", "轻生", "不想活", "活不下去", "喝农药",
                                      "割腕", "寻死", "上吊", "一死了之", "死给你看")),
    Cue("threat", "暴力威胁", 45, ("同归于尽", "杀了他", "杀了你", "杀人", "砍人", "砍死", "捅死", "弄死", "打死",
                               "报复", "放火", "烧了", "炸了", "炸药", "拿刀", "动刀", "汽油", "血债")),
    Cue("family_violence", "家庭暴力", 35, ("家暴", "家庭暴力", "打老婆", "打妻子", "殴打妻子", "老公打", "丈夫打",
                                         "被丈夫", "虐待", "打孩子", "殴打老人")),
    Cue("gathering", "群体性苗头", 30, ("堵路", "堵门", "围堵", "聚集", "拉横幅", "集体上访", "群体", "几十人", "上百人",
                                   "一百多人", "好几十", "讨说法")),
    Cue("wage_arrears", "拖欠工资", 25, ("拖欠工资", "欠薪", "讨薪", "工资不发", "拖欠农民工", "讨要工资", "不给工资",
                                     "拿不到工资", "工钱", "欠工资", "拖欠工程款")),
    Cue("petition", "越级上访倾向", 15, ("去北京", "进京", "上访", "找媒体", "曝光", "省里反映", "市长热线")),
    Cue("dispute", "纠纷冲突", 15, ("打架", "斗殴", "打人", "纠纷", "冲突", "吵架", "威胁", "恐吓", "辱骂")),
    Cue("emotional", "情感婚姻矛盾", 10, ("情感纠纷", "感情纠纷", "离婚", "分手", "出轨", "婚外情", "彩礼")),
    Cue("vulnerable", "弱势群体", 5, ("老人", "儿童", "小孩", "孕妇", "残疾", "留守", "独居")),
)
URGENCY_POINTS = {"urgent": 15, "critical": 30}
REPEAT_POINTS, REPEAT_MAX = 8, 24
DUPLICATE_POINTS = 5
ESCALATION_POINTS = 10  # per level of the case's own escalation
HISTORY_POINTS, HISTORY_MAX = 10, 20


@dataclass(frozen=True)
class CallerHistory:
    """The caller's earlier demands in the window: how many, and how many were escalated or complained of."""

    earlier: int = 0
    escalated: int = 0


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    points: int
    cue: str | None = None

    def to_dict(self) -> dict[str, Any]:
        reason = {"code": self.code, "label": self.label, "points": self.points}
        if self.cue:
            reason["cue"] = self.cue
        return reason


@dataclass(frozen=True)
class Risk:
    score: int
    level: str
    reasons: tuple[Reason, ...]

    def reason_dicts(self) -> list[dict[str, Any]]:
        return [reason.to_dict() for reason in self.reasons]


def level_of(score: int) -> str:
    return next(level for level, floor in LEVELS if score >= floor)


def text_cues(text: str | None) -> list[Reason]:
    normalised = unicodedata.normalize("NFKC", text or "")
    found = []
    for cue in CUES:
        hit = next((word for word in cue.words if word in normalised), None)
        if hit:
            found.append(Reason(cue.code, cue.label, cue.points, hit))
    return found


def score_risk(text: str | None, *, urgency: str = "normal", history: CallerHistory = CallerHistory(),
               escalation_level: int = 0, duplicate: bool = False) -> Risk:
    reasons = text_cues(text)
    if urgency in URGENCY_POINTS:
        reasons.append(Reason("urgency", f"来源标注紧急({urgency})", URGENCY_POINTS[urgency]))
    if history.earlier:
        reasons.append(Reason("repeat_caller", f"同一来电人{history.earlier}次重复诉求",
                              min(REPEAT_MAX, REPEAT_POINTS * history.earlier)))
    if duplicate:
        reasons.append(Reason("open_duplicate", "与未办结案件疑似重复", DUPLICATE_POINTS))
    if escalation_level:
        reasons.append(Reason("escalated", f"已提级{escalation_level}级", ESCALATION_POINTS * escalation_level))
    if history.escalated:
        reasons.append(Reason("escalation_history", f"来电人既往{history.escalated}件提级或投诉",
                              min(HISTORY_MAX, HISTORY_POINTS * history.escalated)))
    reasons.sort(key=lambda reason: -reason.points)
    score = min(100, sum(reason.points for reason in reasons))
    return Risk(score, level_of(score), tuple(reasons))
