"""Issue 18's reader reproducers: each is a correct result with a warning, or a clean error."""

from __future__ import annotations

from pathlib import Path

import pytest

import unspin
from unspin.cli.main import main
from unspin.readers import read_source
from unspin.readers.hostile import nesting_depth

BODY = "<p>" + "The minister said the harbour plan was a disaster for the town. " * 12 + "</p>"


def test_a_lone_surrogate_becomes_a_replacement_character_with_a_warning() -> None:
    doc = unspin.analyze("The minister said it. \ud800", until="segment")
    assert doc.text == "The minister said it. \ufffd"  # one for one: offsets hold
    assert "surrogate" in doc.source.extra["warnings"][0]
    assert doc.layer("sentences")


def test_control_characters_in_html_are_read_not_a_traceback(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(b"\x11<?>O<div><div><div>")
    doc = read_source(page)
    assert doc.text.strip() == "O"
    assert main(["analyze", str(page), "--until", "clean"]) == 0


@pytest.mark.parametrize("depth", [255, 300])
def test_an_article_inside_deeply_nested_divs_is_not_lost(depth: int) -> None:
    html = f"<html><head><title>Harbour</title></head><body>{'<div>' * depth}{BODY}{'</div>' * depth}</body></html>"
    doc = read_source(html.encode())
    assert "harbour plan was a disaster" in doc.text
    assert any("nests elements" in w for w in doc.source.extra["warnings"])


def test_five_thousand_unclosed_levels_still_give_the_text() -> None:
    doc = read_source(("<html><body>" + "<div>" * 5000 + BODY).encode())
    assert doc.text.count("harbour plan") == 12
    assert nesting_depth("<div>" * 5000) == 5000


def test_utf16_without_a_bom_is_read() -> None:
    text = "The minister said the plan was a disaster."
    for encoding in ("utf-16-le", "utf-16-be"):
        doc = read_source(text.encode(encoding))
        assert doc.raw == text
        assert doc.source.extra["warnings"] == ["read as UTF-16 without a byte-order mark"]


def test_mixed_utf8_and_latin1_is_read_per_byte_with_a_warning() -> None:
    data = "Le ministre a dit «café» est fermé. ".encode() + "Über naïve résumé.".encode("latin-1")
    doc = read_source(data)
    assert doc.raw == "Le ministre a dit «café» est fermé. Über naïve résumé."
    assert doc.source.encoding == "utf-8+cp1252"
    assert doc.source.extra["warnings"] == ["mixed encodings: 4 byte(s) that are not UTF-8 were read as cp1252"]


def test_a_string_naming_an_existing_file_is_analysed_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes.txt").write_text("The secret plan was approved.", encoding="utf-8")
    assert unspin.analyze("notes.txt", until="clean").text == "notes.txt"
    assert unspin.analyze_file("notes.txt", until="clean").text == "The secret plan was approved."


def test_an_article_text_past_max_text_chars_is_refused_before_any_analysis() -> None:
    from unspin.config import Config
    from unspin.errors import InputTooLargeError

    with pytest.raises(InputTooLargeError, match="max_text_chars"):
        read_source("word " * 100, Config(max_text_chars=50))
    html = ("<html><body><p>" + "word " * 100 + "</p></body></html>").encode()
    with pytest.raises(InputTooLargeError, match="max_text_chars"):
        read_source(html, Config(max_text_chars=50))  # the extracted text counts, not the markup
    assert read_source("word " * 9, Config(max_text_chars=50)).raw
