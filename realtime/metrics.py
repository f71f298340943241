"""Prometheus metrics of one process, read at scrape time from the live objects (no module globals).

events in (outbox rows this process committed), events out (published to the bus by the leading relay;
pushed to screens by this process), bus lag (committed but not yet on the bus; seconds from intake to
the push), timers due (running SLA clocks past their due time, timers armed), connected screens, leadership.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from sqlalchemy import func, select

from casework.envelope import Envelope
from casework.models import OutboxEvent, SlaClockRow

from .feed import LiveFeed
from .push import Pusher, ScreenCount
from .runtime import Runtime

log = logging.getLogger(__name__)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
LAG_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30)


class ProcessMetrics:
    def __init__(self, runtime: Runtime, *, role: str, feed: LiveFeed | None = None, pusher: Pusher | None = None,
                 screens: ScreenCount | None = None) -> None:
        self.registry = CollectorRegistry()
        self._runtime, self._role = runtime, role
        self._feed, self._pusher, self._screens = feed, pusher, screens
        self.delivery_lag = Histogram("smartbrain_delivery_lag_seconds",
                                      "From intake (received_at) to the push to this process's screens",
                                      buckets=LAG_BUCKETS, registry=self.registry)
        self.registry.register(_Collector(self))
        if pusher is not None:
            pusher.lag_observer = self.observe_push

    def observe_push(self, batch: list[Envelope]) -> None:
        now = self._runtime.clock.now()
        for envelope in batch:
            self.delivery_lag.observe(max(0.0, (now - envelope.received_at).total_seconds()))

    def render(self) -> bytes:
        return generate_latest(self.registry)


class _Collector:
    def __init__(self, metrics: ProcessMetrics) -> None:
        self.m = metrics

    def describe(self) -> list[Any]:
        return []  # collected at scrape time only

    def collect(self) -> Any:
        m, runtime = self.m, self.m._runtime
        info = GaugeMetricFamily("smartbrain_process_role", "This process's role", labels=["role"])
        info.add_metric([m._role], 1)
        yield info
        yield _counter("smartbrain_events_in", "Events committed to the outbox by this process",
                       runtime.counters["events_in"])
        out = CounterMetricFamily("smartbrain_events_out", "Events handed on by this process", labels=["to"])
        out.add_metric(["bus"], runtime.relay.published_total)
        if m._pusher is not None:
            out.add_metric(["screens"], m._pusher.emitted_events)
        yield out
        if m._feed is not None:
            yield _counter("smartbrain_feed_filled", "Events taken from the database: the bus had lost them",
                           m._feed.filled)
            yield _counter("smartbrain_feed_duplicates_dropped", "Events the bus delivered twice", m._feed.dropped)
            yield _gauge("smartbrain_feed_last_seq", "Last sequence number handed to this process's screens",
                         m._feed.last_seq)
        group = runtime.store.group
        yield _counter("smartbrain_group_commit_batches", "Intake transactions (group commits) written", group.batches)
        yield _counter("smartbrain_group_commit_units", "Writes those transactions carried", group.units)
        yield _counter("smartbrain_group_commit_write_seconds", "Seconds the group-commit leader spent writing",
                       group.write_seconds)
        yield _counter("smartbrain_group_commit_write_cpu_seconds",
                       "Of those, seconds on a CPU (the rest waited for the GIL, a lock or the disk)",
                       group.write_cpu_seconds)
        yield _gauge("smartbrain_bus_up", "1 when the event bus answers", 1 if runtime.bus.healthy() else 0)
        database_up = 1
        try:
            with runtime.store.reading() as session:
                pending = session.scalar(select(func.count()).select_from(OutboxEvent)
                                         .where(OutboxEvent.published_at.is_(None))) or 0
                due = session.scalar(select(func.count()).select_from(SlaClockRow).where(
                    SlaClockRow.state == "running", SlaClockRow.due_at <= runtime.clock.now())) or 0
            yield _gauge("smartbrain_bus_lag_events", "Events committed but not yet published on the bus", pending)
            yield _gauge("smartbrain_timers_due", "Running SLA clocks whose next step is due", due)
        except Exception:  # noqa: BLE001 - the database away is itself the figure to show
            database_up = 0
        yield _gauge("smartbrain_database_up", "1 when the database answers", database_up)
        try:
            yield _gauge("smartbrain_timers_armed", "Timers in the timer index", len(runtime.timers.index))
        except Exception:  # noqa: BLE001
            pass
        leader = GaugeMetricFamily("smartbrain_leader", "1 while this process leads the duty", labels=["duty"])
        leader.add_metric(["relay"], 1 if runtime.duties.leading else 0)
        leader.add_metric(["sla_timers"], 1 if runtime.timers.leading else 0)
        yield leader
        if m._screens is not None:
            screens = GaugeMetricFamily("smartbrain_connected_screens", "Socket.IO clients of this process",
                                        labels=["room"])
            for room, count in m._screens.by_room().items():
                screens.add_metric([room], count)
            yield screens


def _counter(name: str, documentation: str, value: float) -> CounterMetricFamily:
    return CounterMetricFamily(name, documentation, value=value)


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


def metrics_view(metrics: ProcessMetrics) -> Callable[[], tuple[bytes, int, dict[str, str]]]:
    def view() -> tuple[bytes, int, dict[str, str]]:
        return metrics.render(), 200, {"Content-Type": CONTENT_TYPE}

    return view
