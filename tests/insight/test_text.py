"""Normalisation, vectorised segmentation (against jieba itself), keys, features, generated data."""
from __future__ import annotations

import numpy as np
import pytest

from insight import synthetic
from insight.features import FeatureSpace, char_ngrams
from insight.keys import KeyTable, hash_strings
from insight.text import analyse, has_signal, normalize, tokenize

SENTENCES = [
    "小区门口垃圾堆积无人清运发臭",
    "拖欠农民工工资三个月",
    "中华人民共和国劳动合同法规定用人单位应当与劳动者订立书面劳动合同",
    "请求查处市第一中学乱罚款乱收费行为",
    "化工厂晚上偷偷往河里排放污水河里的鱼都死了",
    "我们村的通村公路修了一半就停工了晴天一身灰雨天一身泥",
    "的士司机拒载还绕路",
    "研究生命起源",
    "结婚的和尚未结婚的",
]


def test_normalize_folds_width_case_digits_and_noise() -> None:
    assert normalize("ＡＢＣ１２３元，拖欠_x000D_工资！！") == ["abc0", "元", "拖欠", "工资"]
    assert normalize("2019年3.5万元 ① ㎡") == ["0", "年", "0", "万元", "0", "m0"]
    assert normalize("") == [] and normalize(None) == [] and normalize("😀！？") == []
    assert sum(map(len, normalize("很长的文本" * 1000, max_chars=50))) == 50


def test_has_signal() -> None:
    assert has_signal("hello 你好") and not has_signal("hello") and not has_signal("") and not has_signal(None)


def test_segmentation_is_jiebas() -> None:
    import jieba

    reference = jieba.Tokenizer()
    reference.initialize()
    generated = [text for text, _ in synthetic.generate(per_label=3, seed=5)]
    runs = [run for text in SENTENCES + generated for run in normalize(text) if run >= "\u3400"]
    batch = analyse(runs)
    for doc, run in enumerate(runs):
        if len(run) <= 160:  # longer runs are cut in pieces (documented)
            assert batch.words(doc, kept_only=False) == reference.lcut(run, HMM=False), run


def test_stop_words_go_but_words_containing_them_stay() -> None:
    assert tokenize("我的工资被拖欠了") == ["工资", "拖欠"]
    assert "的士" in tokenize("的士司机拒载")
    assert tokenize("Hello 你好，谢谢！") == ["hello"]


def test_raw_and_stripped_text_give_the_same_characters() -> None:
    batch = analyse(["您好！我们小区的垃圾已经三天没人清运了，请尽快处理。", "小区垃圾三天没人清运尽快处理"])
    assert batch.chars(0) == batch.chars(1)
    assert list(batch.char_counts()) == [len(batch.chars(0))] * 2


def test_analyse_handles_empty_and_odd_batches() -> None:
    empty = analyse([])
    assert empty.size == 0 and len(empty.word_key) == 0
    odd = analyse(["", "😀", "abc", "一"])
    assert odd.size == 4 and list(odd.char_counts()) == [0, 0, 0, 1]


def test_key_table_finds_exactly_its_keys() -> None:
    rng = np.random.default_rng(0)
    for size in (0, 1, 7, 5000):
        keys = np.unique(rng.integers(0, 2**64, size, dtype=np.uint64))
        table = KeyTable(keys)
        queries = np.concatenate([keys[::-1], rng.integers(0, 2**64, 500, dtype=np.uint64), [np.uint64(0)]])
        found = table.find(queries)
        assert list(found[: len(keys)]) == list(range(len(keys)))[::-1]
        assert (found[len(keys):] == -1).all()


def test_keys_of_strings_match_keys_of_substrings() -> None:
    batch = analyse(["公司拖欠农民工工资"])
    words = batch.words(0)
    assert len(words) > 1
    assert list(batch.word_key) == list(hash_strings(words))
    assert len(set(hash_strings(["工资", "工", "资", "资工", "工资工"]))) == 5


def test_char_ngrams_stay_inside_a_document() -> None:
    codes = np.array([ord(c) for c in "甲乙丙丁"], dtype=np.uint64)
    rows, keys = char_ngrams(codes, np.array([0, 0, 1, 1]), 3)
    assert sorted(rows.tolist()) == [0, 0, 0, 1, 1, 1]  # 2 unigrams + 1 bigram each, no trigram


def test_feature_rows_are_normalised_per_block() -> None:
    batch = analyse(["公司拖欠工资", "工厂排放污水", "公司拖欠工资三个月"])
    space = FeatureSpace(min_df=1).fit(batch)
    matrix = space.transform(batch).toarray()
    start = 0
    for block in space.blocks:
        part = matrix[:, start : start + block.size]
        assert np.allclose(np.linalg.norm(part, axis=1), block.weight)
        start += block.size


def test_generated_data_is_deterministic_and_covers_the_taxonomy() -> None:
    first, again = synthetic.generate(per_label=5, seed=1), synthetic.generate(per_label=5, seed=1)
    assert first == again
    assert synthetic.generate(per_label=5, seed=2) != first
    assert len(synthetic.labels()) == 15
    assert set(synthetic.labels()) == set(synthetic.taxonomy())
    assert {example.label for example in first} == set(synthetic.labels())
    assert all(example.text.strip() for example in first)
    for label, topics in synthetic.TOPICS.items():  # every topic is named after a second-level name
        assert all(topic.second in synthetic.taxonomy()[label] for topic in topics), label


@pytest.mark.parametrize("unknown", [["不存在的类别"]])
def test_generating_an_unknown_category_fails(unknown) -> None:
    with pytest.raises(ValueError):
        synthetic.generate(per_label=1, categories=unknown)
