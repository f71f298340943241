"""Text normalisation and tokenisation for demand classification.

One pipeline for every form a demand arrives in: raw hotline text with punctuation, full-width
characters, emoji and stop-words, or text that was already segmented and stripped of stop-words (the
form of most public labelled sets). Both end up as nearly the same tokens, so a model trained on one
form works on the other.

    normalize(text)   runs of cleaned text: NFKC (full-width → half-width, ①→1, ㎡→m2), lower case,
                      digit runs folded to ``0``, Excel ``_x000D_`` removed, then split into runs of
                      Chinese characters and runs of Latin letters/digits; everything else
                      (punctuation, whitespace, emoji, other scripts) only separates runs
    analyse(texts)    a `Batch`: the words of every text (jieba's dictionary and route, see
                      `insight.segment`; a Latin/digit run is one word), which of them are stop-words,
                      and the Chinese characters of the words that are not
    tokenize(text)    the words without stop-words, as strings (for people and tests)

Stop-words are whole words, never characters inside a word; dropping them makes raw text look like
the stop-word-free form. At most `MAX_CHARS` normalised characters of a text are read (the title and
the first paragraphs carry the category).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from insight.keys import Hasher, KeyTable, code_points, hash_strings
from insight.segment import default_dictionary

MAX_CHARS = 1000

_EXCEL_NOISE = re.compile(r"_x000[dDaA9]_")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{_CJK}]+|[0-9a-z]+")
_ANY_CJK = re.compile(rf"[{_CJK}]")
FIRST_CJK = 0x3400  # code points of runs: a Chinese run starts at or above, a Latin/digit run below

# Function words, pronouns, fillers and courtesy phrases (our own list).
STOP_WORDS = frozenset(
    """
    的 地 得 了 着 过 是 在 我 我们 你 你们 您 他 他们 她 她们 它 它们 咱们 自己 大家 本人 人家
    这 那 这个 那个 这些 那些 这里 那里 这儿 那儿 这样 那样 这么 那么 这种 那种 此 其 该 之 其中
    和 与 及 以及 或 或者 而 而且 并 并且 但 但是 可是 然而 不过 因为 所以 因此 因而 于是 如果 假如
    要是 虽然 虽 即使 尽管 只要 只有 除非 无论 不管 还是 既然 然后 接着 而是 从而 以便 以免
    把 被 给 让 对 对于 关于 向 往 从 自从 到 于 以 由 由于 为 为了 按 按照 根据 通过 经过
    跟 同 比 除了 像 啊 呀 吧 呢 吗 嘛 哦 哈 啦 呗 哎 唉 嗯 喔 么 罢了 而已 的话 似的 一样
    也 都 又 还 就 才 再 已 已经 曾经 正在 将 将要 会 能 能够 可以 可能 应该 应当 要 想
    很 太 更 最 非常 十分 特别 比较 有点 一些 一点 一下 一直 一个 一种 一次 这次 某 某些 每 各
    各种 所有 任何 什么 怎么 怎样 怎么样 如何 为什么 哪 哪里 哪个 谁 多少 几
    有 没 没有 不 不是 无 未 别 请问 谢谢 感谢 您好 你好 麻烦 希望 恳请 请 望 敬请
    里 时 时候 现在 目前 今天 昨天 之前 之后 以后 以前 当时
    个 些 等 等等 啥 咋 则 即 便 却 并非 只是 就是 还有 而言 来说
    """.split()
)


def normalize(text: object, max_chars: int = MAX_CHARS) -> list[str]:
    """Runs of cleaned text (see the module docstring); at most `max_chars` characters in all."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = _EXCEL_NOISE.sub(" ", text[: max_chars * 2])
    text = _DIGITS.sub("0", unicodedata.normalize("NFKC", text).lower())
    runs: list[str] = []
    budget = max_chars
    for run in _RUNS.findall(text):
        runs.append(run[:budget])
        budget -= len(runs[-1])
        if budget <= 0:
            break
    return runs


def has_signal(text: object) -> bool:
    """Whether the text holds at least one Chinese character (what the models read)."""
    return isinstance(text, str) and _ANY_CJK.search(unicodedata.normalize("NFKC", text)) is not None


@lru_cache(maxsize=1)
def _stop_words() -> KeyTable:
    return KeyTable(np.unique(hash_strings(sorted(STOP_WORDS))))


@dataclass(frozen=True)
class Batch:
    """Texts analysed together: arrays over words and over kept Chinese characters, in text order."""

    size: int  # number of texts
    text: str  # every run of every text, concatenated
    word_start: np.ndarray  # offset in `text`
    word_length: np.ndarray
    word_doc: np.ndarray  # which text (0..size-1); non-decreasing
    word_key: np.ndarray  # uint64 key of the word (insight.keys)
    word_kept: np.ndarray  # not a stop-word
    char_code: np.ndarray  # code points of the Chinese characters of kept words
    char_doc: np.ndarray

    def words(self, doc: int, kept_only: bool = True) -> list[str]:
        mask = self.word_doc == doc
        if kept_only:
            mask &= self.word_kept
        return [self.text[s : s + n] for s, n in zip(self.word_start[mask], self.word_length[mask])]

    def chars(self, doc: int) -> str:
        return "".join(map(chr, self.char_code[self.char_doc == doc]))

    def char_counts(self) -> np.ndarray:
        """Kept Chinese characters per text (how much the models have to go on)."""
        return np.bincount(self.char_doc, minlength=self.size)


def analyse(texts: list[str] | tuple[str, ...], max_chars: int = MAX_CHARS) -> Batch:
    run_texts: list[str] = []
    run_docs: list[int] = []
    for doc, text in enumerate(texts):
        runs = normalize(text, max_chars)
        run_texts.extend(runs)
        run_docs.extend([doc] * len(runs))
    joined = "".join(run_texts)
    codes = code_points(joined)
    lengths = np.fromiter(map(len, run_texts), dtype=np.int64, count=len(run_texts))
    ends = np.cumsum(lengths)
    starts = ends - lengths
    docs = np.asarray(run_docs, dtype=np.int64)
    chinese = codes[starts] >= FIRST_CJK if len(starts) else np.zeros(0, dtype=bool)

    hasher = Hasher(codes)
    seg_starts, seg_lengths = default_dictionary().segment(hasher, starts[chinese], ends[chinese])
    word_start = np.concatenate([seg_starts, starts[~chinese]])
    word_length = np.concatenate([seg_lengths, lengths[~chinese]])
    order = np.argsort(word_start, kind="stable")
    word_start, word_length = word_start[order], word_length[order]
    word_run = np.searchsorted(starts, word_start, side="right") - 1
    word_doc = docs[word_run] if len(word_run) else np.zeros(0, dtype=np.int64)
    word_key = hasher(word_start, word_length)
    word_kept = _stop_words().find(word_key) < 0

    # Chinese characters of kept words, in order.
    kept_chinese = word_kept & chinese[word_run] if len(word_run) else word_kept
    sizes = word_length[kept_chinese]
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    positions = np.arange(int(sizes.sum())) + np.repeat(word_start[kept_chinese] - first, sizes)
    return Batch(
        size=len(texts),
        text=joined,
        word_start=word_start,
        word_length=word_length,
        word_doc=word_doc,
        word_key=word_key,
        word_kept=word_kept,
        char_code=codes[positions],
        char_doc=np.repeat(word_doc[kept_chinese], sizes),
    )


def tokenize(text: object, max_chars: int = MAX_CHARS) -> list[str]:
    """The words of one text without stop-words."""
    return analyse([text], max_chars).words(0)  # type: ignore[list-item]
