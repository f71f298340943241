"""Fixtures of the insight tests: the shipped model, and the public labelled set from ../shared."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import unavailable

ROOT = Path(__file__).resolve().parents[2]
# the shared folder beside the checkout; SMARTBRAIN_SHARED when the checkout is elsewhere (a worktree)
SHARED = Path(os.environ.get("SMARTBRAIN_SHARED", ROOT.parent / "shared"))
GOV_MESSAGES = SHARED / "data" / "gov-messages" / "train.csv"
GOV_LABELS = ("城乡建设", "劳动和社会保障", "教育文体", "商贸旅游", "环境保护", "卫生计生", "交通运输")


@pytest.fixture(scope="session")
def shipped():
    from insight.classifier import Classifier

    return Classifier.load()


@pytest.fixture(scope="session")
def gov_split():
    """The stratified 80/20 split (seed 42) of the public set: for tests only, never shipped."""
    from insight.dataset import read_labelled_csv
    from insight.evaluation import holdout_split

    if not GOV_MESSAGES.is_file():
        unavailable(f"the public labelled set is not at {GOV_MESSAGES}")
    data = read_labelled_csv(GOV_MESSAGES, keep_labels=GOV_LABELS)
    return holdout_split(data.texts, data.labels)
