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
from realtime.feed import LiveFeed
from realtime.figures_push import FiguresPublisher
from realtime.http import make_live_blueprint
from realtime.metrics import ProcessMetrics, metrics_view
from realtime.push import Pusher, ScreenCount, register_live_namespace
from realtime.replay import make_replay_blueprint
from realtime.wall_pictures import make_wall_pictures_blueprint
from realtime.runtime import Runtime, build_runtime

from casework.access import principal_for
from insight.intake import IntakeInsight

from . import ids
from .api import make_api_blueprint
from .auth import current_principal, make_auth_blueprint
from .i18n import translator
from .jobs import leader_jobs
from .openapi import openapi_document
from .exports.routes import make_briefing_blueprint
from .pages import briefing, console, field, wall
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
    feed: LiveFeed
    metrics: ProcessMetrics

    def start(self, *, lead: bool = True) -> None:
        """Start the live parts: feed (bus → this process), pusher (→ screens), figures for the wall, and
        unless `lead=False` (`serve --role web`) the leader's duties: relay (outbox → bus), SLA timers."""
        self.feed.subscribe(self.pusher)
        self.feed.subscribe(self.figures.nudge)
        self.pusher.start()
        self.figures.start()
        self.feed.start()
        self.runtime.start(lead=lead)

    def stop(self) -> None:
        self.runtime.stop()
        self.feed.stop()
        self.figures.stop()
        self.pusher.stop()


def create_app(settings: Settings | None = None, *, runtime: Runtime | None = None) -> SmartBrainApp:
    settings = settings or Settings()
    runtime = runtime or build_runtime(settings)
    if runtime.enricher is None:
        runtime.enricher = IntakeInsight(settings.classifier_model)  # the model loads on first use
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
    server.register_blueprint(make_briefing_blueprint(runtime))
    _json_errors(server)
    _database_unavailable_is_503(server)

    socketio = SocketIO(
        server,
        async_mode="threading",  # explicit: never eventlet; one worker per process (deploy/README.md)
        message_queue=settings.redis_url,
        channel=runtime.channels.socketio,
        cors_allowed_origins=[],
        json=None,
    )
    pusher = Pusher(socketio)
    feed = LiveFeed(runtime.store, runtime.bus, on_status=pusher.status)
    screens = ScreenCount()
    register_live_namespace(socketio, runtime.principal, screens=screens, bus_ok=lambda: feed.bus_ok)
    metrics = ProcessMetrics(runtime, role="web", feed=feed, pusher=pusher, screens=screens)
    server.add_url_rule("/metrics", "metrics", metrics_view(metrics))
    document = openapi_document()
    server.add_url_rule("/api/v1/openapi.json", "openapi", lambda: document)

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
        "/briefing": lambda principal: briefing.layout(runtime=runtime, principal=principal, t=t),
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
    briefing.register(app, runtime, t)
    slow = SlowFigures()
    holder["figures"] = FiguresPublisher(socketio, lambda: wall_figures(runtime, slow))
    for job in leader_jobs(runtime):
        runtime.duties.add_job(job)
    return SmartBrainApp(flask=server, socketio=socketio, dash=app, runtime=runtime,
                         pusher=pusher, figures=holder["figures"], feed=feed, metrics=metrics)


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


def _database_unavailable_is_503(server: Flask) -> None:
    """The database away: answer 503 (nothing was stored; try again), never a 500 or a fake success."""
    from flask import jsonify
    from sqlalchemy.exc import InterfaceError, OperationalError

    @server.errorhandler(OperationalError)
    @server.errorhandler(InterfaceError)
    def _database_down(error: Exception):  # noqa: ANN202
        log.warning("database unavailable: %s", type(error).__name__)
        response = jsonify(error="database unavailable; nothing was stored, try again later")
        response.headers["Retry-After"] = "5"
        return response, 503
