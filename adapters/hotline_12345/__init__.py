"""12345 政务服务便民热线: work orders pushed by the hotline platform in the unified JSON body."""
from __future__ import annotations

from ..base import UnifiedJsonAdapter


class Hotline12345Adapter(UnifiedJsonAdapter):
    def __init__(self) -> None:
        super().__init__("hotline12345")


__all__ = ["Hotline12345Adapter"]
