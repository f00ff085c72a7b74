from __future__ import annotations

from pathlib import Path

import pytest

from unspin.corpus.store import Store
from unspin.corpus.work import ArticleRow, ErrorRow
from unspin.errors import StoreError


def _article(key: str, techniques: list[tuple[object, ...]] | None = None) -> ArticleRow:
    return ArticleRow(
        key=key, record_id=f"id-{key}", content_hash="h", outlet="Herald", published="2024-01-02", month="2024-01",
        url=None, title="T", words=3, chars=12, flagged_chars=4, counts={"techniques": 1}, text="One two three",
        doc_json="{}", techniques=techniques if techniques is not None else [(0, 3, "Doubt", 0.5, "One")],
        entities=[(4, 7, "PERSON", "two", "Two")],
        attributions=[("a0", "two", "Two", "direct", "neutral", "said", "three")],
        claims=[(0, 13, "One two three", "one two three", 0.7, "asserted", None, 1)],
    )  # fmt: skip


@pytest.mark.postgres
def test_writing_twice_stores_each_article_once(any_store: Store) -> None:
    first = any_store.write([_article("k1"), ErrorRow("e1", "bad", "f:1", "why")], "v", "now")
    assert (first.written, first.errors, first.duplicates) == (1, 1, 0)
    again = any_store.write([_article("k1"), _article("k2"), ErrorRow("e1", "bad", "f:1", "why")], "v", "now")
    assert (again.written, again.errors, again.duplicates) == (1, 0, 2)
    assert any_store.article_count() == 2 and any_store.error_count() == 1
    for table in ("techniques", "entities", "attributions", "claims"):
        assert any_store.query(f"SELECT COUNT(*) FROM {table}")[0][0] == 2
    assert any_store.done_keys(["k1", "e1", "k9"]) == {"k1", "e1"}


@pytest.mark.postgres
def test_a_failing_batch_writes_nothing(any_store: Store) -> None:
    broken = _article("k2", techniques=[(0, 3, "Doubt")])  # too few columns: the insert fails
    with pytest.raises(StoreError, match="writing to store"):
        any_store.write([_article("k1"), broken], "v", "now")
    assert any_store.article_count() == 0
    assert any_store.query("SELECT COUNT(*) FROM techniques")[0][0] == 0
    assert any_store.write([_article("k1")], "v", "now").written == 1  # the store is usable afterwards


def test_unsupported_url_names_the_valid_schemes() -> None:
    with pytest.raises(StoreError, match=r"mysql://x.*sqlite:///path\.db.*postgresql://"):
        Store.open("mysql://x")


def test_sqlite_store_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(f"sqlite:///{tmp_path}/nope/x.db")


def test_postgres_errors_never_show_the_password() -> None:
    with pytest.raises(StoreError) as info:
        Store.open("postgresql://someone:s3cret@127.0.0.1:1/db")
    assert "s3cret" not in str(info.value) and "someone:***@" in str(info.value)


def test_reopening_a_store_keeps_its_rows(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/x.db"
    with Store.open(url) as store:
        store.write([_article("k1")], "v", "now")
    with Store.open(url) as store:
        assert store.article_count() == 1
