"""Long texts are cut into bounded pieces before the parser and the tagger, with exact offsets (issue 18)."""

from __future__ import annotations

import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.config import Config
from unspin.document import Document, Span
from unspin.nlp import MAX_SENTENCE_CHARS, chunk_bounds, forced_starts
from unspin.stages.segment import segment
from unspin.techniques.pieces import predict_in_pieces

_ALPHABET = st.sampled_from(["ab", "cd ", " ", ". ", "\n", "!\n", "x,", "é", "\t"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=300).map("".join), st.integers(min_value=1, max_value=60))
def test_forced_starts_leave_no_run_longer_than_the_limit(text: str, limit: int) -> None:
    starts = forced_starts(text, limit)
    assert starts == sorted(set(starts)) and all(0 < s < len(text) for s in starts)
    # a run is the text between two sentence ends or line breaks; forced starts cut it into pieces
    run_start = 0
    for match in re.finditer(r"[.!?…][\"'”’)\]]*\s+|\n", text + "\n"):
        cuts = [run_start, *(s for s in starts if run_start < s < match.start()), match.start()]
        assert all(b - a <= limit for a, b in itertools.pairwise(cuts))
        run_start = match.end()


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=300).map("".join), st.integers(min_value=1, max_value=60))
def test_chunk_bounds_cover_the_text_exactly(text: str, limit: int) -> None:
    bounds = chunk_bounds(text, limit)
    assert "".join(text[s:e] for s, e in bounds) == text
    assert all(e - s <= limit for s, e in bounds)


class _WordTagger:
    """Tags every "bad" (a stand-in for the model: its answer depends only on the words it is given)."""

    def predict(self, text: str, threshold: float | None = None) -> list[Span]:
        return [
            Span(m.start(), m.end(), "Loaded_Language", 0.9, {"trigger_at": m.start()})
            for m in re.finditer("bad", text)
        ]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.sampled_from(["bad ", "good. ", "bad\n", " ", "é bad"]), max_size=200).map("".join),
    st.integers(min_value=6, max_value=80),
)
def test_tagging_in_pieces_keeps_offsets_exact(text: str, limit: int) -> None:
    spans = predict_in_pieces(_WordTagger(), text, limit=limit)
    whole = _WordTagger().predict(text)
    # a piece never cuts inside a word here (cuts fall after whitespace), so every span is found
    assert [(s.start, s.end, s.attrs["trigger_at"]) for s in spans] == [
        (s.start, s.end, s.attrs["trigger_at"]) for s in whole
    ]
    assert all(text[s.start : s.end] == "bad" for s in spans)


def test_a_run_on_line_is_parsed_in_sentences_of_bounded_length() -> None:
    clause = "the minister said that the plan was a disaster and the critics agreed with him, "
    text = "Headline here\n\n" + clause * 400  # 32,000 characters without a full stop, on one line
    doc = segment(Document(text), Config())
    sentences = doc.layer("sentences")
    assert sentences and max(s.end - s.start for s in sentences) <= MAX_SENTENCE_CHARS
    assert all(doc.text[t.start : t.end].strip() for t in doc.layer("tokens"))
    assert doc.cache["spacy"].text == text
