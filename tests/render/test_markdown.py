from __future__ import annotations

import re
from collections.abc import Callable

from unspin.document import Document, Span
from unspin.render import get_renderer
from unspin.render.markdown import cell, md_escape
from unspin.render.palette import technique_style

render_md = get_renderer("md")


def test_full_markdown_matches_golden(full_doc: Document, golden: Callable[[str, str], None]) -> None:
    golden("full.md", render_md(full_doc))


def test_empty_markdown_matches_golden(empty_doc: Document, golden: Callable[[str, str], None]) -> None:
    text = render_md(empty_doc)
    golden("empty.md", text)
    assert "_No check-worthy claims were found._" in text


def test_every_shown_technique_gets_a_marker_and_a_footnote(full_doc: Document) -> None:
    text = render_md(full_doc)
    spans = full_doc.layer("techniques")
    shown = [str(i + 1) for i, s in enumerate(spans) if s.attrs.get("shown", True)]
    assert 0 < len(shown) < len(spans)  # the sample holds lower-confidence flags too
    body = text[text.index("## Article") : text.index("## Persuasion techniques")]
    assert sorted(re.findall(r"\[\^t(\d+)\](?!:)", body), key=int) == shown
    notes = re.findall(r"^\[\^t(\d+)\]: \*\*(.+?)\*\*", text, re.MULTILINE)
    assert [n for n, _ in notes] == shown
    assert ("4", "Appeal to fear / prejudice") in notes


def test_lower_confidence_flags_are_listed_not_dropped(full_doc: Document) -> None:
    text = render_md(full_doc)
    low = [s for s in full_doc.layer("techniques") if s.attrs.get("shown") is False]
    section = text[text.index("### Lower-confidence flags") : text.index("## Claims and sources")]
    assert f"_{len(low)} span" in section
    for span in low:
        assert full_doc.span_text(span) in section
        assert f"**{technique_style(span.label).name}** ({span.score:.2f})" in section
    shown, lower = len(full_doc.layer("techniques")) - len(low), len(low)
    assert f"({shown} shown, {lower} lower-confidence;" in text


def test_overlapping_techniques_share_bold_runs(full_doc: Document) -> None:
    text = render_md(full_doc)
    assert "**Everyone knows the deal was doomed**[^t6] **from the start**[^t7]" in text


def test_markdown_tables_claims_voices_removed(full_doc: Document) -> None:
    text = render_md(full_doc)
    assert "| 3 | The neighbouring government denies any interference. | 0.55 | Southland government |" in text
    assert "| Amir Haddad | 1 | 17 | neutral 1 | interview answer 1 |" in text
    assert "3. **page furniture** (raw 537–550): Get short URL" in text


def test_article_markup_is_escaped() -> None:
    doc = Document("# Not a heading\n1. not a list *or* <script>x</script> | pipe &amp; [link](javascript:x)")
    text = render_md(doc)
    body = text[text.index("## Article") : text.index("## Persuasion")]
    assert "\\# Not a heading" in body
    assert "1\\. not a list \\*or\\* \\<script\\>x\\</script\\> \\| pipe \\&amp; \\[link\\](javascript:x)" in body
    assert "<script>" not in text


def test_cells_stay_on_one_line_and_escape_pipes() -> None:
    assert cell("a |\n b") == "a \\| b"
    assert cell(None) == "–"
    assert md_escape("AT&T &copy;") == "AT&T \\&copy;"


def test_speaker_without_label_in_text_is_prefixed() -> None:
    doc = Document("Is it true?\n\nYes.")
    doc.set_layer("turns", [Span(0, 11, "question", None, {"speaker": "Host", "role": "interviewer"})])
    assert "**Host:** Is it true?" in render_md(doc)


def test_list_and_dict_cells_are_readable() -> None:
    assert cell(["Dam, river and town", "Second"]) == "Dam, river and town · Second"
    assert cell({"interviewer": "Host", "interviewee": "Guest"}) == "interviewer: Host · interviewee: Guest"


def test_the_glance_line_counts_one_of_a_thing_in_the_singular() -> None:
    doc = Document("Officials said it failed.")
    doc.set_layer("techniques", [Span(19, 25, "Loaded_Language", 0.9, {"shown": True})])
    doc.summary.update(
        {
            "words": 1,
            "techniques": 1,
            "techniques_shown": 1,
            "claims": 1,
            "voices": [{"source": "Officials", "attributions": 1, "words": 3, "stances": {}, "kinds": {}, "claims": 0}],
            "attributions": 1,
        }
    )
    glance_line = next(line for line in get_renderer("md")(doc).splitlines() if line.startswith("**At a glance:**"))
    assert "1 word ·" in glance_line and "1 technique span" in glance_line and "1 check-worthy claim ·" in glance_line
    assert "1 voice (1 attributed statement)" in glance_line and "0 pieces removed" in glance_line


def test_a_block_the_page_extractor_left_out_is_located_in_the_markup() -> None:
    from unspin.document import Removed
    from unspin.render.views import removed_at

    assert removed_at(Removed(32, 32, "Home | Sign in", "navigation", 293, 363)) == "markup 293–363"
    assert removed_at(Removed(0, 20, "22:33 GMT", "timestamp")) == "raw 0–20"
