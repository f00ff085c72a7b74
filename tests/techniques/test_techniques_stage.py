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
from unspin.techniques.display import DisplayRule

TEXT = "The corrupt elite lied again. Patriots will not stand for it.\nEveryone knows it."


class StubTagger:
    """Returns fixed spans; records the threshold it was asked for; shows what ``rule`` shows."""

    def __init__(self, spans: list[Span], rule: DisplayRule | None = None) -> None:
        self.spans = spans
        self.thresholds: list[float | None] = []
        self.display_rule = rule or DisplayRule()

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


def run_stage(
    monkeypatch: pytest.MonkeyPatch, spans: list[Span], config: Config | None = None, rule: DisplayRule | None = None
) -> Document:
    stub = StubTagger(spans, rule)
    monkeypatch.setattr(stage_module, "tagger_for", lambda config: stub)
    return get_stage("techniques")(sentence_doc(), config or Config())


def test_spans_get_definition_trigger_and_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = run_stage(monkeypatch, [Span(4, 17, "Loaded_Language", 0.8, {"trigger": "corrupt"})])
    (span,) = doc.layer("techniques")
    assert doc.span_text(span) == "corrupt elite"
    assert span.attrs["trigger"] == "corrupt"
    assert span.attrs["definition"] == load_definitions()["Loaded_Language"].definition
    assert span.attrs["reason"] == "“corrupt” is an emotionally loaded phrase."
    assert span.attrs["shown"] is True
    assert span.score == 0.8


def test_trigger_is_the_whole_word_at_the_tagger_peak(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = run_stage(monkeypatch, [Span(4, 17, "Loaded_Language", 0.8, {"trigger_at": 14})])  # "corrupt elite"
    (span,) = doc.layer("techniques")
    assert span.attrs["trigger"] == "elite"  # the word holding character 14, never a piece of it
    assert "trigger_at" not in span.attrs
    assert span.attrs["reason"].startswith("“elite”")


def test_trigger_defaults_to_the_first_content_word(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = run_stage(monkeypatch, [Span(30, 38, "Flag-Waving", 0.5)])
    assert doc.layer("techniques")[0].attrs["trigger"] == "Patriots"


def test_span_across_sentences_is_cut_to_the_sentence_holding_most_of_it(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = run_stage(monkeypatch, [Span(18, 47, "Doubt", 0.4)])  # "lied again. Patriots will not"
    (span,) = doc.layer("techniques")
    assert doc.span_text(span) == "Patriots"  # "will not" hang off its end: function words


def test_span_across_sentences_is_cut_to_the_sentence_of_its_core(monkeypatch: pytest.MonkeyPatch) -> None:
    # TEXT: "The corrupt elite lied again. Patriots will not stand for it." The span covers "corrupt elite
    # lied again. Patriots" (most of it in the first sentence) but its core, "Patriots", is in the second.
    attrs = {"core_at": (30, 38), "trigger_at": 30, "peak_probability": 0.9, "core_score": 0.8}
    rule = DisplayRule(min_peak=0.5, core_level=0.4)
    doc = run_stage(monkeypatch, [Span(4, 38, "Flag-Waving", 0.6, attrs)], rule=rule)
    (span,) = doc.layer("techniques")
    assert doc.span_text(span) == "Patriots"  # not a word of the first sentence, far from the evidence
    assert span.attrs["shown"] is True


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


def test_shown_follows_the_display_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = DisplayRule(min_score=0.5, min_label_probability=0.3, max_words=2)
    spans = [
        Span(4, 17, "Loaded_Language", 0.8, {"label_probability": 0.6}),  # "corrupt elite": shown
        Span(18, 22, "Doubt", 0.45, {"label_probability": 0.9}),  # "lied": score too low
        Span(30, 38, "Flag-Waving", 0.9, {"label_probability": 0.2}),  # "Patriots": label too unsure
        Span(0, 28, "Slogans", 0.9, {"label_probability": 0.9}),  # "The corrupt elite lied again": 4 words
        Span(62, 70, "Bandwagon,Reductio_ad_hitlerum", 0.9, {"label_probability": 0.9}),  # "Everyone"
    ]
    doc = run_stage(monkeypatch, spans, rule=rule)
    got = {doc.span_text(s): s.attrs["shown"] for s in doc.layer("techniques")}
    assert got == {
        "corrupt elite": True,
        "lied": False,
        "Patriots": False,
        "corrupt elite lied again": False,
        "Everyone": True,
    }
    for span in doc.layer("techniques"):  # the stage's decision is the rule's, span by span
        words = len(doc.span_text(span).split())  # these spans hold content words only
        assert span.attrs["shown"] is rule.shows(span.score or 0.0, float(span.attrs["label_probability"]), words)


def test_a_lone_function_word_is_kept_but_never_shown(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = run_stage(monkeypatch, [Span(39, 43, "Repetition", 0.99, {"label_probability": 0.99})])  # "will"
    (span,) = doc.layer("techniques")
    assert doc.span_text(span) == "will"
    assert span.attrs["shown"] is False
    # Its reason does not call "will" repetition; it says that the word carries nothing by itself.
    assert span.attrs["reason"].startswith("Only “will” was marked")
    assert "repeated" not in span.attrs["reason"]


def test_edges_are_snapped_to_content_words(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = run_stage(monkeypatch, [Span(26, 50, "Doubt", 0.9)])  # "ain. Patriots will not st": mid-word ends
    (span,) = doc.layer("techniques")
    assert doc.span_text(span) == "Patriots will not stand"


class OutputsTagger(StubTagger):
    """A stub whose outputs can be prefetched: ``spans_from`` answers from them, ``predict`` counts."""

    def __init__(self, spans: list[Span]) -> None:
        super().__init__(spans)
        self.predicted = 0
        self.outputs_text: list[str] = []

    def outputs(self, text: str) -> object:
        self.outputs_text.append(text)

        class Outputs:
            pass

        out = Outputs()
        out.text = text  # type: ignore[attr-defined]
        return out

    def spans_from(self, text: str, out: object, threshold: float | None = None) -> list[Span]:
        assert getattr(out, "text", None) == text
        return self.spans

    def predict(self, text: str, threshold: float | None = None) -> list[Span]:
        self.predicted += 1
        return super().predict(text, threshold)


def test_prefetched_outputs_are_used_and_give_the_same_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    from unspin.pipeline import start_prefetch

    spans = [Span(4, 17, "Loaded_Language", 0.8, {"trigger": "corrupt"})]
    stub = OutputsTagger(spans)
    monkeypatch.setattr(stage_module, "tagger_for", lambda config: stub)
    prefetched_doc, plain_doc = sentence_doc(), sentence_doc()
    start_prefetch([prefetched_doc], [get_stage("techniques")], Config())
    with_prefetch = get_stage("techniques")(prefetched_doc, Config()).layer("techniques")
    assert stub.outputs_text == [TEXT] and stub.predicted == 0  # the encoder ran once, in the background
    without = get_stage("techniques")(plain_doc, Config()).layer("techniques")
    assert stub.predicted == 1
    assert with_prefetch == without


def test_a_text_tagged_in_pieces_is_not_prefetched(monkeypatch: pytest.MonkeyPatch) -> None:
    stub = OutputsTagger([])
    monkeypatch.setattr(stage_module, "tagger_for", lambda config: stub)
    long_doc = Document("word " * 5000)
    assert stage_module.encoder_outputs(long_doc, Config()) is None
    assert stub.outputs_text == []


def test_a_technique_the_model_is_unsure_of_is_called_a_best_guess(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = DisplayRule(uncertain_label_below=0.3)
    unsure = Span(4, 17, "Loaded_Language", 0.8, {"trigger": "corrupt", "label_probability": 0.22})
    sure = Span(30, 38, "Flag-Waving", 0.8, {"trigger": "Patriots", "label_probability": 0.61})
    doc = run_stage(monkeypatch, [unsure, sure], rule=rule)
    first, second = doc.layer("techniques")
    assert first.attrs["label_uncertain"] is True
    assert first.attrs["reason"].startswith("Best guess at the technique (22% likely): ")
    assert second.attrs["label_uncertain"] is False and not second.attrs["reason"].startswith("Best guess")


def test_reports_put_a_question_mark_on_an_uncertain_technique() -> None:
    from unspin.render.palette import technique_name

    assert technique_name("Loaded_Language", {"label_uncertain": True}) == "Loaded language?"
    assert technique_name("Loaded_Language", {"label_uncertain": False}) == "Loaded language"
