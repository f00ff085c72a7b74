"""The registered claims stage inside the real pipeline (spaCy, attribution), on our own article."""

from __future__ import annotations

from unspin.config import Config
from unspin.document import Document
from unspin.pipeline import Pipeline

ARTICLE = (
    "Harbour Town council revealed on Monday that 1,200 homes had been flooded since March.\n\n"
    "The mayor denied that the pumps had failed.\n\n"
    "Residents will meet on Friday."
)


def test_claims_after_attribution_in_the_default_order() -> None:
    names = ["clean", "segment", "structure", "entities", "attribution", "claims", "summary"]
    doc = Pipeline(names, Config(claim_threshold=1.0, claim_top_k=3))(Document(ARTICLE))
    claims = sorted(doc.layer("claims"), key=lambda c: c.attrs["rank"])
    assert [c.attrs["rank"] for c in claims] == [1, 2, 3]
    texts = [doc.span_text(c) for c in claims]
    assert texts[0].startswith("Harbour Town council revealed")  # the figures rank first
    first = claims[0].attrs
    assert first["attribution"] is not None and first["stance"] == "reported"
    assert any(doc.span_text(c).startswith("The mayor denied") and c.attrs["stance"] == "denied" for c in claims)
    assert doc.summary["claims"] == 3 and doc.summary["voices"]
