"""HTML pages: text and metadata out, scripts and event handlers never in."""

from __future__ import annotations

import pytest

from unspin.config import Config
from unspin.errors import InputError
from unspin.readers import read_source

CONFIG = Config()
BODY = (
    "<p>The harbour authority of Port Aldwin delayed its dredging plan on Tuesday, citing a court ruling "
    "on protected seagrass beds that it said it would respect in full.</p>"
    "<p>Shipping firms warned the delay could cost exporters millions of dollars a year in lighter loads.</p>"
)
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<title>Dredging Delayed In Port Aldwin | The Coast Herald</title>
<meta name="author" content="Mara Ellison">
<meta property="og:site_name" content="The Coast Herald">
<meta name="date" content="2020-03-03">
<script>window.__pwned = true; alert("head script")</script>
<style>p {{ color: red }}</style>
</head><body>
<nav>Home | World | Sport</nav>
<article><h1>Dredging Delayed In Port Aldwin</h1>{BODY}
<img src="x.png" onerror="alert('onerror payload')">
<script>document.write("body script")</script>
</article>
</body></html>"""


def test_html_gives_article_text_and_metadata() -> None:
    doc = read_source(PAGE, CONFIG)
    assert doc.source.kind == "html"
    assert "harbour authority of Port Aldwin" in doc.raw
    assert "Shipping firms warned" in doc.raw
    assert doc.metadata["authors"] == ["Mara Ellison"]
    assert doc.metadata["outlet"] == "The Coast Herald"
    assert doc.metadata["published"].startswith("2020-03-03")
    assert len(doc.source.extra["html_sha256"]) == 64


def test_scripts_styles_and_event_handlers_never_survive() -> None:
    raw = read_source(PAGE, CONFIG).raw
    for payload in ("alert", "__pwned", "onerror", "body script", "color: red", "<"):
        assert payload not in raw


def test_blocks_become_paragraphs_separated_by_a_blank_line() -> None:
    raw = read_source(PAGE, CONFIG).raw
    assert "respect in full.\n\nShipping firms" in raw


def test_html_detected_by_kind_and_by_extension(tmp_path: pytest.TempPathFactory) -> None:
    fragment = f"<div>{BODY}</div>"
    assert read_source(fragment, CONFIG, kind="html").source.kind == "html"
    path = tmp_path / "page.htm"  # type: ignore[operator]
    path.write_text(fragment, encoding="utf-8")
    doc = read_source(path, CONFIG)
    assert doc.source.kind == "html" and "<div>" not in doc.raw


def test_truncated_html_still_gives_text() -> None:
    truncated = PAGE[: PAGE.index("Shipping firms") + 20]
    doc = read_source(truncated, CONFIG)
    assert "harbour authority of Port Aldwin" in doc.raw
    assert "alert" not in doc.raw


def test_malformed_tiny_html_falls_back_to_visible_text() -> None:
    doc = read_source("<html><body><p>Short <b>note<p>Second line</i></body>", CONFIG)
    assert "Short note" in doc.raw and "Second line" in doc.raw


def test_html_without_any_text_is_a_clear_input_error() -> None:
    with pytest.raises(InputError, match="no article text"):
        read_source("<html><head><script>alert(1)</script></head><body><img src=x onerror=alert(2)></body></html>")


def test_page_title_opens_the_text_when_the_body_lacks_it() -> None:
    without_h1 = PAGE.replace("<h1>Dredging Delayed In Port Aldwin</h1>", "")
    doc = read_source(without_h1, CONFIG)
    assert doc.raw.startswith(f"{doc.metadata['title']}\n\nThe harbour authority")
    with_h1 = read_source(PAGE, CONFIG)
    assert with_h1.raw.count("Dredging Delayed In Port Aldwin") == 1
