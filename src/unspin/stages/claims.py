"""Stage ``claims``: score every sentence for check-worthiness and keep the claims a fact-checker would check.

Each sentence (its interview speaker label left out; a long one cut into its clauses at
dashes and semicolons, :func:`unspin.claims.select.claim_units`) is scored by the shipped
linear model (:mod:`unspin.claims.model`, numpy only) with its neighbours as
context.  Claims are the sentences scoring at least ``Config.claim_threshold``
plus the ``Config.claim_top_k`` best, ranked 1 = most check-worthy, each tied to
the attribution whose content covers it (else the interview speaker, else the
authors or outlet) with a stance, and ``disputed_by`` the later denials that point back at it or restate it
("The US denies the validity of the story").  ``doc.summary["voices"]`` sums up who is
quoted, when an ``attributions`` layer exists; claims do not need one.
"""

from __future__ import annotations

from dataclasses import replace

from unspin.claims.linking import disputed_claims, gather_attributions, link_claim
from unspin.claims.model import default_model
from unspin.claims.select import claim_span, claim_units, is_candidate, select_claims
from unspin.claims.voices import voices
from unspin.config import Config
from unspin.document import Document, Span
from unspin.pipeline import register


@register("claims", requires=("sentences", "attributions"), assigns=("claims",))
def claims_stage(doc: Document, config: Config) -> Document:
    spans = [unit for s in doc.layer("sentences") for unit in claim_units(doc.text, *claim_span(doc, s))]
    texts = [doc.text[start:end] for start, end in spans]
    scores = [float(s) for s in default_model().score_sentences(texts)] if texts else []
    chosen = select_claims(scores, [is_candidate(t) for t in texts], config.claim_threshold, config.claim_top_k)
    attributions = gather_attributions(doc)
    claims = []
    for rank, index in enumerate(chosen, start=1):
        start, end = spans[index]
        link = link_claim(doc, attributions, start, end)
        attrs = {"stance": link.stance, "attribution": link.attribution, "source": link.source, "rank": rank}
        claims.append(Span(start, end, "claim", round(scores[index], 4), attrs))
    disputes = disputed_claims(doc, attributions, claims)
    claims = [
        replace(claim, attrs={**claim.attrs, "disputed_by": [d.as_dict() for d in disputes[i]]})
        if i in disputes
        else claim
        for i, claim in enumerate(claims)
    ]
    doc.set_layer("claims", claims)
    if doc.has_layer("attributions"):  # absent layer: no figure, rather than a misleading empty list
        doc.summary["voices"] = voices(doc, claims)
    return doc
