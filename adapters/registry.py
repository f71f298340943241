"""Channel name (as in the URL) → adapter."""
from __future__ import annotations

from .base import Adapter
from .grid import GridAdapter
from .hotline_12345 import Hotline12345Adapter
from .online import OnlineAdapter
from .police_110 import Police110Adapter
from .window import WindowAdapter

ADAPTERS: dict[str, Adapter] = {
    adapter.channel: adapter
    for adapter in (Hotline12345Adapter(), Police110Adapter(), GridAdapter(), WindowAdapter(), OnlineAdapter())
}


def adapter_for(channel: str) -> Adapter | None:
    return ADAPTERS.get(channel)
