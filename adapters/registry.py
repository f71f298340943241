"""Channel name (as in the URL) → adapter."""
from __future__ import annotations

from .base import Adapter
from .hotline_12345 import Hotline12345Adapter

ADAPTERS: dict[str, Adapter] = {adapter.channel: adapter for adapter in (Hotline12345Adapter(),)}


def adapter_for(channel: str) -> Adapter | None:
    return ADAPTERS.get(channel)
