"""The parts that let several processes share one Redis: channel names, the live feed (once, in order,
gaps filled from the outbox), leader duties and periodic jobs, the relay kick."""
from __future__ import annotations

import os
import threading

import pytest
import redis

from casework.actions import do_intake
from casework.settings import Settings
from casework.store.outbox import events_after
from realtime.bus import InProcessBus
from realtime.channels import channels_for, redis_namespace
from realtime.duties import LeaderDuties, PeriodicJob
from realtime.feed import LiveFeed
from realtime.relay import OutboxRelay
from tests.conftest import scratch_redis
from tests.factories import report
from tests.services import until


def test_channel_names_follow_the_database_number_unless_named():
    assert redis_namespace("redis://127.0.0.1:6379/3") == "db3"
    assert redis_namespace("redis://127.0.0.1:6379") == "db0"
    assert redis_namespace("redis://h:1/?db=7") == "db7"
    assert redis_namespace("redis://h:1/3", "qu-county") == "qu-county"
    channels = channels_for("redis://127.0.0.1:6379/5")
    assert channels.socketio == "smartbrain:db5:socketio" != channels_for("redis://127.0.0.1:6379/6").socketio
    assert {channels.relay_kick, channels.timers_wake} == {"smartbrain:db5:relay-kick", "smartbrain:db5:timers-wake"}
    with pytest.raises(ValueError):
        Settings(SMARTBRAIN_REDIS_NAMESPACE="has space")


def test_the_socketio_message_queue_uses_our_channel(sqlite_url: str):
    from dashboard.server import create_app

    settings = Settings(DATABASE_URL=sqlite_url, REDIS_URL="redis://127.0.0.1:6379/3", SMARTBRAIN_DEMO_TOKEN="t" * 20)
    app = create_app(settings)
    try:
        assert app.socketio.server.manager.channel == "smartbrain:db3:socketio"
    finally:
        app.runtime.stop()


class Recorder:
    def __init__(self) -> None:
        self.seqs: list[int] = []

    def __call__(self, batch) -> None:  # noqa: ANN001
        self.seqs.extend(e.seq for e in batch)


def published(store, clock, n: int) -> list:  # noqa: ANN001
    """n demands, sequenced and marked published through a relay on a throwaway bus."""
    for _ in range(n):
        with store.transaction() as s:
            do_intake(s, report(), clock=clock)
    OutboxRelay(store, InProcessBus(), clock).run_once()
    with store.reading() as s:
        return events_after(s, 0)


class FlakyBus(InProcessBus):
    def __init__(self) -> None:
        super().__init__()
        self.up = True

    def healthy(self) -> bool:
        return self.up


def test_the_feed_hands_each_event_on_once_and_fills_gaps_from_the_outbox(store, clock):
    bus = FlakyBus()
    feed = LiveFeed(store, bus, check_every=60)
    seen = Recorder()
    feed.subscribe(seen)
    feed.start()
    try:
        envelopes = published(store, clock, 6)
        feed.on_batch(envelopes[:2])
        feed.on_batch(envelopes[:2])  # a republish after a Redis restart
        feed.on_batch(envelopes[4:])  # 3 and 4 were lost with the stream: taken from the database
        assert seen.seqs == [1, 2, 3, 4, 5, 6]
        assert (feed.filled, feed.dropped, feed.last_seq) == (2, 2, 6)
    finally:
        feed.stop()


def test_the_feed_catches_up_when_the_bus_lost_the_last_events_and_reports_the_bus(store, clock):
    bus = FlakyBus()
    statuses: list[bool] = []
    feed = LiveFeed(store, bus, on_status=statuses.append, check_every=60, fill_after=2)
    seen = Recorder()
    feed.subscribe(seen)
    feed.start()
    try:
        envelopes = published(store, clock, 3)
        feed.on_batch(envelopes[:1])
        bus.up = False
        feed.check_once()  # the database is ahead: the stream may still bring them, so wait one check
        assert seen.seqs == [1] and statuses == [False]
        bus.up = True
        feed.check_once()
        assert seen.seqs == [1, 2, 3] and statuses == [False, True]
    finally:
        feed.stop()


def test_without_redis_this_process_leads_and_runs_services_and_jobs(store, clock):
    relay = OutboxRelay(store, InProcessBus(), clock)
    duties = LeaderDuties(relay)
    started, ran = [], threading.Event()

    class Service:
        def start(self) -> None:
            started.append("start")

        def stop(self) -> None:
            started.append("stop")

    duties.add_service("probe", Service())
    duties.add_job(PeriodicJob("probe-job", 0.01, ran.set))
    duties.add_job(PeriodicJob("broken", 0.01, lambda: 1 / 0))
    duties.start()
    try:
        assert duties.leading and relay.running and started == ["start"]
        assert ran.wait(5)
        until(lambda: duties.health()["jobs"]["broken"]["failures"] >= 1,  # the others keep running
              message="the broken job's failure to be counted")
    finally:
        duties.stop()
    assert started == ["start", "stop"] and not relay.running and duties.health()["state"] == "off"


@pytest.fixture
def duty_redis():
    yield from scratch_redis(os.environ.get("REDIS_URL_TEST", "redis://127.0.0.1:6379/15"))


@pytest.mark.redis
def test_the_standby_takes_the_relay_when_the_leader_stops_renewing(store, clock, duty_redis: str):
    relays = [OutboxRelay(store, InProcessBus(), clock) for _ in range(2)]
    leader, standby = (LeaderDuties(relay, redis_url=duty_redis, ttl=0.5) for relay in relays)
    try:
        leader.start()
        until(lambda: leader.leading, message="the first process to lead")
        standby.start()
        assert not standby.elector.step() and not standby.leading and standby.health()["state"] == "standby"
        leader.stop(release=False)  # killed: the lease lapses
        until(lambda: standby.leading and relays[1].running, message="the standby to lead and run its relay")
        assert not relays[0].running
    finally:
        leader.stop()
        standby.stop()


@pytest.mark.redis
def test_a_commit_in_another_process_kicks_the_leading_relay(sqlite_url: str, duty_redis: str):
    from realtime.runtime import build_runtime

    settings = Settings(DATABASE_URL=sqlite_url, REDIS_URL=duty_redis, SMARTBRAIN_DEMO_TOKEN="t" * 20)
    web, worker = build_runtime(settings), build_runtime(settings)
    kicked = threading.Event()
    original = worker.relay.kick
    worker.relay.kick = lambda: (kicked.set(), original())[1]
    worker.duties.services = [(name, type(s)(duty_redis, worker.channels.relay_kick, worker.relay.kick))
                              for name, s in worker.duties.services]
    try:
        worker.start()
        web.start(lead=False)
        until(lambda: worker.duties.leading, message="the worker to lead")
        subscribers = redis.Redis.from_url(duty_redis)
        channel = worker.channels.relay_kick
        until(lambda: dict(subscribers.pubsub_numsub(channel)).get(channel.encode(), 0) >= 1,
              message="the leader subscribed to the relay kick channel")
        subscribers.close()
        with web.store.transaction() as s:
            do_intake(s, report(), clock=web.clock)
        assert kicked.wait(5)
        assert web.counters["events_in"] == 1 and not web.duties.leading
    finally:
        web.stop()
        worker.stop()
