"""The attribution stage on a hand-written interview: layer contract, interview turns, source resolution."""

from __future__ import annotations

import pytest
from conftest import SHARED, Analyze, build, find, roles

from unspin.config import Config
from unspin.document import Document, Span
from unspin.errors import PipelineError
from unspin.stages.attribution import attribution_stage

ARTICLE = (
    "Finnish Prime Minister Anna Virtanen revealed that 300 workers had been laid off at the Oulu shipyard. "
    "The Finnish Prime Minister, who stated that the orders had dried up, expressed her surprise that "
    "nobody had warned the town. The company meanwhile denies the story.\n\n"
    "Radio North: Who is to blame for this?\n\n"
    "Mark Lee: The owners are to blame. I think they knew about it for a year."
)


def entity(text: str, phrase: str, label: str, cluster: int, canonical: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase), label, attrs={"cluster": cluster, "canonical": canonical})


def turn(text: str, label: str, speaker: str, role: str, index: int) -> Span:
    speaker_start = text.index(speaker + ":")
    end = text.find("\n\n", speaker_start)
    end = len(text) if end < 0 else end
    attrs = {"speaker": speaker, "role": role, "speaker_start": speaker_start, "turn": index}
    attrs["speaker_end"] = speaker_start + len(speaker)
    return Span(speaker_start, end, label, attrs=attrs)


@pytest.fixture
def interview(analyze: Analyze) -> Document:
    entities = [
        entity(ARTICLE, "Anna Virtanen", "PERSON", 1, "Anna Virtanen"),
        entity(ARTICLE, "Radio North", "ORG", 2, "Radio North"),
        entity(ARTICLE, "Mark Lee", "PERSON", 3, "Mark Lee"),
    ]
    turns = [
        turn(ARTICLE, "question", "Radio North", "interviewer", 0),
        turn(ARTICLE, "answer", "Mark Lee", "interviewee", 1),
    ]
    return analyze(ARTICLE, entities=entities, turns=turns)


def test_spans_follow_the_layer_contract(interview: Document) -> None:
    spans = interview.layer("attributions")
    assert spans
    for span in spans:
        assert span.label in {"source", "cue", "content"}
        assert {"id", "kind", "stance", "resolved", "cluster"} <= set(span.attrs)
        # a relative-pronoun source also names the noun it stands for, by offsets
        assert set(span.attrs) - {"id", "kind", "stance", "resolved", "cluster"} <= {
            "antecedent_start",
            "antecedent_end",
        }
        assert span.attrs["kind"] in {
            "direct",
            "indirect",
            "mixed",
            "interview_answer",
            "interview_question",
            "according_to",
        }
        assert span.attrs["stance"] in {"neutral", "endorsing", "distancing", "denial"}
        assert span.score is not None and 0.0 < span.score <= 1.0
        text = interview.span_text(span)
        assert text == text.strip() and text


def test_each_attribution_has_one_cue_and_some_content(interview: Document) -> None:
    for row in roles(interview):
        assert len(row.get("cue", [])) == 1
        assert row.get("content")


def test_reported_speech_resolves_title_and_relative_pronoun(interview: Document) -> None:
    revealed = find(interview, "revealed")
    assert revealed["resolved"] == "Anna Virtanen" and revealed["cluster"] == 1
    assert revealed["stance"] == "endorsing"
    surprise = find(interview, "expressed her surprise")
    assert surprise["source"] == ["The Finnish Prime Minister"]
    assert surprise["resolved"] == "Anna Virtanen"
    stated = find(interview, "stated")
    assert stated["source"] == ["who"] and stated["resolved"] == "Anna Virtanen"
    assert find(interview, "meanwhile denies")["stance"] == "denial"


def test_interview_turns_are_attributed_to_their_speakers(interview: Document) -> None:
    turns = [row for row in roles(interview) if str(row["kind"]).startswith("interview_")]
    assert [(row["kind"], row["source"], row["cue"], row["resolved"]) for row in turns] == [
        ("interview_question", ["Radio North"], [":"], "Radio North"),
        ("interview_answer", ["Mark Lee"], [":"], "Mark Lee"),
    ]
    assert turns[1]["content"] == ["The owners are to blame. I think they knew about it for a year."]


def test_i_inside_an_answer_is_the_speaker(interview: Document) -> None:
    assert find(interview, "think")["resolved"] == "Mark Lee"


def test_unresolvable_source_is_null(analyze: Analyze) -> None:
    row = find(analyze("Some residents claimed that the water smelled of oil."), "claimed")
    assert row["resolved"] is None and row["cluster"] is None


def test_reuses_the_segment_parse() -> None:
    doc = build("The mayor said that the road is closed.")
    parse = doc.cache["spacy"]
    attribution_stage(doc, Config())
    assert doc.cache["spacy"] is parse


def test_a_parse_of_other_text_is_refused() -> None:
    doc = build("The mayor said that the road is closed.")
    doc.cache["spacy"] = build("Something else entirely.").cache["spacy"]
    with pytest.raises(PipelineError, match="segment"):
        attribution_stage(doc, Config())


@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "samples" / "sputnik-interview.txt").exists(), reason="../shared is absent")
def test_canonical_sample_through_the_pipeline() -> None:
    import unspin

    doc = unspin.analyze(SHARED / "samples" / "sputnik-interview.txt", until="attribution")
    rows = roles(doc)

    def has(cue: str, resolved: str | None, content_start: str) -> bool:
        return any(
            r["cue"] == [cue] and r["resolved"] == resolved and str(r["content"][0]).startswith(content_start)  # type: ignore[index]
            for r in rows
        )

    assert has("revealed", "Vladimir Putin", "that 700 civilians")
    assert has("meanwhile denies", "United States", "the validity of the story") or has(
        "meanwhile denies", "US", "the validity of the story"
    )
    assert has("vowing", None, "to execute 10 people")
    assert has("stated", "Vladimir Putin", "that US and European nationals")
    answers = [r for r in rows if r["kind"] == "interview_answer"]
    assert len(answers) >= 5 and {r["resolved"] for r in answers} == {"Tim Anderson"}


def test_you_in_a_question_is_the_interviewee_who_answers(analyze: Analyze) -> None:
    text = "Radio North: Do you think the owners knew about it?\n\nMark Lee: Yes. They knew about it for a year."
    entities = [entity(text, "Radio North", "ORG", 1, "Radio North"), entity(text, "Mark Lee", "PERSON", 2, "Mark Lee")]
    turns = [
        turn(text, "question", "Radio North", "interviewer", 0),
        turn(text, "answer", "Mark Lee", "interviewee", 1),
    ]
    asked = find(analyze(text, entities=entities, turns=turns), "think")
    assert asked["source"] == ["you"]
    assert asked["resolved"] == "Mark Lee" and asked["cluster"] == 2
