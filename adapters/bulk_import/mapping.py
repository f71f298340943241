"""The column mapping of a work-order export: source headers → unified demand fields (YAML)."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

MAPPINGS = Path(__file__).with_name("mappings")
DEFAULT_MAPPING = "hotline12345"
Target = Literal[
    "external_id", "received_at", "title", "content", "category", "reporter.name", "reporter.phone",
    "location.address", "location.lon", "location.lat", "location.crs", "region_code", "urgency", "attachments",
]
REQUIRED: tuple[Target, ...] = ("external_id", "received_at", "content")  # title falls back to content


class MappingError(ValueError):
    pass


class ColumnMapping(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = ""
    sheet: str | int = Field(0, description="Excel sheet: its name or its 0-based index")
    columns: dict[str, Target]
    values: dict[Target, dict[str, str]] = Field(default_factory=dict,
                                                 description="per field: source value → unified value")

    @model_validator(mode="after")
    def _complete(self) -> "ColumnMapping":
        missing = [t for t in REQUIRED if t not in self.columns.values()]
        if missing:
            raise ValueError(f"no column is mapped to {', '.join(missing)}")
        return self

    def sources(self, target: Target) -> list[str]:
        """The source columns that fill `target`, in mapping order."""
        return [column for column, field in self.columns.items() if field == target]


def load_mapping(spec: str | Path | None) -> tuple[ColumnMapping, str]:
    """A mapping from a YAML path or a bundled name (default: a typical 12345 export)."""
    path = Path(spec) if spec else MAPPINGS / f"{DEFAULT_MAPPING}.yaml"
    if not path.is_file() and spec and (MAPPINGS / f"{spec}.yaml").is_file():
        path = MAPPINGS / f"{spec}.yaml"
    if not path.is_file():
        bundled = sorted(p.stem for p in MAPPINGS.glob("*.yaml"))
        raise MappingError(f"mapping {spec!s}: no such file, nor a bundled mapping ({', '.join(bundled)})")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        return ColumnMapping.model_validate(data), str(path)
    except yaml.YAMLError as error:
        raise MappingError(f"{path}: not valid YAML: {error}") from error
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or '(mapping)'}: {e['msg']}"
                             for e in error.errors(include_url=False))
        raise MappingError(f"{path}: {problems}") from error
