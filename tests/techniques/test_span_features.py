"""Span features and the span-level technique head: hand-made inputs, no trained model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspin.errors import ModelError
from unspin.techniques import span_features as sf
from unspin.techniques.span_features import SpanHead, dense_values, feature_index, repeat_count, span_vector
from unspin.techniques.tagger import ArticleOutputs, TaggerConfig, TechniqueTagger

TEXT = 'They said it.\nThe "corrupt elite" are CRIMINALS, really! Criminals?'
START = TEXT.index("CRIMINALS")
END = START + len("CRIMINALS")
LABELS = ("Loaded_Language", "Name_Calling,Labeling", "Repetition")
DIM = 64


def test_sparse_keys_read_the_span_and_its_neighbours_on_its_line() -> None:
    keys = sf.sparse_keys(TEXT, START, END)
    assert {"w:criminals", "f:criminals", "l:criminals", "len:1", "g:<cri", "g:als>"} <= set(keys)
    assert {"p1:are", "p2:elite", "p3:corrupt", "n1:really", "n2:criminals"} <= set(keys)
    assert not any(k.endswith(":said") for k in keys)  # the previous line is not context
    two = TEXT.index("corrupt elite")
    assert "b:corrupt_elite" in sf.sparse_keys(TEXT, two, two + len("corrupt elite"))


def test_features_depend_on_offsets_not_on_text_before_the_line() -> None:
    shifted = "Some other headline\n" + TEXT
    shift = len("Some other headline\n")
    assert span_vector(shifted, START + shift, END + shift, DIM) == span_vector(TEXT, START, END, DIM)
    again = span_vector(TEXT, START, END, DIM)
    assert again == span_vector(TEXT, START, END, DIM)  # deterministic


def test_dense_values_count_repeats_punctuation_and_capitals() -> None:
    values = dict(zip(sf.DENSE_NAMES, dense_values(TEXT, START, END), strict=True))
    assert repeat_count(TEXT, START, END) == 2  # case-folded: "Criminals" counts
    assert values["repeated"] == 1.0
    assert values["all_caps_share"] == 1.0
    assert values["line_question"] == 1.0
    assert values["exclamation"] == 0.0
    assert values["first_line"] == 0.0
    assert values["bias"] == 1.0
    assert repeat_count(TEXT, 0, 2) == 0  # under three letters: never a repetition
    assert len(dense_values("", 0, 0)) == sf.N_DENSE


def test_feature_index_is_stable_across_processes() -> None:
    assert feature_index("w:criminals", 2**16) == 60005  # crc32, not Python's salted hash()
    indices, values = span_vector(TEXT, START, END, DIM)
    assert len(indices) == len(set(indices)) == len(values)
    assert all(0 <= i < DIM + sf.N_DENSE for i in indices)


def hand_head(weight: float = 1.0, temperature: float = 1.0) -> SpanHead:
    """A head that votes Name_Calling for any span containing the word 'criminals'."""
    weights = np.zeros((DIM + sf.N_DENSE, len(LABELS)), np.float32)
    weights[feature_index("w:criminals", DIM), 1] = 10.0
    return SpanHead(weights, np.zeros(len(LABELS), np.float32), LABELS, DIM, weight, temperature)


def test_a_hand_made_head_changes_the_argmax() -> None:
    tagger_logits = np.array([2.0, 0.0, 0.0], np.float32)
    assert int(np.argmax(hand_head().combine(tagger_logits, TEXT, START, END))) == 1
    assert int(np.argmax(hand_head(weight=0.0).combine(tagger_logits, TEXT, START, END))) == 0
    other = TEXT.index("said")
    assert int(np.argmax(hand_head().combine(tagger_logits, TEXT, other, other + 4))) == 0


def test_head_round_trips_and_is_absent_without_its_file(tmp_path: Path) -> None:
    assert SpanHead.load(tmp_path, LABELS) is None
    hand_head(weight=0.4, temperature=3.0).save(tmp_path / sf.HEAD_FILE)
    loaded = SpanHead.load(tmp_path, LABELS)
    assert loaded is not None
    assert (loaded.weight, loaded.temperature, loaded.dim, loaded.labels) == (0.4, 3.0, DIM, LABELS)
    np.testing.assert_allclose(loaded.head_logits(TEXT, START, END), hand_head().head_logits(TEXT, START, END))
    with pytest.raises(ModelError, match="labels"):
        SpanHead.load(tmp_path, LABELS[:2])
    (tmp_path / sf.HEAD_FILE).write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="unreadable"):
        SpanHead.load(tmp_path, LABELS)


def bare_tagger(head: SpanHead | None, boost: float = 0.0) -> TechniqueTagger:
    """A tagger without an ONNX session: span_logits needs only the config and the head."""
    tagger = object.__new__(TechniqueTagger)
    tagger.config = TaggerConfig(LABELS, 8, 8, 0.5, 25, 1, ((0.0, 1.0), (0.0, 1.0)), boost)
    tagger._repetition_index = LABELS.index("Repetition")
    tagger.span_head = head
    return tagger


def test_tagger_span_logits_mix_the_head_only_when_present() -> None:
    offsets = [(m, m + 1) for m in range(len(TEXT))]  # one "token" per character
    tech = np.tile(np.array([2.0, 0.0, 0.0], np.float32), (len(TEXT), 1))
    out = ArticleOutputs(TEXT, offsets, np.zeros(len(TEXT), np.float32), tech)
    assert int(np.argmax(bare_tagger(None).span_logits(out, START, END))) == 0
    assert int(np.argmax(bare_tagger(hand_head()).span_logits(out, START, END))) == 1
    assert int(np.argmax(bare_tagger(None, boost=5.0).span_logits(out, START, END))) == 2  # repeated text
    ranked = bare_tagger(hand_head()).classify_from(out, [(START, END)], top_k=3)[0]
    assert ranked[0][0] == "Name_Calling,Labeling"
    assert abs(sum(p for _, p in ranked) - 1.0) < 1e-5


def test_train_techniques_head_command_names_a_bad_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from unspin.cli.main import main

    assert main(["train", "techniques-head", "--data", str(tmp_path / "nope"), "--model", str(tmp_path)]) == 2
    assert "is not a folder" in capsys.readouterr().err
