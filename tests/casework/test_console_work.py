"""The officer's classify mark and saved queue views."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from casework.access import principal_for
from casework.actions import do_case_action, do_intake
from casework.models import CaseEvent
from casework.saved_views import ViewRefused, built_in_views, delete_view, list_views, save_view
from casework.taxonomy import load_categories
from casework.transitions import InvalidTransition
from tests.factories import report


def new_case(store, clock, **fields) -> str:  # noqa: ANN001, ANN003
    with store.transaction() as s:
        return do_intake(s, report(**fields), clock=clock).case["id"]


def classify(store, clock, case_id: str, version: int, category: object) -> dict:  # noqa: ANN001
    with store.transaction() as s:
        return do_case_action(s, case_id, "classify", expected_version=version, clock=clock, actor="duty",
                              data={"category": category})


def test_classify_sets_the_category_and_records_new_and_previous(store, clock):
    case_id = new_case(store, clock, category="城乡建设")
    summary = classify(store, clock, case_id, 1, "环境保护")
    assert summary["category"] == "环境保护" and summary["status"] == "received" and summary["version"] == 2
    with store.reading() as s:
        event = s.scalar(select(CaseEvent).where(CaseEvent.case_id == case_id, CaseEvent.action == "classify"))
        assert event.data == {"category": "环境保护", "previous": "城乡建设"}  # the insight contract


def test_a_deeper_pick_classifies_under_its_first_level(store, clock):
    case_id = new_case(store, clock, category=None)
    assert classify(store, clock, case_id, 1, "城乡建设/安全生产/安全隐患")["category"] == "城乡建设"
    with store.reading() as s:
        event = s.scalar(select(CaseEvent).where(CaseEvent.action == "classify"))
        assert event.data == {"category": "城乡建设", "previous": None}


@pytest.mark.parametrize("category", ["不存在的分类", "城乡建设/不存在", "", None, 7, "城乡建设"])
def test_classify_refuses_unknown_empty_and_unchanged_categories(store, clock, category):
    case_id = new_case(store, clock, category="城乡建设")
    with pytest.raises(ValueError):
        classify(store, clock, case_id, 1, category)


def test_classify_takes_no_other_data_and_not_on_a_closed_case(store, clock):
    case_id = new_case(store, clock)
    with pytest.raises(ValueError, match="only 'category'"), store.transaction() as s:
        do_case_action(s, case_id, "classify", expected_version=1, clock=clock, actor="duty",
                       data={"category": "民政", "confidence": 1})
    for version, action in enumerate(("sign", "dispatch", "resolve", "close"), start=1):
        data = {"unit_id": _any_unit(store, clock)} if action == "dispatch" else {}
        with store.transaction() as s:
            do_case_action(s, case_id, action, expected_version=version, clock=clock, actor="duty", data=data)
    with pytest.raises(InvalidTransition):
        classify(store, clock, case_id, 5, "民政")


def _any_unit(store, clock) -> str:  # noqa: ANN001
    from casework.models import Unit

    with store.transaction() as s:
        unit = Unit(id="U1", name="测试队", kind="民声服务队", skills=[], status="available", lon=None, lat=None,
                    township_code="511725001", updated_at=clock.now())
        s.add(unit)
    return "U1"


def test_taxonomy_has_three_levels_and_fifteen_first_level_names():
    categories = load_categories()
    assert len(categories.first_level) == 15
    assert "城乡建设/安全生产/安全隐患" in categories.paths()


def test_saved_views_are_per_user_replace_by_name_and_delete_own_only(store, clock):
    filters = {"status": ["received"], "township": "511725001", "channel": "hotline12345",
               "category": "城乡建设", "overdue": True, "text": "路灯"}
    with store.transaction() as s:
        mine = save_view(s, "duty", "庆丰路灯", filters=filters, sort=[{"colId": "deadline", "sort": "asc"}],
                         clock=clock)
        save_view(s, "admin", "庆丰路灯", filters={}, sort=[], clock=clock)
    with store.transaction() as s:
        again = save_view(s, "duty", "庆丰路灯", filters={**filters, "overdue": False}, sort=[], clock=clock)
    assert again["id"] == mine["id"]
    with store.reading() as s:
        (view,) = list_views(s, "duty")
    assert view["filters"]["overdue"] is False and view["filters"]["text"] == "路灯" and view["sort"] == []
    with pytest.raises(ViewRefused), store.transaction() as s:
        delete_view(s, "admin", mine["id"])
    with store.transaction() as s:
        delete_view(s, "duty", mine["id"])
    with store.reading() as s:
        assert list_views(s, "duty") == [] and len(list_views(s, "admin")) == 1


@pytest.mark.parametrize(("name", "filters", "sort"), [
    ("", {}, []), ("x" * 41, {}, []), ("v", {"status": ["closed"]}, []), ("v", {"colour": "red"}, []),
    ("v", {}, [{"colId": "password", "sort": "asc"}]), ("v", {}, [{"colId": "age", "sort": "up"}]),
])
def test_a_view_with_a_bad_name_filter_or_sort_is_refused(store, clock, name, filters, sort):
    with pytest.raises(ViewRefused), store.transaction() as s:
        save_view(s, "duty", name, filters=filters, sort=sort, clock=clock)


def test_built_in_views_fit_the_officer():
    duty = {v["id"] for v in built_in_views(principal_for("duty", "duty_officer"))}
    assert duty == {"builtin:to_sign", "builtin:overdue", "builtin:urgent"}
    town = built_in_views(principal_for("town", "township_officer", township_code="511725001"))
    assert town[-1]["id"] == "builtin:township" and town[-1]["filters"]["township"] == "511725001"
    dept = built_in_views(principal_for("dept", "department_handler", department="县住建局"))
    assert dept[0]["filters"]["status"] == ["dispatched"]
    leader = {v["id"] for v in built_in_views(principal_for("leader", "leader"))}
    assert leader == {"builtin:overdue", "builtin:urgent"}
