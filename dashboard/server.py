"""The app factory: Flask + Flask-SocketIO + Dash pages. No side effects at import."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from dash import Dash, Input, Output, dcc, html
from flask import Flask
from flask_socketio import SocketIO

from adapters.http import make_intake_blueprint
from adapters.http_alarms import make_alarms_blueprint
from adapters.open311.http import make_open311_blueprint
from casework.settings import Settings
from realtime.figures_push import FiguresPublisher
from realtime.http import make_live_blueprint
from realtime.push import Pusher, register_live_namespace
from realtime.replay import make_replay_blueprint
from realtime.wall_pictures import make_wall_pictures_blueprint
from realtime.runtime import Runtime, build_runtime

from casework.access import principal_for

from . import ids
from .api import make_api_blueprint
from .auth import current_principal, make_auth_blueprint
from .i18n import translator
from .pages import console, field, wall
from .wall_figures import SlowFigures, wall_figures

log = logging.getLogger(__name__)
ASSETS = Path(__file__).resolve().parents[1] / "assets"


@dataclass
class SmartBrainApp:
    flask: Flask
    socketio: SocketIO
    dash: Dash
    runtime: Runtime
    pusher: Pusher
    figures: FiguresPublisher

    def start(self) -> None:
        """Start the live parts: relay (outbox → bus), pusher (bus → screens), figures for the wall."""
        self.runtime.bus.subscribe(self.pusher)
        self.runtime.bus.subscribe(self.figures.nudge)
        self.pusher.start()
        self.figures.start()
        self.runtime.start()

    def stop(self) -> None:
        self.runtime.stop()
        self.figures.stop()
        self.pusher.stop()


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> SmartBrainApp:
    settings = settings or Settings()
    runtime = runtime or build_runtime(settings)
    server = Flask(__name__)
    server.config.update(
        SECRET_KEY=settings.secret_key, MAX_CONTENT_LENGTH=settings.max_body_bytes,
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Strict",
    )
    server.extensions["smartbrain"] = runtime
    server.register_blueprint(make_intake_blueprint(runtime))
    server.register_blueprint(make_alarms_blueprint(runtime))
    server.register_blueprint(make_open311_blueprint(runtime, config=settings.open311_config))
    holder: dict[str, FiguresPublisher] = {}
    server.register_blueprint(make_live_blueprint(runtime, figures=lambda: holder["figures"].latest()))
    server.register_blueprint(make_replay_blueprint(runtime))
    server.register_blueprint(make_wall_pictures_blueprint(runtime))
    server.register_blueprint(make_api_blueprint(runtime))
    server.register_blueprint(make_auth_blueprint(runtime))
    _json_errors(server)

    socketio = SocketIO(
        server,
        async_mode="threading",
        message_queue=settings.redis_url,
        cors_allowed_origins=[],
        json=None,
    )
    register_live_namespace(socketio, runtime.principal)

    t = translator(settings.lang)
    app = Dash(
        __name__,
        server=server,
        assets_folder=str(ASSETS),
        title=f"{t('brand')} · {t('center')}",
        update_title=None,
        serve_locally=True,
    )
    pages = {
        "/wall": lambda principal: wall.layout(region=runtime.region.name, t=t),
        "/console": lambda principal: console.layout(runtime=runtime, principal=principal, t=t),
        "/field": lambda principal: field.layout(runtime=runtime, principal=principal, t=t),
    }
    app.layout = html.Div([dcc.Location(id=ids.URL), html.Div(id=ids.PAGE)])
    everyone = principal_for("validation", "admin")
    app.validation_layout = html.Div([app.layout, *(make(everyone) for make in pages.values())])

    @app.callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"))
    def _route(pathname: str | None):  # noqa: ANN202
        path = (pathname or "/").rstrip("/") or "/wall"
        make = pages.get(path)
        return make(current_principal(runtime)) if make else html.Div(t("page.missing"), className="page-missing")

    wall.register(app)
    console.register(app, runtime, t)
    field.register(app, runtime)
    slow = SlowFigures()
    holder["figures"] = FiguresPublisher(socketio, lambda: wall_figures(runtime, slow))
    return SmartBrainApp(flask=server, socketio=socketio, dash=app, runtime=runtime,
                         pusher=Pusher(socketio), figures=holder["figures"])


def _json_errors(server: Flask) -> None:
    from flask import jsonify, request
    from werkzeug.exceptions import HTTPException

    @server.errorhandler(HTTPException)
    def _http_error(error: HTTPException):  # noqa: ANN202
        if request.path.startswith(("/api/", "/open311/", "/healthz")):
            reason = error.description or error.name
            if error.code == 413:
                reason = f"body larger than {server.config['MAX_CONTENT_LENGTH']} bytes"
            return jsonify(error=reason), error.code
        return error
