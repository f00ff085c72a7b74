"""Choosing claims among scored sentences, and linking a claim to its attribution."""

from __future__ import annotations

from unspin.claims.linking import Attribution, best_attribution, claim_stance, default_source, is_third_party
from unspin.claims.select import is_candidate, select_claims
from unspin.document import Document, Span


def test_select_threshold_plus_top_k_best_first() -> None:
    scores = [0.2, 0.9, 0.6, 0.1, 0.6]
    assert select_claims(scores, [True] * 5, threshold=0.5, top_k=0) == [1, 2, 4]  # tie keeps text order
    assert select_claims(scores, [True] * 5, threshold=0.95, top_k=2) == [1, 2]
    assert select_claims(scores, [True] * 5, threshold=0.5, top_k=4) == [1, 2, 4, 0]
    assert select_claims(scores, [True, False, True, True, True], threshold=0.5, top_k=0) == [2, 4]


def test_short_lines_are_not_candidates() -> None:
    assert not is_candidate("That's right.")
    assert is_candidate("Prices rose ten percent.")


def content(start: int, end: int) -> Span:
    return Span(start, end, "content")


def test_best_attribution_prefers_coverage_then_narrow_content() -> None:
    whole = Attribution("a1", "interview_answer", "neutral", "Ana", (content(0, 100),))
    inner = Attribution("a2", "indirect", "neutral", "Bo", (content(20, 40),))
    assert best_attribution([whole, inner], 20, 40) is inner
    assert best_attribution([whole, inner], 25, 35) is inner  # same coverage: the narrower content wins
    assert best_attribution([whole, inner], 10, 60) is whole
    assert best_attribution([inner], 50, 60) is None
    # most of the claim passed on inside a wider answer: the narrower attribution speaks for it
    hearsay = Attribution("a3", "indirect", "neutral", None, (content(30, 100),))
    assert best_attribution([whole, hearsay], 20, 100) is hearsay
    assert best_attribution([whole, hearsay], 0, 130) is whole  # it covers too little of this one


def test_stance_rules() -> None:
    reported = Attribution("a1", "indirect", "neutral", "Bo", ())
    denial = Attribution("a2", "indirect", "denial", "Bo", ())
    direct = Attribution("a3", "direct", "neutral", "Bo", ())
    assert claim_stance("Taxes rose by 5%.", denial, None, "Bo") == "denied"
    assert claim_stance("It is not true that taxes rose.", None, None, "Paper") == "denied"
    assert claim_stance("Did taxes rise by 5%?", reported, None, "Bo") == "questioned"
    assert claim_stance("Taxes rose by 5%.", reported, None, "Bo") == "reported"
    assert claim_stance("Taxes rose by 5%.", reported, "Bo", "Bo") == "asserted"  # the speaker's own "I say"
    assert claim_stance("Taxes rose by 5%.", direct, None, "Bo") == "asserted"
    unnamed = Attribution("a4", "indirect", "neutral", None, ())  # "taxes are said to have risen"
    assert claim_stance("Taxes are said to have risen.", unnamed, "Bo", "Bo") == "reported"
    assert claim_stance("Taxes rose by 5%.", None, None, "Paper") == "asserted"
    assert is_third_party("Bo", "Ana") and not is_third_party(None, "Ana")


def test_default_source_prefers_authors() -> None:
    doc = Document("x")
    assert default_source(doc) is None
    doc.metadata["outlet"] = "Example News"
    assert default_source(doc) == "Example News"
    doc.metadata["authors"] = ["A. Writer", "B. Writer"]
    assert default_source(doc) == "A. Writer, B. Writer"
