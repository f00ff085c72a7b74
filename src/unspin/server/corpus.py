"""Read-only corpus endpoints over a store written by ``unspin batch`` (see :mod:`unspin.corpus`).

Each request opens the store in a worker thread (SQLite connections belong to the thread that
opened them) and closes it again; nothing here writes.  Without ``--store`` the endpoints
answer 503 with a message saying how to start the server with one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

from fastapi import FastAPI, Query
from starlette.concurrency import run_in_threadpool

from unspin.errors import StoreError, UnspinError
from unspin.server.schemas import ReportBundle

#: A calendar date, as the date filters take it.
DATE = r"^\d{4}-\d{2}-\d{2}$"

T = TypeVar("T")


class ArticleNotFoundError(UnspinError):
    """No article in the store has this id."""

    http_status = 404


def _check_sqlite_exists(url: str) -> None:
    """Refuse to create an empty database as a side effect of reading one."""
    if url.startswith("sqlite://"):
        path = url.removeprefix("sqlite://").removeprefix("/")
        if path and path != ":memory:" and not Path(path).is_file():
            raise StoreError(f"store file {path!r} does not exist; run `unspin batch ... --store {url}` first")


def _with_store(store_url: str | None, read: Callable[[Any], T]) -> Callable[[], T]:
    def run() -> T:
        if store_url is None:
            raise StoreError("no corpus store configured; start the server with `unspin serve --store URL`")
        from unspin.corpus.store import Store

        _check_sqlite_exists(store_url)
        with Store.open(store_url) as store:
            return read(store)

    return run


def _article(store: Any, article_id: str) -> dict[str, Any]:
    rows = store.query(
        "SELECT key, record_id, outlet, published, doc_json FROM articles WHERE record_id = ? OR key = ? "
        "ORDER BY created_at DESC LIMIT 1",
        (article_id, article_id),
    )
    if not rows:
        raise ArticleNotFoundError(f"no article with id or key {article_id[:200]!r} in the store")
    key, record_id, outlet, published, doc_json = rows[0]
    return {"id": record_id, "key": key, "outlet": outlet, "published": published, "document": json.loads(doc_json)}


def add_routes(app: FastAPI, store_url: str | None, errors: dict[int | str, dict[str, Any]]) -> None:
    responses: dict[int | str, dict[str, Any]] = {code: errors[code] for code in (400, 422, 503)}
    responses[404] = {"description": "No such article."}

    @app.get("/v1/articles", tags=["corpus"], responses=responses)
    async def articles(
        technique: str | None = Query(None, max_length=200, description="Technique label (substring)."),
        entity: str | None = Query(None, max_length=200),
        source: str | None = Query(None, max_length=200, description="Quoted source (substring)."),
        text: str | None = Query(None, max_length=200, description="Words in the article text."),
        outlet: str | None = Query(None, max_length=200),
        published_from: str | None = Query(None, pattern=DATE, description="Published on or after (YYYY-MM-DD)."),
        published_to: str | None = Query(None, pattern=DATE, description="Published on or before (YYYY-MM-DD)."),
        limit: int = Query(50, ge=1, le=500),
    ) -> dict[str, Any]:
        """Articles in the store matching every filter given, newest first."""
        from unspin.corpus.search import search_articles

        def read(store: Any) -> list[dict[str, Any]]:
            hits = search_articles(
                store, technique=technique, entity=entity, source=source, text=text, outlet=outlet, limit=limit,
                published_from=published_from, published_to=published_to,
            )  # fmt: skip
            return [hit.to_json() for hit in hits]

        return {"items": await run_in_threadpool(_with_store(store_url, read)), "limit": limit}

    @app.get("/v1/articles/{article_id}", tags=["corpus"], responses=responses)
    async def article(article_id: str) -> dict[str, Any]:
        """One stored article (by record id or key) with its full document JSON."""
        return await run_in_threadpool(_with_store(store_url, lambda store: _article(store, article_id)))

    @app.get("/v1/articles/{article_id}/report", tags=["corpus"], responses=responses, response_model=ReportBundle)
    async def article_report(article_id: str) -> dict[str, Any]:
        """One stored article's report, as the web page shows it (the same bundle as /v1/analyze format=page)."""
        from unspin.render.jsondoc import document_from_json
        from unspin.server.runner import page_bundle

        def read(store: Any) -> dict[str, Any]:
            return page_bundle(document_from_json(_article(store, article_id)["document"]))

        return await run_in_threadpool(_with_store(store_url, read))

    @app.get("/v1/stats", tags=["corpus"], responses=responses)
    async def stats(by: Literal["outlet", "month"] | None = None) -> dict[str, Any]:
        """Technique rates per 1,000 words, flagged share, claims, top sources; overall or by outlet/month."""
        from unspin.corpus.stats import corpus_stats

        def read(store: Any) -> list[dict[str, Any]]:
            return [group.to_json() for group in corpus_stats(store, by)]

        return {"by": by, "groups": await run_in_threadpool(_with_store(store_url, read))}
