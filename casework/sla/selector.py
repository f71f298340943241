"""Which policy applies to a case: for each clock kind, the most specific matching rule.

Specificity is (`priority`, number of `match` fields set); the book refuses, when loading, equally
specific rules that can match the same case and disagree, so the choice is never arbitrary.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .policy import ClockTerms, PolicyBook, PolicyRule, category_covers
from .snapshot import PolicySnapshot


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """What policies match on. `region_code` is the most precise division code known (village, township)."""

    channel: str
    category: str | None = None
    urgency: str = "normal"
    region_code: str | None = None

    @classmethod
    def of(cls, case: Any) -> "CaseFacts":
        """From anything shaped like casework.models.Case."""
        region = getattr(case, "village_code", None) or getattr(case, "township_code", None)
        return cls(channel=case.channel, category=case.category, urgency=case.urgency or "normal",
                   region_code=region)


@dataclass(frozen=True, slots=True)
class ChosenTerms:
    rule_id: str
    terms: ClockTerms


@dataclass(frozen=True)
class ResolvedPolicy:
    """The terms each clock kind gets for one case, and which rule gave them."""

    book: PolicyBook
    facts: CaseFacts
    chosen: Mapping[str, ChosenTerms]  # kinds switched off are absent

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(self.chosen)

    def snapshot(self, kind: str) -> PolicySnapshot:
        """The same (immutable) snapshot for every clock of a kind a rule gives: taken once per book."""
        chosen, book = self.chosen[kind], self.book
        cache, key = book._snapshots, (kind, chosen.rule_id)  # noqa: SLF001 - the book's own cache, kept for its users
        kept = cache.get(key)
        if kept is None or kept[0] is not book:  # model_copy shares the cache with the copy: check whose
            kept = cache[key] = (book, PolicySnapshot.take(book, kind=kind, rule_id=chosen.rule_id, terms=chosen.terms))
        return kept[1]

    def starting_on(self, action: str) -> tuple[str, ...]:
        """The kinds this case runs that the action starts, in the book's order."""
        return tuple(k for k in self.book.kinds if k in self.chosen and action in self.book.kinds[k].starts_on)


def rule_matches(book: PolicyBook, rule: PolicyRule, facts: CaseFacts) -> bool:
    match = rule.match
    if match.channel is not None and facts.channel not in match.channel:
        return False
    if match.urgency is not None and facts.urgency not in match.urgency:
        return False
    if match.category is not None and not (
            facts.category and any(category_covers(value, facts.category) for value in match.category)):
        return False
    if match.region is not None and not (
            facts.region_code and any(facts.region_code.startswith(code) for code in book.region_codes(match.region))):
        return False
    return True


def matching_rules(book: PolicyBook, facts: CaseFacts) -> list[PolicyRule]:
    """Matching rules, most specific first (file order among equals)."""
    matching = [rule for rule in book.policies if rule_matches(book, rule, facts)]
    return sorted(matching, key=lambda rule: rule.specificity, reverse=True)  # sort is stable


def select_policy(book: PolicyBook, facts: CaseFacts) -> ResolvedPolicy:
    chosen: dict[str, ChosenTerms] = {}
    decided: set[str] = set()
    for rule in matching_rules(book, facts):
        for kind, terms in rule.clocks.items():
            if kind in decided:
                continue
            decided.add(kind)
            if terms is not None:
                chosen[kind] = ChosenTerms(rule.id, terms)
    return ResolvedPolicy(book=book, facts=facts, chosen=chosen)
