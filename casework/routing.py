"""Routing rules (分流): which department a case goes to, from its category and township. Data, not code."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

DEFAULT_RULES = Path(__file__).with_name("data") / "routing.yaml"


class RoutingRules(BaseModel):
    model_config = ConfigDict(extra="forbid")

    departments: list[str]
    rules: dict[str, str]
    region: dict[str, dict[str, str]] = {}

    @model_validator(mode="after")
    def _known_departments(self) -> "RoutingRules":
        used = set(self.rules.values()) | {d for table in self.region.values() for d in table.values()}
        unknown = used - set(self.departments)
        if unknown:
            raise ValueError(f"rules name departments not in the list: {sorted(unknown)}")
        return self

    def suggest(self, category: str | None, township_code: str | None = None) -> str | None:
        if not category:
            return None
        local = self.region.get(township_code or "", {})
        return local.get(category) or self.rules.get(category)


@lru_cache(maxsize=4)
def load_routing(path: str | None = None) -> RoutingRules:
    source = Path(path) if path else DEFAULT_RULES
    return RoutingRules.model_validate(yaml.safe_load(source.read_text(encoding="utf-8")))
