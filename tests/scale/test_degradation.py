"""Graceful degradation at the boundaries: the database away → 503 and nothing stored; the leading worker
starts the Frigate MQTT subscriber when it is configured."""
from __future__ import annotations

import json
import threading
import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from casework.models import Alert, Case
from casework.settings import Settings
from casework.store import make_store
from dashboard.server import create_app
from realtime.runtime import build_runtime
from tests.adapters.test_frigate import message
from tests.scale.proxy import TcpProxy

TOKEN = "degrade-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def demand(external_id: str) -> dict:
    return {"external_id": external_id, "received_at": datetime.now(timezone.utc).isoformat(),
            "title": "噪音扰民", "content": "楼下烧烤店凌晨两点还很吵。"}


def cases_with(database_url: str, external_id: str) -> int:
    store = make_store(database_url)
    try:
        with store.reading() as s:
            return s.scalar(select(func.count()).select_from(Case).where(Case.external_id == external_id))
    finally:
        store.dispose()


@pytest.mark.postgres
def test_database_unreachable_intake_answers_503_and_stores_nothing(postgres_url: str):
    proxy = TcpProxy("127.0.0.1", 5432)
    proxy.start()
    through_proxy = postgres_url.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    settings = Settings(DATABASE_URL=through_proxy, SMARTBRAIN_DEMO_TOKEN=TOKEN)
    app = create_app(settings, runtime=build_runtime(settings))
    client = app.flask.test_client()
    try:
        assert client.post("/api/v1/intake/hotline12345", json=demand("db-up"), headers=AUTH).status_code == 201
        proxy.cut()
        down = client.post("/api/v1/intake/hotline12345", json=demand("db-down"), headers=AUTH)
        assert down.status_code == 503, down.get_data(as_text=True)
        assert "nothing was stored" in down.get_json()["error"] and down.headers["Retry-After"] == "5"
        assert client.get("/api/v1/cases", headers=AUTH).status_code == 503
        health = client.get("/healthz")
        assert health.status_code == 503 and health.get_json()["database"].startswith("down")
        assert cases_with(postgres_url, "db-down") == 0  # answered 503: nothing kept
        proxy.start()  # the database is back (same port): the same demand is accepted once
        again = client.post("/api/v1/intake/hotline12345", json=demand("db-down"), headers=AUTH)
        assert again.status_code == 201, again.get_data(as_text=True)
        assert cases_with(postgres_url, "db-down") == 1 and cases_with(postgres_url, "db-up") == 1
    finally:
        proxy.cut()
        app.runtime.stop()


def test_the_leading_worker_runs_the_frigate_subscriber_when_configured(sqlite_url: str):
    import socket

    import paho.mqtt.publish as publish

    from dashboard.cli import _frigate_subscriber
    from tests.conftest import unavailable

    try:
        socket.create_connection(("127.0.0.1", 1883), timeout=2).close()
    except OSError as error:
        unavailable(f"Mosquitto at 127.0.0.1:1883: {error}")
    prefix = f"scale-{uuid.uuid4().hex[:8]}"
    settings = Settings(DATABASE_URL=sqlite_url, SMARTBRAIN_DEMO_TOKEN=TOKEN,
                        SMARTBRAIN_FRIGATE_MQTT_URL="mqtt://127.0.0.1:1883", SMARTBRAIN_FRIGATE_TOPIC_PREFIX=prefix)
    assert _frigate_subscriber(Settings(DATABASE_URL=sqlite_url), None) is None  # unset: off
    runtime = build_runtime(settings)
    subscriber = _frigate_subscriber(settings, runtime)
    runtime.duties.add_service("frigate-mqtt", subscriber)
    assert not subscriber.subscribed.is_set()
    runtime.start()  # no Redis: this process leads at once and starts its services
    try:
        assert runtime.duties.leading and subscriber.subscribed.wait(10)
        stored = threading.Event()
        original = subscriber.submit

        def submit(parsed):  # noqa: ANN001, ANN202
            outcome = original(parsed)
            stored.set()
            return outcome

        subscriber.submit = submit
        publish.single(f"{prefix}/events", json.dumps(message("new")), qos=1, hostname="127.0.0.1", port=1883)
        assert stored.wait(10)
        with runtime.store.reading() as s:
            assert s.scalar(select(func.count()).select_from(Alert)) == 1
    finally:
        runtime.stop()
    assert runtime.duties.health()["state"] == "off"


def test_a_bad_frigate_url_is_refused_clearly(sqlite_url: str):
    from dashboard.cli import _frigate_subscriber

    with pytest.raises(SystemExit, match="mqtt://host:1883"):
        _frigate_subscriber(Settings(DATABASE_URL=sqlite_url, SMARTBRAIN_FRIGATE_MQTT_URL="http://x"), None)
