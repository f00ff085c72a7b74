"""The HTML report's script in a real browser: filters, tooltips, download, and inert hostile input.

Needs Debian's chromium (``apt-get install chromium``) and playwright; skipped without them.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from unspin.document import Document
from unspin.render import get_renderer

playwright = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="needs Debian chromium (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield instance
        instance.close()


def _open(browser: Any, doc: Document) -> tuple[Any, list[str]]:
    page = browser.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"error: {exc}"))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("request", lambda req: req.url.startswith(("http", "ws")) and problems.append(f"fetch: {req.url}"))
    page.set_content(get_renderer("html")(doc), wait_until="load")
    return page, problems


def test_click_pins_a_tooltip_with_reason_and_score(browser: Any, full_doc: Document) -> None:
    page, problems = _open(browser, full_doc)
    index = next(i for i, s in enumerate(full_doc.layer("techniques")) if s.label == "Loaded_Language")
    page.click(f'.t[data-t~="{index}"] >> nth=0')
    tip = page.inner_text("#tip")
    assert "Loaded language" in tip and "score 0.82" in tip and "reckless gamble" in tip
    page.keyboard.press("Escape")
    assert page.is_hidden("#tip")
    assert problems == []


def test_legend_filter_hides_one_technique_and_keeps_the_other_band(browser: Any, full_doc: Document) -> None:
    page, problems = _open(browser, full_doc)
    page.uncheck('.tech-filter[data-label="Exaggeration,Minimisation"]')
    assert "off" in (page.get_attribute(".t:text-is('from the start')", "class") or "").split()
    doomed = page.locator(".t:text-is('doomed')")
    assert "off" not in (doomed.get_attribute("class") or "")
    assert "gradient" not in (doomed.get_attribute("style") or ""), "one technique left: a plain colour"
    page.click(".legend-buttons button[data-all='0']")
    assert page.locator(".t:not(.off)").count() == 0
    page.check(".layer-toggle[data-class='show-ent']")
    assert "show-ent" in (page.get_attribute("body", "class") or "")
    assert problems == []


def test_hostile_article_runs_no_script_and_fetches_nothing(browser: Any, hostile_doc: Document) -> None:
    page, problems = _open(browser, hostile_doc)
    page.hover(".a-source >> nth=0")
    page.click(".t >> nth=0")
    page.wait_for_timeout(100)
    assert problems == []
    assert "<img src=x onerror=alert('reason')>" in page.inner_text("#tip")  # shown as text, not run


def test_download_link_offers_the_json(browser: Any, full_doc: Document) -> None:
    page, _ = _open(browser, full_doc)
    with page.expect_download() as info:
        page.click("#download-json")
    assert info.value.suggested_filename.endswith(".json")


def test_lower_confidence_flags_are_hidden_until_asked_for(browser: Any, full_doc: Document) -> None:
    page, problems = _open(browser, full_doc)
    low = next(i for i, s in enumerate(full_doc.layer("techniques")) if s.attrs.get("shown") is False)
    only_low = page.locator(f'.t[data-t="{low}"]')  # text under the lower-confidence span alone
    row = page.locator('#techniques tr[data-low="1"]')
    assert only_low.count() >= 1 and row.count() == 1

    def classes() -> set[str]:
        return set((only_low.first.get_attribute("class") or "").split())

    assert "off" in classes() and row.is_hidden()
    page.click(f'.t[data-t="{low}"] >> nth=0')
    assert page.is_hidden("#tip"), "a hidden flag opens no tooltip"
    page.check("#show-low")
    assert "off" not in classes() and "low" in classes() and row.is_visible()
    page.click(f'.t[data-t="{low}"] >> nth=0')
    tip = page.inner_text("#tip")
    assert "Causal oversimplification" in tip and "lower confidence" in tip
    page.keyboard.press("Escape")
    page.uncheck("#show-low")
    assert "off" in classes() and row.is_hidden()
    shown_ids = [str(i) for i, s in enumerate(full_doc.layer("techniques")) if s.attrs.get("shown") is not False]
    assert all(page.locator(f'.t[data-t~="{i}"]:not(.off)').count() for i in shown_ids)  # the shown stay lit
    assert "Show lower-confidence flags (1)" in page.inner_text(".legend")
    assert problems == []
