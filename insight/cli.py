"""What ``smartbrain train`` and ``smartbrain eval`` run.

    train_command(file, model_dir) -> exit code   train on a CSV (text,label), save to model_dir,
                                                  print one JSON line (the model and its CV metrics)
    eval_command(file, model_dir)  -> exit code   evaluate a model (default: the shipped one) on a CSV
                                                  and print one JSON line: accuracy, macro_f1,
                                                  per_class {label: precision, recall, f1, support},
                                                  confusion {labels, matrix} (rows: true, columns:
                                                  predicted), plus examples, skipped and model

Exit codes: 0 done, 2 the input or the model cannot be used (the reason on stderr, one line).
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from insight.classifier import Classifier, ModelError, train
from insight.dataset import DatasetError, read_labelled_csv
from insight.evaluation import metrics

MIN_PER_LABEL = 2  # a label seen once cannot be learned, nor checked by cross-validation


def train_command(file: str, model_dir: str, *, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        data = read_labelled_csv(file)
    except DatasetError as error:
        return _fail(err, str(error))
    rare = sorted(label for label, count in data.counts().items() if count < MIN_PER_LABEL)
    if rare:
        kept = [(text, label) for text, label in zip(data.texts, data.labels) if label not in rare]
        data.skipped[f"label with fewer than {MIN_PER_LABEL} rows"] += len(data.texts) - len(kept)
        print(f"warning: {file}: skipped {len(rare)} label(s) with fewer than {MIN_PER_LABEL} rows: "
              f"{', '.join(rare[:10])}{' …' if len(rare) > 10 else ''}", file=err)
        data.texts, data.labels = [t for t, _ in kept], [label for _, label in kept]
    if len(set(data.labels)) < 2:
        return _fail(err, f"{file}: training needs at least two labels with {MIN_PER_LABEL}+ rows each")
    classifier = train(data.texts, data.labels, description=f"{len(data.texts)} labelled rows of {Path(file).name}",
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
        "cross_validation": classifier.manifest["metrics"].get("cross_validation"),
    })
    return 0


def eval_command(file: str, model_dir: str | None = None, *, out: TextIO | None = None,
                 err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
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
    })
    return 0


def _emit(out: TextIO, payload: dict[str, Any]) -> None:
    out.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n")
    out.flush()


def _fail(err: TextIO, message: str) -> int:
    print(f"error: {message}", file=err)
    return 2
