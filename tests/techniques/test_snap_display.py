"""Snapping technique spans to words and phrases, trigger phrases, and the display rule in config.json."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.errors import ModelError
from unspin.techniques.display import DisplayRule, trigger_range
from unspin.techniques.snap import Word, snap, words_from_tokens
from unspin.techniques.tagger import DEFAULT_MODEL_DIR, TaggerConfig

_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")


def words_of(text: str) -> list[Word]:
    return words_from_tokens(text, [(m.start(), m.end()) for m in _TOKEN.finditer(text)])


def inside_word(text: str, at: int) -> bool:
    """True when offset ``at`` falls between two characters of one token."""
    return any(m.start() < at < m.end() for m in _TOKEN.finditer(text))


VOCAB = ["the", "nice", "fiction", "of", "US", "is", "it", "proxy", "armies", "dismember", "Syria", "if", "they", ","]
texts = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=25).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(texts, st.data())
def test_snapped_spans_lie_in_the_text_and_never_cut_a_word(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    words = words_of(text)
    # noun chunks of the text: runs of adjacent vocabulary items, as a parser might propose
    phrases = [(m.start(), m.end()) for m in re.finditer(r"(?:the |nice )*(?:fiction|armies|Syria|US)", text)]
    snapped = snap(start, end, words, phrases)
    content = [w for w in words if w.start < end and start < w.end and not w.function]
    if not content:
        assert snapped is None
        return
    assert snapped is not None
    a, b = snapped
    assert 0 <= a < b <= len(text)
    assert not inside_word(text, a) and not inside_word(text, b)
    first = next(w for w in words if w.start == a)
    last = next(w for w in words if w.end == b)
    assert not first.function and not last.function  # no edge function word

    def only_function_words(lo: int, hi: int) -> bool:
        return all(w.function for w in words if lo <= w.start and w.end <= hi)

    for p_start, p_end in phrases:  # an edge inside a (short) noun chunk leaves out only function words
        assert not p_start < b < p_end or p_end - b > 40 or only_function_words(b, p_end)
        assert not p_start < a < p_end or a - p_start > 40 or only_function_words(p_start, a)
    # the snap keeps every content word the span touched
    assert all(a <= w.start and w.end <= b for w in content)


def test_snap_drops_hanging_function_words_and_completes_phrases() -> None:
    text = "to maintain the nice fiction that there is not a real, genuine difference"
    words = words_of(text)
    phrases = [(12, 28), (47, 73)]  # "the nice fiction", "a real, genuine difference"
    assert (
        text[slice(*snap(0, 63, words, phrases) or (0, 0))]
        == "maintain the nice fiction that there is not a real, genuine difference"
    )
    assert snap(text.index("that"), text.index("that") + 4, words, phrases) is None
    start = text.index("nice")
    assert text[slice(*snap(start, start + 7, words, phrases) or (0, 0))] == "nice fiction"


def test_trigger_is_the_phrase_around_the_peak_without_its_determiner() -> None:
    text = "they keep up the nice fiction that all is well"
    words = words_of(text)
    phrases = [(13, 29)]  # "the nice fiction"
    start, end = trigger_range(text, 0, len(text), text.index("fiction") + 2, words, phrases) or (0, 0)
    assert text[start:end] == "nice fiction"
    start, end = trigger_range(text, 0, len(text), text.index("keep"), words, phrases) or (0, 0)
    assert text[start:end] == "keep"


def test_display_rule_reads_and_checks_its_block() -> None:
    rule = DisplayRule.from_json({"min_score": 0.4, "min_label_probability": 0.2, "max_words": 5})
    assert rule == DisplayRule(0.4, 0.2, 5)
    assert DisplayRule.from_json(rule.to_json()) == rule
    assert rule.shows(0.4, 0.2, 5) and not rule.shows(0.39, 0.9, 1) and not rule.shows(0.9, 0.9, 0)
    for bad in ({"min_score": 1.5}, {"min_score": "high"}, {"max_words": 0}, {"min_sore": 0.3}, [0.4]):
        with pytest.raises(ModelError, match="display"):
            DisplayRule.from_json(bad)  # type: ignore[arg-type]


def test_model_config_with_a_bad_display_block_is_refused(tmp_path: Path) -> None:
    config = json.loads((DEFAULT_MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    config["display"] = {"min_score": -1}
    path = tmp_path / "config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(ModelError, match=r"display\.min_score"):
        TaggerConfig.read(path)


def test_shipped_model_has_a_display_rule_chosen_on_dev() -> None:
    rule = TaggerConfig.read(DEFAULT_MODEL_DIR / "config.json").display
    raw = json.loads((DEFAULT_MODEL_DIR / "config.json").read_text(encoding="utf-8"))["display"]
    assert rule == DisplayRule.from_json(raw)
    assert rule.min_score > 0 or rule.min_peak > 0  # a real decision, not "show everything"
    scores = json.loads((DEFAULT_MODEL_DIR / "dev_scores.json").read_text(encoding="utf-8"))
    assert scores["display"]["rule"] == rule.to_json()
    assert "out_of_fold" in scores["display"]


def test_copy_of_model_without_display_block_shows_everything(tmp_path: Path) -> None:
    shutil.copy(DEFAULT_MODEL_DIR / "config.json", tmp_path / "config.json")
    config = json.loads((tmp_path / "config.json").read_text(encoding="utf-8"))
    del config["display"]
    (tmp_path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    assert TaggerConfig.read(tmp_path / "config.json").display == DisplayRule()
