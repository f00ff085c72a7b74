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
    doc = Pipeline(names, Config(claim_threshold=0.0))(Document(ARTICLE))
    claims = sorted(doc.layer("claims"), key=lambda c: c.attrs["rank"])
    assert [c.attrs["rank"] for c in claims] == [1, 2, 3] and all(c.attrs["listed"] for c in claims)
    texts = [doc.span_text(c) for c in claims]
    assert texts[0].startswith("Harbour Town council revealed")  # the figures rank first
    first = claims[0].attrs
    assert first["attribution"] is not None and first["stance"] == "reported"
    assert any(doc.span_text(c).startswith("The mayor denied") and c.attrs["stance"] == "denied" for c in claims)
    assert doc.summary["claims"] == 3 and doc.summary["voices"]
    unlisted = Pipeline(names, Config(claim_threshold=1.0))(Document(ARTICLE))
    assert len(unlisted.layer("claims")) == 3 and unlisted.summary["claims"] == 0  # the summary counts listed ones


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "samples" / "sputnik-interview.txt").exists(), reason="../shared is absent")
def test_canonical_sample_claims_name_the_accusation_and_the_denial() -> None:
    import unspin

    doc = unspin.analyze(SHARED / "samples" / "sputnik-interview.txt", until="claims")
    claims = sorted(doc.layer("claims"), key=lambda c: c.attrs["rank"])
    by_text = {doc.span_text(c): c.attrs for c in claims}
    # the accusation at the end of a run-on answer is a claim of its own, Anderson's, asserted and listed
    saudi = by_text.get("Saudi Arabia has been financing Daesh from the beginning.")
    assert saudi is not None and saudi["source"] == "Tim Anderson" and saudi["stance"] == "asserted"
    assert saudi["listed"] and saudi["rank"] <= 3
    # Putin's account is reported, and the US denial of "the story" disputes a claim of it
    putin = [attrs for text, attrs in by_text.items() if attrs["source"] == "Vladimir Putin"]
    assert putin and all(attrs["stance"] == "reported" for attrs in putin)
    assert any(attrs.get("disputed_by") for attrs in putin)
    # neither the title nor the question of the interview is a claim; nothing is padded to a quota
    assert not any(text.rstrip().endswith("?") for text in by_text)
    assert sum(c.attrs["listed"] for c in claims) < 5
