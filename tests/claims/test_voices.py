"""``doc.summary["voices"]``: a recalled quote is the quoted person's words; topics are not voices."""

from __future__ import annotations

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


def test_a_passive_with_no_agent_inside_someones_words_is_no_voice() -> None:
    text = "Webb said the team planned a trial in which participants would be asked to drink coffee."
    doc = Document(text)
    nested = {"id": "a2", "kind": "indirect", "stance": "neutral", "resolved": None}
    cue, content = text.index("would be asked"), text.index("to drink coffee")
    doc.set_layer(
        "attributions",
        [
            *attribution(text, "a1", "Webb", "said", text[text.index("the team") :], "Marcus Webb"),
            Span(cue, cue + len("would be asked"), "cue", None, nested),
            Span(content, content + len("to drink coffee"), "content", None, nested),
        ],
    )
    assert [v["source"] for v in voices(doc)] == ["Marcus Webb"]
    alone = Document("Participants would be asked to drink coffee.")
    alone.set_layer(
        "attributions",
        [Span(13, 27, "cue", None, nested), Span(28, 43, "content", None, nested)],
    )
    assert [v["source"] for v in voices(alone)] == [UNNAMED]  # said by nobody named, and nobody's words


def test_hearsay_passed_on_inside_someones_words_stays_an_unnamed_voice() -> None:
    text = "Anderson said those people are said to have been taken from a refugee camp."
    doc = Document(text)
    nested = {"id": "a2", "kind": "indirect", "stance": "neutral", "resolved": None}
    cue, content = text.index("are said"), text.index("to have been")
    doc.set_layer(
        "attributions",
        [
            *attribution(text, "a1", "Anderson", "said", text[text.index("those") :], "Tim Anderson"),
            Span(cue, cue + len("are said"), "cue", None, nested),
            Span(content, len(text) - 1, "content", None, nested),
        ],
    )
    assert sorted(v["source"] for v in voices(doc)) == [UNNAMED, "Tim Anderson"]  # a report nobody is named for
