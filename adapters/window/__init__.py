"""来访接待窗口: walk-in visitors registered by the reception clerk (来访登记)."""
from .adapter import WindowAdapter, WindowVisitBody

__all__ = ["WindowAdapter", "WindowVisitBody"]
