"""Composition root of the live objects: store, bus, relay, SLA policies and timers, region, tokens.
No module globals."""
from __future__ import annotations

import logging
import os
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
from .channels import Channels, channels_for
from .duties import KickPublisher, LeaderDuties
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
    channels: Channels
    duties: LeaderDuties  # relay, leader-only services, periodic jobs: one process at a time
    kicks: KickPublisher | None  # wakes the leading relay in another process after our commits
    counters: dict[str, int] = field(default_factory=lambda: {"events_in": 0})
    # reads each new case on intake (`casework.actions.IntakeEnricher`); the composition root sets it
    enricher: IntakeEnricher | None = None
    _started: list[Any] = field(default_factory=list)

    def start(self, *, lead: bool = True) -> None:
        """`lead=False`: a web process only; it neither relays nor fires timers, nor stands by for them."""
        if self.kicks is not None:
            self.kicks.start()
            self._started.append(self.kicks)
        if lead:
            self.duties.start()
            self._started.append(self.duties)
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
            "pid": os.getpid(),
            "database": database,
            "bus": "ok" if self.bus.healthy() else "down",
            "bus_kind": type(self.bus).__name__,
            "relay": {"published": self.relay.published_total, "running": self.relay.running},
            "duties": self.duties.health(),
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
    channels = channels_for(settings.redis_url, settings.redis_namespace)
    relay = OutboxRelay(store, bus, clock)
    duties = LeaderDuties(relay, redis_url=settings.redis_url, kick_channel=channels.relay_kick,
                          ttl=settings.leader_ttl)
    kicks = KickPublisher(settings.redis_url, channels.relay_kick) if settings.redis_url else None
    counters = {"events_in": 0}
    _kick_relay_after_outbox_commits(store, relay, kicks, counters)
    policies = load_policies(settings.sla_policies)
    timers = SlaTimers(store, clock, build_timer_index(settings.redis_url, channel=channels.timers_wake),
                       redis_url=settings.redis_url, leader_ttl=settings.leader_ttl)
    arm_after_commit(store, timers)
    tokens = TokenRegistry()
    demo_token = settings.demo_token or secrets.token_urlsafe(24)
    tokens.add(demo_token, Principal("demo", frozenset({"intake:*", "live:*", "cases:*", "units:*"})))
    return Runtime(settings=settings, clock=clock, store=store, bus=bus, relay=relay, policies=policies,
                   timers=timers, region=get_region(settings.region), tokens=tokens, demo_token=demo_token,
                   channels=channels, duties=duties, kicks=kicks, counters=counters)


def _kick_relay_after_outbox_commits(store: Store, relay: OutboxRelay, kicks: KickPublisher | None,
                                     counters: dict[str, int]) -> None:
    sessions = store.writer_sessions

    @event.listens_for(sessions, "before_flush")
    def _note_outbox(session, _context, _instances) -> None:  # noqa: ANN001
        added = sum(1 for obj in session.new if isinstance(obj, OutboxEvent))
        if added:
            session.info["outbox"] = session.info.get("outbox", 0) + added

    @event.listens_for(sessions, "after_commit")
    def _kick(session) -> None:  # noqa: ANN001
        added = session.info.pop("outbox", 0)
        if added:
            counters["events_in"] += added
            relay.kick()
            if kicks is not None:
                kicks.kick()
