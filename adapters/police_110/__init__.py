"""110 接处警平台: non-police incidents (非警务警情) the police command center transfers to the center."""
from .adapter import Police110Adapter, Police110Body

__all__ = ["Police110Adapter", "Police110Body"]
