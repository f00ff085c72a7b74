"""The registered claims stage inside the real pipeline (spaCy, attribution), on our own article."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.config import Config
from unspin.document import Document
from unspin.pipeline import Pipeline

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"

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


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "samples" / "sputnik-interview.txt").exists(), reason="../shared is absent")
def test_canonical_sample_claims_name_the_accusation_and_the_denial() -> None:
    import unspin

    doc = unspin.analyze(SHARED / "samples" / "sputnik-interview.txt", until="claims")
    top = sorted(doc.layer("claims"), key=lambda c: c.attrs["rank"])[:5]
    by_text = {doc.span_text(c): c.attrs for c in top}
    # the accusation at the end of a run-on answer is a claim of its own, Anderson's, asserted
    saudi = by_text.get("Saudi Arabia has been financing Daesh from the beginning.")
    assert saudi is not None and saudi["source"] == "Tim Anderson" and saudi["stance"] == "asserted"
    putin = next(attrs for text, attrs in by_text.items() if "Putin revealed that 700 civilians" in text)
    assert putin["stance"] == "reported" and putin.get("disputed_by")
