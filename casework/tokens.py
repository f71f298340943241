"""Who a bearer token belongs to and what it may do. The tokens themselves are data, not code."""
from __future__ import annotations

import hmac

from .access import Principal


class TokenRegistry:
    def __init__(self) -> None:
        self._tokens: dict[str, Principal] = {}

    def add(self, token: str, principal: Principal) -> None:
        if len(token) < 16:
            raise ValueError("tokens must be at least 16 characters")
        self._tokens[token] = principal

    def lookup(self, token: str | None) -> Principal | None:
        if not token:
            return None
        for known, principal in self._tokens.items():
            if hmac.compare_digest(known.encode(), token.encode()):
                return principal
        return None
