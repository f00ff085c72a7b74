"""Shared pieces of the web page tests: headless Debian Chromium under playwright, and page helpers."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import REPO

CHROMIUM = shutil.which("chromium")
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None and os.environ.get("CI") != "true",
        reason="Debian chromium not installed (apt-get install chromium)",
    ),
]

#: Highlights shown now (a lower-confidence span, or a filtered technique, is marked "off").
SHOWN = "#report-body .t[data-t]:not(.off)"


@contextmanager
def chromium_context(width: int = 1280, height: int = 900) -> Iterator[Any]:
    """A fresh headless Chromium profile (its own user-data-dir, removed afterwards)."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="unspin-chromium-") as profile, sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": width, "height": height},
            accept_downloads=True,
        )
        try:
            yield context
        finally:
            context.close()


def open_page(context: Any, url: str) -> Any:
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    page.goto(url)
    return page


def wait_for_report(page: Any) -> None:
    page.wait_for_selector("#report:not([hidden]) #report-body .unspin-report", timeout=20000)


def load_example(page: Any) -> None:
    page.click("#example-button")
    expect(page.locator("#article-input")).to_have_value(re.compile("Vessford"))
    page.click("#analyze-button")
    wait_for_report(page)


def analyze(page: Any, text: str) -> None:
    page.fill("#article-input", text)
    page.click("#analyze-button")
    wait_for_report(page)
