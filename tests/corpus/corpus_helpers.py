"""Helpers shared by the corpus tests (imported by name: tests/corpus is on sys.path)."""

from __future__ import annotations

import os
from pathlib import Path

from unspin.corpus.store import Store
from unspin.corpus.work import PipelineSpec

HERE = Path(__file__).parent
#: The cheap deterministic pipeline of corpus_fake_stages.
FAKE = PipelineSpec(stages=("fake_annotate",), modules=("corpus_fake_stages",))


def subprocess_env(**extra: str) -> dict[str, str]:
    """Environment for a subprocess (or Ray worker) that must import the fake stages."""
    env = dict(os.environ, **extra)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(HERE), env.get("PYTHONPATH", "")) if p)
    env["RAY_USAGE_STATS_ENABLED"] = "0"
    return env


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


def dump_store(store: Store) -> dict[str, list[tuple[object, ...]]]:
    """Every stored row except write times, in a canonical order: equal dumps mean equal stores."""
    queries = {
        "articles": "SELECT key, record_id, content_hash, pipeline_version, outlet, published, month, url, title, "
        "words, chars, flagged_chars, n_techniques, n_entities, n_attributions, n_claims, counts, text, doc_json "
        "FROM articles ORDER BY key",
        "errors": "SELECT key, record_id, origin, reason, pipeline_version FROM errors ORDER BY key",
    }
    for table in ("techniques", "entities", "attributions", "claims"):
        queries[table] = f"SELECT * FROM {table} ORDER BY article_key, ord"
    return {table: store.query(sql) for table, sql in queries.items()}
