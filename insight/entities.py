"""Named places and organisations a demand is about: a shop, an estate, an employer, a site.

    entities("县城东大街美丽人生美容院办卡后关门跑路") -> ["美丽人生美容院"]

A name is found by its ending (美容院, 小区, 有限公司, 工地 …, `SUFFIXES`) and the Chinese or Latin
characters before it, cut at the nearest function word or demonstrative, so "在这家美丽人生美容院"
gives "美丽人生美容院" and "这家美容院" (no name) gives nothing. Longest ending wins; at most one
name per position. Our own rules: no statistical NER, no download.
"""
from __future__ import annotations

import re
import unicodedata

SUFFIXES = (
    "有限责任公司", "有限公司", "股份公司", "集团", "公司", "美容美发店", "美容院", "美容店", "美容会所",
    "美发店", "理发店", "足浴店", "养生馆", "会所", "健身房", "健身中心", "培训学校", "培训中心", "培训机构",
    "幼儿园", "托管中心", "超市", "商场", "商贸城", "批发市场", "农贸市场", "酒店", "宾馆", "饭店", "餐厅",
    "火锅店", "烧烤店", "药店", "药房", "诊所", "门诊部", "医院", "工厂", "加工厂", "砖厂", "养殖场", "养猪场",
    "工地", "项目部", "小区", "花园", "家园", "公寓", "广场", "物业", "汽修厂", "4s店", "网吧", "ktv",
    "加油站", "驾校", "茶楼", "棋牌室", "歌厅", "洗车场", "搅拌站", "采石场",
)
_SUFFIX = re.compile("|".join(sorted((re.escape(s) for s in SUFFIXES), key=len, reverse=True)))
_NAME_CHAR = re.compile(r"[\u4e00-\u9fffa-z0-9]")
# a street, town or village before the name is where it is, not what it is called
_PLACE = re.compile(r".*(?:街|路|镇|乡|村|县|号|巷|道)(?=..)")
_CUT = re.compile(r".*(?:的|在|了|是|到|去|和|与|跟|向|对|被|给|把|从|说|找|这家|那家|一家|该|某|本|个|我|们|家|附近|旁边|门口|对面)")
# what is left before an ending that is not a name
GENERIC = frozenset({"这", "那", "该", "某", "一", "本", "我", "我们", "你们", "他们", "附近", "周边", "小", "大",
                     "新", "老", "个", "各", "多", "几"})
MAX_NAME = 10  # characters before the ending


def entities(text: str | None) -> list[str]:
    normalised = unicodedata.normalize("NFKC", text or "").lower()
    found: list[str] = []
    end_of_last = 0
    for match in _SUFFIX.finditer(normalised):
        start = match.start()
        if found and start == end_of_last:  # 锦绣花园小区物业: one estate, named once
            if match.group(0) != "物业":
                found[-1] += match.group(0)
            end_of_last = match.end()
            continue
        head_start = start
        while head_start > max(end_of_last, start - MAX_NAME) and _NAME_CHAR.match(normalised[head_start - 1]):
            head_start -= 1
        head = normalised[head_start:start]
        cut = _CUT.match(head)
        if cut:
            head = head[cut.end():]
        place = _PLACE.match(head)
        if place:
            head = head[place.end():]
        if len(head) < 2 or head in GENERIC:
            continue
        name = head + match.group(0)
        if name not in found:
            found.append(name)
        end_of_last = match.end()
    return found


def main_entity(text: str | None) -> str | None:
    names = entities(text)
    return names[0][:64] if names else None
