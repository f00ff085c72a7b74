from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from corpus_helpers import FAKE
from corpus_synthetic import write_jsonl

from unspin.cli.main import main
from unspin.corpus.batch import run_batch
from unspin.corpus.export import export_store
from unspin.corpus.spans import span_columns
from unspin.corpus.store import Store
from unspin.errors import ConfigError

N = 20


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    folder = tmp_path_factory.mktemp("spans")
    corpus = write_jsonl(folder / "corpus.jsonl", N, extra=('{"id": "bad", "text": "POISON"}',))
    with Store.open(f"sqlite:///{folder}/store.db") as opened:
        run_batch([corpus], opened, FAKE, workers=0)
        yield opened


def _jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _texts(store: Store) -> dict[str, str]:
    return dict(store.query("SELECT record_id, text FROM articles"))


def test_technique_rows_are_one_per_span_with_exact_offsets_and_the_shown_flag(store: Store, tmp_path: Path) -> None:
    n = export_store(store, "jsonl", tmp_path / "t.jsonl", table="techniques")
    rows = _jsonl(tmp_path / "t.jsonl")
    assert n == len(rows) == store.query("SELECT COUNT(*) FROM techniques")[0][0] > 0
    texts = _texts(store)
    for row in rows:
        assert list(row) == list(span_columns("techniques"))
        text = texts[str(row["article_id"])]
        assert text[row["start"] : row["end"]] == row["text"]  # type: ignore[misc]
        assert text[row["raw_start"] : row["raw_end"]] == row["text"]  # type: ignore[misc]  # raw is the text here
        assert row["shown"] is (row["label"] != "Doubt") and row["score"] == 0.9
    assert {r["label"] for r in rows} >= {"Doubt", "Loaded_Language"}
    stored = store.query(
        "SELECT a.record_id, t.start_char, t.end_char, t.label "
        "FROM techniques t JOIN articles a ON a.key = t.article_key"
    )
    assert sorted(stored) == sorted((r["article_id"], r["start"], r["end"], r["label"]) for r in rows)


def test_claim_and_attribution_rows_match_the_stored_layers(store: Store, tmp_path: Path) -> None:
    assert (
        export_store(store, "jsonl", tmp_path / "c.jsonl", table="claims")
        == store.query("SELECT COUNT(*) FROM claims")[0][0]
    )
    claims = _jsonl(tmp_path / "c.jsonl")
    assert all(c["label"] == "claim" and isinstance(c["rank"], int) for c in claims)
    assert {c["stance"] for c in claims} == {"asserted", "reported"}
    export_store(store, "jsonl", tmp_path / "a.jsonl", table="attributions")
    roles = _jsonl(tmp_path / "a.jsonl")
    assert len(roles) == 3 * store.query("SELECT COUNT(*) FROM attributions")[0][0]
    bob = [r for r in roles if r["resolved"] == "Bob Tran"]
    assert {r["label"] for r in bob} == {"source", "cue", "content"} and {r["stance"] for r in bob} == {"denial"}
    assert all(r["text"] == "denied" for r in bob if r["label"] == "cue")


def test_csv_and_parquet_hold_the_same_rows_with_types(store: Store, tmp_path: Path) -> None:
    export_store(store, "jsonl", tmp_path / "t.jsonl", table="techniques")
    rows = _jsonl(tmp_path / "t.jsonl")
    export_store(store, "csv", tmp_path / "t.csv", table="techniques")
    with (tmp_path / "t.csv").open(newline="", encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert [(r["article_id"], int(r["start"]), r["shown"]) for r in table] == [
        (r["article_id"], r["start"], str(r["shown"])) for r in rows
    ]
    import pyarrow.parquet as pq

    export_store(store, "parquet", tmp_path / "t.parquet", table="techniques")
    parquet = pq.read_table(tmp_path / "t.parquet")
    assert parquet.to_pylist() == rows
    assert str(parquet.schema.field("shown").type) == "bool" and str(parquet.schema.field("score").type) == "double"


def test_an_unknown_table_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown export table 'quotes'; choose one of: articles, techniques"):
        export_store(store, "csv", tmp_path / "x.csv", table="quotes")


def test_cli_export_tables(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = ["--store", store.url]
    out = tmp_path / "t.csv"
    assert main(["corpus", "export", *url, "--table", "techniques", "--format", "csv", "-o", str(out)]) == 0
    assert "rows to" in capsys.readouterr().err and out.read_text(encoding="utf-8").startswith("article_id,")
    assert main(["corpus", "export", *url, "--format", "csv", "-o", str(tmp_path / "a.csv")]) == 0  # articles
    assert (tmp_path / "a.csv").read_text(encoding="utf-8").startswith("id,key,")
    with pytest.raises(SystemExit) as exit_info:
        main(["corpus", "export", *url, "--table", "quotes", "--format", "csv", "-o", str(out)])
    assert exit_info.value.code == 2


@pytest.mark.postgres
def test_postgres_span_exports_equal_sqlite(store: Store, pg_store: Store, tmp_path: Path) -> None:
    corpus = write_jsonl(tmp_path / "corpus.jsonl", N, extra=('{"id": "bad", "text": "POISON"}',))
    run_batch([corpus], pg_store, FAKE, workers=0)
    for table in ("techniques", "claims", "attributions"):
        export_store(pg_store, "jsonl", tmp_path / f"pg-{table}.jsonl", table=table)
        export_store(store, "jsonl", tmp_path / f"lite-{table}.jsonl", table=table)
        pg = (tmp_path / f"pg-{table}.jsonl").read_text(encoding="utf-8")
        assert pg and pg == (tmp_path / f"lite-{table}.jsonl").read_text(encoding="utf-8")
