from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).parent
# The helpers, fake stages and synthetic corpus live beside the tests; worker processes
# (spawn) inherit sys.path, subprocesses and Ray workers get PYTHONPATH (subprocess_env).
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from corpus_helpers import pg_url  # noqa: E402

from unspin.corpus.store import Store  # noqa: E402

PG_TABLES = ("meta", "articles", "techniques", "entities", "attributions", "claims", "errors")


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'corpus.db'}") as store:
        yield store


@pytest.fixture
def pg_store() -> Iterator[Store]:
    url = pg_url()
    if url is None:
        pytest.skip("no PostgreSQL server reachable (set UNSPIN_TEST_PG_URL)")
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        for table in PG_TABLES:
            conn.execute(f"DROP TABLE IF EXISTS {table}")
    with Store.open(url) as store:
        yield store


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest) -> Store:
    name = "sqlite_store" if request.param == "sqlite" else "pg_store"
    store: Store = request.getfixturevalue(name)
    return store
