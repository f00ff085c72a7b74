from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from unspin.corpus.store import Store
from unspin.corpus.work import PipelineSpec

HERE = Path(__file__).parent
FAKE = PipelineSpec(stages=("fake_annotate",), modules=("fake_stages",))


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'corpus.db'}") as store:
        yield store


def pg_url() -> str | None:
    """The test PostgreSQL URL when a server answers; in CI an unreachable server is a failure."""
    url = os.environ.get("UNSPIN_TEST_PG_URL", "postgresql://unspin:unspin@127.0.0.1:5432/unspin_test")
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception as exc:
        if os.environ.get("CI") == "true":
            raise RuntimeError(f"PostgreSQL at {url} is required in CI: {exc}") from exc
        return None
    return url


@pytest.fixture
def pg_store() -> Iterator[Store]:
    url = pg_url()
    if url is None:
        pytest.skip("no PostgreSQL server reachable (set UNSPIN_TEST_PG_URL)")
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for table in ("meta", "articles", "techniques", "entities", "attributions", "claims", "errors"):
            conn.execute(f"DROP TABLE IF EXISTS {table}")
    with Store.open(url) as store:
        yield store


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest) -> Store:
    name = "sqlite_store" if request.param == "sqlite" else "pg_store"
    store: Store = request.getfixturevalue(name)
    return store
