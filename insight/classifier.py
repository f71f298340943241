"""Classify demand text into the center's taxonomy, with a confidence.

    from insight.classifier import Classifier, train

    classifier = Classifier.load()                 # the model shipped in insight/model/
    [p] = classifier.predict(["拖欠农民工工资三个月"])
    p.label, p.confidence, p.alternatives         # '劳动和社会保障', 0.9…, (Alternative(…), …)

    model = train(texts, labels, description="…")  # a new model from labelled text
    model.save("var/model")                        # model.joblib + manifest.json
    Classifier.load("var/model")

The model: TF-IDF features of words and characters (`insight.features`) and a linear SVM
(scikit-learn's LinearSVC). Confidence is the softmax of the decision scores times a temperature
fitted on out-of-fold scores (3-fold cross-validation at training time), so it reads as a
probability: of the demands predicted with confidence ≈ 0.8, about 80 % are right — on data like the
training data. A text with little or no Chinese (empty, punctuation, emoji, English) is shrunk
towards the label frequencies of the training data: low confidence, never an exception.

Files: ``model.joblib`` holds only numpy arrays and plain values (no classes of ours or of
scikit-learn, so neither refactoring nor a scikit-learn upgrade breaks a saved model);
coefficients are stored as float16 (the scores move by about 1e-3, the labels do not);
``manifest.json`` names the labels, the version, the training data, the metrics, the parameters and
the SHA-256 of ``model.joblib``, which `load` checks before unpickling. Load only models you trust.
"""
from __future__ import annotations

import hashlib
import json
import math
import platform
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np

from casework.clock import Clock, SystemClock
from insight.features import DEFAULT_WEIGHTS, Block, FeatureSpace
from insight.keys import KeyTable
from insight.text import analyse

DEFAULT_MODEL_DIR = Path(__file__).with_name("model")
MODEL_FILE = "model.joblib"
MANIFEST_FILE = "manifest.json"
FORMAT = "smartbrain.insight.classifier"
FORMAT_VERSION = 1
TOP = 3
MIN_CHARS = 6  # fewer kept Chinese characters than this: confidence shrinks towards the priors
BATCH = 1024  # texts analysed at once (bounds memory; throughput is flat above a few hundred)
DEFAULT_C = 1.0
DEFAULT_TEMPERATURE = 4.0  # when there are too few examples to fit one


class ModelError(Exception):
    """A model directory that cannot be loaded (missing, corrupt, or of another format)."""


@dataclass(frozen=True)
class Alternative:
    label: str
    confidence: float


@dataclass(frozen=True)
class Prediction:
    """The most likely label, its confidence (0..1), and the `TOP` most likely labels, best first
    (the first alternative is the prediction itself)."""

    label: str
    confidence: float
    alternatives: tuple[Alternative, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "confidence": round(self.confidence, 4),
            "alternatives": [{"label": a.label, "confidence": round(a.confidence, 4)} for a in self.alternatives],
        }


@dataclass
class Classifier:
    labels: tuple[str, ...]
    features: FeatureSpace
    coef: np.ndarray  # (labels, features) float32
    intercept: np.ndarray  # (labels,)
    temperature: float
    priors: np.ndarray  # label frequencies of the training data (smoothed)
    manifest: dict[str, Any] = field(default_factory=dict)

    # -- prediction ------------------------------------------------------------------------------
    def scores(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Decision scores (texts × labels) and the kept Chinese characters of each text."""
        texts = list(texts)
        scores = np.zeros((len(texts), len(self.labels)))
        chars = np.zeros(len(texts), dtype=np.int64)
        for start in range(0, len(texts), BATCH):
            batch = analyse(texts[start : start + BATCH])
            matrix = self.features.transform(batch)
            weights = self._weights()
            # same dtype on both sides: scipy would otherwise up-cast the whole weight matrix per call
            scores[start : start + batch.size] = matrix.astype(weights.dtype, copy=False) @ weights + self.intercept
            chars[start : start + batch.size] = batch.char_counts()
        return scores, chars

    def _weights(self) -> np.ndarray:
        """`coef` transposed, C-contiguous, made once (transposing, or up-casting, per call copied the
        whole matrix: ~10 ms for one text)."""
        weights = self.__dict__.get("_weights_t")
        if weights is None or weights.shape != self.coef.T.shape:
            weights = self.__dict__["_weights_t"] = np.ascontiguousarray(self.coef.T)
        return weights

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probabilities (texts × labels, in the order of `labels`)."""
        scores, chars = self.scores(texts)
        probabilities = softmax(scores * self.temperature)
        evidence = np.minimum(1.0, chars / MIN_CHARS)[:, None]
        return evidence * probabilities + (1.0 - evidence) * self.priors

    def predict(self, texts: Sequence[str], top: int = TOP) -> list[Prediction]:
        if isinstance(texts, str):
            raise TypeError("predict takes a list of texts, not one string")
        probabilities = self.predict_proba(texts)
        ranked = np.argsort(-probabilities, axis=1, kind="stable")[:, : max(1, top)]
        predictions = []
        for row, order in zip(probabilities, ranked):
            alternatives = tuple(Alternative(self.labels[i], float(row[i])) for i in order)
            predictions.append(Prediction(alternatives[0].label, alternatives[0].confidence, alternatives))
        return predictions

    # -- persistence -----------------------------------------------------------------------------
    def save(self, model_dir: str | Path) -> Path:
        directory = Path(model_dir)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / MODEL_FILE
        joblib.dump(self._state(), path, compress=("zlib", 6))
        manifest = dict(self.manifest)
        manifest["files"] = {MODEL_FILE: {"sha256": _sha256(path), "bytes": path.stat().st_size}}
        (directory / MANIFEST_FILE).write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        self.manifest = manifest
        return directory

    @classmethod
    def load(cls, model_dir: str | Path | None = None) -> Classifier:
        directory = Path(model_dir) if model_dir is not None else DEFAULT_MODEL_DIR
        manifest_path, path = directory / MANIFEST_FILE, directory / MODEL_FILE
        if not manifest_path.is_file() or not path.is_file():
            raise ModelError(f"{directory}: not a model directory (needs {MANIFEST_FILE} and {MODEL_FILE})")
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ModelError(f"{manifest_path}: unreadable manifest: {error}") from error
        if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"{manifest_path}: not a {FORMAT} v{FORMAT_VERSION} model")
        expected = manifest.get("files", {}).get(MODEL_FILE, {}).get("sha256")
        if expected != _sha256(path):
            raise ModelError(f"{path}: SHA-256 differs from the manifest (corrupt or replaced file)")
        try:
            state = joblib.load(path)
        except Exception as error:  # noqa: BLE001 - any unpickling failure is a broken model
            raise ModelError(f"{path}: cannot load: {error}") from error
        return cls._from_state(state, manifest)

    def _state(self) -> dict[str, Any]:
        space = self.features
        return {
            "labels": list(self.labels),
            "coef": self.coef.astype(np.float16),  # half the file; scores move by ~1e-3
            "intercept": self.intercept.astype(np.float64),
            "temperature": float(self.temperature),
            "priors": self.priors.astype(np.float64),
            "features": {
                "word_n": space.word_n, "char_n": space.char_n, "head_words": space.head_words,
                "head_chars": space.head_chars, "min_df": space.min_df, "weights": dict(space.weights),
                "blocks": [
                    {"name": b.name, "weight": b.weight, "keys": b.vocabulary.keys, "idf": b.idf}
                    for b in space.blocks
                ],
            },
        }

    @classmethod
    def _from_state(cls, state: dict[str, Any], manifest: dict[str, Any]) -> Classifier:
        spec = dict(state["features"])
        blocks = [Block(b["name"], float(b["weight"]), KeyTable(b["keys"]), np.asarray(b["idf"]))
                  for b in spec.pop("blocks")]
        space = FeatureSpace(**spec, blocks=blocks)
        return cls(
            labels=tuple(state["labels"]),
            features=space,
            coef=np.asarray(state["coef"], dtype=np.float32),
            intercept=np.asarray(state["intercept"], dtype=np.float64),
            temperature=float(state["temperature"]),
            priors=np.asarray(state["priors"], dtype=np.float64),
            manifest=manifest,
        )

    @property
    def version(self) -> str:
        return str(self.manifest.get("version", "unsaved"))


# -- training --------------------------------------------------------------------------------------
def train(
    texts: Sequence[str],
    labels: Sequence[str],
    *,
    C: float = DEFAULT_C,
    weights: dict[str, float] | None = None,
    min_df: int = 2,
    calibrate: bool = True,
    description: str = "",
    source: str = "",
    metrics: dict[str, Any] | None = None,
    clock: Clock | None = None,
) -> Classifier:
    """Fit features and a linear SVM on labelled texts; fit the confidence temperature by 3-fold CV.

    The out-of-fold predictions of that cross-validation also give the model's first metrics
    (``manifest["metrics"]["cross_validation"]``). Needs at least two labels.
    """
    from sklearn.svm import LinearSVC  # imported here: predicting needs no scikit-learn

    texts, labels = list(texts), [str(label) for label in labels]
    if len(texts) != len(labels):
        raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
    counts = Counter(labels)
    if len(counts) < 2:
        raise ValueError("training needs at least two different labels")
    names = tuple(sorted(counts))
    y = np.array([names.index(label) for label in labels])
    batch = analyse(texts)
    space = FeatureSpace(min_df=min_df if len(texts) >= 50 else 1, weights=dict(weights or DEFAULT_WEIGHTS))
    matrix = space.fit(batch).transform(batch)

    def fit(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        svm = LinearSVC(C=C).fit(matrix[rows], y[rows])
        coef, intercept = svm.coef_, svm.intercept_
        if coef.shape[0] == 1:  # two labels: one score, the second label's
            coef, intercept = np.vstack([-coef[0], coef[0]]), np.array([-intercept[0], intercept[0]])
        full = np.zeros((len(names), matrix.shape[1]))
        full_intercept = np.full(len(names), -10.0)  # a label absent from a fold is never chosen
        full[np.unique(y[rows])], full_intercept[np.unique(y[rows])] = coef, intercept
        return full, full_intercept

    coef, intercept = fit(np.arange(len(y)))
    temperature, cross_validation = DEFAULT_TEMPERATURE, None
    folds = min(3, min(counts.values()))
    if calibrate and folds >= 2:
        from sklearn.model_selection import StratifiedKFold

        held_out = np.zeros((len(y), len(names)))
        for train_rows, test_rows in StratifiedKFold(folds, shuffle=True, random_state=0).split(y, y):
            fold_coef, fold_intercept = fit(train_rows)
            held_out[test_rows] = matrix[test_rows] @ fold_coef.T + fold_intercept
        temperature = fit_temperature(held_out, y)
        cross_validation = _cv_metrics(held_out, y, names, folds)

    priors = (np.bincount(y, minlength=len(names)) + 1.0) / (len(y) + len(names))
    clock = clock or SystemClock()
    created = clock.now()
    fingerprint = hashlib.sha256(
        "\x1e".join(f"{label}\x1f{text}" for text, label in zip(texts, labels)).encode("utf-8")
    ).hexdigest()
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "version": f"{created:%Y%m%d%H%M%S}-{fingerprint[:8]}",
        "created_at": created.isoformat(timespec="seconds"),
        "labels": list(names),
        "training_data": {
            "description": description,
            "source": source,
            "examples": len(texts),
            "per_label": {name: counts[name] for name in names},
            "sha256": fingerprint,
        },
        "metrics": {"cross_validation": cross_validation, **(metrics or {})},
        "parameters": {
            "model": "LinearSVC", "C": C, "temperature": round(temperature, 4),
            "features": {"word_n": space.word_n, "char_n": space.char_n, "head_words": space.head_words,
                         "head_chars": space.head_chars, "min_df": space.min_df, "weights": space.weights},
            "n_features": space.n_features, "min_chars": MIN_CHARS,
        },
        "software": _software(),
    }
    return Classifier(names, space, coef.astype(np.float32), intercept, temperature, priors, manifest)


def softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def fit_temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """The temperature T minimising the log-loss of softmax(T · scores) (temperature scaling)."""
    from scipy.optimize import minimize_scalar

    def loss(log_t: float) -> float:
        p = softmax(scores * math.exp(log_t))
        return float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-12, None)).mean())

    result = minimize_scalar(loss, bounds=(math.log(0.05), math.log(100.0)), method="bounded")
    return float(math.exp(result.x))


def _cv_metrics(scores: np.ndarray, y: np.ndarray, names: tuple[str, ...], folds: int) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, f1_score

    predicted = scores.argmax(axis=1)
    return {
        "folds": folds,
        "accuracy": round(float(accuracy_score(y, predicted)), 4),
        "macro_f1": round(float(f1_score(y, predicted, average="macro")), 4),
    }


def _software() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": platform.python_version()}
    for package in ("numpy", "scipy", "scikit-learn", "jieba", "joblib"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            pass
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
