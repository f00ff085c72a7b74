"""Claims are always trimmed sub-spans of their sentences, with ranks 1..n (hypothesis)."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.claims.linking import DISPUTE_REACH, Attribution, disputed_claims
from unspin.claims.select import claim_units, is_candidate
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
    claims = claims_stage(doc, Config(claim_threshold=0.3)).layer("claims")
    for claim in claims:
        assert any(s.contains(claim) for s in spans)
        body = doc.span_text(claim)
        assert body == body.strip() and body
    assert sorted(c.attrs["rank"] for c in claims) == list(range(1, len(claims) + 1))


CLAUSE = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)
SEPARATOR = st.sampled_from([" – ", " — ", " - ", "; ", " -- ", "–", " "])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(CLAUSE, SEPARATOR), min_size=1, max_size=6), st.integers(0, 3))
def test_clause_units_tile_the_span_in_order(pieces: list[tuple[str, str]], margin: int) -> None:
    body = "".join(clause + sep for clause, sep in pieces).strip()
    text = "x" * margin + body + "y" * margin
    start, end = margin, margin + len(body)
    units = claim_units(text, start, end)
    assert units[0][0] == start and units[-1][1] == end
    for (a, b), (c, d) in itertools.pairwise(units):
        assert a < b <= c < d
        assert text[b:c].strip() in {"–", "—", "-", "--", ";"}  # only a clause break lies between units
    if len(units) > 1:
        assert all(is_candidate(text[a:b]) for a, b in units)


CLAIM = "The mayor said 42 jobs were lost in 2020."
DENIALS = ("Officials denied the story.", "Officials denied that the mayor lost 42 jobs.", "Officials denied it.")
PIECE = st.one_of(
    st.just(CLAIM), st.sampled_from(DENIALS), st.integers(1, 1500).map(lambda n: "Filler " + "x" * n + ".")
)


@settings(max_examples=60, deadline=None)
@given(st.lists(PIECE, min_size=1, max_size=10))
def test_a_claim_is_only_disputed_by_a_later_denial_within_reach(pieces: list[str]) -> None:
    text, claims, attributions, pos = "", [], [], 0
    for piece in pieces:
        if piece == CLAIM:
            claims.append(Span(pos, pos + len(piece), "claim"))
        elif piece in DENIALS:
            cue = pos + piece.index("denied")
            content = Span(cue + len("denied "), pos + len(piece) - 1, "content")
            attributions.append(
                Attribution(
                    f"a{len(attributions)}", "indirect", "denial", "Officials", (content,), (Span(cue, cue + 6, "cue"),)
                )
            )
        text += piece + " "
        pos += len(piece) + 1
    doc = Document(text)
    cue_of = {a.id: a.cue[0].start for a in attributions}
    disputes = disputed_claims(doc, attributions, claims)
    for index, found in disputes.items():
        for dispute in found:
            assert claims[index].end <= cue_of[dispute.attribution] <= claims[index].end + DISPUTE_REACH
    # every denial with a claim close enough before it disputes exactly one claim
    for attribution in attributions:
        reachable = [c for c in claims if c.end <= cue_of[attribution.id] <= c.end + DISPUTE_REACH]
        hits = sum(d.attribution == attribution.id for found in disputes.values() for d in found)
        assert hits == (1 if reachable else 0)
