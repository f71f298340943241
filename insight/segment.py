"""Word segmentation with jieba's dictionary and jieba's route, vectorised over a batch with numpy.

jieba (accurate mode without the HMM) builds, for every character of a Chinese run, the dictionary
words that start there (the DAG; a lone character when none does), then takes the path of highest
probability, ``max Σ log(freq(word) / total)``, from right to left. That is pure Python and segments
about 0.5 M characters a second; classifying 2,000 demands a second needs more. This module does the
same computation on a whole batch at once:

- every string is a 64-bit key (`insight.keys.Hasher`: a polynomial hash over its code points,
  O(1) for any substring); jieba's dictionary — every word and every word prefix, as jieba keeps
  them — becomes one `KeyTable` with the log-probability of each word;
- the DAG is found level by level (length 1, 2, … `max_len`), extending only substrings that are
  still a prefix of some word, each level one vectorised table lookup over all positions of the batch;
- the route is solved for all positions with the same distance to the end of their run at once,
  so the Python loop runs once per character of the longest run (at most `MAX_RUN`), not once per
  character of the batch.

Same dictionary, same weights, same tie-break (the longer word): the words are jieba's, except for
dictionary words longer than `max_len` characters (mostly spelled-out numbers), which jieba could
pick and this does not, and for runs longer than `MAX_RUN` characters, cut in pieces first (jieba's
own tests are in tests/insight/test_text.py). Runs of Latin letters and digits are not segmented (the caller keeps each
run as one token, as jieba does).
"""
from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import numpy as np

from insight.keys import Hasher, KeyTable, hash_strings

MAX_LEN = 8
MAX_RUN = 160  # longer runs are segmented in pieces: the route's Python loop runs once per character


@dataclass(frozen=True)
class Dictionary:
    """jieba's prefix dictionary as arrays: hashes of words and prefixes, and word log-probabilities."""

    table: KeyTable  # every word and every word prefix
    logp: np.ndarray  # float64 per key; -inf for a prefix that is not itself a word
    fallback: float  # a character with no word starting at it: log(1 / total), as jieba
    max_len: int = MAX_LEN

    @classmethod
    def from_frequencies(cls, freq: dict[str, int], total: int, max_len: int = MAX_LEN) -> Dictionary:
        entries = [(word, count) for word, count in freq.items() if 0 < len(word) <= max_len]
        keys = hash_strings([word for word, _ in entries])
        counts = np.array([count for _, count in entries], dtype=np.float64)
        logtotal = math.log(total)
        with np.errstate(divide="ignore"):
            logp = np.where(counts > 0, np.log(np.maximum(counts, 1)) - logtotal, -np.inf)
        keys, first = np.unique(keys, return_index=True)
        return cls(KeyTable(keys), logp[first], -logtotal, max_len)

    def lookup(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(present as word or prefix, log-probability or -inf) for each key."""
        index = self.table.find(queries)
        present = index >= 0
        return present, np.where(present, self.logp[index], -np.inf)

    def segment(self, hasher: Hasher, starts: np.ndarray, ends: np.ndarray,
                max_run: int = MAX_RUN) -> tuple[np.ndarray, np.ndarray]:
        """Words of the runs [starts[i], ends[i]) of the hashed string: (word starts, word lengths).

        A run longer than `max_run` is cut into pieces of `max_run` characters first (a word across
        a cut comes out in two parts: about one word in a hundred of a long unpunctuated text).
        """
        starts, ends = np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
        pieces = np.maximum(0, -(-(ends - starts) // max_run))
        offsets = np.arange(int(pieces.sum())) - np.repeat(np.cumsum(pieces) - pieces, pieces)
        starts = np.repeat(starts, pieces) + offsets * max_run
        lengths = np.minimum(np.repeat(ends, pieces) - starts, max_run)
        n = int(lengths.sum())
        if n == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        first = np.concatenate([[0], np.cumsum(lengths)[:-1]])  # local index of each run's start
        position = np.arange(n) + np.repeat(starts - first, lengths)  # in the hashed string
        remaining = np.repeat(first + lengths, lengths) - np.arange(n)  # characters left in the run
        width = self.max_len

        # The DAG, level by level: logp[i, l-1] of the word of length l at local position i.
        logp = np.full((n, width), -np.inf)
        has_word = np.zeros(n, dtype=bool)
        alive = np.arange(n)
        for length in range(1, width + 1):
            alive = alive[remaining[alive] >= length]
            if len(alive) == 0:
                break
            present, word_logp = self.lookup(hasher(position[alive], length))
            word = np.isfinite(word_logp)
            logp[alive[word], length - 1] = word_logp[word]
            has_word[alive[word]] = True
            alive = alive[present]
        logp[~has_word, 0] = self.fallback

        # The route, right to left: all positions with `t` characters left in their run together.
        route = np.zeros(n + 1)
        best = np.ones(n, dtype=np.int64)
        steps = np.arange(1, width + 1)
        order = np.argsort(remaining, kind="stable")
        bounds = np.concatenate([[0], np.cumsum(np.bincount(remaining))])
        for left in range(1, len(bounds) - 1):
            at = order[bounds[left] : bounds[left + 1]]
            if len(at) == 0:
                continue
            following = np.where(steps >= left, n, np.minimum(at[:, None] + steps, n))
            scores = (logp[at] + route[following])[:, ::-1]  # longest first: ties go to it, as in jieba
            choice = scores.argmax(axis=1)
            best[at] = width - choice
            route[at] = scores[np.arange(len(at)), choice]

        # Follow the route from each run's start.
        cursor, stop = first.copy(), first + lengths
        word_starts, word_lengths = [], []
        while len(cursor):
            step = best[cursor]
            word_starts.append(cursor)
            word_lengths.append(step)
            cursor = cursor + step
            going = cursor < stop
            cursor, stop = cursor[going], stop[going]
        local = np.concatenate(word_starts)
        sizes = np.concatenate(word_lengths)
        order = np.argsort(local, kind="stable")
        return position[local[order]], sizes[order]


_LOCK = threading.Lock()
_DEFAULT: Dictionary | None = None


def default_dictionary() -> Dictionary:
    """jieba's default dictionary, built once per process (jieba's own tokenizer is then dropped)."""
    global _DEFAULT
    if _DEFAULT is None:
        with _LOCK:
            if _DEFAULT is None:
                import jieba

                jieba.setLogLevel(60)  # no "Building prefix dict" chatter on stderr
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                _DEFAULT = Dictionary.from_frequencies(tokenizer.FREQ, tokenizer.total)
    return _DEFAULT
