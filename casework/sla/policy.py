"""SLA policies as data the center edits (policies.yaml): loaded, validated, refused when wrong.

A policy book has
- `calendar`: time zone and office hours, for working-hour and working-day limits;
- `kinds`: each clock kind's lifecycle — the actions that start, stop, pause and resume it;
- `escalations`: named ladders of steps taken after a breach (notify the township, then the county, 督办);
- `policies`: rules that match cases by channel × category × urgency × region and set the limit of
  each clock kind (or switch a kind off with `null`). For each kind, the most specific matching rule
  that mentions the kind wins (see selector.py).
"""
from __future__ import annotations

import itertools
import re
from datetime import time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator, model_validator

from ..inbound import CHANNELS, Urgency
from .limits import Limit
from .vocabulary import LifecycleAction, NotifyTarget

DEFAULT_POLICIES = Path(__file__).with_name("policies.yaml")
_CODE = re.compile(r"^\d{2,12}$")
_SLUG = re.compile(r"^[a-z][a-z0-9_\-]*$")


class PolicyError(ValueError):
    """The policy file is wrong; the message lists every problem with where it is."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source, self.problems = source, problems
        listing = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} problem(s) in the SLA policies:\n{listing}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class CalendarConfig(_Strict):
    timezone: str = "Asia/Shanghai"
    office_hours: tuple[tuple[time, time], ...] = ((time(8, 30), time(12, 0)), (time(14, 0), time(17, 30)))

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @field_validator("office_hours")
    @classmethod
    def _spans(cls, spans: tuple[tuple[time, time], ...]) -> tuple[tuple[time, time], ...]:
        if not spans:
            raise ValueError("give at least one office span, e.g. ['08:30', '12:00']")
        previous: time | None = None
        for begin, end in spans:
            if not begin < end:
                raise ValueError(f"office span {begin:%H:%M}-{end:%H:%M} must start before it ends")
            if previous is not None and begin < previous:
                raise ValueError("office spans must be in order and must not overlap")
            previous = end
        return spans


class KindSpec(_Strict):
    """What starts, stops, pauses and resumes one kind of clock."""

    title: str
    starts_on: tuple[LifecycleAction, ...] = Field(min_length=1)
    stops_on: tuple[LifecycleAction, ...] = Field(min_length=1)
    pauses_on: tuple[LifecycleAction, ...] = ()
    resumes_on: tuple[LifecycleAction, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> "KindSpec":
        stop, pause, resume = set(self.stops_on), set(self.pauses_on), set(self.resumes_on)
        if stop & pause or stop & resume or pause & resume:
            raise ValueError("an action may only stop, pause or resume a clock, not two of these")
        if bool(pause) != bool(resume):
            raise ValueError("a clock that pauses needs actions that resume it (and the other way round)")
        return self


class EscalationStep(_Strict):
    """One step after a breach; `after` counts from the deadline."""

    after: Limit
    notify: NotifyTarget
    supervise: bool = False  # 督办: the step puts the case under supervision
    note: str | None = None


class ClockTerms(_Strict):
    limit: Limit
    warn_at_share: float | None = Field(None, gt=0, lt=1)  # None: the book's default
    escalation: str | None = None  # a ladder name from `escalations`


class Match(_Strict):
    """Which cases a rule applies to; each field a value or a list; a missing field matches all."""

    channel: tuple[str, ...] | None = None
    category: tuple[str, ...] | None = None  # a category matches itself and its sub-categories ("a/b")
    urgency: tuple[Urgency, ...] | None = None
    region: tuple[str, ...] | None = None  # region names from `regions`, or division-code prefixes

    @field_validator("channel", "category", "urgency", "region", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return _as_list(value)

    @field_validator("channel")
    @classmethod
    def _known_channels(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        for channel in value or ():
            if channel not in CHANNELS:
                raise ValueError(f"unknown channel {channel!r}; known: {', '.join(CHANNELS)}")
        return value

    @property
    def fields_set(self) -> int:
        return sum(getattr(self, name) is not None for name in ("channel", "category", "urgency", "region"))


class PolicyRule(_Strict):
    id: str
    title: str | None = None
    match: Match = Match()
    priority: int = 0  # breaks ties between equally specific rules; higher wins
    clocks: dict[str, ClockTerms | None] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError(f"policy id {value!r} must be lower-case letters, digits, '_' or '-'")
        return value

    @property
    def specificity(self) -> tuple[int, int]:
        return (self.priority, self.match.fields_set)


class PolicyBook(_Strict):
    version: int = Field(ge=1)
    calendar: CalendarConfig = CalendarConfig()
    warn_at_share: float = Field(0.8, gt=0, lt=1)
    regions: dict[str, tuple[str, ...]] = {}
    kinds: dict[str, KindSpec]
    escalations: dict[str, tuple[EscalationStep, ...]] = {}
    policies: tuple[PolicyRule, ...]
    # casework.sla.selector's policy snapshots by (kind, rule id), each with the book it was taken from
    _snapshots: dict[tuple[str, str], Any] = PrivateAttr(default_factory=dict)

    @field_validator("regions")
    @classmethod
    def _region_codes(cls, regions: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for name, codes in regions.items():
            if not codes:
                raise ValueError(f"region {name!r} lists no division codes")
            bad = [code for code in codes if not _CODE.match(code)]
            if bad:
                raise ValueError(f"region {name!r}: {bad} are not division codes (2-12 digits)")
        return regions

    @model_validator(mode="after")
    def _references(self) -> "PolicyBook":
        problems: list[str] = []
        seen: set[str] = set()
        for index, rule in enumerate(self.policies):
            where = f"policies[{index}] (id={rule.id})"
            if rule.id in seen:
                problems.append(f"{where}: the id {rule.id!r} is used twice")
            seen.add(rule.id)
            for kind, terms in rule.clocks.items():
                if kind not in self.kinds:
                    problems.append(f"{where}.clocks: unknown clock kind {kind!r}; known: {', '.join(self.kinds)}")
                if terms is not None and terms.escalation is not None and terms.escalation not in self.escalations:
                    problems.append(f"{where}.clocks.{kind}.escalation: unknown ladder {terms.escalation!r}; "
                                    f"known: {', '.join(self.escalations) or 'none'}")
            for region in rule.match.region or ():
                if region not in self.regions and not _CODE.match(region):
                    problems.append(f"{where}.match.region: {region!r} is neither a region from `regions` "
                                    "nor a division-code prefix")
        for name, steps in self.escalations.items():
            if not steps:
                problems.append(f"escalations.{name}: a ladder needs at least one step")
        if not any(rule.match.fields_set == 0 for rule in self.policies):
            problems.append("policies: no catch-all rule (one with an empty `match`), so some cases would "
                            "get no clocks; add one")
        problems.extend(self._ambiguities())
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def region_codes(self, values: tuple[str, ...]) -> tuple[str, ...]:
        """Region names expanded to their division codes; codes stay as they are."""
        return tuple(itertools.chain.from_iterable(self.regions.get(v, (v,)) for v in values))

    def _ambiguities(self) -> list[str]:
        problems = []
        for a, b in itertools.combinations(self.policies, 2):
            if a.specificity != b.specificity or not self._overlap(a.match, b.match):
                continue
            for kind in sorted(set(a.clocks) & set(b.clocks)):
                if a.clocks[kind] != b.clocks[kind]:
                    problems.append(
                        f"policies {a.id!r} and {b.id!r} are equally specific, can match the same case and "
                        f"disagree on the {kind!r} clock; narrow one's `match` or give one a higher `priority`")
        return problems

    def _overlap(self, a: Match, b: Match) -> bool:
        def meets(x: tuple[str, ...] | None, y: tuple[str, ...] | None, related) -> bool:  # noqa: ANN001
            return x is None or y is None or any(related(p, q) for p in x for q in y)

        return (meets(a.channel, b.channel, str.__eq__)
                and meets(a.urgency, b.urgency, str.__eq__)
                and meets(a.category, b.category, lambda p, q: category_covers(p, q) or category_covers(q, p))
                and meets(None if a.region is None else self.region_codes(a.region),
                          None if b.region is None else self.region_codes(b.region),
                          lambda p, q: p.startswith(q) or q.startswith(p)))


def category_covers(rule_value: str, category: str) -> bool:
    """'城乡建设' covers '城乡建设' and '城乡建设/安全生产'."""
    return category == rule_value or category.startswith(rule_value.rstrip("/") + "/")


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML that refuses a key written twice in one mapping (PyYAML silently keeps the last)."""


def _mapping_without_duplicates(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    keys = set()
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in keys:
            raise yaml.constructor.ConstructorError(
                "while reading a mapping", node.start_mark, f"found the key {key!r} twice", key_node.start_mark)
        keys.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def parse_policies(text: str, *, source: str = "<policies>") -> PolicyBook:
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        raise PolicyError(source, [f"not valid YAML: {error}"]) from None
    if not isinstance(data, dict):
        raise PolicyError(source, ["the file must be a mapping with `version`, `kinds` and `policies`"])
    try:
        return PolicyBook.model_validate(data)
    except ValidationError as error:
        raise PolicyError(source, [p for e in error.errors() for p in _describe(e, data)]) from None


def load_policies(path: str | Path | None = None) -> PolicyBook:
    """Load and validate a policy file (default: the shipped casework/sla/policies.yaml)."""
    path = Path(path) if path is not None else DEFAULT_POLICIES
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError(str(path), [f"cannot read the file: {error}"]) from None
    return parse_policies(text, source=str(path))


def _describe(error: dict[str, Any], data: dict[str, Any]) -> list[str]:
    parts: list[str] = []
    node: Any = data
    for step in error["loc"]:
        if isinstance(step, int):
            label = f"[{step}]"
            if isinstance(node, list) and step < len(node) and isinstance(node[step], dict) and "id" in node[step]:
                label += f" (id={node[step]['id']})"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(step))
        node = node[step] if isinstance(node, (dict, list)) and _has(node, step) else None
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown key (not allowed here; check the spelling)"
    if not parts:  # book-wide checks: each line already says where
        return message.splitlines()
    return [f"{''.join(parts)}: {line}" for line in message.splitlines()]


def _has(node: dict[str, Any] | list[Any], step: int | str) -> bool:
    if isinstance(node, list):
        return isinstance(step, int) and step < len(node)
    return step in node
