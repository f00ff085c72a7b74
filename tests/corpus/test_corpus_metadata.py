from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_helpers import FAKE

from unspin.cli.main import main
from unspin.corpus.batch import run_batch
from unspin.corpus.inputs import Record, iter_inputs
from unspin.corpus.metadata import MetadataTable
from unspin.corpus.store import Store
from unspin.errors import ConfigError

TEXTS = {
    "a.txt": "Alice Marsh said that 3 wells closed.\n\nA disaster for the town.",
    "sub/b.txt": "Bob Tran denied that the Water Ministry had closed 3 wells.",
    "c.txt": "Rain is expected over the weekend.",
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "texts"
    for name, text in TEXTS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_give_folder_files_their_metadata_and_win_over_the_records_own(folder: Path, tmp_path: Path) -> None:
    meta = _csv(
        tmp_path / "meta.csv",
        "file,outlet,published,url,title,authors\n"
        "a.txt,Daily Lantern,2024-03-05,https://lantern.example/a,Wells close,Jane Doe; John Roe\n"
        "./sub/b.txt,Borduria Herald,2024-04-01T09:30:00Z,,,\n",
    )
    table = MetadataTable.read(meta)
    records = {r.id: r for r in table.apply(iter_inputs([folder])) if isinstance(r, Record)}
    a = records["a.txt"]
    assert (a.outlet, a.published, a.url, a.title) == (
        "Daily Lantern",
        "2024-03-05",
        "https://lantern.example/a",
        "Wells close",
    )
    assert a.authors == ("Jane Doe", "John Roe")
    b = records["sub/b.txt"]
    assert (b.outlet, b.published, b.url, b.title) == ("Borduria Herald", "2024-04-01T09:30:00+00:00", None, None)
    assert records["c.txt"].outlet is None
    assert table.unmatched() == [] and table.records_without_row == 1
    assert table.warnings() == [f"{meta}: 1 input records have no row"]


def test_batch_stores_the_metadata_and_the_document_carries_it(folder: Path, tmp_path: Path) -> None:
    meta = _csv(
        tmp_path / "meta.csv",
        "file,outlet,published,title,authors\na.txt,Daily Lantern,2024-03-05,Wells close,Jane Doe\n",
    )
    with Store.open(f"sqlite:///{tmp_path}/x.db") as store:
        run_batch([folder], store, FAKE, workers=0, metadata=MetadataTable.read(meta))
        rows = store.query("SELECT record_id, outlet, published, month, title, doc_json FROM articles ORDER BY 1")
    *fields, doc_json = rows[0]
    assert fields == ["a.txt", "Daily Lantern", "2024-03-05", "2024-03", "Wells close"]
    assert json.loads(doc_json)["metadata"]["authors"] == ["Jane Doe"]
    assert [r[1] for r in rows[1:]] == [None, None]  # no row: no outlet, as before


def test_id_column_matches_jsonl_record_ids(tmp_path: Path) -> None:
    corpus = tmp_path / "c.jsonl"
    lines = [json.dumps({"id": "r1", "text": "One.", "outlet": "Old"}), json.dumps({"id": "r2", "text": "Two."})]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = MetadataTable.read(_csv(tmp_path / "m.csv", "id,outlet\nr1,New Outlet\nr9,Nobody\n"))
    records = [r for r in table.apply(iter_inputs([corpus])) if isinstance(r, Record)]
    assert [r.outlet for r in records] == ["New Outlet", None]
    assert table.unmatched() == ["r9"]
    assert "1 of 2 rows name no input record ('r9')" in table.warnings()[0]


def test_a_metadata_file_inside_the_corpus_folder_is_not_read_as_articles(folder: Path) -> None:
    meta = _csv(folder / "meta.csv", "file,outlet\na.txt,Daily Lantern\n")
    items = list(MetadataTable.read(meta).apply(iter_inputs([folder])))
    assert sorted(i.id for i in items) == ["a.txt", "c.txt", "sub/b.txt"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("file,outlet,section\na.txt,X,news\n", r"unknown column\(s\) 'section'; the columns are 'file' or 'id'"),
        ("outlet\nX\n", "needs exactly one of the columns 'file' or 'id' to name each record \\(neither\\)"),
        ("file,id,outlet\na.txt,a,X\n", r"\(both\)"),
        ("file,published\na.txt,05/03/2024\n", r"m\.csv:2: published '05/03/2024' is not an ISO 8601 date"),
        ("file,published\na.txt,2024-02-30\n", "is not an ISO 8601 date"),
        ("file,url\na.txt,lantern.example/a\n", "url 'lantern.example/a' is not an http\\(s\\) URL"),
        ("file,outlet\na.txt,X\na.txt,Y\n", r"m\.csv:3: file 'a.txt' has a row already"),
        ("file,outlet\n,X\n", "the 'file' cell is empty"),
        ("file,outlet\na.txt,X,extra\n", "more cells than the header"),
    ],
)
def test_bad_metadata_files_are_refused_naming_the_problem(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        MetadataTable.read(_csv(tmp_path / "m.csv", text))


def test_cli_batch_metadata(folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path}/cli.db"
    args = ["batch", str(folder), "--store", url, "--plugin", "corpus_fake_stages", "--stages", "fake_annotate"]
    meta = _csv(tmp_path / "m.csv", "file,outlet\na.txt,Daily Lantern\nmissing.txt,Nobody\n")
    assert main([*args, "--workers", "0", "--metadata", str(meta)]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "1 of 2 rows name no input record ('missing.txt')" in err
    assert "2 input records have no row" in err
    bad = _csv(tmp_path / "bad.csv", "file,place\na.txt,X\n")
    assert main([*args, "--workers", "0", "--metadata", str(bad)]) == 2
    assert "unknown column(s) 'place'" in capsys.readouterr().err
    assert main([*args, "--workers", "0", "--metadata", str(tmp_path / "none.csv")]) == 2
    assert "is not a file" in capsys.readouterr().err
