"""``doc.summary["voices"]``: a recalled quote is the quoted person's words; topics are not voices."""

from __future__ import annotations

import pytest

from unspin.claims.voices import UNNAMED, voices
from unspin.document import Document, Span


def attribution(text: str, ident: str, source: str, cue: str, content: str, resolved: str | None) -> list[Span]:
    attrs = {"id": ident, "kind": "indirect", "stance": "neutral", "resolved": resolved}
    spans = []
    for label, words in (("source", source), ("cue", cue), ("content", content)):
        start = text.index(words)
        spans.append(Span(start, start + len(words), label, None, attrs))
    return spans


def test_a_recalled_quote_counts_for_the_person_quoted_not_the_one_recalling() -> None:
    text = 'Jane Ford recalled that Tom Jones once told her: "I never lose an election in this state."'
    doc = Document(text)
    doc.set_layer(
        "attributions",
        [
            *attribution(text, "a1", "Jane Ford", "recalled", text[text.index("that") :], "Jane Ford"),
            *attribution(text, "a2", "Tom Jones", "once told", text[text.index('"I') :], "Tom Jones"),
        ],
    )
    words = {v["source"]: v["words"] for v in voices(doc)}
    assert words["Tom Jones"] == 8  # "I never lose an election in this state."
    assert words["Jane Ford"] == 6  # "that Tom Jones once told her:" is her account
    assert words["Tom Jones"] > words["Jane Ford"]


def test_the_same_voice_nested_in_itself_keeps_its_words() -> None:
    text = 'Jane Ford said that she had written: "The vote was stolen."'
    doc = Document(text)
    doc.set_layer(
        "attributions",
        [
            *attribution(text, "a1", "Jane Ford", "said", text[text.index("that") :], "Jane Ford"),
            *attribution(text, "a2", "she", "had written", text[text.index('"The') :], "Jane Ford"),
        ],
    )
    [ford] = voices(doc)
    assert (ford["source"], ford["attributions"], ford["words"]) == ("Jane Ford", 2, 8)


def test_a_topic_that_shows_something_is_pooled_as_unnamed() -> None:
    text = "This whole thing shows that the system is broken."
    doc = Document(text)
    doc.set_layer(
        "attributions", attribution(text, "a1", "This whole thing", "shows", "that the system is broken", None)
    )
    assert [v["source"] for v in voices(doc)] == [UNNAMED]


def test_a_question_keeps_its_words_though_it_names_the_interviewee() -> None:
    text = "Radio North: Do you think the dam will hold this winter?"
    doc = Document(text)
    question = {"id": "a1", "kind": "interview_question", "stance": "neutral", "resolved": "Radio North"}
    nested = {"id": "a2", "kind": "indirect", "stance": "neutral", "resolved": "Mark Lee"}
    you, think = text.index("you"), text.index("think")
    doc.set_layer(
        "attributions",
        [
            Span(0, 11, "source", None, question),
            Span(11, 12, "cue", None, question),
            Span(13, len(text), "content", None, question),
            Span(you, you + 3, "source", None, nested),
            Span(think, think + 5, "cue", None, nested),
            Span(think + 6, len(text) - 1, "content", None, nested),
        ],
    )
    words = {v["source"]: v["words"] for v in voices(doc)}
    assert words["Radio North"] == 9  # the whole question: asking is not telling Mark Lee's words


def test_an_unquoted_report_inside_a_quote_stays_the_speakers_words() -> None:
    text = 'Bethan Price said: "Our members want to know how this went on for nine years."'
    doc = Document(text)
    doc.set_layer(
        "attributions",
        [
            *attribution(text, "a1", "Bethan Price", "said:", text[text.index('"Our') :], "Bethan Price"),
            *attribution(text, "a2", "Our members", "want", "to know how this went on for nine years", None),
        ],
    )
    words = {v["source"]: v["words"] for v in voices(doc)}
    assert words["Bethan Price"] == 12  # every word of her quote, "Our members want ..." included


def test_a_case_that_raises_questions_is_pooled_as_unnamed() -> None:
    text = "Unison said the case raised serious questions about oversight."
    doc = Document(text)
    doc.set_layer(
        "attributions",
        [
            *attribution(text, "a1", "Unison", "said", text[text.index("the case") :], "Unison"),
            *attribution(text, "a2", "the case", "raised", "serious questions about oversight", None),
        ],
    )
    assert sorted(v["source"] for v in voices(doc)) == sorted([UNNAMED, "Unison"])


def _told_inside(text: str, teller: str, resolved: str, told: str, cue: str, content: str) -> Document:
    """``teller`` said everything after ``told``; inside it, ``cue`` + ``content`` with nobody named."""
    doc = Document(text)
    nested = {"id": "a2", "kind": "indirect", "stance": "neutral", "resolved": None}
    at, start = text.index(cue), text.index(content)
    doc.set_layer(
        "attributions",
        [
            *attribution(text, "a1", teller, "said", text[text.index(told) :], resolved),
            Span(at, at + len(cue), "cue", None, nested),
            Span(start, start + len(content), "content", None, nested),
        ],
    )
    return doc


@pytest.mark.parametrize(
    ("text", "told", "cue", "content", "shown"),
    [
        # a passive with no agent in what someone said is part of what they said
        ("Webb said the team planned a trial in which participants would be asked to drink coffee.",
         "the team", "would be asked", "to drink coffee", ["Marcus Webb"]),
        # hearsay passed on stays a report nobody is named for
        ("Webb said those people are said to have been taken from a refugee camp.",
         "those", "are said", "to have been taken from a refugee camp", [UNNAMED, "Marcus Webb"]),
    ],
)  # fmt: skip
def test_a_report_with_no_speaker_inside_someones_words(
    text: str, told: str, cue: str, content: str, shown: list[str]
) -> None:
    doc = _told_inside(text, "Webb", "Marcus Webb", told, cue, content)
    assert sorted(v["source"] for v in voices(doc)) == shown


def test_a_report_with_no_speaker_and_no_teller_is_unnamed() -> None:
    alone = Document("Participants would be asked to drink coffee.")
    nested = {"id": "a2", "kind": "indirect", "stance": "neutral", "resolved": None}
    alone.set_layer("attributions", [Span(13, 27, "cue", None, nested), Span(28, 43, "content", None, nested)])
    assert [v["source"] for v in voices(alone)] == [UNNAMED]  # said by nobody named, and nobody's words
