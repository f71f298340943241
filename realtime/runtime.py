"""Composition root of the live objects: store, bus, relay, SLA policies and timers, region, tokens.
No module globals."""
from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, text

from casework.actions import IntakeEnricher
from casework.clock import Clock, SystemClock
from casework.models import OutboxEvent
from casework.settings import Settings
from casework.sla import PolicyBook, load_policies
from casework.store import Store, make_store
from casework.tokens import Principal, TokenRegistry
from casework.users import load_principal
from geo import Region, get_region

from .bus import Bus, InProcessBus
from .relay import OutboxRelay
from .sla_timers import SlaTimers, arm_after_commit
from .timers import build_timer_index

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    settings: Settings
    clock: Clock
    store: Store
    bus: Bus
    relay: OutboxRelay
    policies: PolicyBook  # pass to the do_* actions: cases' SLA clocks follow them
    timers: SlaTimers
    region: Region
    tokens: TokenRegistry
    demo_token: str
    # reads each new case on intake (`casework.actions.IntakeEnricher`); the composition root sets it
    enricher: IntakeEnricher | None = None
    _started: list[Any] = field(default_factory=list)

    def start(self) -> None:
        self.relay.start()
        self._started.append(self.relay)
        self.timers.start()

    def stop(self) -> None:
        self.timers.stop()  # started or not: it may hold Redis connections
        for part in reversed(self._started):
            part.stop()
        self._started.clear()
        self.bus.close()
        self.store.dispose()

    def principal(self, *, token: str | None = None, username: str | None = None) -> Principal | None:
        """A bearer token (machines, the wall's kiosk) or a signed-in user's name (people)."""
        if token:
            return self.tokens.lookup(token)
        if username:
            with self.store.reading() as session:
                return load_principal(session, username)
        return None

    def health(self) -> dict[str, Any]:
        try:
            with self.store.reading() as session:
                session.execute(text("SELECT 1"))
            database = "ok"
        except Exception as error:  # noqa: BLE001
            database = f"down: {type(error).__name__}"
        return {
            "database": database,
            "bus": "ok" if self.bus.healthy() else "down",
            "bus_kind": type(self.bus).__name__,
            "relay": {"published": self.relay.published_total},
            "timers": self.timers.health(),
        }


def build_bus(settings: Settings) -> Bus:
    if settings.redis_url:
        from .redis_bus import RedisStreamBus

        return RedisStreamBus(settings.redis_url)
    return InProcessBus()


def build_runtime(settings: Settings, *, clock: Clock | None = None) -> Runtime:
    clock = clock or SystemClock()
    store = make_store(settings.database_url)
    bus = build_bus(settings)
    relay = OutboxRelay(store, bus, clock)
    _kick_relay_after_outbox_commits(store, relay)
    policies = load_policies(settings.sla_policies)
    timers = SlaTimers(store, clock, build_timer_index(settings.redis_url), redis_url=settings.redis_url)
    arm_after_commit(store, timers)
    tokens = TokenRegistry()
    demo_token = settings.demo_token or secrets.token_urlsafe(24)
    tokens.add(demo_token, Principal("demo", frozenset({"intake:*", "live:*", "cases:*", "units:*"})))
    return Runtime(settings=settings, clock=clock, store=store, bus=bus, relay=relay, policies=policies,
                   timers=timers, region=get_region(settings.region), tokens=tokens, demo_token=demo_token)


def _kick_relay_after_outbox_commits(store: Store, relay: OutboxRelay) -> None:
    sessions = store.writer_sessions

    @event.listens_for(sessions, "before_flush")
    def _note_outbox(session, _context, _instances) -> None:  # noqa: ANN001
        if any(isinstance(obj, OutboxEvent) for obj in session.new):
            session.info["outbox"] = True

    @event.listens_for(sessions, "after_commit")
    def _kick(session) -> None:  # noqa: ANN001
        if session.info.pop("outbox", False):
            relay.kick()
