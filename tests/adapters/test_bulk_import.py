"""Bulk import of work-order exports: CSV (UTF-8, GBK) and Excel, dry run, per-row error report,
idempotent re-import, and the bulk action's parity with `do_intake`."""
from __future__ import annotations

import csv
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

import casework.bulk as bulk
from adapters.bulk_import.cli import import_command
from adapters.bulk_import.mapping import load_mapping
from adapters.bulk_import.runner import import_file
from adapters.bulk_import.source import build_report
from casework.actions import do_intake
from casework.bulk import do_bulk_intake
from casework.models import Case, CaseEvent, OutboxEvent
from geo import get_region

HEADER = ["工单编号", "来电时间", "诉求标题", "诉求内容", "诉求分类", "来电人", "联系电话", "诉求地址", "紧急程度", "工单状态",
          "承办单位"]
ROWS = [
    ["QX12345-20261101-0001", "2026-11-01 08:31:05", "庆丰社区路灯不亮", "小区门口路灯坏了一个星期，请尽快修复。",
     "城乡建设-城市建设和市政管理-基础设施", "张三", "13812345678", "渠县渠江街道庆丰社区", "一般", "已办结", "县住建局"],
    ["QX12345-20261101-0002", "2026/11/01 9:02", "", "三汇镇新胜村养老金两个月未到账。希望尽快答复。", "劳动和社会保障",
     "李四", "0818-7321234", "渠县三汇镇新胜村", "紧急", "办理中", "县人社局"],
    ["QX12345-20261101-0003", "昨天", "乱收费", "", "城乡建设", "王五", "call me", "渠县", "很急", "办理中", ""],
    ["QX12345-20261101-0001", "2026-11-01 08:31:05", "重复导出的一行", "重复", "城乡建设", "张三", "13812345678", "", "一般",
     "", ""],
    ["", "", "", "", "", "", "", "", "", "", ""],
    ["QX12345-20261101-0004", "2026-11-01T10:15:00+08:00", "土溪镇噪音扰民", "土溪镇人民路夜市噪音扰民到凌晨。", "环境保护/环境污染/噪音污染",
     "赵六", "15912345678", "渠县土溪镇人民路", "特急", "已办结", "县生态环境局"],
]


def write_csv(path: Path, rows: list[list[str]], *, encoding: str = "utf-8-sig", title: bool = True,
              delimiter: str = ",") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        if title:
            writer.writerow(["渠县12345工单导出（2026年11月）"])
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def counts(store) -> tuple[int, int, int]:  # noqa: ANN001
    with store.reading() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) for m in (Case, CaseEvent, OutboxEvent))


def cases(store) -> dict[str, Case]:  # noqa: ANN001
    with store.reading() as s:
        return {c.external_id: c for c in s.scalars(select(Case))}


def run(path: Path, store, clock, **kwargs):  # noqa: ANN001, ANN003, ANN201
    mapping, _ = load_mapping(kwargs.pop("mapping", None))
    return import_file(path, channel=kwargs.pop("channel", "hotline12345"), mapping=mapping, store=store,
                       region=get_region("qu-county"), clock=clock, progress=False, **kwargs)


def report_rows(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_import_maps_places_and_keeps_every_column(tmp_path, store, clock):
    summary = run(write_csv(tmp_path / "orders.csv", ROWS), store, clock)
    assert (summary.rows, summary.created, summary.present, summary.repeated, summary.refused) == (5, 3, 0, 1, 1)
    assert summary.unmapped == ["工单状态", "承办单位"] and summary.encoding == "UTF-8"
    assert counts(store) == (3, 3, 3)
    stored = cases(store)
    first = stored["QX12345-20261101-0001"]
    assert first.channel == "hotline12345" and first.status == "received"
    assert first.category == "城乡建设/城市建设和市政管理/基础设施"  # 一级-二级-三级 normalised
    assert first.received_at == datetime(2026, 11, 1, 0, 31, 5, tzinfo=timezone.utc)
    assert first.township_code == "511725001" and first.village_code == "511725001001"
    assert "imported from orders.csv row 3" in first.notes and any("Asia/Shanghai" in n for n in first.notes)
    assert '"承办单位": "县住建局"' in first.raw and '"工单状态": "已办结"' in first.raw
    second = stored["QX12345-20261101-0002"]
    assert second.title == "三汇镇新胜村养老金两个月未到账" and second.urgency == "urgent"
    assert second.reporter_phone == "0818-7321234"
    assert stored["QX12345-20261101-0004"].urgency == "critical"


def test_error_report_lists_every_problem_by_row_and_column(tmp_path, store, clock):
    summary = run(write_csv(tmp_path / "orders.csv", ROWS), store, clock)
    assert summary.report_path == str(tmp_path / "orders.errors.csv")
    report = report_rows(summary.report_path)
    problems = {(r["row"], r["field"]) for r in report}
    assert {("5", "来电时间"), ("5", "紧急程度"), ("5", "诉求内容"), ("5", "联系电话"), ("6", "工单编号")} == problems
    time_error = next(r for r in report if r["field"] == "来电时间")
    assert time_error["value"] == "昨天" and "not a date and time" in time_error["message"]
    assert next(r for r in report if r["field"] == "诉求内容")["message"] == "required; the column is empty"
    assert "repeats row 3" in next(r for r in report if r["row"] == "6")["message"]


def test_reimport_creates_nothing(tmp_path, store, clock):
    path = write_csv(tmp_path / "orders.csv", ROWS)
    first = run(path, store, clock)
    before = {k: (c.id, c.version, c.updated_at) for k, c in cases(store).items()}
    clock.advance(hours=1)
    again = run(path, store, clock)
    assert (again.created, again.present) == (0, first.created)
    assert counts(store) == (3, 3, 3)
    assert {k: (c.id, c.version, c.updated_at) for k, c in cases(store).items()} == before


def test_a_live_case_with_the_same_work_order_number_is_not_duplicated(tmp_path, store, clock):
    with store.transaction() as s:
        live = build_report("hotline12345", {"external_id": "QX12345-20261101-0002", "title": "养老金未到账",
                                             "received_at": "2026-11-01T09:02:00+08:00", "content": "养老金未到账"},
                            raw="{}")
        case_id = do_intake(s, live, clock=clock).case["id"]
    summary = run(write_csv(tmp_path / "orders.csv", ROWS), store, clock)
    assert (summary.created, summary.present) == (2, 1)
    assert cases(store)["QX12345-20261101-0002"].id == case_id


def test_small_batches_and_repeats_across_batches(tmp_path, store, clock):
    rows = [[f"QX-{n:04d}", "2026-11-01 08:00", f"诉求{n}", f"内容{n}", "城乡建设", "", "", "", "一般", "", ""]
            for n in range(7)]
    rows.append(list(rows[1]))
    summary = run(write_csv(tmp_path / "orders.csv", rows), store, clock, batch_size=3)
    assert (summary.created, summary.repeated) == (7, 1) and counts(store) == (7, 7, 7)


def test_dry_run_stores_nothing_and_tells_what_would_happen(tmp_path, store, clock):
    path = write_csv(tmp_path / "orders.csv", ROWS)
    dry = run(path, store, clock, dry_run=True)
    assert (dry.created, dry.present, dry.refused) == (3, 0, 1) and counts(store) == (0, 0, 0)
    assert len(report_rows(dry.report_path)) == 5
    run(path, store, clock)
    assert run(path, store, clock, dry_run=True).present == 3


def test_gbk_tab_separated_csv_without_title_line(tmp_path, store, clock):
    path = write_csv(tmp_path / "orders.tsv", ROWS[:2], encoding="gbk", title=False, delimiter="\t")
    summary = run(path, store, clock)
    assert summary.encoding == "GBK" and summary.created == 2
    assert cases(store)["QX12345-20261101-0001"].reporter_name == "张三"


def test_excel_with_date_cells_and_numeric_cells(tmp_path, store, clock):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["渠县12345工单导出"])
    sheet.append(HEADER)
    sheet.append([202611010001, datetime(2026, 11, 1, 8, 31, 5), "庆丰社区路灯不亮", "路灯坏了。", "城乡建设", "张三",
                  13812345678, "渠县渠江街道庆丰社区", "一般", "已办结", "县住建局"])
    sheet.append(["QX-2", "2026-11-01 09:00", "", "三汇镇新胜村养老金未到账。", "劳动和社会保障", "李四", "", "", "很急", "", ""])
    path = tmp_path / "orders.xlsx"
    workbook.save(path)
    summary = run(path, store, clock)
    assert (summary.created, summary.refused) == (1, 1)
    case = cases(store)["202611010001"]  # a whole number, not "202611010001.0"
    assert case.reporter_phone == "13812345678"
    assert case.received_at == datetime(2026, 11, 1, 0, 31, 5, tzinfo=timezone.utc)
    assert report_rows(summary.report_path) == [{"row": "4", "field": "紧急程度", "value": "很急",
                                                 "message": "'很急' is not one of 一般, 普通, 紧急, 加急, 特急, 特别紧急"}]


def test_custom_mapping_joins_category_levels_and_content(tmp_path, store, clock):
    mapping = tmp_path / "grid-export.yaml"
    mapping.write_text("""
name: 网格事件导出
columns:
  事件编号: external_id
  上报时间: received_at
  事件描述: content
  处置要求: content
  一级分类: category
  二级分类: category
  三级分类: category
  网格员: reporter.name
  经度: location.lon
  纬度: location.lat
  坐标系: location.crs
  照片: attachments
""", encoding="utf-8")
    path = tmp_path / "grid.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["事件编号", "上报时间", "事件描述", "处置要求", "一级分类", "二级分类", "三级分类", "网格员", "经度", "纬度",
                         "坐标系", "照片"])
        writer.writerow(["WG-1", "1795398900000", "楼道堆放杂物。", "三日内清理", "城乡建设", "城市建设和市政管理", "小区管理",
                         "刘芳", "106.97385", "30.84002", "gcj02", "https://a.example/1.jpg; https://a.example/2.jpg"])
        writer.writerow(["WG-2", "2026-11-23 08:00", "井盖缺失。", "", "城乡建设", "", "", "刘芳", "106.97", "", "", ""])
    summary = run(path, store, clock, mapping=mapping, channel="grid")
    assert (summary.created, summary.refused) == (1, 1)
    case = cases(store)["WG-1"]
    assert case.channel == "grid" and case.category == "城乡建设/城市建设和市政管理/小区管理"
    assert case.content == "楼道堆放杂物。\n三日内清理" and case.title == "楼道堆放杂物"
    assert [a["url"] for a in case.attachments] == ["https://a.example/1.jpg", "https://a.example/2.jpg"]
    assert any("GCJ02" in n for n in case.notes)
    assert report_rows(summary.report_path)[0]["field"] == "纬度"  # lon without lat, named by its column


# --- the command --------------------------------------------------------------------------------------

def test_command_exit_codes_and_summary(tmp_path, sqlite_url, capsys):
    path = write_csv(tmp_path / "orders.csv", ROWS)
    assert import_command(path, "hotline12345", None, True, sqlite_url) == 1  # a row is refused
    assert "dry run" in capsys.readouterr().out
    assert import_command(path, "hotline12345", None, False, sqlite_url) == 1
    out = capsys.readouterr().out
    assert "created 3" in out and "kept in each case's raw payload only: 工单状态, 承办单位" in out
    good = write_csv(tmp_path / "good.csv", ROWS[:2])
    assert import_command(good, "hotline12345", "hotline12345", False, sqlite_url) == 0
    assert "already stored 2" in capsys.readouterr().out


@pytest.mark.parametrize("case,message", [
    ("channel", "unknown channel"), ("mapping", "no such file"), ("columns", "no header row naming 工单编号"),
    ("schema", "run `smartbrain migrate` first"), ("yaml", "no column is mapped to received_at"),
])
def test_command_refuses_to_start(tmp_path, sqlite_url, capsys, case, message):
    path = write_csv(tmp_path / "orders.csv", ROWS)
    channel, mapping, url = "hotline12345", None, sqlite_url
    if case == "channel":
        channel = "fax"
    elif case == "mapping":
        mapping = tmp_path / "missing.yaml"
    elif case == "columns":
        path = tmp_path / "other.csv"
        path.write_text("编号,时间\n1,2\n", encoding="utf-8")
    elif case == "schema":
        url = f"sqlite:///{tmp_path / 'empty.db'}"
    else:
        mapping = tmp_path / "bad.yaml"
        mapping.write_text("columns: {工单编号: external_id, 诉求内容: content}\n", encoding="utf-8")
    assert import_command(path, channel, mapping, False, url) == 2
    assert message in capsys.readouterr().err


# --- the bulk action ----------------------------------------------------------------------------------

def demand(external_id: str) -> dict:
    return {"external_id": external_id, "received_at": "2026-11-01T08:31:05+08:00", "title": "路灯不亮",
            "content": "庆丰社区门口路灯不亮。", "category": "城乡建设", "reporter": {"name": "张三", "phone": "13812345678"},
            "location": {"lon": 106.9677, "lat": 30.8425, "address": "庆丰社区"}, "urgency": "urgent",
            "attachments": [{"url": "https://a.example/1.jpg", "kind": "photo"}]}


def test_bulk_writes_what_do_intake_writes(store, clock):
    one = build_report("hotline12345", demand("A-1"), raw="{}", notes=["n"])
    two = build_report("hotline12345", demand("A-2"), raw="{}", notes=["n"])
    with store.transaction() as s:
        do_intake(s, one, clock=clock, actor="import")
        result = do_bulk_intake(s, [two], clock=clock, actor="import")
    assert result.created == [True]
    with store.reading() as s:
        by_key = {c.external_id: c for c in s.scalars(select(Case))}
        events = {e.case_id: e for e in s.scalars(select(CaseEvent))}
        outbox = {o.envelope["context"]["id"]: o for o in s.scalars(select(OutboxEvent))}
    a, b = by_key["A-1"], by_key["A-2"]
    columns = [c.key for c in Case.__table__.columns if c.key not in ("id", "external_id")]
    assert {k: getattr(a, k) for k in columns} == {k: getattr(b, k) for k in columns}
    skip = {"id", "case_id"}
    assert ({k: v for k, v in vars(events[a.id]).items() if k not in skip and not k.startswith("_")}
            == {k: v for k, v in vars(events[b.id]).items() if k not in skip and not k.startswith("_")})
    ea, eb = outbox[a.id].envelope, outbox[b.id].envelope
    ca, cb = ea["data"].pop("case"), eb["data"].pop("case")
    assert {k: v for k, v in ca.items() if k not in ("id", "external_id")} == {
        k: v for k, v in cb.items() if k not in ("id", "external_id")}
    for envelope in (ea, eb):
        envelope.pop("event_id")
        envelope["context"].pop("id")
    assert ea == eb


def test_bulk_answers_existing_and_repeated_keys(store, clock):
    reports = [build_report("window", demand(k), raw="{}") for k in ("W-1", "W-2", "W-1")]
    with store.transaction() as s:
        first = do_bulk_intake(s, reports[:1], clock=clock)
    with store.transaction() as s:
        result = do_bulk_intake(s, reports, clock=clock)
    assert result.created == [False, True, False] and result.ids[0] == result.ids[2] == first.ids[0]
    assert counts(store) == (2, 2, 2)


def test_bulk_falls_back_when_a_key_was_stored_meanwhile(store, clock, monkeypatch):
    reports = [build_report("online", demand(k), raw="{}") for k in ("O-1", "O-2")]
    with store.transaction() as s:
        theirs = do_intake(s, reports[0], clock=clock).case["id"]
    monkeypatch.setattr(bulk, "existing_cases", lambda session, keys: {})  # as if it committed after our lookup
    with store.transaction() as s:
        result = do_bulk_intake(s, reports, clock=clock)
    assert result.ids[0] == theirs and result.created == [False, True]
    assert counts(store) == (2, 2, 2)
