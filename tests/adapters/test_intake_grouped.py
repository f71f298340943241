"""Concurrent intake through the HTTP blueprint: requests share transactions (group commit), every one
answered with its own case, replays inside one batch answered with the same case."""
from __future__ import annotations

import threading

from sqlalchemy import func, select

from casework.models import Case, OutboxEvent, SlaClockRow
from tests.adapters.test_intake_http import body
from tests.factories import AUTH


def post_all(app, bodies: list[dict]) -> list:  # noqa: ANN001
    answers: list = [None] * len(bodies)
    release = threading.Event()
    started = threading.Event()

    def hold(session) -> None:  # noqa: ANN001 - the writer's turn is taken until every request queued
        started.set()
        release.wait(10)

    holder = threading.Thread(target=app.runtime.store.grouped, args=(hold,))
    holder.start()
    assert started.wait(10)

    def post(i: int) -> None:
        answers[i] = app.flask.test_client().post("/api/v1/intake/hotline12345", json=bodies[i], headers=AUTH)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for _ in range(2000):
        if len(app.runtime.store.group._queue) == len(bodies):
            break
        threading.Event().wait(0.005)
    release.set()
    for t in [holder, *threads]:
        t.join(20)
    return answers


def test_concurrent_requests_share_a_transaction_and_each_gets_its_case(app):
    batches = app.runtime.store.group.batches
    answers = post_all(app, [body(external_id=f"G-{n}") for n in range(12)] + [body(external_id="G-0")] * 2)
    assert [a.status_code for a in answers].count(201) == 12
    assert [a.status_code for a in answers].count(200) == 2
    ids = {a.json["external_id"]: a.json["id"] for a in answers if a.status_code == 201}
    assert all(a.json["id"] == ids["G-0"] for a in answers if a.status_code == 200)
    assert app.runtime.store.group.batches - batches == 2  # the holder's, then all fourteen together
    with app.runtime.store.reading() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 12
        assert s.scalar(select(func.count()).select_from(OutboxEvent)) == 12
        assert s.scalar(select(func.count(func.distinct(SlaClockRow.case_id)))) == 12  # clocks started for each
