"""The ``techniques`` stage with a stub tagger: contract attributes, sentence clipping, config."""

from __future__ import annotations

import pytest

import unspin.stages.techniques as stage_module
from unspin.config import Config
from unspin.document import Document, Span
from unspin.errors import PipelineError
from unspin.evaluate.techniques import TECHNIQUES
from unspin.pipeline import Pipeline, get_stage
from unspin.techniques.definitions import load_definitions

TEXT = "The corrupt elite lied again. Patriots will not stand for it.\nEveryone knows it."


class StubTagger:
    """Returns fixed spans; records the threshold it was asked for."""

    def __init__(self, spans: list[Span]) -> None:
        self.spans = spans
        self.thresholds: list[float | None] = []

    def predict(self, text: str, threshold: float | None = None) -> list[Span]:
        self.thresholds.append(threshold)
        return self.spans


def sentence_doc(text: str = TEXT) -> Document:
    doc = Document(text)
    sentences, start = [], 0
    for end in (29, 61, len(text)):
        while text[start] in " \n":
            start += 1
        sentences.append(Span(start, end, "sentence"))
        start = end
    doc.set_layer("sentences", sentences)
    return doc


def run_stage(monkeypatch: pytest.MonkeyPatch, spans: list[Span], config: Config | None = None) -> Document:
    stub = StubTagger(spans)
    monkeypatch.setattr(stage_module, "tagger_for", lambda config: stub)
    return get_stage("techniques")(sentence_doc(), config or Config())


def test_spans_get_definition_trigger_and_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = run_stage(monkeypatch, [Span(4, 17, "Loaded_Language", 0.8, {"trigger": "corrupt"})])
    (span,) = doc.layer("techniques")
    assert doc.span_text(span) == "corrupt elite"
    assert span.attrs["trigger"] == "corrupt"
    assert span.attrs["definition"] == load_definitions()["Loaded_Language"].definition
    assert span.attrs["reason"].startswith("Loaded language: ")
    assert "“corrupt”" in span.attrs["reason"]
    assert span.score == 0.8


def test_trigger_defaults_to_the_span_text(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = run_stage(monkeypatch, [Span(30, 38, "Flag-Waving", 0.5)])
    assert doc.layer("techniques")[0].attrs["trigger"] == "Patriots"


def test_span_across_sentences_is_cut_to_the_sentence_holding_most_of_it(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = run_stage(monkeypatch, [Span(18, 47, "Doubt", 0.4)])  # "lied again. Patriots will not"
    (span,) = doc.layer("techniques")
    assert doc.span_text(span) == "Patriots will not"


def test_every_label_has_a_definition() -> None:
    definitions = load_definitions()
    assert set(definitions) == set(TECHNIQUES)
    assert all(d.definition and d.name for d in definitions.values())


def test_threshold_from_config_reaches_the_tagger(monkeypatch: pytest.MonkeyPatch) -> None:
    stub = StubTagger([])
    monkeypatch.setattr(stage_module, "tagger_for", lambda config: stub)
    doc = get_stage("techniques")(sentence_doc(), Config(technique_threshold=0.7))
    assert stub.thresholds == [0.7]
    assert doc.layer("techniques") == []
    assert doc.has_layer("techniques")


def test_stage_requires_sentences() -> None:
    with pytest.raises(PipelineError, match="sentences"):
        Pipeline(["techniques"])
