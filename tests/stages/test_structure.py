"""The structure stage: title span and interview turns with speaker and role."""

from __future__ import annotations

import itertools

import pytest
from a2_articles import INTERVIEW, NEWS
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.config import Config
from unspin.document import Document, Span
from unspin.stages.structure import structure

CONFIG = Config()


def _paragraphed(text: str, **metadata: object) -> Document:
    """A Document with a hand-made paragraphs layer (blank-line blocks), no spaCy needed."""
    doc = Document(text)
    doc.metadata.update(metadata)
    spans, pos = [], 0
    for block in text.split("\n\n"):
        start = text.index(block, pos)
        stripped = block.strip()
        if stripped:
            begin = start + block.index(stripped)
            spans.append(Span(begin, begin + len(stripped), "paragraph"))
        pos = start + len(block)
    doc.set_layer("paragraphs", spans)
    return doc


def test_interview_turns_with_outlet_as_interviewer() -> None:
    doc = structure(_paragraphed(INTERVIEW, outlet="Radio Meridian"), CONFIG)
    turns = doc.layer("turns")
    assert [(t.label, t.attrs["speaker"], t.attrs["role"]) for t in turns] == [
        ("question", "Radio Meridian", "interviewer"),
        ("answer", "Helen Okafor", "interviewee"),
        ("question", "Radio Meridian", "interviewer"),
        ("answer", "Helen Okafor", "interviewee"),
        ("question", "Radio Meridian", "interviewer"),
        ("answer", "Helen Okafor", "interviewee"),
    ]
    assert [t.attrs["turn"] for t in turns] == list(range(6))
    first_answer = turns[1]
    assert doc.text[first_answer.attrs["speaker_start"] : first_answer.attrs["speaker_end"]] == "Helen Okafor"
    # an answer runs on over the following paragraphs that carry no speaker label
    assert doc.span_text(first_answer).endswith("nobody asked them.")
    assert doc.span_text(turns[-1]).endswith("near the river.")
    assert doc.metadata["interview"] == {"interviewer": "Radio Meridian", "interviewee": "Helen Okafor"}


def test_interviewer_found_from_questions_without_outlet_metadata() -> None:
    doc = structure(_paragraphed(INTERVIEW), CONFIG)
    assert doc.metadata["interview"]["interviewer"] == "Radio Meridian"
    assert {t.attrs["speaker"] for t in doc.layer("turns") if t.label == "answer"} == {"Helen Okafor"}


def test_known_outlet_is_the_interviewer_even_when_it_does_not_ask() -> None:
    text = (
        "Sputnik: Tell us about the deal.\n\nAnna Petrova: It is dead.\n\n"
        "Sputnik: And the talks.\n\nAnna Petrova: Also dead."
    )
    doc = structure(_paragraphed(text), CONFIG)
    assert [t.label for t in doc.layer("turns")] == ["question", "answer", "question", "answer"]


def test_spoke_to_names_the_interviewer_when_nobody_asks() -> None:
    text = (
        "Mark Ode talked to Jane Roe about the harvest.\n\n"
        "Mark Ode: Tell me about the harvest.\n\nJane Roe: It was poor.\n\nMark Ode: And prices.\n\nJane Roe: High."
    )
    doc = structure(_paragraphed(text), CONFIG)
    assert doc.metadata["interview"] == {"interviewer": "Mark Ode", "interviewee": "Jane Roe"}


def test_q_and_a_transcript() -> None:
    text = "Q: Why did you resign?\n\nA: I was tired.\n\nQ: Of what?\n\nA: Of everything."
    doc = structure(_paragraphed(text), CONFIG)
    assert [t.label for t in doc.layer("turns")] == ["question", "answer", "question", "answer"]


def test_plain_news_has_no_turns_and_furniture_labels_are_not_speakers() -> None:
    text = NEWS + "\nUpdate: The talks resumed.\n\nNote: Times are local.\n\nWASHINGTON: Officials agreed.\n"
    doc = structure(_paragraphed(text), CONFIG)
    assert doc.layer("turns") == []
    assert "interview" not in doc.metadata


def test_all_caps_transcript_labels_and_label_only_paragraphs() -> None:
    text = "WASHINGTON: The debate began.\n\nHOST:\n\nWhy run?\n\nLEE: To win.\n\nHOST: Why now?\n\nLEE: Because."
    doc = structure(_paragraphed(text), CONFIG)
    turns = doc.layer("turns")
    assert [(t.attrs["speaker"], t.label) for t in turns] == [
        ("HOST", "question"),
        ("LEE", "answer"),
        ("HOST", "question"),
        ("LEE", "answer"),
    ]
    assert doc.span_text(turns[0]) == "HOST:\n\nWhy run?"


def test_one_speaker_is_not_an_interview() -> None:
    text = "Intro here.\n\nJane Roe: One.\n\nJane Roe: Two.\n\nJane Roe: Three."
    assert structure(_paragraphed(text), CONFIG).layer("turns") == []


def test_title_is_the_headline_first_paragraph() -> None:
    doc = structure(_paragraphed(NEWS), CONFIG)
    assert [doc.span_text(t) for t in doc.layer("title")] == ["Ministers Meet in Brussels"]


def test_labelled_headline_is_a_title_but_a_first_turn_is_not() -> None:
    text = "Minister: 'We Will Not Pay'\n\nThe minister spoke on Monday."
    doc = structure(_paragraphed(text), CONFIG)
    assert [doc.span_text(t) for t in doc.layer("title")] == ["Minister: 'We Will Not Pay'"]
    interview = "Jane Roe: Why now\n\nMark Ode: Because.\n\nJane Roe: Really\n\nMark Ode: Yes."
    assert structure(_paragraphed(interview), CONFIG).layer("title") == []


def test_title_follows_metadata_and_rejects_sentences() -> None:
    text = "The minister resigned on Monday.\n\nShe gave no reason."
    assert structure(_paragraphed(text), CONFIG).layer("title") == []
    meta_title = structure(_paragraphed(text, title="The minister resigned on Monday."), CONFIG)
    assert [meta_title.span_text(t) for t in meta_title.layer("title")] == ["The minister resigned on Monday."]
    other_title = structure(_paragraphed(NEWS, title="Something else entirely"), CONFIG)
    assert other_title.layer("title") == []


_PARAGRAPHS = [
    "Jane Roe: Why?",
    "Mark Ode: Because.",
    "Sputnik: And?",
    "It went on.",
    "Note: fine.",
    "Q: Hm?",
    "A: Yes.",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PARAGRAPHS), max_size=12))
def test_turns_are_ordered_disjoint_and_own_their_speaker_label(paragraphs: list[str]) -> None:
    doc = structure(_paragraphed("\n\n".join(paragraphs)), CONFIG)
    turns = doc.layer("turns")
    for before, after in itertools.pairwise(turns):
        assert before.end <= after.start
    for index, turn in enumerate(turns):
        assert turn.attrs["turn"] == index
        assert turn.start == turn.attrs["speaker_start"] < turn.attrs["speaker_end"] <= turn.end
        assert doc.text[turn.attrs["speaker_start"] : turn.attrs["speaker_end"]] == turn.attrs["speaker"]
        assert (turn.label, turn.attrs["role"]) in {("question", "interviewer"), ("answer", "interviewee")}
    if turns:
        assert len({t.attrs["speaker"] for t in turns}) >= 2


def test_q_and_a_labels_take_the_names_the_introduction_gives() -> None:
    text = (
        "Trade Minister Dario Velkov spoke to our correspondent Hanna Lind about the sanctions.\n\n"
        "Q: Will you retaliate?\n\nA: We will defend our people.\n\nQ: How?\n\nA: You will see."
    )
    doc = structure(_paragraphed(text), CONFIG)
    assert [t.attrs["speaker"] for t in doc.layer("turns")] == ["Hanna Lind", "Dario Velkov"] * 2
    assert doc.metadata["interview"] == {"interviewer": "Hanna Lind", "interviewee": "Dario Velkov"}
    assert [doc.text[t.attrs["speaker_start"] : t.attrs["speaker_end"]] for t in doc.layer("turns")] == ["Q", "A"] * 2


def test_q_and_a_labels_stay_labels_when_nobody_is_named() -> None:
    text = "Q: Why did you resign?\n\nA: I was tired.\n\nQ: Of what?\n\nA: Of everything."
    doc = structure(_paragraphed(text), CONFIG)
    assert [t.attrs["speaker"] for t in doc.layer("turns")] == ["Q", "A", "Q", "A"]


def test_a_headline_kicker_is_not_a_speaker() -> None:
    text = (
        'Interview: "The sanctions are economic war," says minister\n\n'
        "Q: Will you retaliate?\n\nA: We will defend our people.\n\nQ: How?\n\nA: You will see."
    )
    doc = structure(_paragraphed(text), CONFIG)
    assert {t.attrs["speaker"] for t in doc.layer("turns")} == {"Q", "A"}
    assert len(doc.layer("title")) == 1


DEBATE = (
    "The two candidates met on Tuesday night. Below is an edited transcript.\n\n"
    "MODERATOR (Helen Strand): Councillor Okoro, where will the new homes go?\n\n"
    "OKORO: On land the council already owns.\n\n"
    "BAXTER: That is simply not true. I voted against one site.\n\n"
    "MODERATOR: Ms Baxter, why should voters trust developers?\n\n"
    "BAXTER: Because we will sign contracts with penalties.\n\n"
    "OKORO: She says penalties, but her party wrote the tunnel contract.\n\n"
    "The candidates are due to meet again on 12 December."
)


def test_a_moderator_named_in_brackets_asks_and_caps_surnames_read_as_names() -> None:
    doc = structure(_paragraphed(DEBATE), CONFIG)
    turns = doc.layer("turns")
    speakers = [(t.label, t.attrs["speaker"]) for t in turns]
    assert speakers[:3] == [("question", "Helen Strand"), ("answer", "Okoro"), ("answer", "Baxter")]
    assert speakers[3] == ("question", "Helen Strand")  # "MODERATOR:" once more, without the name
    assert doc.metadata["interview"]["interviewer"] == "Helen Strand"


def test_the_reporters_closing_line_is_not_the_last_speakers() -> None:
    doc = structure(_paragraphed(DEBATE), CONFIG)
    last = doc.layer("turns")[-1]
    assert doc.span_text(last).endswith("wrote the tunnel contract.")
    # A last answer of several paragraphs keeps them when it speaks in the first person.
    longer = DEBATE.replace("The candidates are due", "We will build them, I promise you. They are due")
    longer_doc = structure(_paragraphed(longer), CONFIG)
    assert longer_doc.span_text(longer_doc.layer("turns")[-1]).endswith("on 12 December.")


@pytest.mark.parametrize(
    ("intro", "asker", "answerer"),
    [
        ("Health reporter Dana Whitfield spoke to Grace Mbeki, a ward sister, about the closures.", "Dana Whitfield",
         "Grace Mbeki"),
        ("Grace Mbeki spoke to our reporter Dana Whitfield about the closures.", "Dana Whitfield", "Grace Mbeki"),
        ("Reuters spoke to Grace Mbeki about the closures.", "Reuters", "Grace Mbeki"),
    ],
)  # fmt: skip
def test_q_and_a_names_follow_the_journalist_not_the_word_order(intro: str, asker: str, answerer: str) -> None:
    text = intro + "\n\nQ: When did you hear?\n\nA: By email.\n\nQ: And then?\n\nA: Nothing."
    doc = structure(_paragraphed(text), CONFIG)
    assert [t.attrs["speaker"] for t in doc.layer("turns")] == [asker, answerer] * 2


def test_q_and_a_labels_stay_labels_when_the_introduction_does_not_say_who_asked() -> None:
    text = (
        "Dario Velkov spoke to Hanna Lind about the sanctions.\n\nQ: Why?\n\nA: Because.\n\nQ: How?\n\nA: You will see."
    )
    doc = structure(_paragraphed(text), CONFIG)
    assert [t.attrs["speaker"] for t in doc.layer("turns")] == ["Q", "A", "Q", "A"]
