"""Corpus records (JSONL, CSV) into Documents; bad records named by file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspin.config import Config
from unspin.errors import InputError
from unspin.readers import read_records

TEXT = "The council approved the budget on Monday after a long debate."


def _jsonl(tmp_path: Path, rows: list[object]) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_jsonl_records_become_documents_with_metadata(tmp_path: Path) -> None:
    path = _jsonl(
        tmp_path,
        [
            {
                "id": "a1",
                "text": TEXT,
                "outlet": "Valley Courier",
                "published": "2021-05-17",
                "url": "https://x.test/a",
            },
            {"id": "a2", "html": f"<html><body><p>{TEXT}</p></body></html>"},
        ],
    )
    docs = list(read_records(path, Config()))
    assert [d.source.name for d in docs] == ["a1", "a2"]
    assert all(d.source.kind == "record" for d in docs)
    assert docs[0].raw == TEXT
    assert docs[0].metadata == {"outlet": "Valley Courier", "published": "2021-05-17", "url": "https://x.test/a"}
    assert docs[0].source.url == "https://x.test/a"
    assert TEXT in docs[1].raw and "<p>" not in docs[1].raw


def test_csv_records(tmp_path: Path) -> None:
    path = tmp_path / "corpus.csv"
    path.write_text(f'id,text,outlet\nc1,"{TEXT}",Herald\nc2,"Line one.\nLine two.",\n', encoding="utf-8")
    docs = list(read_records(path))
    assert [d.source.name for d in docs] == ["c1", "c2"]
    assert docs[0].metadata == {"outlet": "Herald"}
    assert docs[1].raw == "Line one.\nLine two."


def test_bad_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "ok", "text": TEXT}) + "\n{not json\n", encoding="utf-8")
    records = read_records(path)
    assert next(records).source.name == "ok"
    with pytest.raises(InputError, match=r"bad\.jsonl:2"):
        next(records)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"id": "x"}, "no non-empty 'text' or 'html'"),
        ({"id": "x", "text": "   "}, "no non-empty 'text' or 'html'"),
        ({"id": "x", "text": TEXT, "outlet": 7}, "'outlet' must be a string"),
        (["not", "an", "object"], "expected an object"),
        ({"id": "x", "text": "binary\u0000junk"}, "NUL"),
    ],
)
def test_bad_record_is_an_input_error_naming_its_line(tmp_path: Path, row: object, problem: str) -> None:
    path = _jsonl(tmp_path, [{"id": "fine", "text": TEXT}, row])
    with pytest.raises(InputError, match=problem) as info:
        list(read_records(path))
    assert "corpus.jsonl:2" in str(info.value)


def test_csv_without_text_column_and_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    with pytest.raises(InputError, match="'text' or 'html' column"):
        list(read_records(path))
    other = tmp_path / "c.xml"
    other.write_text("<x/>", encoding="utf-8")
    with pytest.raises(InputError, match=r"\.jsonl"):
        list(read_records(other))
    with pytest.raises(InputError, match="no such records file"):
        list(read_records(tmp_path / "missing.jsonl"))
