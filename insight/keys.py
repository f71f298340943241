"""Strings as 64-bit keys, and a numpy hash table to look many keys up at once.

Segmentation and feature counting work on whole batches in numpy, never string by string, so words,
n-grams and dictionary entries are uint64 keys:

- `Hasher`: polynomial hashes (mod 2**64, mixed with the length) of any substring of one string,
  each in O(1) from prefix sums; `hash_strings` gives the same key for a standalone string;
- `KeyTable`: open addressing with linear probing, filled and probed with vectorised rounds, so
  looking up a million keys costs a few array gathers instead of a Python loop or a binary search.

Two different short strings share a key with probability ~2**-64 per pair: negligible for
dictionaries of a few hundred thousand words.
"""
from __future__ import annotations

import threading

import numpy as np

MULTIPLIER = 0x9E3779B97F4A7C15  # odd, so invertible mod 2**64
INVERSE = pow(MULTIPLIER, -1, 2**64)
LENGTH_MIX = np.uint64(0xC2B2AE3D27D4EB4F)
SLOT_MIX = np.uint64(0xFF51AFD7ED558CCD)
PAIR_MIX = np.uint64(0xD6E8FEB86659FD93)

_POWERS_LOCK = threading.Lock()
_POWERS: tuple[np.ndarray, np.ndarray] = (np.ones(1, dtype=np.uint64), np.ones(1, dtype=np.uint64))


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """MULTIPLIER**k and INVERSE**k mod 2**64 for k < n (cached, grown by doubling)."""
    global _POWERS
    powers, inverses = _POWERS
    if len(powers) < n:
        with _POWERS_LOCK:
            powers, inverses = _POWERS
            if len(powers) < n:
                size = max(n, 2 * len(powers), 1 << 16)
                steps = np.full(size, MULTIPLIER, dtype=np.uint64)
                steps[0] = 1
                powers = np.cumprod(steps, dtype=np.uint64)
                steps[1:] = INVERSE
                inverses = np.cumprod(steps, dtype=np.uint64)
                powers.flags.writeable = inverses.flags.writeable = False
                _POWERS = (powers, inverses)
    return powers, inverses


def code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)


class Hasher:
    """Keys of substrings of one string, each in O(1): ``hasher(starts, lengths)``."""

    def __init__(self, codes: np.ndarray) -> None:
        powers, self._inverses = _powers(len(codes) + 1)
        self._prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
        np.cumsum(codes * powers[: len(codes)], out=self._prefix[1:])

    def __call__(self, starts: np.ndarray, lengths: np.ndarray | int) -> np.ndarray:
        starts = np.asarray(starts, dtype=np.int64)
        lengths = np.broadcast_to(np.asarray(lengths, dtype=np.int64), starts.shape)
        value = (self._prefix[starts + lengths] - self._prefix[starts]) * self._inverses[starts]
        return value ^ (lengths.astype(np.uint64) * LENGTH_MIX)


def hash_strings(strings: list[str] | tuple[str, ...]) -> np.ndarray:
    """The key of each string: equal to the key of the same text inside any hashed string."""
    lengths = np.fromiter(map(len, strings), dtype=np.int64, count=len(strings))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    return Hasher(code_points("".join(strings)))(starts, lengths)


def pair_keys(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """One key for an ordered pair of keys (word bigrams)."""
    return (first * PAIR_MIX + second) ^ (second >> np.uint64(29))


class KeyTable:
    """Where each of a set of distinct uint64 keys sits in `keys`: ``find(queries) -> index or -1``."""

    def __init__(self, keys: np.ndarray) -> None:
        self.keys = np.asarray(keys, dtype=np.uint64)
        bits = max(4, int(np.ceil(np.log2(max(1, len(self.keys)) * 2))))  # load factor ≤ 1/2
        self._shift = np.uint64(64 - bits)
        self._mask = (1 << bits) - 1
        self._slot_keys = np.zeros(1 << bits, dtype=np.uint64)
        self._slot_index = np.full(1 << bits, -1, dtype=np.int64)  # -1: empty
        pending = np.arange(len(self.keys))
        slot = self._home(self.keys)
        while len(pending):
            free = self._slot_index[slot] < 0
            claimed, first = np.unique(slot[free], return_index=True)  # one winner per free slot
            winners = np.flatnonzero(free)[first]
            self._slot_keys[claimed] = self.keys[pending[winners]]
            self._slot_index[claimed] = pending[winners]
            waiting = np.ones(len(pending), dtype=bool)
            waiting[winners] = False
            pending, slot = pending[waiting], (slot[waiting] + 1) & self._mask

    def _home(self, keys: np.ndarray) -> np.ndarray:
        return ((keys * SLOT_MIX) >> self._shift).astype(np.int64)

    def find(self, queries: np.ndarray) -> np.ndarray:
        queries = np.asarray(queries, dtype=np.uint64)
        slot = self._home(queries)
        found = self._slot_index[slot]
        match = self._slot_keys[slot] == queries
        pending = np.flatnonzero(~match & (found >= 0))  # its slot holds another key: probe on
        found[~match] = -1
        slot = slot[pending]
        while len(pending):
            slot = (slot + 1) & self._mask
            index = self._slot_index[slot]
            match = (self._slot_keys[slot] == queries[pending]) & (index >= 0)
            found[pending[match]] = index[match]
            going = (index >= 0) & ~match
            pending, slot = pending[going], slot[going]
        return found

    def __len__(self) -> int:
        return len(self.keys)

    def __getstate__(self) -> dict:
        return {"keys": self.keys}  # the slots are rebuilt on load: smaller files

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["keys"])  # type: ignore[misc]
