"""What ``smartbrain train`` and ``smartbrain eval`` run.

    train_command(file, model_dir, database_url=None) -> exit code
        train on a CSV (text,label), and/or (with `database_url`, `smartbrain train --from-db`) on the
        center's own cases: closed cases' categories and officers' re-classifications, which win
        (`insight.training_data`); save to model_dir, print one JSON line (the model, its CV metrics)
    eval_command(file, model_dir, warnings=False) -> exit code
        evaluate a model (default: the shipped one) on a CSV and print one JSON line: accuracy,
        macro_f1, per_class {label: precision, recall, f1, support}, confusion {labels, matrix}
        (rows: true, columns: predicted), plus examples, skipped and model; with `warnings`
        (`smartbrain eval --warnings`, FILE optional) the line also has "warnings": precision, recall
        and detection delay of the early warnings on the labelled synthetic history
        (`insight.warning_eval`, seed `seed`)

Exit codes: 0 done, 2 the input or the model cannot be used (the reason on stderr, one line).
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from insight.classifier import Classifier, ModelError, train
from insight.dataset import DatasetError, LabelledTexts, read_labelled_csv
from insight.evaluation import metrics

MIN_PER_LABEL = 2  # a label seen once cannot be learned, nor checked by cross-validation


def train_command(file: str | None, model_dir: str, database_url: str | None = None, *,
                  out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if file is None and database_url is None:
        return _fail(err, "give a CSV file (text,label), --from-db, or both")
    data, names, sources = LabelledTexts([], []), [], {}
    if file is not None:
        try:
            data = read_labelled_csv(file)
        except DatasetError as error:
            return _fail(err, str(error))
        names.append(Path(file).name)
        sources["file"] = len(data.texts)
    if database_url is not None:
        try:
            own, counts = _from_db(database_url)
        except Exception as error:  # noqa: BLE001 - an unreachable or unmigrated database is the user's to fix
            return _fail(err, f"cannot read the cases: {type(error).__name__}: {error}")
        data.texts += own.texts
        data.labels += own.labels
        data.skipped.update(own.skipped)
        sources.update(counts)
        if not own.texts and file is None:
            return _fail(err, "the database has no closed or re-classified cases to learn from yet")
        names.append(f"the center's cases ({counts['closed']} closed, {counts['corrected']} corrected by officers)")
        file = file or "database"
    rare = sorted(label for label, count in data.counts().items() if count < MIN_PER_LABEL)
    if rare:
        kept = [(text, label) for text, label in zip(data.texts, data.labels) if label not in rare]
        data.skipped[f"label with fewer than {MIN_PER_LABEL} rows"] += len(data.texts) - len(kept)
        print(f"warning: {file}: skipped {len(rare)} label(s) with fewer than {MIN_PER_LABEL} rows: "
              f"{', '.join(rare[:10])}{' …' if len(rare) > 10 else ''}", file=err)
        data.texts, data.labels = [t for t, _ in kept], [label for _, label in kept]
    if len(set(data.labels)) < 2:
        return _fail(err, f"{file}: training needs at least two labels with {MIN_PER_LABEL}+ rows each")
    classifier = train(data.texts, data.labels, description=f"{len(data.texts)} labelled rows of {' and '.join(names)}",
                       source=str(file))
    try:
        classifier.save(model_dir)
    except OSError as error:
        return _fail(err, f"{model_dir}: cannot write the model: {error}")
    _emit(out, {
        "model_dir": str(model_dir),
        "version": classifier.version,
        "labels": list(classifier.labels),
        "examples": len(data.texts),
        "skipped": dict(data.skipped),
        "sources": sources,
        "cross_validation": classifier.manifest["metrics"].get("cross_validation"),
    })
    return 0


def _from_db(database_url: str):  # noqa: ANN202
    from casework.store import make_store

    from insight.training_data import labelled_from_db

    store = make_store(database_url)
    try:
        with store.reading() as session:
            return labelled_from_db(session)
    finally:
        store.dispose()


def eval_command(file: str | None, model_dir: str | None = None, *, warnings: bool = False, seed: int = 7,
                 out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if file is None:
        if not warnings:
            return _fail(err, "give a CSV file (text,label) to evaluate the classifier, or --warnings")
        _emit(out, {"warnings": _warnings(seed)})
        return 0
    try:
        data = read_labelled_csv(file)
    except DatasetError as error:
        return _fail(err, str(error))
    try:
        classifier = Classifier.load(model_dir)
    except ModelError as error:
        return _fail(err, str(error))
    predicted = [prediction.label for prediction in classifier.predict(data.texts)]
    result = metrics(data.labels, predicted)
    unknown = Counter(label for label in data.labels if label not in classifier.labels)
    _emit(out, {
        **result,
        "skipped": dict(data.skipped),
        "labels_unknown_to_model": dict(unknown),
        "model": {"dir": str(model_dir or "insight/model (shipped)"), "version": classifier.version},
        **({"warnings": _warnings(seed)} if warnings else {}),
    })
    return 0


def _warnings(seed: int) -> dict[str, Any]:
    from insight.warning_eval import evaluate_warnings, generate_history

    return evaluate_warnings(generate_history(seed))


def _emit(out: TextIO, payload: dict[str, Any]) -> None:
    out.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n")
    out.flush()


def _fail(err: TextIO, message: str) -> int:
    print(f"error: {message}", file=err)
    return 2
