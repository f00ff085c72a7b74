"""The corpus view of the web page (``unspin serve --store``) in headless Chromium: per-outlet counts,
search with filters by words, outlet, technique and date, and any article's report opened from the list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from unspin.config import Config
from unspin.corpus.inputs import Record
from unspin.corpus.store import Store
from unspin.corpus.work import article_row
from unspin.pipeline import Pipeline, Stage
from unspin.readers import read_source

from .browser_support import BROWSER_MARKS, SHOWN, chromium_context, open_page, wait_for_report
from .conftest import live_server

pytestmark = BROWSER_MARKS

#: id -> (outlet, published, title, text); the stub techniques stage flags "disgrace" and "reckless extremists".
ARTICLES = {
    "harbour": ("Harbour Herald", "2026-03-04T09:00:00+00:00", "Harbour vote",
                "The council called the harbour plan a disgrace. Tomas Okafor said it cost 40 million euros."),
    "bridge": ("Harbour Herald", "2026-04-10T09:00:00+00:00", "Bridge repairs",
               "The bridge reopened on Monday after repairs that took 12 weeks, officials said."),
    "budget": ("Capital Daily", "2026-05-20T09:00:00+00:00", "Budget row",
               "Critics are reckless extremists, the minister said. The budget grew by 3 percent."),
}  # fmt: skip


@pytest.fixture(scope="module")
def corpus_url(stub_stages: dict[str, Stage], tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A store written as ``unspin batch`` writes it (article_row of analysed documents), served with --store."""
    config = Config()
    pipeline = Pipeline.default(config)
    rows = []
    for ident, (outlet, published, title, text) in ARTICLES.items():
        record = Record(ident, text, "text", "test", outlet=outlet, published=published, title=title)
        rows.append(article_row(f"key-{ident}", record, pipeline(read_source(text, config))))
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('corpus')) / 'corpus.db'}"
    with Store.open(url) as store:
        store.write(rows, version="test", now="2026-06-01T00:00:00+00:00")
    with live_server(store_url=url) as base:
        yield base


@pytest.fixture(scope="module")
def browser_context() -> Iterator[Any]:
    with chromium_context() as context:
        yield context


@pytest.fixture
def page(browser_context: Any, corpus_url: str) -> Iterator[Any]:
    page = open_page(browser_context, corpus_url)
    expect(page.locator("#corpus-view")).to_be_visible()
    expect(page.locator("#corpus-table tbody tr")).to_have_count(3)
    yield page
    page.close()


def titles(page: Any) -> list[str]:
    return [row.locator("td").nth(2).inner_text() for row in page.locator("#corpus-table tbody tr").all()]


def expect_titles(page: Any, wanted: list[str]) -> None:
    """Wait until the table lists exactly ``wanted`` (a count such as "1 article." can be the old answer's)."""
    expect(page.locator("#corpus-table tbody tr td:nth-child(3)")).to_have_text(wanted)


def test_articles_are_listed_newest_first_with_per_outlet_counts(page: Any) -> None:
    assert titles(page) == ["Budget row", "Bridge repairs", "Harbour vote"]
    outlets = page.locator("#corpus-outlets").inner_text()
    assert "Harbour Herald 2 articles" in outlets and "Capital Daily 1 article" in outlets
    page.click("#corpus-outlets button[data-outlet='Capital Daily']")
    expect(page.locator("#corpus-table tbody tr")).to_have_count(1)
    expect_titles(page, ["Budget row"])


def test_filters_by_outlet_technique_date_and_words(page: Any) -> None:
    page.select_option("#corpus-outlet", "Harbour Herald")
    page.click("#corpus-search")
    expect(page.locator("#corpus-count")).to_have_text("2 articles.")
    page.select_option("#corpus-technique", "Loaded_Language")  # 'disgrace' in the harbour story only
    page.click("#corpus-search")
    expect(page.locator("#corpus-count")).to_have_text("1 article.")
    expect_titles(page, ["Harbour vote"])

    page.select_option("#corpus-outlet", "")
    page.select_option("#corpus-technique", "")
    page.fill("#corpus-from", "2026-04-01")
    page.fill("#corpus-to", "2026-04-30")
    page.click("#corpus-search")
    expect(page.locator("#corpus-count")).to_have_text("1 article.")
    expect_titles(page, ["Bridge repairs"])

    page.fill("#corpus-from", "")
    page.fill("#corpus-to", "")
    page.fill("#corpus-text", "budget")
    page.press("#corpus-text", "Enter")  # Enter submits the search
    expect(page.locator("#corpus-table tbody")).to_contain_text("Budget row")
    expect_titles(page, ["Budget row"])
    page.fill("#corpus-text", "no such words anywhere")
    page.press("#corpus-text", "Enter")
    expect(page.locator("#corpus-table tbody")).to_contain_text("No article matches")


def test_opening_an_article_shows_its_report(page: Any) -> None:
    page.locator("#corpus-table tbody tr", has_text="Budget row").locator("button.open-report").click()
    wait_for_report(page)
    expect(page.locator("#report-heading")).to_be_focused()
    assert "Budget row" in page.locator("#report-heading").inner_text()
    assert "reckless extremists" in page.locator("#article").inner_text()
    assert page.locator(SHOWN).count() >= 1
    assert "Capital Daily" in page.locator("#report-body .masthead").inner_text()


def test_without_a_store_there_is_no_corpus_view(browser_context: Any, stub_stages: dict[str, Stage]) -> None:
    with live_server() as url:
        page = open_page(browser_context, url)
        page.wait_for_load_state("networkidle")
        assert page.locator("#corpus-view").is_hidden()
        page.close()
