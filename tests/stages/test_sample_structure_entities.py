"""The canonical sample through clean, segment, structure and entities (skipped without ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.api import analyze
from unspin.document import Document

SAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "sputnik-interview.txt"
pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not SAMPLE.is_file(), reason="../shared/samples is absent"),
]


@pytest.fixture(scope="module")
def doc() -> Document:
    return analyze(SAMPLE.read_text(encoding="utf-8"), until="entities")


def test_sample_interview_turns(doc: Document) -> None:
    turns = doc.layer("turns")
    assert len(turns) == 10
    assert [t.attrs["speaker"] for t in turns[:2]] == ["Sputnik", "Tim Anderson"]
    assert {(t.label, t.attrs["role"]) for t in turns if t.attrs["speaker"] == "Sputnik"} == {
        ("question", "interviewer")
    }
    assert doc.metadata["interview"] == {"interviewer": "Sputnik", "interviewee": "Tim Anderson"}
    for paragraph in doc.layer("paragraphs"):  # every paragraph after the first label is in a turn
        if paragraph.start >= turns[0].start:
            assert any(t.contains(paragraph) for t in turns)


def test_sample_sentences_stay_in_paragraphs(doc: Document) -> None:
    paragraphs = doc.layer("paragraphs")
    for sentence in doc.layer("sentences"):
        assert paragraphs[sentence.attrs["paragraph"]].contains(sentence)


def test_sample_entities(doc: Document) -> None:
    by_text: dict[str, set[str]] = {}
    for entity in doc.layer("entities"):
        by_text.setdefault(doc.span_text(entity), set()).add(entity.label)
    assert by_text["Sputnik"] == {"ORG"}
    assert by_text["Daesh"] == {"ORG"}
    assert by_text["Hezbollah"] == {"ORG"}
    putin = [e for e in doc.layer("entities") if e.attrs["canonical"] == "Vladimir Putin"]
    assert {doc.span_text(e) for e in putin} >= {
        "Vladimir Putin",
        "The Russian President",
        "the Russian President",
        "Putin",
    }
    assert len({e.attrs["cluster"] for e in putin}) == 1
