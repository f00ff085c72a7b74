"""Sentence features shared by the trainer and the numpy scorer."""

from __future__ import annotations

import pytest

from unspin.claims.features import cheap_features, document_features, sentence_features, speaker_features, tokenize


def test_tokenize_folds_numbers_and_keeps_symbols() -> None:
    assert tokenize("Taxes rose 3.5% to $1,200 in 2019?") == [
        "taxes", "rose", "<num>", "%", "to", "$", "<num>", "in", "<num>", "?"
    ]  # fmt: skip
    assert tokenize("We’ve won") == ["we've", "won"]


def test_claim_signals() -> None:
    feats = cheap_features("Unemployment fell by 40 percent in Ohio since 2009, more than in Texas.")
    for name in ("number", "numbers2", "percent", "year", "comparison", "entity", "len10"):
        assert name in feats, name
    assert "question" not in feats and "opinion" not in feats


def test_non_claim_signals() -> None:
    assert {"question", "len0"} <= set(cheap_features("Why now?"))
    assert "opinion" in cheap_features("I think we can do better for our children.")
    assert "greeting" in cheap_features("Thank you very much.")
    assert "entity" not in cheap_features("Nobody saw anything here at all.")  # first word is not an entity


def test_ngrams_are_l2_normalised() -> None:
    feats = sentence_features("They voted against it.")
    ngrams = [v for k, v in feats.items() if k[:2] in ("w:", "b:")]
    assert sum(v * v for v in ngrams) == pytest.approx(1.0)
    assert "b:<s> they" in feats and "b:it </s>" in feats


def test_neighbours_add_context_features() -> None:
    rows = document_features(["Hello there everyone.", "We built 300 schools.", "Applause."])
    assert "p:number" not in rows[0] and "x:first_in_document" in rows[0]
    assert "p:number" in rows[2] and "n:number" in rows[0]
    assert "x:first_in_document" not in rows[1]


def test_speaker_features_mark_turn_edges_and_speakers_who_mostly_ask() -> None:
    speakers = ["HOST", "HOST", "SMITH", "SMITH", "SMITH", "HOST", ""]
    texts = [
        "Welcome back.",
        "Senator, did you vote for the bill?",
        "I did.",
        "We cut taxes by 3 percent in 2019.",
        "That is a fact.",
        "Why did the deficit grow?",
        "A line nobody speaks.",
    ]
    feats = speaker_features(speakers, texts)
    assert feats[0] == {"s:turn_first": 1.0, "s:asker": 1.0}  # two of HOST's three lines are questions
    assert feats[1] == {"s:turn_last": 1.0, "s:asker": 1.0}
    assert feats[2] == {"s:turn_first": 1.0} and feats[3] == {} and feats[4] == {"s:turn_last": 1.0}
    assert feats[6] == {}  # no speaker named: no speaker signal
