"""Frigate over MQTT: subscribe to `<prefix>/events`, parse each message, hand it on, then acknowledge.

The subscriber keeps a persistent session (clean_session off, a fixed client id) and acknowledges a
QoS 1 message only after `submit` returned, i.e. after the alarm was committed: a message that could
not be stored is delivered again when the subscriber reconnects. A message that can never be stored
(refused by the parser) is acknowledged, logged and counted. Frigate itself publishes events with
QoS 0 unless told otherwise; then the broker keeps nothing for a subscriber that is away.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import paho.mqtt.client as mqtt

from casework.alarms import CameraAlarm, CameraStatus
from casework.clock import Clock

from ..base import IntakeError
from ..cameras.documents import read_document
from ..cameras.intake import AlarmContext, AlarmIntake
from . import parse_payload

log = logging.getLogger(__name__)
Submit = Callable[[CameraAlarm | CameraStatus], object]


class FrigateSubscriber:
    def __init__(self, submit: Submit, clock: Clock, *, host: str = "127.0.0.1", port: int = 1883,
                 topic_prefix: str = "frigate", client_id: str = "smartbrain-frigate",
                 username: str | None = None, password: str | None = None) -> None:
        self.submit, self.clock = submit, clock
        self.host, self.port = host, port
        self.topic = f"{topic_prefix.rstrip('/')}/events"
        self.accepted = self.refused = self.failed = 0
        self.subscribed = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id,
                                  clean_session=False, manual_ack=True)
        if username:
            self.client.username_pw_set(username, password)
        self.client.on_connect = self._on_connect
        self.client.on_subscribe = self._on_subscribe
        self.client.on_message = self._on_message

    def start(self) -> None:
        self.client.connect_async(self.host, self.port, keepalive=30)
        self.client.loop_start()

    def stop(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

    def _on_connect(self, client: mqtt.Client, _userdata: object, _flags: object, reason_code: object,
                    _properties: object) -> None:
        if getattr(reason_code, "is_failure", False):
            log.warning("frigate mqtt: connection refused: %s", reason_code)
            return
        client.subscribe(self.topic, qos=1)

    def _on_subscribe(self, *_args: object) -> None:
        self.subscribed.set()

    def _on_message(self, client: mqtt.Client, _userdata: object, message: mqtt.MQTTMessage) -> None:
        try:
            document = read_document(message.payload, "application/json", accept=("json",))
            parsed = parse_payload(document.data, raw=document.text, received_at=self.clock.now())
        except IntakeError as error:
            self.refused += 1
            log.info("frigate mqtt: message refused: %s %s", error.reason, error.errors[:3])
            client.ack(message.mid, message.qos)
            return
        try:
            self.submit(parsed)
        except Exception:  # noqa: BLE001 — not acknowledged: the broker delivers it again
            self.failed += 1
            log.exception("frigate mqtt: message not stored")
            return
        self.accepted += 1
        client.ack(message.mid, message.qos)


def frigate_subscriber(context: AlarmContext, **options: object) -> FrigateSubscriber:
    """A subscriber that stores what it hears through `casework.alarms` (start() it, stop() it)."""
    intake = AlarmIntake(context)
    return FrigateSubscriber(lambda parsed: intake.submit(parsed, actor="channel:frigate-mqtt"),
                             context.clock, **options)  # type: ignore[arg-type]
