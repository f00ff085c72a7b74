"""Read-only corpus endpoints over a SQLite store written with unspin.corpus.store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from unspin.pipeline import Stage

from .conftest import TEXT, live_server


@pytest.fixture
def corpus(corpus_base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=corpus_base_url, trust_env=False) as client:
        yield client


def test_articles_lists_newest_first(corpus: httpx.Client) -> None:
    body = corpus.get("/v1/articles").json()
    assert [item["id"] for item in body["items"]] == ["r2", "r1"]


def test_articles_filters_by_outlet_and_technique(corpus: httpx.Client) -> None:
    assert [i["id"] for i in corpus.get("/v1/articles", params={"outlet": "local"}).json()["items"]] == ["r1"]
    assert len(corpus.get("/v1/articles", params={"technique": "Loaded"}).json()["items"]) == 2
    assert corpus.get("/v1/articles", params={"technique": "Slogans"}).json()["items"] == []


def test_one_article_has_its_document(corpus: httpx.Client) -> None:
    body = corpus.get("/v1/articles/r1").json()
    assert body["key"] == "k1" and body["document"]["text"] == TEXT


def test_unknown_article_is_404(corpus: httpx.Client) -> None:
    response = corpus.get("/v1/articles/nope")
    assert response.status_code == 404 and "'nope'" in response.json()["message"]


def test_stats_by_outlet(corpus: httpx.Client) -> None:
    groups = corpus.get("/v1/stats", params={"by": "outlet"}).json()["groups"]
    assert [g["group"] for g in groups] == ["Daily Wire", "Local Radio"]
    assert groups[0]["technique_counts"] == {"Loaded_Language": 1}


def test_bad_grouping_is_422(corpus: httpx.Client) -> None:
    assert corpus.get("/v1/stats", params={"by": "colour"}).status_code == 422


def test_without_a_store_the_endpoints_say_how_to_get_one(stub_stages: dict[str, Stage]) -> None:
    with live_server() as url:
        for path in ("/v1/articles", "/v1/articles/r1", "/v1/stats"):
            response = httpx.get(f"{url}{path}", trust_env=False)
            assert response.status_code == 503 and "--store" in response.json()["message"]


def test_missing_store_file_is_503_and_not_created(stub_stages: dict[str, Stage], tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    with live_server(store_url=f"sqlite:///{missing}") as url:
        response = httpx.get(f"{url}/v1/stats", trust_env=False)
    assert response.status_code == 503 and "does not exist" in response.json()["message"]
    assert not missing.exists()
