"""The web page in headless Debian Chromium, driven by playwright: analyse, hover, filter, XSS stays inert."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from unspin.errors import ModelError
from unspin.pipeline import Stage
from unspin.server import ServeOptions

from .conftest import REPO, live_server, stub_techniques

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

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None and os.environ.get("CI") != "true",
        reason="Debian chromium not installed (apt-get install chromium)",
    ),
]

XSS_ARTICLE = (
    "The minister called the vote a disgrace.\n\n"
    "<script>window.__pwned = 1</script> <img src=x onerror=\"window.__pwned = 2; alert('x')\">\n\n"
    '<a href="javascript:window.__pwned=3">click for disgrace</a> <svg onload="window.__pwned=4"></svg>\n\n'
    '"><iframe src="javascript:parent.__pwned=5"></iframe> It cost 40 million euros.'
)


@pytest.fixture(scope="module")
def page_url(stub_stages: dict[str, Stage]) -> Iterator[str]:
    with live_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser_context() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="unspin-chromium-") as profile, sync_playwright() as driver:
        context = driver.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


@pytest.fixture
def page(browser_context: Any, page_url: str) -> Iterator[Any]:
    page = browser_context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    page.goto(page_url)
    yield page
    page.close()


def load_example(page: Any) -> None:
    page.click("#example-button")
    expect(page.locator("#article-input")).to_have_value(re.compile("Vessford"))
    page.click("#analyze-button")
    page.wait_for_selector("#report:not([hidden])", timeout=20000)


def analyze(page: Any, text: str) -> None:
    page.fill("#article-input", text)
    page.click("#analyze-button")
    page.wait_for_selector("#report:not([hidden])", timeout=20000)


def test_example_article_shows_highlights_claims_and_reasons(page: Any) -> None:
    load_example(page)

    marks = page.locator("#article mark.technique")
    assert marks.count() >= 4  # the stub's one lower-confidence flag waits behind the toggle
    assert "reckless extremists" in page.locator("#article").inner_text()
    assert page.locator("#legend li").count() == 5
    claims = page.locator("#claims-table tbody tr")
    assert claims.count() >= 3 and "48 million euros" in claims.first.inner_text()
    assert page.locator("#voices-table tbody tr").first.inner_text().startswith("Tomas Okafor")

    target = page.locator("#article mark[data-label='Name_Calling,Labeling']").first
    target.hover()
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    assert "stub reason" in tooltip.inner_text() and "reckless extremists" in tooltip.inner_text()
    assert "87%" in tooltip.inner_text()

    target.click()
    assert "stub reason" in page.locator("#pinned").inner_text()

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-report.png"), full_page=True)


def test_legend_filter_hides_a_technique(page: Any) -> None:
    load_example(page)
    selector = "#article mark[data-label='Loaded_Language']"
    assert page.locator(selector).count() == 1
    page.uncheck("#legend input[data-label='Loaded_Language']")
    assert page.locator(selector).count() == 0
    page.click("#legend-none")
    assert page.locator("#article mark").count() == 0
    page.click("#legend-all")
    assert page.locator(selector).count() == 1


def test_xss_article_stays_inert_text(page: Any) -> None:
    analyze(page, XSS_ARTICLE)
    page.wait_for_timeout(300)  # give any injected handler the chance to fire
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    article = page.locator("#article")
    assert "<script>window.__pwned = 1</script>" in article.inner_text()
    assert article.locator("script, img, a, svg, iframe").count() == 0
    for mark in article.locator("mark").all():
        mark.hover()
        mark.click()
    assert page.evaluate("window.__pwned") is None and page.dialogs == []
    page.screenshot(path=str(ARTIFACTS / "serve-xss.png"), full_page=True) if ARTIFACTS.is_dir() else None


def test_markup_in_metadata_and_removed_text_stays_inert(page: Any) -> None:
    payload = "&lt;img src=x onerror=&quot;window.__pwned=6&quot;&gt;"
    body = f"<p>The council called the plan a disgrace, and the mayor agreed with them. {payload}</p>" * 4
    html = f"<html><head><title>{payload} Harbour</title></head><body><article>{body}</article></body></html>"
    page.check("#html-toggle")
    analyze(page, html)
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None and page.dialogs == []
    assert "<img src=x" in page.locator("#meta-title").inner_text() + page.locator("#article").inner_text()
    assert page.locator("#report img").count() == 0


def test_server_error_is_shown_to_the_user(page: Any) -> None:
    page.fill("#article-input", "abc\u0000def")
    page.click("#analyze-button")
    error = page.locator("#error")
    error.wait_for(state="visible")
    assert "NUL" in error.inner_text()


def test_html_file_upload_is_sent_as_html(page: Any, tmp_path: Path) -> None:
    upload = tmp_path / "story.html"
    body = "<p>The council said the plan was a disgrace to the city and its people.</p>" * 4
    upload.write_text(
        f"<!doctype html><html><head><title>Harbour vote</title></head><body><article>{body}</article></body></html>"
    )
    page.set_input_files("#file-input", str(upload))
    expect(page.locator("#html-toggle")).to_be_checked()  # (wait_for_function would need unsafe-eval)
    page.click("#analyze-button")
    page.wait_for_selector("#report:not([hidden])")
    assert "<p>" not in page.locator("#article").inner_text()
    assert page.locator("#article mark.technique").count() >= 1


def test_download_json_saves_the_document(page: Any) -> None:
    analyze(page, "The minister called it a disgrace. It cost 40 million euros.")
    with page.expect_download() as download_info:
        page.click("#download-button")
    import json

    saved = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
    assert saved["schema_version"] == "1.0" and "techniques" in saved["layers"]


def test_page_warns_when_the_models_did_not_load(browser_context: Any, stub_stages: dict[str, Stage]) -> None:
    def broken(_doc: Any, _config: Any) -> Any:
        raise ModelError("technique model folder lacks model.onnx")

    stub_stages["techniques"] = Stage("techniques", broken, (), ("techniques",))
    try:
        with live_server(options=ServeOptions(warm_up=True)) as url:
            page = browser_context.new_page()
            page.goto(url)
            notice = page.locator("#notice")
            expect(notice).to_contain_text("lacks model.onnx")
            page.fill("#article-input", "It was a disgrace.")
            page.click("#analyze-button")
            expect(page.locator("#error")).to_contain_text("lacks model.onnx")
            page.close()
    finally:
        stub_stages["techniques"] = Stage("techniques", stub_techniques, (), ("techniques",))


def test_page_figures_are_the_summary_of_the_json(page: Any) -> None:
    """The page shows the pipeline's summary (as the JSON and the CLI reports do), never its own recount."""
    import json

    load_example(page)
    with page.expect_download() as download_info:
        page.click("#download-button")
    summary = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))["summary"]
    shown = {
        name: page.locator(f"#counts [data-figure='{name}'] b").inner_text().replace(",", "")
        for name in ("words", "voices", "claims", "techniques")
    }
    assert shown == {
        "words": str(summary["words"]),
        "voices": str(len(summary["voices"])),
        "claims": str(summary["claims"]),
        "techniques": str(summary["techniques"]),
    }
    assert page.locator("#voices-table tbody tr").count() == len(summary["voices"])


def test_lower_confidence_flags_wait_behind_the_toggle(page: Any) -> None:
    """Spans with ``shown: false`` (the stub's score below 0.6) are not highlighted until asked for."""
    load_example(page)
    selector = "#article mark[data-label='Bandwagon,Reductio_ad_hitlerum']"
    assert page.locator(selector).count() == 0
    assert page.locator("#low-count").inner_text() == "1"
    assert page.locator("#counts [data-figure='lower-confidence'] b").inner_text() == "1"
    page.check("#low-toggle")
    assert page.locator(selector).count() == 1
    page.locator(selector).hover()
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    assert "lower confidence" in tooltip.inner_text() and "Every serious economist" in tooltip.inner_text()
    page.uncheck("#low-toggle")
    assert page.locator(selector).count() == 0


def test_an_article_in_another_language_is_marked_out_of_scope(page: Any) -> None:
    analyze(
        page,
        "Die Regierung hat am Dienstag neue Maßnahmen gegen die steigenden Energiepreise angekündigt. "
        "Der Finanzminister sagte, die Entlastung solle noch vor dem Winter bei den Haushalten ankommen.",
    )
    assert "not English" in page.locator("#meta-list").inner_text()
    assert page.locator("#claims-table tbody tr").first.inner_text().startswith("Not analysed: the text is in")
    assert page.locator("#article mark.technique").count() == 0
