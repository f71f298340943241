"""Who may see and do what: roles, their scopes, and the township/department a user is bound to."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from typing import Any

OFFICER_ACTIONS = ("sign", "dispatch", "route", "arrive", "resolve", "close", "return", "merge",
                   "escalate", "supervise", "visit", "contact", "acknowledge", "wait", "resume", "classify")

ROLE_SCOPES: dict[str, frozenset[str]] = {
    "duty_officer": frozenset({"cases:read", *(f"cases:{a}" for a in OFFICER_ACTIONS), "units:read",
                               "units:report", "live:console", "live:wall", "briefing:read"}),
    "department_handler": frozenset({"cases:read", "cases:sign", "cases:acknowledge", "cases:resolve",
                                     "cases:return", "live:console"}),
    # a township officer knows the ground and may correct a category; a department handler may not (a
    # case that is not theirs goes back by 回流, so the center re-classifies and re-routes it)
    "township_officer": frozenset({"cases:read", "cases:sign", "cases:dispatch", "cases:arrive",
                                   "cases:resolve", "cases:return", "cases:classify", "units:read",
                                   "live:console"}),
    "leader": frozenset({"cases:read", "cases:escalate", "cases:supervise", "units:read", "live:console",
                         "live:wall", "briefing:read"}),
    "admin": frozenset({"*"}),
    "kiosk": frozenset({"live:wall"}),
    "unit": frozenset({"units:report", "units:read"}),
}
ROLES = tuple(ROLE_SCOPES)


@dataclass(frozen=True)
class Principal:
    name: str
    scopes: frozenset[str] = field(default_factory=frozenset)
    role: str | None = None
    department: str | None = None
    township_code: str | None = None

    def may(self, scope: str) -> bool:
        family = scope.split(":", 1)[0] + ":*"
        return scope in self.scopes or family in self.scopes or "*" in self.scopes

    def sees(self, case: dict[str, Any]) -> bool:
        """A department handler sees its department's cases; a township officer its township's."""
        if self.department and case.get("department") != self.department:
            return False
        return not (self.township_code and case.get("township_code") != self.township_code)


def principal_for(username: str, role: str, *, department: str | None = None,
                  township_code: str | None = None) -> Principal:
    if role not in ROLE_SCOPES:
        raise ValueError(f"unknown role {role!r}; roles: {ROLES}")
    return Principal(name=username, scopes=ROLE_SCOPES[role], role=role, department=department,
                     township_code=township_code)


# scrypt: a memory-hard KDF from the standard library (n=2^14, r=8, p=1 as OWASP suggests)
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32}


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), **_SCRYPT)
    return hmac.compare_digest(candidate.hex(), digest)
