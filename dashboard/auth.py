"""Who is asking: a bearer token (machines, kiosk) or a signed-in session (people)."""
from __future__ import annotations

import hmac
import secrets

from flask import Blueprint, Response, redirect, render_template_string, request, session

from casework.access import Principal
from casework.users import SignInRefused, authenticate, load_principal
from realtime.runtime import Runtime


class Refused(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def current_principal(runtime: Runtime) -> Principal | None:
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        return runtime.tokens.lookup(token.strip()) if scheme.lower() == "bearer" else None
    username = session.get("user")
    if not username:
        return None
    with runtime.store.reading() as db:
        return load_principal(db, username)


def require(runtime: Runtime, scope: str) -> Principal:
    principal = current_principal(runtime)
    if principal is None:
        raise Refused(401, "sign in or send a bearer token")
    if not principal.may(scope):
        raise Refused(403, f"{principal.name} may not {scope}")
    return principal


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(24)
    return session["csrf"]


LOGIN_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>登录 · 智慧大脑</title>
<link rel="stylesheet" href="/assets/console.css"></head><body class="login-body">
<form class="login" method="post" action="/login">
<h1>智慧大脑 · 值班指挥</h1><p class="login-sub">渠县社会治理综合服务中心</p>
{% if error %}<p class="login-error">{{ error }}</p>{% endif %}
<input type="hidden" name="csrf" value="{{ csrf }}"><input type="hidden" name="next" value="{{ next }}">
<label>用户名 Username<input name="username" autocomplete="username" autofocus required></label>
<label>密码 Password<input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">登录 Sign in</button></form></body></html>"""


def make_auth_blueprint(runtime: Runtime) -> Blueprint:
    auth = Blueprint("auth", __name__)

    @auth.get("/login")
    def login_form() -> str:
        return render_template_string(LOGIN_PAGE, csrf=csrf_token(), error=None,
                                      next=_safe_next(request.args.get("next")))

    @auth.post("/login")
    def login() -> Response | tuple[str, int]:
        target = _safe_next(request.form.get("next"))
        expected = session.get("csrf")
        if not expected or not hmac.compare_digest(request.form.get("csrf", ""), expected):
            return render_template_string(LOGIN_PAGE, csrf=csrf_token(), error="页面已过期，请重试", next=target), 400
        with runtime.store.transaction() as db:  # a failure is counted, so it must commit too
            try:
                principal = authenticate(db, request.form.get("username", ""), request.form.get("password", ""),
                                         clock=runtime.clock)
            except SignInRefused as refused:
                principal, refusal = None, refused
        if principal is None:
            message = "用户名或密码错误" if "wrong" in str(refusal) else "登录失败次数过多，请15分钟后再试"
            return render_template_string(LOGIN_PAGE, csrf=csrf_token(), error=message, next=target), 401
        session.clear()
        session["user"] = principal.name
        session["csrf"] = secrets.token_urlsafe(24)
        return redirect(target)

    @auth.post("/logout")
    def logout() -> Response:
        session.clear()
        return redirect("/login")

    return auth


def _safe_next(target: str | None) -> str:
    return target if target and target.startswith("/") and not target.startswith("//") else "/console"
