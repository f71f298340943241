"""网格化服务管理: events grid workers (网格员) report from the field app, with GPS and photos."""
from .adapter import GridAdapter, GridEventBody

__all__ = ["GridAdapter", "GridEventBody"]
