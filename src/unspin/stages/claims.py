"""Stage ``claims``: score every sentence for check-worthiness and list the claims a fact-checker would check.

Each sentence (its interview speaker label left out; a long one cut into its clauses at
dashes and semicolons, :func:`unspin.claims.select.claim_units`) is scored by the shipped
model (:mod:`unspin.claims.model`, numpy only) with its neighbours as context.  Every unit
of four words or more that is neither a headline (the title, a related headline) nor a
question becomes a claim, ranked 1 = most check-worthy; the claims scoring at least the
model's cross-validated listing threshold (``Config.claim_threshold`` overrides it) are
``listed``, the rest stay in the layer with ``listed: false``, so an article may list none
and is never padded to a quota.  Each claim is tied to the attribution whose content covers
it (else the interview speaker, else the authors or outlet) with a stance, and
``disputed_by`` the later denials that point back at it or restate it ("The US denies the
validity of the story").  ``doc.summary["voices"]`` sums up who is quoted, with the listed
claims of each, when an ``attributions`` layer exists; claims do not need one.
"""

from __future__ import annotations

from dataclasses import replace

from unspin.claims.linking import (
    Attribution,
    Dispute,
    disputed_claims,
    gather_attributions,
    just_said,
    link_claim,
)
from unspin.claims.model import default_model
from unspin.claims.select import claim_span, claim_units, headlines, is_candidate, is_headline, is_question, rank_claims
from unspin.claims.voices import voices
from unspin.config import Config
from unspin.document import Document, Span
from unspin.pipeline import register


@register("claims", requires=("sentences", "attributions"), assigns=("claims",))
def claims_stage(doc: Document, config: Config) -> Document:
    spans = [unit for s in doc.layer("sentences") for unit in claim_units(doc.text, *claim_span(doc, s))]
    texts = [doc.text[start:end] for start, end in spans]
    model = default_model()
    # Headlines and questions are scored too: they are the context of their neighbours.
    scores = [float(s) for s in model.score_sentences(texts)] if texts else []
    where = headlines(doc)
    candidates = [
        is_candidate(t) and not is_question(t) and not is_headline(t, a, b, where)
        for t, (a, b) in zip(texts, spans, strict=True)
    ]
    threshold = model.listing_threshold if config.claim_threshold is None else config.claim_threshold
    attributions = gather_attributions(doc)
    claims = []
    for rank, index in enumerate(rank_claims(scores, candidates), start=1):
        start, end = spans[index]
        link = link_claim(doc, attributions, start, end)
        attrs = {
            "stance": link.stance,
            "attribution": link.attribution,
            "source": link.source,
            "rank": rank,
            "listed": scores[index] >= threshold,
        }
        claims.append(Span(start, end, "claim", round(scores[index], 4), attrs))
    disputes = claim_disputes(doc, attributions, claims)
    claims = [
        replace(claim, attrs={**claim.attrs, "disputed_by": [d.as_dict() for d in disputes[i]]})
        if i in disputes
        else claim
        for i, claim in enumerate(claims)
    ]
    doc.set_layer("claims", claims)
    if doc.has_layer("attributions"):  # absent layer: no figure, rather than a misleading empty list
        doc.summary["voices"] = voices(doc, listed_claims(claims))
    return doc


def claim_disputes(doc: Document, attributions: list[Attribution], claims: list[Span]) -> dict[int, list[Dispute]]:
    """Which claims the text's denials dispute, the listed claims first.

    A denial that points back ("denies the validity of the story") disputes the nearest claim a
    reader sees rather than an unlisted sentence between them; a denial with no listed claim
    to dispute disputes the most check-worthy unlisted one within reach (the story the denial
    points back at, not the sentence that happens to stand last before it), so every denial
    keeps its target.  A denial of "this" or "it" disputes the sentence just before it, listed or not.
    """
    shown = [i for i, claim in enumerate(claims) if claim.attrs["listed"]]
    pointing = [a for a in attributions if not just_said(" ".join(doc.span_text(c) for c in a.content))]
    found = {shown[i]: d for i, d in disputed_claims(doc, pointing, [claims[i] for i in shown]).items()}
    placed = {d.attribution for ds in found.values() for d in ds}
    rest = [a for a in attributions if a.id not in placed]
    for i, ds in disputed_claims(doc, rest, claims, most_checkworthy=True).items():
        found.setdefault(i, []).extend(ds)
    return found


def listed_claims(claims: list[Span]) -> list[Span]:
    """The claims a reader sees by default (spans written before the flag existed were all listed)."""
    return [c for c in claims if c.attrs.get("listed", True)]
