"""Several processes on loopback, sharing PostgreSQL and a Redis of our own: delivery across processes,
a web process killed, Redis stopped and restarted during a stream, the leader killed.

Real processes and real failures, so these tests wait (bounded, `tests.services.until`) for conditions:
a port answering, a lease taken, an event on a screen. None sleeps to let time pass: a check that
nothing arrives twice first waits for a later marker (a demand posted afterwards, on the same screen, in
sequence order) or for the SLA clock's next step to be armed minutes away; the load driver keeps its
schedule with `tests.services.pace`. The SLA deadline here is a short real policy limit."""
from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import requests
from sqlalchemy import select

from casework.models import OutboxEvent
from casework.store import make_store
from tests.conftest import unavailable
from tests.scale.cluster import HEADERS, Cluster, RedisServer, Screen, post_demand
from tests.services import pace, until

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

POLICIES = Path(__file__).resolve().parents[2] / "casework" / "sla" / "policies.yaml"
SIGN_SECONDS = 4.0


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cluster")


@pytest.fixture(scope="module")
def cluster(workdir: Path) -> Iterator[Cluster]:
    from tests.services import postgres_schema

    try:
        schema = postgres_schema()
        database_url = schema.__enter__()
    except Exception as error:  # noqa: BLE001
        unavailable(f"PostgreSQL: {error}")
    try:
        redis_server = RedisServer(workdir)
    except RuntimeError as error:
        unavailable(str(error))
    redis_server.start()
    # a sign-for limit of a few seconds, so a timer falls due while the test watches
    policies = workdir / "policies.yaml"
    policies.write_text(POLICIES.read_text(encoding="utf-8").replace(
        "sign: {limit: {minutes: 10}, escalation: fast}",
        f"sign: {{limit: {{minutes: {SIGN_SECONDS / 60:.4f}}}, escalation: fast}}"), encoding="utf-8")
    cluster = Cluster(workdir, database_url, redis_server.url, env_extra={"SMARTBRAIN_SLA_POLICIES": str(policies)})
    cluster.redis_server = redis_server  # type: ignore[attr-defined]
    try:
        cluster.worker()
        cluster.worker()
        cluster.web()
        cluster.web()
        until(cluster.leader, timeout=20, interval=0.05, message="a leader elected")
        yield cluster
    finally:
        cluster.stop()
        redis_server.stop()
        schema.__exit__(None, None, None)


def webs(cluster: Cluster) -> list:
    return [p for p in cluster.processes if p.name == "web" and p.popen.poll() is None]


def stream(bases: list[str], prefix: str, *, seconds: float, per_second: float,
           during: dict[float, object] | None = None, accepted: list[str] | None = None) -> tuple[list[str], list[str]]:
    """POST demands round-robin at `per_second` for `seconds`; run `during[t]()` at t seconds.
    Returns (ids accepted with 201/200, failures as text)."""
    accepted = [] if accepted is None else accepted
    failures: list[str] = []
    pending = dict(sorted((during or {}).items()))
    start = time.monotonic()
    n = 0
    while (elapsed := time.monotonic() - start) < seconds:
        for at in [at for at in pending if at <= elapsed]:
            pending.pop(at)()  # type: ignore[operator]
        base = bases[n % len(bases)]
        try:
            answer = post_demand(base, f"{prefix}-{n}")
            if answer.status_code in (200, 201):
                accepted.append(answer.json()["id"])
            else:
                failures.append(f"{base} {answer.status_code} {answer.text[:200]}")
        except requests.ConnectionError as error:
            failures.append(f"{base} {type(error).__name__}")
        n += 1
        pace(start, n, per_second)
    for at in list(pending):
        pending.pop(at)()  # type: ignore[operator]
    return accepted, failures


def marker_on(screens: list[Screen], base: str, external_id: str) -> str:
    """POST one more demand and wait until its case reaches every screen. A web process hands events on in
    sequence order and drops any sequence number it has passed, and a screen's socket keeps that order: once
    the marker has arrived, everything sent before it has arrived too and no earlier event can follow."""
    answer = post_demand(base, external_id)
    assert answer.status_code == 201, answer.text
    marker = answer.json()["id"]
    for screen in screens:
        until(lambda s=screen: marker in s.created_ids(), timeout=15, interval=0.05,
              message=f"the marker {external_id} on the screen on {screen.connected_to}")
    return marker


def test_a_demand_posted_to_one_process_reaches_screens_on_the_other(cluster: Cluster):
    a, b = webs(cluster)[:2]
    on_a, on_b = Screen([a.base]), Screen([b.base])
    on_a.connect()
    on_b.connect()
    try:
        answer = post_demand(a.base, "cross-1")
        assert answer.status_code == 201, answer.text
        case_id = answer.json()["id"]
        until(lambda: case_id in on_b.created_ids(), timeout=15, interval=0.05,
              message="the case on the screen on the other process")
        until(lambda: case_id in on_a.created_ids(), timeout=15, interval=0.05,
              message="the case on the screen on the same process")
        marker_on([on_a, on_b], a.base, "cross-1-marker")  # a duplicate of the case would have come before it
        assert on_a.created_ids().count(case_id) == on_b.created_ids().count(case_id) == 1
        metrics = requests.get(f"{b.base}/metrics", timeout=5).text
        assert 'smartbrain_connected_screens{room="wall"} 1.0' in metrics
        assert "smartbrain_events_out_total" in metrics and "smartbrain_delivery_lag_seconds_bucket" in metrics
    finally:
        on_a.close()
        on_b.close()


def test_redis_stopped_and_restarted_during_a_stream_loses_nothing_and_doubles_nothing(cluster: Cluster):
    redis_server: RedisServer = cluster.redis_server  # type: ignore[attr-defined]
    a, b = webs(cluster)[:2]
    screens = [Screen([a.base]), Screen([b.base])]
    for screen in screens:
        screen.connect()
    try:
        accepted: list[str] = []
        marks: dict[str, int] = {}

        def stop() -> None:
            redis_server.stop()
            marks["down"] = len(accepted)

        def start() -> None:
            marks["up"] = len(accepted)
            redis_server.start()

        _, failures = stream([a.base, b.base], "redis-blink", seconds=9, per_second=30,
                             during={2.0: stop, 5.0: start}, accepted=accepted)
        assert marks["up"] > marks["down"] > 0 and len(accepted) > marks["up"]  # before, during, after
        assert not failures, failures[:5]  # intake kept accepting while Redis was away
        for screen in screens:
            until(lambda s=screen: set(accepted) <= set(s.created_ids()), timeout=60, interval=0.05,
                  message=f"all {len(accepted)} accepted demands on the screen on {screen.connected_to}")
        marker_on(screens, a.base, "redis-blink-marker")  # late duplicates, if any, came before it
        for screen in screens:
            until(lambda s=screen: s.feed_status[-1:] == [True], timeout=15, interval=0.05,
                  message=f"the screen on {screen.connected_to} told the feed is live again")
            counts = Counter(screen.created_ids())
            assert {case for case, n in counts.items() if n > 1} == set()
            assert set(accepted) <= set(counts)
            assert len({e["event_id"] for e in screen.received}) == len(screen.received)
            assert False in screen.feed_status and screen.feed_status[-1] is True  # stale shown, then live
    finally:
        for screen in screens:
            screen.close()


def test_killing_a_web_process_loses_no_accepted_demand_and_its_screens_move(cluster: Cluster):
    a, b = webs(cluster)[:2]
    moving, staying = Screen([a.base, b.base]), Screen([b.base])
    moving.connect()
    staying.connect()
    try:
        accepted, failures = stream([a.base, b.base], "kill-web", seconds=6, per_second=30, during={2.0: a.kill})
        assert failures and all(a.base in failure for failure in failures)  # only the dead one refused
        until(lambda: moving.connected_to == b.base and moving.reconnects == 1, timeout=15, interval=0.05,
              message="the screen moved to B")
        for case_id in accepted:  # every accepted demand is stored
            assert requests.get(f"{b.base}/api/v1/cases/{case_id}", headers=HEADERS, timeout=5).status_code == 200
        until(lambda: set(accepted) <= set(staying.created_ids()), timeout=30, interval=0.05,
              message="all accepted on the staying screen")
        until(lambda: set(accepted) <= set(moving.created_ids(applied=True)), timeout=30, interval=0.05,
              message="all accepted on the moved screen")
        assert max(Counter(staying.created_ids()).values()) == 1
    finally:
        moving.close()
        staying.close()


def _sla_events(database_url: str, case_id: str) -> Counter:
    store = make_store(database_url)
    try:
        with store.reading() as session:
            rows = session.scalars(select(OutboxEvent).where(OutboxEvent.type.like("sla.%"))).all()
            return Counter(row.type for row in rows
                           if str(row.envelope["context"].get("parent_id", "")).startswith(f"{case_id}:sign:"))
    finally:
        store.dispose()


TIMERS = "smartbrain:timers"  # realtime.timers.build_timer_index's key prefix


def _next_step_armed(redis_url: str, clock_id: str) -> bool:
    """The step just taken is acknowledged (nothing in flight for the clock) and the clock's next step is
    armed minutes away (the county escalation, 5 min after the breach): nothing for it can fire before then,
    and a stale timer with an older fence cannot be armed over it."""
    client = redis.Redis.from_url(redis_url, socket_timeout=2)
    try:
        due = client.zscore(f"{TIMERS}:due", clock_id)
        in_flight = client.zscore(f"{TIMERS}:inflight", clock_id)
    finally:
        client.close()
    return in_flight is None and due is not None and due / 1000 > time.time() + 60


def test_killing_the_leader_hands_relay_and_timers_to_the_standby(cluster: Cluster):
    workers = [p for p in cluster.processes if p.name == "worker" and p.popen.poll() is None]
    timers_leader = until(lambda: next((w for w in workers if (w.health() or {}).get("timers", {})
                                        .get("leader") == "yes"), None), timeout=20, interval=0.05,
                          message="an SLA timers leader")
    standby = next(w for w in workers if w is not timers_leader)
    web = webs(cluster)[0]
    screen = Screen([web.base])
    screen.connect()
    try:
        answer = post_demand(web.base, "leader-kill-1")
        assert answer.status_code == 201
        case_id = answer.json()["id"]
        timers_leader.kill()  # before the sign-for deadline: the standby must fire it
        until(lambda: (standby.health() or {}).get("timers", {}).get("leader") == "yes", timeout=20, interval=0.05,
              message="the standby leading the timers")
        until(lambda: (standby.health() or {}).get("duties", {}).get("state") == "leader", timeout=20,
              interval=0.05, message="the standby running the relay")
        until(lambda: _sla_events(cluster.database_url, case_id)["sla.breached"] == 1, timeout=30, interval=0.05,
              message="the sign-for breach in the outbox")
        until(lambda: any(e["type"] == "sla.breached" and e["data"].get("case_id", case_id) == case_id
                          for e in screen.received), timeout=15, interval=0.05, message="the breach on the screen")
        until(lambda: _next_step_armed(cluster.redis_url, f"{case_id}:sign:1"), timeout=15, interval=0.05,
              message="the breach acknowledged and the sign-for clock's next step armed")
        assert _sla_events(cluster.database_url, case_id) == Counter({"sla.warning": 1, "sla.breached": 1})
        metrics = requests.get(f"{standby.base}/metrics", timeout=5).text
        assert 'smartbrain_leader{duty="sla_timers"} 1.0' in metrics
    finally:
        screen.close()
