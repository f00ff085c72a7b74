"""Claims are always trimmed sub-spans of their sentences, with ranks 1..n (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.config import Config
from unspin.document import Document, Span
from unspin.stages.claims import claims_stage

WORDS = st.sampled_from(["The", "mayor", "said", "42", "%", "jobs", "were", "lost", "in", "2020", "?", "Thank", "you"])
SENTENCE = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(st.lists(SENTENCE, min_size=1, max_size=8), st.sampled_from(["", " ", "\n\n", "  \n"]))
def test_claims_lie_inside_sentences(sentences: list[str], gap: str) -> None:
    text, spans, pos = "", [], 0
    for sentence in sentences:
        piece = gap + sentence + gap
        spans.append(Span(pos, pos + len(piece), "sentence"))
        text += piece
        pos += len(piece)
    doc = Document(text)
    doc.set_layer("sentences", spans)
    doc.set_layer("attributions", [])
    claims = claims_stage(doc, Config(claim_threshold=0.3, claim_top_k=2)).layer("claims")
    for claim in claims:
        assert any(s.contains(claim) for s in spans)
        body = doc.span_text(claim)
        assert body == body.strip() and body
    assert sorted(c.attrs["rank"] for c in claims) == list(range(1, len(claims) + 1))
