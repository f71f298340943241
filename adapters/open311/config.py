"""The endpoint's settings (YAML the center edits): contact, notice, attributes, published channels."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

BUNDLED = Path(__file__).with_name("data") / "open311.yaml"
Datatype = Literal["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]


class AttributeValue(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True)

    key: str
    name: str


class ServiceAttribute(BaseModel):
    model_config = ConfigDict(extra="forbid")

    variable: bool = True
    code: str = Field(..., pattern=r"^[A-Za-z0-9_\-]{1,64}$")
    datatype: Datatype
    required: bool = False
    datatype_description: str | None = None
    order: int | None = Field(None, ge=1)
    description: str
    values: list[AttributeValue] = Field(default_factory=list)
    maps_to: Literal["urgency"] | None = Field(None, description="the unified field this attribute sets")

    @model_validator(mode="after")
    def _lists_have_values(self) -> "ServiceAttribute":
        if self.datatype.endswith("valuelist") and not self.values:
            raise ValueError(f"attribute {self.code}: a {self.datatype} needs values")
        return self


class Open311Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    jurisdiction_ids: list[str] = Field(default_factory=list)
    contact: str
    key_service: str
    service_notice: str | None = None
    publish_channels: list[str] = Field(default_factory=lambda: ["open311"])
    attributes: list[ServiceAttribute] = Field(default_factory=list)
    group_attributes: dict[str, list[ServiceAttribute]] = Field(default_factory=dict)

    def attributes_for(self, group: str) -> list[ServiceAttribute]:
        """The attributes of a service in `group`, numbered in order (1 first)."""
        listed = [*self.attributes, *self.group_attributes.get(group, [])]
        return [a.model_copy(update={"order": a.order or n}) for n, a in enumerate(listed, start=1)]


def load_config(path: str | Path | None = None) -> Open311Config:
    path = Path(path) if path else BUNDLED
    return Open311Config.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
