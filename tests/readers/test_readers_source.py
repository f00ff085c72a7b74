"""read_source: what each kind of source becomes."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from unspin.config import Config
from unspin.document import Document
from unspin.errors import ConfigError, InputError
from unspin.readers import STDIN, read_source

TEXT = "The council approved the budget on Monday after a long debate."


def test_plain_string_is_the_article_text() -> None:
    doc = read_source(TEXT)
    assert doc.raw == TEXT and doc.source.kind == "text"


def test_a_path_reads_the_file_but_a_string_naming_it_is_text(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(TEXT.encode("cp1252"))
    doc = read_source(path)
    assert doc.raw == TEXT and doc.source.name == str(path)
    # issue 18: a string is the article, never a file name (no file is read on a user's behalf)
    assert read_source(str(path)).raw == str(path)


def test_a_url_string_is_text_unless_kind_url_asks_for_a_fetch() -> None:
    doc = read_source("http://127.0.0.1:9/secret")
    assert doc.raw == "http://127.0.0.1:9/secret" and doc.source.kind == "text"


def test_missing_path_object_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_source(tmp_path / "nope.txt")


def test_stdin_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(TEXT.encode("utf-8")))
    monkeypatch.setattr(sys, "stdin", fake)
    doc = read_source(STDIN)
    assert doc.raw == TEXT and doc.source.kind == "stdin"
    assert read_source("-").raw == "-"  # the string "-" is text; STDIN is the explicit request


def test_stdin_over_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"z" * 100)))
    with pytest.raises(InputError, match="over the limit"):
        read_source(STDIN, Config(max_input_bytes=50))


def test_document_passes_through_and_bad_types_or_kinds_are_refused() -> None:
    doc = Document(TEXT)
    assert read_source(doc) is doc
    with pytest.raises(InputError, match="cannot read a int"):
        read_source(42)
    with pytest.raises(ConfigError, match="unknown input kind 'pdf'"):
        read_source(TEXT, kind="pdf")


def test_text_kind_keeps_markup_as_text() -> None:
    markup = "<html><body><p>Tags stay</p></body></html>"
    assert read_source(markup, kind="text").raw == markup
