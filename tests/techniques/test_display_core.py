"""The displayed core of a technique span: the peak gate, whole words inside the span, the export's extent."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import unspin.stages.techniques as stage_module
from unspin.config import Config
from unspin.document import Document, Span
from unspin.errors import ModelError
from unspin.pipeline import get_stage
from unspin.render.semeval import render_semeval
from unspin.techniques.decode import core_range
from unspin.techniques.display import DisplayRule, present, tagged_extent
from unspin.techniques.snap import Word, words_from_tokens

_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")

TEXT = "They keep up the nice fiction that there is no real difference between them."
RULE = DisplayRule(min_peak=0.5, core_level=0.4)


def words_of(text: str) -> list[Word]:
    return words_from_tokens(text, [(m.start(), m.end()) for m in _TOKEN.finditer(text)])


def pieces_of(text: str) -> list[tuple[int, int]]:
    """Word-pieces as a tokenizer cuts them: every word in pieces of at most four characters."""
    out = []
    for m in _TOKEN.finditer(text):
        out += [(a, min(a + 4, m.end())) for a in range(m.start(), m.end(), 4)]
    return out


def test_core_is_the_run_around_the_most_probable_piece_widened_to_words() -> None:
    offsets = pieces_of(TEXT)
    p = np.full(len(offsets), 0.35, dtype=np.float32)
    nice, fiction = TEXT.index("nice"), TEXT.index("fiction")
    for i, (a, _) in enumerate(offsets):
        if a in (nice, fiction):
            p[i] = 0.45
        if a == fiction + 4:  # "ion", the peak: the core widens to the whole word
            p[i] = 0.8
    start, end = core_range(TEXT, offsets, p, 0, len(offsets), 0.4)
    assert TEXT[start:end] == "nice fiction"
    start, end = core_range(TEXT, offsets, p, 0, len(offsets), 0.9)  # nothing reaches the level: the peak's word
    assert TEXT[start:end] == "fiction"


def span_with_core(core: tuple[int, int], peak: float = 0.7, score: float = 0.45) -> Span:
    attrs = {
        "label_probability": 0.6,
        "trigger_at": core[0],
        "peak_probability": peak,
        "core_at": core,
        "core_score": 0.6,
    }
    return Span(TEXT.index("keep"), TEXT.index(" between"), "Loaded_Language", score, attrs)


def test_shown_span_is_its_core_and_keeps_the_tagged_extent_for_the_export() -> None:
    nice = TEXT.index("nice")
    phrases = [(TEXT.index("the nice"), TEXT.index(" that"))]
    shown = present(TEXT, span_with_core((nice + 1, nice + 8)), words_of(TEXT), phrases, RULE)
    assert TEXT[shown.start : shown.end] == "nice fiction"  # cut words made whole, the phrase completed
    assert TEXT[slice(*tagged_extent(shown))] == "keep up the nice fiction that there is no real difference"
    assert shown.attrs["trigger"] == "nice fiction"
    assert shown.attrs["shown"] is True
    assert shown.score == 0.6  # the core's score: what is shown, not the whole span's 0.45
    assert not {"core_at", "core_score", "peak_probability", "trigger_at"} & set(shown.attrs)  # internal


def test_peak_gate_decides_shown_and_a_lower_confidence_span_stays_whole() -> None:
    nice = TEXT.index("nice")
    low = present(TEXT, span_with_core((nice, nice + 4), peak=0.49), words_of(TEXT), [], RULE)
    assert low.attrs["shown"] is False
    assert (low.start, low.end) == tagged_extent(low) == (TEXT.index("keep"), TEXT.index(" between"))
    assert low.score == 0.45
    whole = present(TEXT, span_with_core((nice, nice + 4)), words_of(TEXT), [], DisplayRule(min_score=0.4))
    assert (whole.start, whole.end) == tagged_extent(whole) == (TEXT.index("keep"), TEXT.index(" between"))
    assert "tagged_start" not in whole.attrs


def test_a_core_of_function_words_gives_way_to_the_content_word_at_the_peak() -> None:
    that = TEXT.index("that there")
    span = span_with_core((that, that + len("that there is")))
    span = Span(span.start, span.end, span.label, span.score, {**span.attrs, "trigger_at": TEXT.index("real")})
    shown = present(TEXT, span, words_of(TEXT), [], RULE)
    assert TEXT[shown.start : shown.end] == "real"


VOCAB = ["the", "nice", "fiction", "of", "US", "is", "it", "proxy", "armies", "dismember", "Syria", "if", ","]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), min_size=1, max_size=20).map(" ".join), st.data())
def test_the_core_lies_inside_the_span_on_whole_words(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    c_start = data.draw(st.integers(0, len(text) - 1))
    c_end = data.draw(st.integers(c_start + 1, len(text)))
    words = words_of(text)
    phrases = [(m.start(), m.end()) for m in re.finditer(r"(?:the |nice )*(?:fiction|armies|Syria|US)", text)]
    attrs = {
        "trigger_at": data.draw(st.integers(0, len(text) - 1)),
        "peak_probability": 0.9,
        "core_at": (c_start, c_end),
    }
    shown = present(text, Span(start, end, "Loaded_Language", 0.5, attrs), words, phrases, RULE)
    t_start, t_end = tagged_extent(shown)
    assert t_start <= shown.start < shown.end <= t_end
    if any(not w.function for w in words if w.start < t_end and t_start < w.end):  # a span with content
        edges = {w.start for w in words if not w.function}, {w.end for w in words if not w.function}
        assert shown.start in edges[0] and shown.end in edges[1]  # whole content words at both edges
        assert shown.attrs["trigger"] in text[shown.start : shown.end]


def test_display_rule_reads_peak_and_core_level() -> None:
    raw = {"min_score": 0.0, "min_label_probability": 0.0, "max_words": 1000, "min_peak": 0.5, "core_level": 0.4}
    assert DisplayRule.from_json(raw) == RULE and RULE.to_json() == raw
    assert DisplayRule.from_json({"min_score": 0.4}).core_level is None
    for bad in ({"core_level": 2}, {"min_peak": "high"}):
        with pytest.raises(ModelError, match="display"):
            DisplayRule.from_json(bad)


def test_semeval_export_writes_the_tagged_span_not_the_core() -> None:
    doc = Document(TEXT)
    nice, that = TEXT.index("nice"), TEXT.index(" that")
    doc.set_layer(
        "techniques",
        [Span(nice, that, "Loaded_Language", 0.5, {"tagged_start": 5, "tagged_end": TEXT.index(" between")})],
    )
    (row,) = render_semeval(doc).splitlines()
    assert row.split("\t")[2:] == ["5", str(TEXT.index(" between"))]


class CoreTagger:
    display_rule = RULE

    def predict(self, text: str, threshold: float | None = None) -> list[Span]:
        nice = text.index("nice")
        return [span_with_core((nice, nice + 4))]


def test_stage_writes_the_core_and_the_tagged_extent_within_one_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stage_module, "tagger_for", lambda config: CoreTagger())
    doc = Document(TEXT)
    doc.set_layer("sentences", [Span(0, len(TEXT), "sentence")])
    (span,) = get_stage("techniques")(doc, Config()).layer("techniques")
    assert doc.span_text(span) == "nice"
    assert (span.attrs["tagged_start"], span.attrs["tagged_end"]) == (TEXT.index("keep"), TEXT.index(" between"))
    assert span.attrs["reason"] == "“nice” is an emotionally loaded phrase."


def test_tagger_labels_a_span_by_its_core_when_the_rule_shows_cores() -> None:
    """Outputs built by hand: the span's tokens lean to label A, its core (the peak and its run) to B.

    A span whose peak reaches the rule's ``min_peak`` is shown as its core, so the core labels it.
    """
    from unspin.techniques.tagger import ArticleOutputs, TaggerConfig, TechniqueTagger

    text = "aaa bbb ccc ddd eee"
    offsets = [(0, 3), (4, 7), (8, 11), (12, 15), (16, 19)]
    p_inside = np.array([0.36, 0.37, 0.9, 0.38, 0.1], dtype=np.float32)
    logits = np.array([[3, 0], [3, 0], [0, 2], [3, 0], [0, 0]], dtype=np.float32)
    out = ArticleOutputs(text, offsets, p_inside, logits)

    def tagger(rule: DisplayRule) -> TechniqueTagger:
        stub = TechniqueTagger.__new__(TechniqueTagger)  # no ONNX session: spans_from reads outputs only
        stub.config = TaggerConfig(("A", "B"), 8, 8, 0.35, 0, 1, ((0.0, 1.0), (0.0, 1.0)), display=rule)
        stub.span_head, stub._repetition_index = None, None
        return stub

    (whole,) = tagger(DisplayRule()).spans_from(text, out)
    assert (whole.start, whole.end, whole.label) == (0, 15, "A") and "core_at" not in whole.attrs
    (cored,) = tagger(RULE).spans_from(text, out)
    assert (cored.start, cored.end, cored.label) == (0, 15, "B")
    assert cored.attrs["core_at"] == (8, 11) and cored.attrs["peak_probability"] == 0.9
    assert cored.attrs["core_score"] == 0.9 and cored.score == pytest.approx((0.36 + 0.37 + 0.9 + 0.38) / 4, abs=1e-6)
    (below_peak,) = tagger(DisplayRule(min_peak=0.95, core_level=0.4)).spans_from(text, out)
    assert below_peak.label == "A"  # not confident enough to be shown as its core: labelled whole


def test_a_core_is_labelled_with_the_core_repetition_boost_and_a_whole_span_with_the_usual_one() -> None:
    """The core "ccc" recurs in the text: the usual boost makes it Repetition, the core boost 0 does not."""
    from unspin.techniques.tagger import ArticleOutputs, TaggerConfig, TechniqueTagger

    text = "aaa bbb ccc ddd eee ccc"
    offsets = [(0, 3), (4, 7), (8, 11), (12, 15), (16, 19), (20, 23)]
    p_inside = np.array([0.36, 0.37, 0.9, 0.38, 0.1, 0.1], dtype=np.float32)
    logits = np.zeros((6, 2), dtype=np.float32)
    logits[:, 1] = 1.0  # every token leans to B; "Repetition" wins only by its boost
    out = ArticleOutputs(text, offsets, p_inside, logits)

    def label(core_boost: float | None, rule: DisplayRule = RULE) -> str:
        stub = TechniqueTagger.__new__(TechniqueTagger)  # no ONNX session: spans_from reads outputs only
        stub.config = TaggerConfig(
            ("Repetition", "B"), 8, 8, 0.35, 0, 1, ((0.0, 1.0), (0.0, 1.0)), 4.0, core_boost, display=rule
        )
        stub.span_head, stub._repetition_index = None, 0
        (span,) = stub.spans_from(text, out)
        return span.label

    assert label(None) == "Repetition"  # the core "ccc" recurs and takes the usual boost
    assert label(0.0) == "B"
    assert label(0.0, DisplayRule()) == "B"  # whole span "aaa bbb ccc ddd" does not recur: no boost at all
    assert label(0.0, DisplayRule(min_peak=0.95, core_level=0.4)) == "B"  # labelled whole, not as its core
