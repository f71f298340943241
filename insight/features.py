"""TF-IDF features of an analysed `Batch`: word and character n-grams, of the whole text and its head.

Four blocks, each TF-IDF with sublinear tf (1 + log count) and smooth idf, L2-normalised on its own
and then weighted (the weights were chosen by 5-fold cross-validation on the training part of the
public set; the head blocks are where the title sits):

    words        word unigrams and bigrams (stop-words removed)
    chars        character 1..3-grams of the Chinese characters of those words
    head_words   the first `head_words` words
    head_chars   character 1..3-grams of the first `head_chars` characters

Everything is counted with numpy over the whole batch: a word is its 64-bit key (`insight.keys`), a
character n-gram packs up to three 21-bit code points into one uint64 (exact, never hashed), and a
vocabulary is a `KeyTable`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from insight.keys import KeyTable, pair_keys
from insight.text import Batch

BITS = np.uint64(21)  # enough for every Unicode code point

DEFAULT_WEIGHTS = {"words": 1.0, "chars": 1.0, "head_words": 0.7, "head_chars": 1.0}


@dataclass
class Block:
    name: str
    weight: float
    vocabulary: KeyTable
    idf: np.ndarray

    @property
    def size(self) -> int:
        return len(self.idf)


@dataclass
class FeatureSpace:
    word_n: int = 2
    char_n: int = 3
    head_words: int = 12
    head_chars: int = 24
    min_df: int = 2
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    blocks: list[Block] = field(default_factory=list)

    def grams(self, name: str, batch: Batch) -> tuple[np.ndarray, np.ndarray]:
        """(row, key) of every n-gram the block `name` reads, one pair per occurrence."""
        kept = batch.word_kept
        words, word_doc = batch.word_key[kept], batch.word_doc[kept]
        if name == "words":
            rows, keys = [word_doc], [words]
            for n in range(2, self.word_n + 1):
                if len(words) < n:
                    break
                same = word_doc[n - 1 :] == word_doc[: len(words) - n + 1]
                key = words[: len(words) - n + 1]
                for offset in range(1, n):
                    key = pair_keys(key, words[offset : len(words) - n + 1 + offset])
                rows.append(word_doc[: len(words) - n + 1][same])
                keys.append(key[same])
            return np.concatenate(rows), np.concatenate(keys)
        if name == "head_words":
            head = _rank(word_doc) < self.head_words
            return word_doc[head], words[head]
        codes, char_doc = batch.char_code, batch.char_doc
        if name == "head_chars":
            head = _rank(char_doc) < self.head_chars
            codes, char_doc = codes[head], char_doc[head]
        elif name != "chars":
            raise ValueError(f"unknown feature block {name!r}")
        return char_ngrams(codes, char_doc, self.char_n)

    def fit(self, batch: Batch) -> FeatureSpace:
        self.blocks = []
        for name, weight in self.weights.items():
            if not weight:
                continue
            rows, keys = self.grams(name, batch)
            vocabulary, df = _document_frequencies(rows, keys, self.min_df)
            idf = (np.log((1 + batch.size) / (1 + df)) + 1).astype(np.float32)
            self.blocks.append(Block(name, float(weight), KeyTable(vocabulary), idf))
        return self

    def transform(self, batch: Batch) -> sp.csr_matrix:
        parts = []
        for block in self.blocks:
            rows, keys = self.grams(block.name, batch)
            columns = block.vocabulary.find(keys)
            known = columns >= 0
            parts.append(_tfidf(rows[known], columns[known], batch.size, block))
        return sp.hstack(parts, format="csr", dtype=np.float64)

    @property
    def n_features(self) -> int:
        return sum(block.size for block in self.blocks)


def _rank(doc: np.ndarray) -> np.ndarray:
    """Position of each element within its document (`doc` is sorted)."""
    return np.arange(len(doc)) - np.searchsorted(doc, doc, side="left")


def char_ngrams(codes: np.ndarray, doc: np.ndarray, n_max: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, key) of every character 1..n_max-gram that stays inside one document."""
    rows, keys = [doc], [codes.astype(np.uint64)]
    total = len(codes)
    for n in range(2, n_max + 1):
        if total < n:
            break
        key = keys[0][: total - n + 1].copy()
        for offset in range(1, n):
            key = (key << BITS) | keys[0][offset : total - n + 1 + offset]
        same = doc[n - 1 :] == doc[: total - n + 1]
        rows.append(doc[: total - n + 1][same])
        keys.append(key[same])
    return np.concatenate(rows), np.concatenate(keys)


def _document_frequencies(rows: np.ndarray, keys: np.ndarray, min_df: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct keys seen in at least `min_df` documents, and their document frequency."""
    order = np.lexsort((rows, keys))
    rows, keys = rows[order], keys[order]
    first = np.ones(len(keys), dtype=bool)  # first occurrence of each (key, document)
    first[1:] = (keys[1:] != keys[:-1]) | (rows[1:] != rows[:-1])
    vocabulary, df = np.unique(keys[first], return_counts=True)
    kept = df >= min_df
    return vocabulary[kept], df[kept].astype(np.float64)


def _tfidf(rows: np.ndarray, columns: np.ndarray, n_docs: int, block: Block) -> sp.csr_matrix:
    """Sublinear tf × idf, each row L2-normalised, times the block weight."""
    counts = sp.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(n_docs, block.size))
    counts.sum_duplicates()
    per_row = np.diff(counts.indptr)
    data = (1.0 + np.log(counts.data)) * block.idf[counts.indices]
    norms = np.sqrt(np.bincount(np.repeat(np.arange(n_docs), per_row), data * data, minlength=n_docs))
    norms[norms == 0] = 1.0
    data = data / np.repeat(norms, per_row) * block.weight
    return sp.csr_matrix((data, counts.indices, counts.indptr), shape=(n_docs, block.size))
