"""How alike two demands read: cosine of character n-gram counts, common phrases left out.

    similarity("小区门口路灯坏了", "门口的路灯坏了一周") -> 0.0 … 1.0

Chinese text is read as character 2-grams (a Latin/digit run is one token); courtesy and
complaint boilerplate every demand shares ("您好", "反映", "尽快处理" …) is dropped first, so two
unrelated demands written politely do not look alike. Text with nothing left (empty, emoji,
punctuation) is alike to nothing: 0.0.

`profile(text)` keeps the n-grams and their norm of the last `PROFILES_KEPT` texts: every new demand is
compared with up to 50 open ones, mostly the same few hundred texts again and again.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import NamedTuple

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
BOILERPLATE = (
    "您好", "你好", "谢谢", "感谢", "领导", "尊敬的", "反映", "问题", "希望", "尽快", "处理", "解决", "相关",
    "部门", "请求", "恳请", "我们", "我是", "居民", "这个", "一个", "没有", "已经", "现在", "情况", "市民",
    "请问", "麻烦", "盼复", "投诉", "举报",
)
_BOILERPLATE = re.compile("|".join(sorted(BOILERPLATE, key=len, reverse=True)))
PROFILES_KEPT = 8192


class Profile(NamedTuple):
    counts: Counter[str]
    norm: float


def grams(text: str | None) -> Counter[str]:
    cleaned = _BOILERPLATE.sub(" ", unicodedata.normalize("NFKC", text or "").lower())
    counts: Counter[str] = Counter()
    for run in _RUNS.findall(cleaned):
        if run[0] < "\u3400":  # Latin letters or digits: one token
            counts[run] += 1
        elif len(run) == 1:
            counts[run] += 1
        else:
            counts.update(run[i:i + 2] for i in range(len(run) - 1))
    return counts


def cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(count * b.get(gram, 0) for gram, count in a.items())
    if not dot:
        return 0.0
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


@lru_cache(maxsize=PROFILES_KEPT)
def profile(text: str | None) -> Profile:
    counts = grams(text)
    return Profile(counts, math.sqrt(sum(v * v for v in counts.values())))


def profile_cosine(a: Profile, b: Profile) -> float:
    """`cosine` of two profiles (same value, norms not recomputed)."""
    if not a.norm or not b.norm:
        return 0.0
    small, large = (a.counts, b.counts) if len(a.counts) <= len(b.counts) else (b.counts, a.counts)
    shared = small.keys() & large.keys()  # in C: most pairs share a few grams or none
    if not shared:
        return 0.0
    dot = sum(small[gram] * large[gram] for gram in shared)
    return dot / (a.norm * b.norm) if dot else 0.0


def similarity(first: str | None, second: str | None) -> float:
    return round(cosine(grams(first), grams(second)), 4)
