"""The web page in headless Debian Chromium, driven by playwright: the report is the HTML report's own
body (one renderer for the CLI and the page), its filters and tooltips, downloads, XSS stays inert."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from unspin.errors import ModelError
from unspin.pipeline import Stage
from unspin.server import ServeOptions

from .browser_support import ARTIFACTS, BROWSER_MARKS, SHOWN, analyze, chromium_context, load_example, open_page
from .conftest import live_server, stub_techniques

pytestmark = BROWSER_MARKS

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
    with chromium_context() as context:
        yield context


@pytest.fixture
def page(browser_context: Any, page_url: str) -> Iterator[Any]:
    page = open_page(browser_context, page_url)
    yield page
    page.close()


def download(page: Any, button: str) -> str:
    with page.expect_download() as info:
        page.click(button)
    return Path(info.value.path()).read_text(encoding="utf-8")


def test_example_article_shows_highlights_claims_and_reasons(page: Any) -> None:
    load_example(page)

    assert page.locator(SHOWN).count() >= 4  # the stub's one lower-confidence flag waits behind the toggle
    assert "reckless extremists" in page.locator("#article").inner_text()
    assert page.locator(".tech-filter:not([disabled])").count() == 5
    claims = page.locator("#claims tbody tr")
    assert claims.count() >= 3 and "48 million euros" in claims.first.inner_text()
    assert page.locator("#voices tbody tr").first.inner_text().startswith("Tomas Okafor")
    assert page.locator("#removed").is_visible()

    target = page.locator(SHOWN, has_text="reckless extremists").first
    target.click()
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    assert "stub reason" in tip.inner_text() and "reckless extremists" in tip.inner_text()
    assert "0.87" in tip.inner_text()
    assert target.evaluate("n => getComputedStyle(n).backgroundColor") != "rgba(0, 0, 0, 0)"  # colours applied

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-report.png"), full_page=True)


def test_page_and_saved_html_report_show_the_same_report(page: Any, browser_context: Any, tmp_path: Path) -> None:
    """One renderer: the page's report body and the downloaded HTML report read the same, part by part."""
    load_example(page)
    saved = tmp_path / "report.html"
    saved.write_text(download(page, "#save-html"), encoding="utf-8")
    report = browser_context.new_page()
    report.goto(saved.as_uri())
    for part in ("#article", "#claims", "#voices", "#techniques", "#removed", ".masthead", ".legend"):
        assert page.locator(f"#report-body {part}").inner_text() == report.locator(part).inner_text(), part
    assert page.locator(SHOWN).count() == report.locator(".t[data-t]:not(.off)").count()
    for styled in (".a-source", ".t[data-t]:not(.off)", ".fig b"):  # the page's own styles do not leak in
        look = "n => [getComputedStyle(n).color, getComputedStyle(n).backgroundColor, getComputedStyle(n).fontFamily]"
        assert page.locator(f"#report-body {styled}").first.evaluate(look) == report.locator(styled).first.evaluate(
            look
        )
    report.close()


def test_legend_filter_hides_a_technique(page: Any) -> None:
    load_example(page)
    loaded = f"{SHOWN}[title^='Loaded language']"
    assert page.locator(loaded).count() == 1
    page.uncheck(".tech-filter[data-label='Loaded_Language']")
    assert page.locator(loaded).count() == 0
    page.click(".legend-buttons button[data-all='0']")
    assert page.locator(SHOWN).count() == 0
    page.click(".legend-buttons button[data-all='1']")
    assert page.locator(loaded).count() == 1


def test_xss_article_stays_inert_text(page: Any) -> None:
    analyze(page, XSS_ARTICLE)
    page.wait_for_timeout(300)  # give any injected handler the chance to fire
    assert page.evaluate("window.__pwned") is None
    assert page.dialogs == []
    article = page.locator("#article")
    assert "<script>window.__pwned = 1</script>" in article.inner_text()
    assert article.locator("script, img, a:not(.claim-ref), svg, iframe").count() == 0
    for mark in article.locator(".t").all():
        mark.hover()
        mark.click()
        page.keyboard.press("Escape")  # the tip would cover the next highlight
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
    assert (
        "<img src=x" in page.locator("#report-body .masthead h1").inner_text() + page.locator("#article").inner_text()
    )
    assert page.locator("#report img").count() == 0


def test_server_error_is_shown_to_the_user(page: Any) -> None:
    page.fill("#article-input", "abc\u0000def")
    page.click("#analyze-button")
    error = page.locator("#error")
    error.wait_for(state="visible")
    assert "NUL" in error.inner_text()


def test_downloads_are_the_cli_reports(page: Any) -> None:
    analyze(page, "The minister called it a disgrace. It cost 40 million euros.")
    saved = json.loads(download(page, "#save-json"))
    assert saved["schema_version"] == "1.0" and "techniques" in saved["layers"]
    markdown = download(page, "#save-md")
    assert markdown.startswith("#") and "disgrace" in markdown
    html = download(page, "#save-html")
    assert html.startswith("<!DOCTYPE html>") and 'id="unspin-data"' in html


def test_page_warns_when_the_models_did_not_load(browser_context: Any, stub_stages: dict[str, Stage]) -> None:
    def broken(_doc: Any, _config: Any) -> Any:
        raise ModelError("technique model folder lacks model.onnx")

    stub_stages["techniques"] = Stage("techniques", broken, (), ("techniques",))
    try:
        with live_server(options=ServeOptions(warm_up=True)) as url:
            page = open_page(browser_context, url)
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
    load_example(page)
    summary = json.loads(download(page, "#save-json"))["summary"]
    figures = {
        fig.locator("span").inner_text(): fig.locator("b").inner_text().replace(",", "")
        for fig in page.locator("#report-body .glance .fig").all()
    }
    assert figures["words"] == str(summary["words"])
    assert figures["technique spans"] == str(summary["techniques"])
    assert figures["check-worthy claims"] == str(summary["claims"])
    assert figures["voices"] == str(len(summary["voices"]))
    assert page.locator("#voices tbody tr").count() == len(summary["voices"])


def test_lower_confidence_flags_wait_behind_the_toggle(page: Any) -> None:
    """Spans with ``shown: false`` (the stub's score below 0.6) are not highlighted until asked for."""
    load_example(page)
    selector = f"{SHOWN}[data-t]"
    before = page.locator(selector).count()
    assert "(1)" in page.locator(".low-toggle").inner_text()
    page.check("#show-low")
    assert page.locator(selector).count() == before + 1
    low = page.locator("#report-body .t.low").first
    low.click()
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    assert "lower confidence" in tip.inner_text() and "Every serious economist" in tip.inner_text()
    page.keyboard.press("Escape")
    page.uncheck("#show-low")
    assert page.locator(selector).count() == before


def test_an_article_in_another_language_is_marked_out_of_scope(page: Any) -> None:
    analyze(
        page,
        "Die Regierung hat am Dienstag neue Maßnahmen gegen die steigenden Energiepreise angekündigt. "
        "Der Finanzminister sagte, die Entlastung solle noch vor dem Winter bei den Haushalten ankommen.",
    )
    assert "not English" in page.locator("#report-body .scope-note").inner_text()
    assert "Not analysed" in page.locator("#claims").inner_text()
    assert page.locator(SHOWN).count() == 0
