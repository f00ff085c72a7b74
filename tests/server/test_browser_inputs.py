"""The web page's inputs in headless Chromium: the URL field and a pasted address, files sent as files,
keyboard use (tab order, Enter submits, focus visible) and a phone-width layout.  Pages are served on
127.0.0.1 only, through the server's address guard."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from loopback_site import QuietHandler, loopback_site
from playwright.sync_api import expect

from unspin.config import Config
from unspin.pipeline import Stage
from unspin.readers import read_source
from unspin.server import ServeOptions

from .browser_support import ARTIFACTS, BROWSER_MARKS, SHOWN, chromium_context, load_example, open_page, wait_for_report
from .conftest import live_server

pytestmark = BROWSER_MARKS

PAGE = (
    b"<html><head><title>Harbour vote</title></head><body><article><h1>Harbour vote</h1>"
    + b"<p>The council voted against the harbour plan, calling it a disgrace to the city.</p>" * 5
    + b"</article></body></html>"
)


class Handler(QuietHandler):
    def do_GET(self) -> None:
        if self.path == "/article":
            self.send(200, "text/html; charset=utf-8", PAGE)
        else:
            self.send(404, "text/plain", b"")


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    with loopback_site(Handler) as url:
        yield url


@pytest.fixture(scope="module")
def plain_url(stub_stages: dict[str, Stage]) -> Iterator[str]:
    """A server as started by default: no URL fetching."""
    with live_server() as url:
        yield url


@pytest.fixture(scope="module")
def fetching_url(stub_stages: dict[str, Stage]) -> Iterator[str]:
    """``unspin serve --allow-url --allow-host 127.0.0.1``: the guard lets the loopback site through."""
    with live_server(options=ServeOptions(warm_up=False, allow_url=True, allow_hosts=("127.0.0.1",))) as url:
        yield url


@pytest.fixture(scope="module")
def browser_context() -> Iterator[Any]:
    with chromium_context() as context:
        yield context


@pytest.fixture
def page(browser_context: Any, plain_url: str) -> Iterator[Any]:
    page = open_page(browser_context, plain_url)
    yield page
    page.close()


@pytest.fixture
def fetching_page(browser_context: Any, fetching_url: str) -> Iterator[Any]:
    page = open_page(browser_context, fetching_url)
    expect(page.locator("#url-form")).to_be_visible()
    yield page
    page.close()


# -- URLs ----------------------------------------------------------------------
def test_url_field_fetches_the_page_on_enter(fetching_page: Any, site: str) -> None:
    fetching_page.fill("#url-input", f"{site}/article")
    fetching_page.press("#url-input", "Enter")
    wait_for_report(fetching_page)
    assert "Harbour vote" in fetching_page.locator("#report-heading").inner_text()
    assert "council voted against the harbour plan" in fetching_page.locator("#article").inner_text()
    assert fetching_page.locator(SHOWN).count() >= 1  # 'disgrace'


def test_pasted_url_offers_to_fetch_instead_of_analysing_the_address(fetching_page: Any, site: str) -> None:
    analysed: list[str] = []
    fetching_page.on("request", lambda r: analysed.append(r.post_data or "") if "/v1/analyze" in r.url else None)
    fetching_page.fill("#article-input", f"  {site}/article\n")
    offer = fetching_page.locator("#url-offer")
    expect(offer).to_be_visible()
    fetching_page.click("#analyze-button")  # Analyze does not send the address as an article
    expect(fetching_page.locator("#offer-fetch")).to_be_focused()
    assert analysed == []
    fetching_page.keyboard.press("Enter")
    wait_for_report(fetching_page)
    assert len(analysed) == 1 and '"url"' in analysed[0] and '"text"' not in analysed[0]
    assert "Harbour vote" in fetching_page.locator("#report-heading").inner_text()
    expect(offer).to_be_hidden()


def test_a_loopback_address_not_allow_listed_is_refused_by_the_guard(browser_context: Any, site: str) -> None:
    with live_server(options=ServeOptions(warm_up=False, allow_url=True)) as url:
        page = open_page(browser_context, url)
        expect(page.locator("#url-form")).to_be_visible()
        page.fill("#url-input", f"{site}/article")
        page.click("#fetch-button")
        expect(page.locator("#error")).to_contain_text("refusing to fetch from 127.0.0.1")
        assert page.locator("#report").is_hidden()
        page.close()


def test_without_allow_url_there_is_no_url_field_and_a_pasted_url_is_explained(page: Any) -> None:
    assert page.locator("#url-form").is_hidden()
    page.fill("#article-input", "https://example.com/news/story")
    page.click("#analyze-button")
    offer = page.locator("#url-offer")
    expect(offer).to_contain_text("does not fetch pages")
    assert page.locator("#offer-fetch").is_hidden()
    page.click("#offer-text")  # the reader insists: the address is analysed as text
    wait_for_report(page)
    assert "example.com/news/story" in page.locator("#article").inner_text()


# -- files ---------------------------------------------------------------------
def test_html_file_is_sent_as_a_file_and_read_as_a_page(page: Any, tmp_path: Path) -> None:
    upload = tmp_path / "story.html"
    body = "<p>The council said the plan was a disgrace to the city and its people.</p>" * 4
    upload.write_bytes(
        f"<!doctype html><html><head><title>Harbour vote</title></head><body><article>{body}</article></body></html>"
        .encode()
    )  # fmt: skip
    page.check("#html-toggle")  # ticked for some pasted text earlier ...
    page.set_input_files("#file-input", str(upload))
    expect(page.locator("#file-chip")).to_contain_text("story.html")
    expect(page.locator("#file-chip")).to_contain_text("read as an HTML page")
    assert page.locator("#article-input").input_value() == ""  # no markup dumped into the text box
    assert not page.locator("#html-toggle").is_checked()  # ... and never carried over to the file
    with page.expect_request("**/v1/analyze/file?**") as sent:
        page.click("#analyze-button")
    assert "kind=html" in sent.value.url
    wait_for_report(page)
    with page.expect_download() as saved:
        page.click("#save-json")
    source = json.loads(Path(saved.value.path()).read_text(encoding="utf-8"))["source"]
    assert source["name"] == "story.html"
    cli = read_source(upload, Config())  # what `unspin analyze story.html` reads
    assert source["raw_sha256"] == cli.source.raw_sha256 and source["kind"] == cli.source.kind
    assert "<p>" not in page.locator("#article").inner_text()
    assert "Harbour vote" in page.locator("#report-body .masthead h1").inner_text()
    assert page.locator(SHOWN).count() >= 1

    text_file = tmp_path / "story.txt"
    text_file.write_text("The minister called the vote a disgrace. It cost 40 million euros.\n", encoding="utf-8")
    page.set_input_files("#file-input", str(text_file))
    expect(page.locator("#file-chip")).to_contain_text("read as plain text")
    assert not page.locator("#html-toggle").is_checked()
    page.click("#file-clear")
    assert page.locator("#file-chip").is_hidden() and page.locator("#html-toggle").is_visible()


# -- keyboard ------------------------------------------------------------------
def test_tab_order_and_focus_are_visible(fetching_page: Any) -> None:
    page = fetching_page
    page.focus("#url-input")
    order = ["fetch-button", "article-input", "analyze-button", "example-button", "file-input", "html-toggle"]
    for expected in order:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == expected
        if expected.endswith("button"):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"no visible focus on #{expected}"


def test_ctrl_enter_analyses_and_highlights_take_focus(page: Any) -> None:
    page.click("#example-button")
    expect(page.locator("#article-input")).not_to_have_value("")
    page.focus("#article-input")
    page.keyboard.press("Control+Enter")
    wait_for_report(page)
    first = page.locator(SHOWN).first
    first.focus()
    page.keyboard.press("Enter")  # the reason opens from the keyboard too
    expect(page.locator("#tip")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#tip")).to_be_hidden()
    assert first.evaluate("n => getComputedStyle(n).outlineStyle") != "none"


# -- phone ---------------------------------------------------------------------
def test_phone_width_has_no_horizontal_scroll(page: Any) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    load_example(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.locator("#report-body .legend").bounding_box()["width"] <= 375
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-phone.png"), full_page=True)
