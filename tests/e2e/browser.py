"""Debian's headless Chromium through Playwright; never a downloaded browser."""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import unavailable

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():  # noqa: ANN201
    from playwright.sync_api import sync_playwright

    if not shutil.which("chromium"):
        unavailable("Debian chromium is not installed (make test installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()
