"""Offsets from the text extracted out of an HTML page back into the page's markup."""

from __future__ import annotations

import html as html_lib
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from unspin import analyze
from unspin.document import Span
from unspin.readers.markup import markup_map, visible_characters
from unspin.render.jsondoc import document_from_json, document_to_json

PAGE = """<!doctype html><html><head><title>Harbour vote &amp; more</title>
<script>var trap = "<p>The council voted</p>";</script><style>p { color: red }</style></head>
<body><nav>Home | News | Sport</nav><article><h1>Harbour vote &amp; more</h1>
<p>The council voted <b>against</b> the plan on Tuesday, calling it &ldquo;a disgrace&rdquo; to Port&nbsp;Ellen.</p>
<p>Mayor Jane Doe said the vote was final, and the harbour board agreed with her on&#160;Wednesday.</p>
</article><footer>Subscribe now</footer></body></html>"""


def words_of(text: str) -> list[re.Match[str]]:
    return list(re.finditer(r"\S+", text))


def test_visible_characters_leave_out_scripts_and_styles_and_decode_references() -> None:
    visible, positions = visible_characters(PAGE)
    assert "trap" not in visible and "color" not in visible
    amp = visible.index("&")
    assert PAGE[positions[amp][0] : positions[amp][1]] == "&amp;"
    assert len(positions) == len(visible)


def test_each_extracted_word_maps_to_the_same_word_in_the_markup() -> None:
    extracted = (
        "Harbour vote & more\n\nThe council voted against the plan on Tuesday, calling it “a disgrace” to Port Ellen."
    )
    index = markup_map(extracted, PAGE)
    for word in words_of(extracted):
        start, end = index.raw_span(word.start(), word.end())
        shown = PAGE[start:end]
        if index.is_verbatim(word.start(), word.end()):
            assert shown == word.group()
        else:  # written with a character reference
            assert html_lib.unescape(shown).replace("\xa0", " ") == word.group()
    # the title is the <title>'s, as one run; the body is the article's, after the trap in the script
    assert PAGE.index("<title>") < index.raw_span(0, 7)[0] < PAGE.index("</title>")
    council = extracted.index("council")
    assert index.raw_span(council, council + 7)[0] > PAGE.index("<article>")


def test_words_the_markup_does_not_show_stay_unmapped_between_their_neighbours() -> None:
    extracted = "Headline from a meta tag\n\nMayor Jane Doe said the vote was final, and the harbour board"
    index = markup_map(extracted, PAGE)
    assert not index.is_verbatim(0, 8)
    mayor = extracted.index("Mayor")
    start, end = index.raw_span(mayor, len(extracted))
    assert PAGE[start:end] == extracted[mayor:]
    assert index.is_verbatim(mayor, len(extracted))


def test_analyze_html_puts_markup_offsets_on_every_span_and_they_survive_json() -> None:
    doc = analyze(PAGE, kind="html", until="entities")
    assert doc.markup is not None
    data = document_to_json(doc)
    assert data["markup_map"]["markup_length"] == len(PAGE)
    checked = 0
    for span_json in data["layers"]["entities"] + data["layers"]["sentences"]:
        span = Span(span_json["start"], span_json["end"], span_json["label"])
        raw_start, raw_end = doc.raw_span(span)
        if doc.offsets.is_verbatim(span.start, span.end) and doc.markup.is_verbatim(raw_start, raw_end):
            assert PAGE[span_json["markup_start"] : span_json["markup_end"]] == doc.span_text(span)
            checked += 1
    assert checked >= 3
    again = document_to_json(document_from_json(data))
    assert again["markup_map"] == data["markup_map"]
    assert again["layers"]["entities"] == data["layers"]["entities"]


def test_plain_text_input_has_no_markup_offsets() -> None:
    data = document_to_json(analyze("The mayor said the vote was final.", kind="text", until="segment"))
    assert "markup_map" not in data
    assert all("markup_start" not in s for s in data["layers"]["sentences"])


WORDS = st.text(alphabet="abcdefghij&<>\"'é", min_size=1, max_size=8).filter(lambda w: w.strip() == w)
INLINE = st.sampled_from(["{}", "<b>{}</b>", "<a href='#'>{}</a>", "<span class=x>{}</span>"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.tuples(WORDS, INLINE), min_size=1, max_size=12), min_size=1, max_size=6))
def test_markup_offsets_of_generated_pages(paragraphs: list[list[tuple[str, str]]]) -> None:
    body = "".join(
        "<p>" + " ".join(wrap.format(html_lib.escape(word)) for word, wrap in para) + "</p>\n" for para in paragraphs
    )
    page = f"<html><body><div>Menu</div><article>{body}</article><script>x = '{body}'</script></body></html>"
    extracted = "\n\n".join(" ".join(word for word, _ in para) for para in paragraphs)
    index = markup_map(extracted, page)
    last = 0
    for word in words_of(extracted):
        start, end = index.raw_span(word.start(), word.end())
        assert last <= start <= end <= len(page)
        assert page.index("<article>") < start < page.index("</article>")
        assert html_lib.unescape(re.sub(r"<[^>]*>", "", page[start:end])) == word.group()
        if index.is_verbatim(word.start(), word.end()):
            assert page[start:end] == word.group()
        last = end
