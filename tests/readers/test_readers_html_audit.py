"""HTML pages get the audit plain text gets: every visible block left out of the article is listed.

The pages under ``pages/`` are our own, written to look like real news pages (navigation,
figure captions, related-story boxes, newsletter prompts, footers, an outlet's standards line).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from unspin.api import analyze
from unspin.readers.html_audit import block_kind, page_blocks
from unspin.render.jsondoc import document_to_json

PAGES = Path(__file__).parent / "pages"


def _analysed(name: str) -> tuple[str, dict[str, Any]]:
    path = PAGES / name
    return path.read_text(encoding="utf-8"), document_to_json(analyze(path, until="clean"))


def test_every_left_out_block_is_listed_with_its_kind_and_markup_offsets() -> None:
    html, data = _analysed("wire-story.html")
    removed = data["metadata"]["removed"]
    kinds = {r["text"]: r["reason"] for r in removed}
    assert kinds["Home"] == kinds["World"] == kinds["Business"] == "navigation"
    assert kinds["Island ferry fares to rise in spring"] == "related"
    assert kinds["Get the morning briefing in your inbox every day."] == "ui"
    assert kinds["© 2025 Example Wire. All rights reserved."] == "copyright"
    assert kinds["By Jane Roe and Tom Fenwick"] == "byline"
    assert kinds["Terms of use · Privacy"] == "footer"
    assert any(r["reason"] == "caption" and r["text"].startswith("FILE PHOTO: Ferries moored") for r in removed)
    for piece in removed:
        start, end = piece["markup_start"], piece["markup_end"]
        shown = " ".join(html[start:end].split())
        assert shown.startswith(piece["text"][:4]) and shown.endswith(piece["text"][-4:]), piece
    # The headline is the article's first paragraph (from the metadata), so the <h1> is not "left out".
    assert "Harbour authority approves new ferry terminal" not in kinds


def test_every_visible_block_is_either_in_the_article_or_listed() -> None:
    html, data = _analysed("wire-story.html")
    listed = {r["text"] for r in data["metadata"]["removed"]}
    text = " ".join(data["text"].split())
    for block in page_blocks(html):
        assert block.text in listed or block.text[:30] in text, block.text


def test_known_furniture_lines_leave_the_body() -> None:
    _, data = _analysed("wire-story.html")
    assert "Our Standards" not in data["text"] and "FILE PHOTO" not in data["text"]
    assert any(r["text"].startswith("Our Standards") and r["reason"] == "ui" for r in data["metadata"]["removed"])
    _, data = _analysed("network-date-byline.html")
    assert "We want to hear what you think" not in data["text"]
    assert "We want to hear what you think" in " ".join(r["text"] for r in data["metadata"]["removed"])


def test_a_caption_inside_an_interview_answer_is_lifted_out() -> None:
    _, data = _analysed("interview-caption.html")
    assert "Photo: Jane Roe" not in data["text"] and "old harbour in Kelling on April 28" not in data["text"]
    assert "The islanders have written to the minister" in data["text"]
    assert any(r["reason"] == "caption" for r in data["metadata"]["removed"])


@pytest.mark.parametrize("name", ["wire-story.html", "network-date-byline.html", "outlet-author.html"])
def test_the_title_is_not_repeated_as_body_text(name: str) -> None:
    _, data = _analysed(name)
    title = data["metadata"]["title"]
    paragraphs = [p for p in data["text"].split("\n\n") if p.strip()]
    assert paragraphs[0] == title and title not in paragraphs[1:]


def test_kinds_come_from_the_text_first_then_from_where_a_block_sits() -> None:
    page = (
        "<html><body><div id='comments'><p>Join the conversation</p><p>Great article, thanks!</p></div>"
        "<aside class='sidebar'><p>Weather in Kelling</p></aside><div class='promo-box'><p>Try 30 days</p></div>"
        "</body></html>"
    )
    kinds = {b.text: block_kind(b) for b in page_blocks(page)}
    assert kinds == {
        "Join the conversation": "ui",
        "Great article, thanks!": "comments",
        "Weather in Kelling": "aside",
        "Try 30 days": "promo",
    }


def test_a_hostile_page_is_audited_without_error() -> None:
    deep = "<div>" * 5000 + "<p>Deep text here for the reader.</p>" + "</div>" * 5000
    blocks = page_blocks(f"<html><body>{deep}<p>\x01odd\x02 control</p></body></html>")
    assert blocks[0].text == "Deep text here for the reader."
