"""Inbound channels: parse and normalise to `InboundReport`; never touch the database."""
from .base import Adapter, IntakeError
from .registry import ADAPTERS, adapter_for

__all__ = ["ADAPTERS", "Adapter", "IntakeError", "adapter_for"]
