"""Measuring a classifier: metrics, a reproducible held-out split, and raw-looking text.

- `metrics(true, predicted)`: accuracy, macro-F1, per-label precision/recall/F1/support and the
  confusion matrix, over the labels that occur in either list (as scikit-learn does);
- `holdout_split(texts, labels)`: stratified 80/20 with a fixed seed, the split every figure in
  bench/RESULTS.md uses;
- `roughen(text)`: public labelled sets are often segmented with stop-words removed; demands arrive
  raw. This puts back what the preprocessing took out — punctuation, common stop-words (的 了 在 是
  我 …), courtesy phrases, full-width digits — at random places between words, so a model can be
  checked on text that looks like what callers write.
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

SEED = 42
TEST_SIZE = 0.2

PUNCTUATION = "，，，。。、！？；：…"
FILLERS = ("的", "的", "了", "在", "是", "我", "我们", "就", "也", "都", "和", "有", "把", "被", "这个", "那个",
           "一个", "已经", "非常", "还", "吗", "呢", "啊", "请问", "没有")
OPENINGS = ("", "", "您好，", "领导您好！", "尊敬的领导：", "你好，我想反映一个问题，", "我是附近的居民，")
CLOSINGS = ("", "", "。", "！谢谢！", "，望尽快解决。", "，请相关部门尽快处理，谢谢！", "。盼复！")
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def metrics(true: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

    labels = sorted(set(true) | set(predicted))
    precision, recall, f1, support = precision_recall_fscore_support(
        true, predicted, labels=labels, zero_division=0
    )
    return {
        "examples": len(true),
        "accuracy": round(float(accuracy_score(true, predicted)), 4) if len(true) else 0.0,
        "macro_f1": round(float(np.mean(f1)), 4) if labels else 0.0,
        "per_class": {
            label: {"precision": round(float(p), 4), "recall": round(float(r), 4), "f1": round(float(f), 4),
                    "support": int(s)}
            for label, p, r, f, s in zip(labels, precision, recall, f1, support)
        },
        "confusion": {
            "labels": labels,
            "matrix": confusion_matrix(true, predicted, labels=labels).tolist() if labels else [],
        },
    }


def holdout_split(texts: Sequence[str], labels: Sequence[str], test_size: float = TEST_SIZE,
                  seed: int = SEED) -> tuple[list[str], list[str], list[str], list[str]]:
    """(train texts, test texts, train labels, test labels): stratified, reproducible."""
    from sklearn.model_selection import train_test_split

    train_x, test_x, train_y, test_y = train_test_split(
        list(texts), list(labels), test_size=test_size, stratify=list(labels), random_state=seed
    )
    return train_x, test_x, train_y, test_y


def roughen(text: str, rng: random.Random, filler_rate: float = 0.12, punctuation_rate: float = 0.07) -> str:
    """The text with stop-words, punctuation, courtesy phrases and full-width digits put back."""
    out = [rng.choice(OPENINGS)]
    for word in _jieba().cut(text, HMM=False):
        if rng.random() < filler_rate:
            out.append(rng.choice(FILLERS))
        out.append(word)
        if rng.random() < punctuation_rate:
            out.append(rng.choice(PUNCTUATION))
    out.append(rng.choice(CLOSINGS))
    raw = "".join(out)
    return raw.translate(FULL_WIDTH_DIGITS) if rng.random() < 0.5 else raw


@lru_cache(maxsize=1)
def _jieba():  # noqa: ANN202 - jieba's own segmentation on the original text: words and everything else
    import jieba

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def roughen_all(texts: Sequence[str], seed: int = SEED) -> list[str]:
    rng = random.Random(seed)
    return [roughen(text, rng) for text in texts]
