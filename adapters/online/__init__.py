"""网上留言: messages citizens leave on the county's web message board (网上群众工作平台)."""
from .adapter import OnlineAdapter, OnlineMessageBody

__all__ = ["OnlineAdapter", "OnlineMessageBody"]
