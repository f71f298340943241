"""Find a village or township named in free Chinese text (an address, a caller's description).

Villages are known by their registered name (庆丰社区居民委员会) and by the names people say
(庆丰社区, 珠山村). The longest name found wins; a village is taken only when its name is
unambiguous or the text also names its township, and never against a township the text names.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

# (registered suffix, the ending people say instead); the first suffix that fits is used
SPOKEN_SUFFIXES = (
    ("村民委员会", "村"),
    ("村委会", "村"),
    ("居民委员会", "社区"),
    ("居委会", "社区"),
)
MIN_FORM_LENGTH = 3  # two-character forms (e.g. a bare 珠山) match too much ordinary text


def spoken_forms(name: str) -> list[str]:
    """`庆丰社区居民委员会` → [`庆丰社区居民委员会`, `庆丰社区`]; `珠山村民委员会` → [..., `珠山村`]."""
    forms = [name]
    for suffix, ending in SPOKEN_SUFFIXES:
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            forms.append(stem if stem.endswith(ending) else stem + ending)
            break
    return [form for form in dict.fromkeys(forms) if len(form) >= MIN_FORM_LENGTH]


class Gazetteer:
    def __init__(self, townships: Iterable[tuple[str, str]], villages: Iterable[tuple[str, str, str]]) -> None:
        """`townships`: (code, name); `villages`: (code, name, town_code)."""
        self._townships = sorted(((name, code) for code, name in townships), key=lambda item: -len(item[0]))
        by_form: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for code, name, town_code in villages:
            for form in spoken_forms(name):
                by_form[form].append((code, town_code))
        self._villages = sorted(by_form.items(), key=lambda item: -len(item[0]))

    def match(self, text: str | None) -> tuple[str | None, str] | None:
        """(village code or None, township code) of the place the text names, or None."""
        if not text:
            return None
        named_towns = [code for name, code in self._townships if name in text]
        for form, candidates in self._villages:
            if form not in text:
                continue
            if named_towns:
                candidates = [c for c in candidates if c[1] in named_towns]
            if len(candidates) == 1:
                return candidates[0]
        return (None, named_towns[0]) if named_towns else None
