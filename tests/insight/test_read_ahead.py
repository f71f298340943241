"""A group commit's intake lookups read ahead for the whole batch (`casework.actions.read_ahead_intakes`):
the same cases, links, risk codes and idempotent answers as asking one unit at a time, in fewer statements."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from casework.actions import do_intake, read_ahead_intakes
from casework.models import Case
from casework.store.deferred import deferring
from insight.intake import IntakeInsight
from tests.factories import report
from tests.insight.test_intake_insight import RECEIVED, FixedClassifier

OTHER_PLACE = {"village_code": "511725002003", "township_code": "511725002"}
RELATIONS = ["duplicate", "duplicate", "repeat", "duplicate", None]


def history() -> list:  # noqa: ANN201
    """Open cases a new demand may relate to: the same caller, the same village, a neighbour's, elsewhere."""
    return [report(**fields) for fields in (
        {}, {"reporter": {"phone": "13900002222"}, "title": "路灯不亮", "content": "门口路灯坏了"},
        {"reporter": {"phone": "13700003333"}, "title": "噪音扰民", "content": "烧烤店营业到凌晨", **OTHER_PLACE},
        {"received_at": RECEIVED - timedelta(days=3), "title": "楼道堆放杂物", "content": "消防通道堵了"})]


def store_all(store, clock, enricher, reports) -> None:  # noqa: ANN001
    with store.transaction() as session:
        for one in reports:
            do_intake(session, one, clock=clock, enricher=enricher)


def batch() -> list:  # noqa: ANN201
    return [report(), report(title="路灯还是不亮"), report(reporter={"phone": "13700003333"}, **OTHER_PLACE),
            report(reporter={"phone": "13600004444"}, title="渠江街道庆丰社区路灯不亮", content="小区门口路灯坏了一个星期"),
            report(reporter=None, village_code=None, township_code=None, title="无地址诉求")]


def intake_batch(store, clock, enricher, reports, *, read_ahead: bool) -> tuple[list[dict], int]:  # noqa: ANN001
    statements = []
    listener = lambda *args: statements.append(args[2].lstrip().split()[0].upper())  # noqa: E731
    event.listen(store.engine, "before_cursor_execute", listener)
    try:
        with store.transaction() as session, deferring(session):
            if read_ahead:
                read_ahead_intakes(session, [(r, enricher) for r in reports])
            cases = [do_intake(session, r, clock=clock, enricher=enricher) for r in reports]
    finally:
        event.remove(store.engine, "before_cursor_execute", listener)
    return cases, statements.count("SELECT")


def comparable(store, result) -> dict:  # noqa: ANN001
    """What a unit found, with the related case named by its demand (ids differ from store to store)."""
    case = result.case
    with store.reading() as session:
        related = session.get(Case, case["related_case_id"]).external_id if case["related_case_id"] else None
    return {"created": result.created, "related": related, **{key: case[key] for key in (
        "external_id", "relation", "relation_score", "risk_score", "risk_level", "risk_reasons", "category")}}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def stores(request, tmp_path):  # noqa: ANN001, ANN201
    """Two empty stores on the same engine: one intakes unit by unit, the other reads ahead."""
    from casework.store import make_store
    from casework.store.migrate import upgrade
    from tests.services import postgres_schema

    made, contexts = [], []
    for name in ("asking", "ahead"):
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / f'{name}.db'}"
            upgrade(url)
        else:
            context = postgres_schema()
            url = context.__enter__()
            contexts.append(context)
        made.append(make_store(url))
    yield made
    for store in made:
        store.dispose()
    for context in contexts:
        context.__exit__(None, None, None)


def test_reading_ahead_finds_what_asking_finds_in_fewer_statements(stores, clock):
    asking, ahead = stores
    enricher = IntakeInsight(classifier=FixedClassifier())
    earlier, reports = history(), batch()
    results = {}
    for store, read_ahead in ((asking, False), (ahead, True)):
        store_all(store, clock, enricher, earlier)
        results[read_ahead] = intake_batch(store, clock, enricher, reports, read_ahead=read_ahead)
    (asked, asked_reads), (read, reads) = results[False], results[True]
    found = [comparable(asking, r) for r in asked]
    assert [f["relation"] for f in found] == RELATIONS  # the history is there to be found
    assert [comparable(ahead, r) for r in read] == found
    assert asked_reads >= 5 + 4 + 4  # asking: is it here, its candidates, its caller's history (with a place/phone)
    assert reads == 3  # reading ahead: one statement each for the whole batch

    again, _ = intake_batch(ahead, clock, enricher, [reports[0], report(), reports[0]], read_ahead=True)
    assert [r.created for r in again] == [False, True, False]  # replays answered with the case they made
    assert again[0].case["id"] == again[2].case["id"] == read[0].case["id"]
    with ahead.reading() as session:
        assert len(session.scalars(select(Case.id)).all()) == 4 + len(reports) + 1


def test_a_lookup_not_read_ahead_is_asked(store, clock):
    """A case whose lookups differ from what was read ahead (another time) reads the database itself."""
    enricher = IntakeInsight(classifier=FixedClassifier())
    store_all(store, clock, enricher, history())
    late = report(received_at=RECEIVED + timedelta(minutes=5))
    with store.transaction() as session, deferring(session):
        read_ahead_intakes(session, [(report(received_at=RECEIVED + timedelta(days=90)), enricher)])
        result = do_intake(session, late, clock=clock, enricher=enricher)
    assert result.case["relation"] == "duplicate"
