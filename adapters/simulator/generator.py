"""One demand at a time: the unified intake body, as the 12345 platform would push it."""
from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from casework.clock import CENTER_TZ

from .people import random_reporter
from .places import PlacePicker, RegionLike, encode_location
from .taxonomy import Taxonomy
from .texts import CATEGORY_WEIGHTS, TEMPLATES, DemandText, Template, compose, compose_repeat, fill_slots

REPEAT_SHARE = 0.06  # share of demands that are the same caller about the same issue again
REPEAT_WINDOW_HOURS = 24.0
REPEAT_MIN_MINUTES = 20.0
REMEMBERED = 300  # recent demands kept as candidates for repeats
REPEAT_JITTER_METRES = 30.0


@dataclass(frozen=True)
class _Sent:
    """A demand remembered so its caller can call again."""

    received_at: datetime
    template: Template
    text: DemandText
    reporter: dict[str, str]
    location: dict[str, Any]
    lon: float  # WGS-84 position, before any offset for the caller's map app
    lat: float
    address: str


class DemandGenerator:
    """Realistic demands for one region; deterministic for a given `rng` seed and sequence of times."""

    def __init__(self, region: RegionLike, taxonomy: Taxonomy, rng: random.Random, *,
                 repeat_share: float = REPEAT_SHARE, id_prefix: str | None = None) -> None:
        self._rng = rng
        self._places = PlacePicker(region, rng)
        known = set(taxonomy.first_level)
        self._templates: dict[str, tuple[Template, ...]] = {}
        for template in TEMPLATES:
            if template.category in known:
                self._templates[template.category] = (*self._templates.get(template.category, ()), template)
        if not self._templates:
            raise ValueError("no demand template belongs to a first-level category of the taxonomy")
        self._categories = tuple(self._templates)
        self._category_weights = tuple(CATEGORY_WEIGHTS.get(c, 1.0) for c in self._categories)
        self._repeat_share = repeat_share
        self._recent: deque[_Sent] = deque(maxlen=REMEMBERED)
        self._count = 0
        self._prefix = id_prefix or f"SIM-{rng.getrandbits(24):06x}"

    @property
    def categories(self) -> tuple[str, ...]:
        return self._categories

    @property
    def hotspots(self) -> tuple[str, ...]:
        """Village codes that get extra demands in this run."""
        return self._places.hotspots

    def next_demand(self, received_at: datetime) -> dict[str, Any]:
        """The JSON body for `POST /api/v1/intake/hotline12345`, received at `received_at` (aware)."""
        if received_at.tzinfo is None:
            raise ValueError("received_at must carry a UTC offset")
        local = received_at.astimezone(CENTER_TZ)
        self._count += 1
        original = self._repeat_candidate(local)
        sent = self._repeat(original, local) if original is not None else self._fresh(local)
        self._recent.append(sent)
        return {
            "external_id": f"{self._prefix}-{local:%Y%m%d}-{self._count:06d}",
            "received_at": local.isoformat(timespec="seconds"),
            "title": sent.text.title,
            "content": sent.text.content,
            "category": sent.template.category,
            "reporter": dict(sent.reporter),
            "location": dict(sent.location),
            "urgency": sent.template.urgency,
        }

    def _fresh(self, local: datetime) -> _Sent:
        category = self._rng.choices(self._categories, weights=self._category_weights)[0]
        templates = self._templates[category]
        template = self._rng.choices(templates, weights=[t.weight for t in templates])[0]
        place = self._places.pick(template.setting)
        text = compose(template, fill_slots(self._rng, place.town, place.village), self._rng)
        return _Sent(local, template, text, random_reporter(self._rng), self._places.location(place),
                     place.lon, place.lat, place.address())

    def _repeat_candidate(self, local: datetime) -> _Sent | None:
        if not self._recent or self._rng.random() >= self._repeat_share:
            return None
        candidates = [
            sent for sent in self._recent
            if sent.template.urgency == "normal"
            and REPEAT_MIN_MINUTES * 60 <= (local - sent.received_at).total_seconds() <= REPEAT_WINDOW_HOURS * 3600
        ]
        return self._rng.choice(candidates) if candidates else None

    def _repeat(self, original: _Sent, local: datetime) -> _Sent:
        hours = (local - original.received_at).total_seconds() / 3600
        text = compose_repeat(original.template, original.text, hours, self._rng)
        lon, lat = self._places.jitter(original.lon, original.lat, REPEAT_JITTER_METRES)
        location = encode_location(lon, lat, original.location["crs"], original.address)
        return _Sent(local, original.template, text, original.reporter, location, lon, lat, original.address)
