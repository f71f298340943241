"""Sign-in: password check with throttling, and the demo users of each role."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .access import Principal, hash_password, principal_for, verify_password
from .clock import Clock
from .ids import new_id
from .models import User

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)


class SignInRefused(Exception):
    pass


def authenticate(session: Session, username: str, password: str, *, clock: Clock) -> Principal:
    """The same answer for an unknown user and a wrong password; a lock after repeated failures."""
    user = session.scalar(select(User).where(User.username == username).with_for_update())
    now = clock.now()
    if user is None:
        verify_password(password, hash_password("timing-equaliser"))
        raise SignInRefused("wrong username or password")
    if user.locked_until is not None and user.locked_until > now:
        raise SignInRefused("too many failed sign-ins; try again later")
    if not verify_password(password, user.password_hash):
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILURES:
            user.locked_until, user.failed_logins = now + LOCKOUT, 0
        raise SignInRefused("wrong username or password")
    user.failed_logins, user.locked_until = 0, None
    return principal_of(user)


def principal_of(user: User) -> Principal:
    return principal_for(user.username, user.role, department=user.department,
                         township_code=user.township_code)


def load_principal(session: Session, username: str) -> Principal | None:
    user = session.scalar(select(User).where(User.username == username))
    return principal_of(user) if user else None


def add_user(session: Session, *, username: str, password: str, role: str, clock: Clock,
             display_name: str | None = None, department: str | None = None,
             township_code: str | None = None) -> None:
    principal_for(username, role)  # validates the role
    session.add(User(id=new_id(clock.now()), username=username, display_name=display_name or username,
                     role=role, department=department, township_code=township_code,
                     password_hash=hash_password(password), failed_logins=0, created_at=clock.now()))


DEMO_USERS: tuple[dict[str, Any], ...] = (
    {"username": "duty", "display_name": "值班员 王敏", "role": "duty_officer"},
    {"username": "dept", "display_name": "住建局 李强", "role": "department_handler", "department": "县住建局"},
    {"username": "town", "display_name": "渠江街道 张丽", "role": "township_officer", "township_code": "511725001"},
    {"username": "leader", "display_name": "带班领导 陈刚", "role": "leader"},
    {"username": "admin", "display_name": "系统管理员", "role": "admin"},
    {"username": "unit", "display_name": "渠江街道民声服务队", "role": "unit"},
)


def seed_demo_users(session: Session, *, clock: Clock, password: str) -> int:
    if session.scalar(select(func.count()).select_from(User)):
        return 0
    for user in DEMO_USERS:
        add_user(session, password=password, clock=clock, **user)
    return len(DEMO_USERS)
