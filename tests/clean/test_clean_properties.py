"""Offset invariants of the clean stage, for any input text (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin.clean import clean_document
from unspin.document import Document, Span
from unspin.errors import InputError

#: Text drawn from pieces that exercise the rules: furniture, line endings, odd spaces.
PIECES = st.sampled_from(
    [
        "Listen Live",
        "Get short URL",
        "22:33 GMT17 May 2021",
        "By Jane Doe",
        "The views expressed do not necessarily reflect those of Radio Kestrel.",
        "Fenmoor Council Votes Again",
        "budget, taxes, council",
        "Read more: A Headline Here",
        "The minister spoke.",
        "\u00a0",
        "\u200b",
        "\r\n",
        "\n",
        "\n\n",
        "  ",
        "\t",
        "\r",
    ]
)
TEXTS = st.one_of(st.lists(PIECES, min_size=1, max_size=30).map("".join), st.text(min_size=1, max_size=200))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_clean_text_maps_back_to_the_raw_input(raw: str) -> None:
    doc = Document(raw)
    try:
        clean_document(doc)
    except InputError:
        return  # nothing but whitespace or furniture: refused, never an empty document
    text = doc.text
    assert text and text == text.strip() and "\n\n\n" not in text
    paragraphs = _paragraph_spans(text)
    for span in paragraphs:
        assert 0 <= span.start < span.end <= len(text)
    for start in range(len(text)):
        raw_start, raw_end = doc.raw_span(Span(start, start + 1, "char"))
        assert 0 <= raw_start < raw_end <= len(raw)
        if doc.offsets.is_verbatim(start, start + 1):
            assert raw[raw_start:raw_end] == text[start]
    for span in paragraphs:
        if doc.offsets.is_verbatim(span.start, span.end):
            raw_start, raw_end = doc.raw_span(span)
            assert raw[raw_start:raw_end] == text[span.start : span.end]
    for removed in doc.removed:
        assert raw[removed.raw_start : removed.raw_end] == removed.text


def _paragraph_spans(text: str) -> list[Span]:
    spans, start = [], 0
    for block in text.split("\n\n"):
        spans.append(Span(start, start + len(block), "paragraph"))
        start += len(block) + 2
    return spans
