from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from unspin.corpus.inputs import BadRecord, Record, count_inputs, iter_inputs
from unspin.errors import InputError


def test_folder_yields_text_and_html_files_in_sorted_order_and_skips_others(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.html").write_text("<html><body><p>Two.</p></body></html>", encoding="utf-8")
    (tmp_path / "a.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes("Caf\xe9 ouvert.".encode("cp1252"))
    items = list(iter_inputs([tmp_path]))
    assert [(i.id, i.kind) for i in items if isinstance(i, Record)] == [
        ("a.txt", "text"),
        ("c.txt", "text"),
        ("b/two.html", "html"),
    ]
    assert items[1].content == "Café ouvert."  # type: ignore[union-attr]
    assert count_inputs([tmp_path]) == 3


def test_jsonl_keeps_fields_and_turns_bad_lines_into_bad_records(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    lines = [
        json.dumps({"id": 7, "text": "Seven.", "outlet": "Daily Lantern", "published": "2024-01-02", "url": "u"}),
        "",
        "{broken",
        json.dumps(["a", "list"]),
        json.dumps({"id": "h", "html": "<p>Hi</p>"}),
        json.dumps({"id": "empty", "text": "  "}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_inputs([path]))
    assert items[0] == Record("7", "Seven.", "text", f"{path}:1", "u", "Daily Lantern", "2024-01-02")
    assert isinstance(items[1], BadRecord) and items[1].origin == f"{path}:3" and "invalid JSON" in items[1].reason
    assert isinstance(items[2], BadRecord) and "got list" in items[2].reason
    assert isinstance(items[3], Record) and items[3].kind == "html"
    assert isinstance(items[4], BadRecord) and items[4].id == "empty"
    assert count_inputs([path]) == 5


def test_csv_reads_quoted_multiline_bodies(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text('id,text,outlet\nx1,"Line one.\nLine two, with a comma.",Herald\nx2,,Herald\n', encoding="utf-8")
    items = list(iter_inputs([path]))
    assert isinstance(items[0], Record) and items[0].content == "Line one.\nLine two, with a comma."
    assert items[0].outlet == "Herald"
    assert isinstance(items[1], BadRecord) and items[1].origin == f"{path}:row 2"


PAGE = "<html><body><article><p>Caf\xe9 crème for everyone in the square today.</p></article></body></html>"


def write_warc(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        pages = [
            (
                "https://news.example/a",
                "text/html; charset=iso-8859-1",
                PAGE.encode("latin-1"),
            ),
            ("https://news.example/logo.png", "image/png", b"\x89PNG"),
        ]
        for url, content_type, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )
        writer.write_record(
            writer.create_warc_record("https://news.example/a", "request", payload=io.BytesIO(b"GET /a"))
        )


def test_warc_yields_only_html_responses_decoded_by_their_charset(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    items = list(iter_inputs([path]))
    assert len(items) == 1
    record = items[0]
    assert isinstance(record, Record) and record.kind == "html" and record.url == "https://news.example/a"
    assert "Café" in record.content
    assert count_inputs([path]) is None


def test_inputs_are_streamed_lazily(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": "first"}) + "\n", encoding="utf-8")
    items = iter_inputs([path, tmp_path / "missing.jsonl"])
    assert isinstance(next(items), Record)  # the missing second input is only noticed when reached
    with pytest.raises(InputError, match=r"missing\.jsonl"):
        next(items)


def test_unsupported_file_names_the_valid_suffixes(tmp_path: Path) -> None:
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(InputError, match=r"x\.pdf.*\.jsonl"):
        list(iter_inputs([path]))
