"""What the web page asks of the server: format=page (the report body from the HTML report's own
functions, plus the downloads), files sent as they are, the health flags, and stored articles' reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from unspin.config import Config
from unspin.corpus.inputs import Record
from unspin.corpus.store import Store
from unspin.corpus.work import article_row
from unspin.pipeline import Pipeline, Stage
from unspin.readers import read_source
from unspin.server import ServeOptions

from .conftest import live_server

ARTICLE = "The minister said 12 people were hurt on Monday.\n\nCritics called the plan a disgrace."
WRAPPER = '<div class="unspin-report show-att show-cl">\n'


def test_page_format_is_the_html_report_body_and_the_three_downloads(client: httpx.Client) -> None:
    bundle = client.post("/v1/analyze", json={"text": ARTICLE, "format": "page"}).json()
    assert set(bundle) == {"document", "fragment", "html", "markdown"}
    assert bundle["fragment"].startswith(WRAPPER)
    body = bundle["fragment"].removeprefix(WRAPPER).removesuffix("</div>\n")
    assert body in bundle["html"]  # the page inserts exactly what the saved report's <body> holds
    assert 'class="t' in body and "disgrace" in body
    assert bundle["markdown"] == client.post("/v1/analyze", json={"text": ARTICLE, "format": "md"}).text
    assert bundle["document"] == client.post("/v1/analyze", json={"text": ARTICLE}).json()


def test_a_file_is_read_as_the_cli_reads_it(client: httpx.Client, tmp_path: Path) -> None:
    page = tmp_path / "story.html"
    paragraph = "<p>Le conseil a dit que le plan \xe9tait une honte, selon le maire.</p>"
    page.write_bytes(
        f'<html><head><meta charset="windows-1252"><title>Harbour</title></head><body>{paragraph * 3}</body></html>'
        .encode("cp1252")
    )  # fmt: skip
    response = client.post(
        "/v1/analyze/file",
        params={"kind": "html", "until": "clean", "name": "story.html"},
        content=page.read_bytes(),
        headers={"content-type": "application/octet-stream"},
    )
    assert response.status_code == 200, response.text
    served = response.json()
    cli = Pipeline.default(Config(), until="clean")(read_source(page, Config()))
    assert served["text"] == cli.text and "\xe9tait" in served["text"] and "<p>" not in served["text"]
    assert served["source"]["raw_sha256"] == cli.source.raw_sha256 and served["source"]["name"] == "story.html"


def test_an_empty_file_is_refused(client: httpx.Client) -> None:
    response = client.post("/v1/analyze/file", content=b"  \n", headers={"content-type": "text/plain"})
    assert response.status_code == 422 and "empty" in response.json()["message"]


def test_health_says_what_the_page_may_offer(client: httpx.Client, stub_stages: dict[str, Stage]) -> None:
    health = client.get("/v1/health").json()
    assert health["url_fetching"] is False and health["corpus"] is False
    with live_server(options=ServeOptions(warm_up=False, allow_url=True)) as url:
        assert httpx.get(f"{url}/v1/health", trust_env=False).json()["url_fetching"] is True


@pytest.fixture(scope="module")
def corpus(stub_stages: dict[str, Stage], tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    config = Config()
    rows = []
    for ident, published in (("march", "2026-03-04T09:00:00+00:00"), ("april", "2026-04-30T23:00:00+00:00")):
        record = Record(ident, ARTICLE, "text", "test", outlet="Harbour Herald", published=published, title=ident)
        rows.append(article_row(f"key-{ident}", record, Pipeline.default(config)(read_source(ARTICLE, config))))
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'corpus.db'}"
    with Store.open(url) as store:
        store.write(rows, version="test", now="2026-06-01T00:00:00+00:00")
    with live_server(store_url=url) as base, httpx.Client(base_url=base, trust_env=False) as client:
        yield client


def test_articles_filter_by_publication_date_both_ends_included(corpus: httpx.Client) -> None:
    def ids(**params: str) -> list[str]:
        return [item["id"] for item in corpus.get("/v1/articles", params=params).json()["items"]]

    assert ids() == ["april", "march"]
    assert ids(published_from="2026-04-01") == ["april"]
    assert ids(published_to="2026-04-29") == ["march"]
    assert ids(published_from="2026-03-04", published_to="2026-04-30") == ["april", "march"]
    assert corpus.get("/v1/articles", params={"published_from": "April"}).status_code == 422
    assert corpus.get("/v1/health").json()["corpus"] is True


def test_a_stored_article_has_the_page_report(corpus: httpx.Client) -> None:
    bundle = corpus.get("/v1/articles/march/report").json()
    assert bundle["fragment"].startswith(WRAPPER) and "disgrace" in bundle["fragment"]
    assert bundle["document"]["metadata"]["title"] == "march"
    assert bundle["document"]["text"].startswith("The minister said")
    assert corpus.get("/v1/articles/nope/report").status_code == 404
