"""Retraining from the center's own cases: closed cases' categories, officers' corrections win."""
from __future__ import annotations

import json
from datetime import timedelta

from casework.actions import do_case_action, do_intake
from casework.ids import new_id
from casework.models import Case, CaseEvent
from insight.classifier import Classifier
from insight.cli import eval_command, train_command
from insight.training_data import labelled_from_db
from insight.warning_eval import evaluate_warnings, generate_history
from tests.factories import report
from tests.insight.test_classifier import TINY


def close(session, case_id, clock):  # noqa: ANN001
    for action in ("sign", "dispatch_by_route", "resolve", "close"):
        case = session.get(Case, case_id)
        if action == "dispatch_by_route":
            do_case_action(session, case_id, "route", expected_version=case.version, clock=clock, actor="t",
                           data={"department": "住建局"})
        else:
            do_case_action(session, case_id, action, expected_version=case.version, clock=clock, actor="t")


def correct(session, case_id, category, clock):  # noqa: ANN001
    """What the console's re-classify action records (a `classify` CaseEvent); written directly here."""
    case = session.get(Case, case_id)
    session.add(CaseEvent(id=new_id(clock.now()), case_id=case_id, type="case.updated", action="classify",
                          actor="officer", from_status=case.status, to_status=case.status, version=case.version,
                          occurred_at=clock.now(), data={"category": category, "previous": case.category}))
    case.category = category


def seed_cases(store, clock) -> dict[str, str]:  # noqa: ANN001
    """TINY as cases, all closed under their label, except per label: the first stays open, the second
    came under a wrong category an officer corrected before closing, the third stays open but was
    corrected twice (used, with the latest correction)."""
    ids = {}
    with store.transaction() as session:
        for label, texts in TINY.items():
            for n, text in enumerate(texts):
                wrong = "城乡建设" if n == 1 else label
                case = do_intake(session, report(title=text[:8], content=text, category=wrong), clock=clock).case
                ids[text] = case["id"]
                if n == 1:
                    correct(session, case["id"], label, clock)
                if n == 2:
                    correct(session, case["id"], "城乡建设", clock)  # first correction …
                    clock.advance(seconds=1)
                    correct(session, case["id"], label, clock)  # … the latest wins
                if n not in (0, 2):
                    close(session, case["id"], clock)
        merged = do_intake(session, report(title="x", content="被合并的", category="环境保护"), clock=clock).case
        do_case_action(session, merged["id"], "merge", expected_version=1, clock=clock, actor="t", data={"into": "Y"})
        correct(session, merged["id"], "环境保护", clock)
    return ids


def test_labelled_from_db(store, clock):
    ids = seed_cases(store, clock)
    with store.reading() as session:
        data, sources = labelled_from_db(session)
    assert sources == {"corrected": 8, "closed": 36} and data.skipped == {"merged": 1}
    by_text = {text.split("\n", 1)[1]: label for text, label in zip(data.texts, data.labels)}
    for label, texts in TINY.items():
        assert texts[0] not in by_text  # open, never corrected: left out
        assert by_text[texts[1]] == label and by_text[texts[2]] == label  # officer corrections win
        assert all(by_text[t] == label for t in texts[3:])
    assert len(ids) == 48


def test_an_empty_database_has_nothing_to_learn(store, clock):
    with store.reading() as session:
        data, sources = labelled_from_db(session)
    assert (data.texts, sources) == ([], {"corrected": 0, "closed": 0})


def test_train_from_db_writes_a_model_that_knows_the_corrections(store, clock, sqlite_url, tmp_path, capsys):
    seed_cases(store, clock)
    model_dir = tmp_path / "model"
    assert train_command(None, str(model_dir), sqlite_url) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["sources"] == {"corrected": 8, "closed": 36} and summary["examples"] == 44
    assert summary["labels"] == sorted(TINY)
    model = Classifier.load(model_dir)
    assert "the center's cases" in model.manifest["training_data"]["description"]
    assert model.predict(["公司拖欠我的工资"])[0].label == "劳动和社会保障"


def test_train_needs_data(store, sqlite_url, tmp_path, capsys):
    assert train_command(None, str(tmp_path / "m"), None) == 2
    assert "--from-db" in capsys.readouterr().err
    assert train_command(None, str(tmp_path / "m"), sqlite_url) == 2  # an empty database
    assert "no closed or re-classified cases" in capsys.readouterr().err


def test_the_synthetic_history_is_deterministic_and_labelled():
    first, again = generate_history(3, days=420, townships=3, categories=2, anomalies=4), \
        generate_history(3, days=420, townships=3, categories=2, anomalies=4)
    assert first.records == again.records and first.anomalies == again.anomalies
    assert [a.kind for a in first.anomalies].count("cluster") == 2
    assert all(a.first_day >= first.first_day + timedelta(days=365) for a in first.anomalies)
    other = generate_history(4, days=420, townships=3, categories=2, anomalies=4)
    assert other.records != first.records


def test_warnings_evaluation_on_a_small_history():
    result = evaluate_warnings(generate_history(5, days=400, townships=4, categories=3, anomalies=6))
    assert result["history"]["anomalies"] == 6 and result["history"]["evaluated_days"] == 35
    assert 0.0 <= result["precision"] <= 1.0 and 0.0 <= result["recall"] <= 1.0
    assert result["per_kind"]["cluster"]["recall"] >= 0.5  # clusters of 6+ complainants are plain to see
    assert result["detection_delay_days"]["max"] <= 7


def test_eval_with_warnings_prints_one_json_line(capsys, monkeypatch):
    import insight.warning_eval as warning_eval

    small = warning_eval.generate_history(5, days=400, townships=4, categories=3, anomalies=6)
    monkeypatch.setattr(warning_eval, "generate_history", lambda seed: small)
    assert eval_command(None, None, warnings=True) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    result = json.loads(out)["warnings"]
    assert set(result) >= {"precision", "recall", "detection_delay_days", "per_kind", "history"}
    assert eval_command(None, None) == 2
    assert "--warnings" in capsys.readouterr().err
