"""Choosing claims among scored sentences, and linking a claim to its attribution."""

from __future__ import annotations

import pytest

from unspin.claims.linking import (
    BACK_REFERENCE,
    DISPUTE_REACH,
    Attribution,
    best_attribution,
    claim_stance,
    content_words,
    default_source,
    disputed_claims,
    is_third_party,
    link_claim,
)
from unspin.claims.select import (
    MIN_SPLIT_WORDS,
    claim_units,
    headlines,
    is_candidate,
    is_headline,
    is_question,
    rank_claims,
)
from unspin.document import Document, Span


def test_rank_claims_best_first_ties_in_text_order() -> None:
    scores = [0.2, 0.9, 0.6, 0.1, 0.6]
    assert rank_claims(scores, [True] * 5) == [1, 2, 4, 0, 3]  # the tie (2, 4) keeps text order
    assert rank_claims(scores, [True, False, True, True, True]) == [2, 4, 0, 3]
    assert rank_claims([], []) == []


def test_questions_are_recognised_through_closing_quotes() -> None:
    assert is_question("Did the council spend 4 million dollars on the bridge?")
    assert is_question("Who paid for the new stadium?”")
    assert is_question("Was it legal? ")
    assert not is_question("He asked whether the council had paid.")
    assert not is_question("“Why now?” the mayor asked the 12 councillors.")


def test_headlines_are_the_title_span_and_the_metadata_headlines() -> None:
    text = "Mayor Quits Over Bridge Deal\n\nThe mayor resigned on Monday after 14 years in office."
    doc = Document(text)
    doc.set_layer("title", [Span(0, 28, "title")])
    doc.metadata["related"] = ["Council to vote on new budget in March", {"text": "Bridge costs doubled, audit finds"}]
    where = headlines(doc)
    assert is_headline(text[:28], 0, 28, where)
    body = text.index("The mayor")
    assert not is_headline(text[body:], body, len(text), where)
    # A related headline left in the body is matched by its words, whatever the case and punctuation.
    assert is_headline("council to vote on new budget in March.", 500, 540, where)
    assert is_headline("Bridge costs doubled - audit finds", 600, 634, where)
    assert not is_headline("The council will vote on the new budget in March.", 700, 750, where)
    assert headlines(Document("no title here")) == ([], set())


def test_short_lines_are_not_candidates() -> None:
    assert not is_candidate("That's right.")
    assert is_candidate("Prices rose ten percent.")


def test_a_wire_dateline_alone_is_not_a_candidate() -> None:
    assert not is_candidate("MOSCOW, June 3 (Newswire) -")
    assert not is_candidate("NEW YORK, N.Y. --")
    assert is_candidate("MOSCOW, June 3 (Newswire) - The ministry accused the US of a provocation.")


def units_of(text: str) -> list[str]:
    return [text[a:b] for a, b in claim_units(text, 0, len(text))]


def test_long_sentence_splits_at_dashes_and_semicolons() -> None:
    text = (
        "And the council has gone along with that but as I say they have quietly closed the two clinics "
        "that served the north of the city, as we all know very well by now – the mayor has been funding "
        "the developer from the beginning."
    )
    assert units_of(text) == [text.split(" – ")[0], "the mayor has been funding the developer from the beginning."]
    first = "The port handled 40 ships a week in the spring and summer of last year"
    second = "this year, after the new canal opened, it handles twelve."
    assert len(f"{first}; {second}".split()) >= MIN_SPLIT_WORDS
    assert units_of(f"{first}; {second}") == [first, second]


def test_short_or_leaning_pieces_stay_joined() -> None:
    short = "Prices rose – a lot."
    assert units_of(short) == [short]  # too short to cut at all
    leaning = (
        "They came from an area of the desert that lay a long way over towards the old border post near the river "
        "– which is an area held by the army – and they left again in the night."
    )
    assert units_of(leaning) == [leaning]  # "which ..." and "and ..." lean on the clause before them
    aside = (
        "The shelling went on for weeks in the south of the province – yes – and the hospital in the town "
        "was hit twice by rockets fired from the hills."
    )
    assert units_of(aside) == [aside]  # "yes" is no claim: it stays with the clause before it


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


def test_findings_that_show_something_do_not_take_a_claim_from_who_cites_them() -> None:
    # "Greenpeace said they showed governments were 'sleepwalking into catastrophe'": "they" are the findings
    said = Attribution("a1", "indirect", "neutral", "Greenpeace", (content(17, 80),), cue_words="said")
    showed = Attribution("a2", "indirect", "neutral", "they", (content(30, 80),), cue_words="showed")
    assert best_attribution([said, showed], 0, 80) is said
    # people who told the speaker something still pass it on
    told = Attribution("a3", "indirect", "neutral", "they", (content(30, 80),), cue_words="told me")
    assert best_attribution([said, told], 0, 80) is told


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


def _at(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start, start + len(words), "x")


def _denial(text: str, key: str, source: str, content: str, cue: str) -> Attribution:
    return Attribution(key, "indirect", "denial", source, (_at(text, content),), (_at(text, cue),))


def _first_sentences_as_claims(text: str, n: int) -> list[Span]:
    ends = [i + 1 for i, ch in enumerate(text) if ch == "." and text[i + 1 : i + 2] in (" ", "")][:n]
    starts = [0, *(e + 1 for e in ends[:-1])]
    return [Span(a, b, "claim") for a, b in zip(starts, ends, strict=True)]


def _denial_doc() -> tuple[Document, list[Attribution], list[Span]]:
    text = (
        "The minister revealed that 700 people were held in the camp. "
        "Prices of bread rose by ten percent in May. "
        "The embassy meanwhile denies the validity of the story. "
        "The mayor rejected the plan to close the school."
    )
    story = _denial(text, "a1", "Embassy", "the validity of the story", "meanwhile denies")
    plan = _denial(text, "a2", "Mayor", "the plan to close the school", "rejected")
    return Document(text), [story, plan], _first_sentences_as_claims(text, 2)


def test_a_denial_that_points_back_disputes_the_nearest_earlier_claim() -> None:
    doc, attributions, claims = _denial_doc()
    disputes = disputed_claims(doc, attributions, claims)
    assert list(disputes) == [1]  # the nearest claim before "denies", not the first one
    assert disputes[1][0].as_dict() == {"attribution": "a1", "source": "Embassy", "cue": "meanwhile denies"}
    # "rejected the plan to close the school" says what is rejected: it disputes no earlier claim
    assert all(d.attribution != "a2" for ds in disputes.values() for d in ds)


def test_a_denial_disputes_nothing_out_of_reach_or_after_it() -> None:
    doc, attributions, claims = _denial_doc()
    assert disputed_claims(doc, attributions, []) == {}
    later = Span(doc.text.index("The mayor"), len(doc.text), "claim")
    assert disputed_claims(doc, attributions, [later]) == {}
    far = Document(" " * (DISPUTE_REACH + 10) + doc.text)
    first_claim = claims[:1]  # the claim stays at the start; the denial moves out of reach
    moved = [
        Attribution(
            a.id, a.kind, a.stance, a.source_name, tuple(_shift(c) for c in a.content), tuple(_shift(c) for c in a.cue)
        )
        for a in attributions
    ]
    assert disputed_claims(far, moved, first_claim) == {}
    assert list(disputed_claims(far, moved, [_shift(first_claim[0])])) == [0]


def _shift(span: Span) -> Span:
    return Span(span.start + DISPUTE_REACH + 10, span.end + DISPUTE_REACH + 10, span.label)


def test_back_references_are_recognised() -> None:
    for text in ("the story", "the validity of the story", "these reports", "it", "the allegations", "such claims"):
        assert BACK_REFERENCE.match(text), text
    for text in ("the plan to close the school", "that he met the envoy", "any wrongdoing"):
        assert not BACK_REFERENCE.match(text), text


def test_a_denial_that_restates_a_claim_disputes_that_claim() -> None:
    text = (
        "Activists said government jets bombed the hospital in Aleppo on Monday. "
        "Bread prices rose by ten percent in May. "
        "The ministry denied that its jets had bombed any hospital. "
        "It also denied that prices rose."
    )
    bombing = _denial(text, "a1", "Ministry", "that its jets had bombed any hospital", "denied")
    short = _denial(text, "a2", "Ministry", "that prices rose", "also denied")
    doc, claims = Document(text), _first_sentences_as_claims(text, 2)
    disputes = disputed_claims(doc, [bombing, short], claims)
    # the bombing claim, not the nearer bread claim; "prices rose" has too few words to match on
    assert {i: [d.attribution for d in ds] for i, ds in disputes.items()} == {0: ["a1"]}
    assert content_words("The jets bombed hospitals") == {"jet", "bombed", "hospital"}


def test_words_given_to_someone_unnamed_are_not_the_authors() -> None:
    text = "The 77-year-old added that he would spend his own money on the campaign."
    doc = Document(text)
    doc.metadata["authors"] = ["Dana Whitfield"]
    unnamed = Attribution("a1", "indirect", "neutral", None, (_at(text, "that he would spend his own money"),))
    link = link_claim(doc, [unnamed], 0, len(text))
    assert link.source is None and link.stance == "reported"  # not "Dana Whitfield"
    assert link_claim(doc, [], 0, len(text)).source == "Dana Whitfield"  # the author's own sentence


def test_a_claim_whose_source_is_an_unresolved_pronoun_says_so() -> None:
    text = "They said the ceasefire was broken twice on Monday."
    doc = Document(text)
    them = Attribution("a1", "indirect", "neutral", "They", (_at(text, "the ceasefire was broken twice on Monday"),))
    assert link_claim(doc, [them], 0, len(text)).source == "They (unresolved)"


@pytest.mark.parametrize(
    ("text", "content", "cue", "target"),
    [
        # "this" answers what was said just before, however check-worthy the sentences further back
        (
            "Activists said government jets bombed the hospital in Aleppo on Monday. "
            "Residents reported sewage in the river last week. The company denied this.",
            "this",
            "denied",
            1,
        ),
        # "the accusation" answers the sentence that accused, not the nearer one that accuses nobody
        (
            "The ministry accused the United States of a dangerous provocation near the islands. "
            "A spokesman declined to say what measures were being considered. Washington rejected the accusation.",
            "the accusation",
            "rejected",
            0,
        ),
    ],
)
def test_a_denial_that_points_back_finds_what_it_answers(text: str, content: str, cue: str, target: int) -> None:
    denial = _denial(text, "a1", "Source", content, cue)
    disputes = disputed_claims(Document(text), [denial], _first_sentences_as_claims(text, 2), most_checkworthy=True)
    assert list(disputes) == [target]
