"""The canonical sample through the whole pipeline and the shipped tagger: no nonsense flag is shown.

Issue 13 lists what a reader saw on ``../shared/samples/sputnik-interview.txt``: "what" as
Repetition, "the US is it" as Flag-waving, "powers" as Loaded language, a Causal
oversimplification span ending mid-phrase ("… not a real, genuine").  Skipped without ../shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import unspin
from unspin.techniques.snap import FUNCTION_POS
from unspin.techniques.tagger import DEFAULT_MODEL_DIR

SAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "samples" / "sputnik-interview.txt"
pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not SAMPLE.is_file(), reason="../shared is absent"),
    pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "model.onnx").is_file(), reason="shipped technique model absent"),
]

NONSENSE = {
    ("what", "Repetition"),
    ("the US is it", "Flag-Waving"),
    ("powers", "Loaded_Language"),
    ("nice fiction", "Causal_Oversimplification"),  # a loaded phrase under the label of its longer span
}


@pytest.fixture(scope="module")
def sample() -> unspin.Document:
    return unspin.analyze(SAMPLE, disabled_stages=("claims",))  # techniques need neither claims nor their model


def test_no_nonsense_span_is_shown(sample: unspin.Document) -> None:
    techniques = sample.layer("techniques")
    assert techniques, "the sample has technique spans (shown or lower-confidence)"
    assert all(isinstance(s.attrs.get("shown"), bool) for s in techniques)
    shown = [(sample.span_text(s), s.label) for s in techniques if s.attrs["shown"]]
    assert not NONSENSE & set(shown)
    assert not any(text.rstrip(",").endswith("genuine") for text, _ in shown)


def test_shown_spans_are_whole_phrases_with_a_content_word(sample: unspin.Document) -> None:
    """Shown spans hold a content word; every span with one is snapped to whole words and phrases."""
    parsed = sample.cache["spacy"]
    tokens = {t.idx: t for t in parsed}
    ends = {t.idx + len(t): t for t in parsed}
    chunks = [(c.start_char, c.end_char) for c in parsed.noun_chunks]

    def only_function_words(start: int, end: int) -> bool:
        return all(t.pos_ in FUNCTION_POS for t in parsed if start <= t.idx and t.idx + len(t) <= end)

    for span in sample.layer("techniques"):
        text = sample.span_text(span)
        content = [t for t in parsed if t.idx < span.end and span.start < t.idx + len(t) and t.pos_ not in FUNCTION_POS]
        if span.attrs["shown"]:
            assert content, f"shown span {text!r} is only function words"
        if not content:
            continue
        assert span.start in tokens and span.end in ends, f"{text!r} cuts a word"
        assert tokens[span.start].pos_ not in FUNCTION_POS and ends[span.end].pos_ not in FUNCTION_POS, text
        assert not any(a < span.end < b for a, b in chunks), f"{text!r} ends inside a phrase"
        # a span may leave out a phrase's leading determiner ("the nice fiction" -> "nice fiction"), no more
        assert all(only_function_words(a, span.start) for a, b in chunks if a < span.start < b), text


def test_reasons_quote_whole_words_of_the_span(sample: unspin.Document) -> None:
    for span in sample.layer("techniques"):
        trigger = str(span.attrs["trigger"])
        text = sample.span_text(span)
        assert trigger in text and f"“{trigger}”" in str(span.attrs["reason"])
        at = text.index(trigger)
        before, after = text[at - 1 : at], text[at + len(trigger) : at + len(trigger) + 1]
        assert not before.isalnum() and not after.isalnum(), f"trigger {trigger!r} is a piece of a word"
        assert "Triggered by" not in str(span.attrs["reason"])
