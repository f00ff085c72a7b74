"""The static sentence embedding and a check-worthiness model that weighs it, on tables written here."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspin.claims.embedding import StaticEmbedding
from unspin.claims.model import CheckworthyModel, load_model, neighbour_mean
from unspin.errors import ModelError


def embedding() -> StaticEmbedding:
    # "billion" points one way, "thanks" the other; "the" is nearly weightless, as frequent words are.
    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [0.01, 0.01]], np.float32)
    return StaticEmbedding({"billion": 0, "thanks": 1, "the": 2}, vectors)


def test_a_sentence_is_the_unit_mean_of_its_known_words() -> None:
    emb = embedding().embed(["The BILLION.", "thanks thanks", "Nothing known here", ""])
    assert emb.shape == (4, 2)
    assert np.allclose(np.linalg.norm(emb[:2], axis=1), 1.0)
    assert emb[0, 0] > 0.99 and emb[1, 1] == pytest.approx(1.0)
    assert not emb[2].any() and not emb[3].any()  # no known word: zeros, not NaN


def test_save_and_load_keep_the_table_within_int8_precision(tmp_path: Path) -> None:
    embedding().save(tmp_path)
    loaded = StaticEmbedding.load(tmp_path)
    assert loaded.index == embedding().index
    assert np.allclose(loaded.vectors, embedding().vectors, atol=1 / 127)
    (tmp_path / "words.json").write_text('["billion"]\n', encoding="utf-8")
    with pytest.raises(ModelError, match="1 words but 3 rows"):
        StaticEmbedding.load(tmp_path)
    with pytest.raises(ModelError, match="missing"):
        StaticEmbedding.load(tmp_path / "nowhere")


def test_the_dense_logit_is_added_to_the_sparse_one(tmp_path: Path) -> None:
    model = CheckworthyModel(
        index={"x:number": 0}, weights=np.array([1.0]), bias=-1.0, embedding=embedding(),
        dense_weights=np.array([3.0, -3.0]),
    )  # fmt: skip
    claim, thanks = model.score_sentences(["A billion", "Thanks"])
    assert claim > 0.5 > thanks
    model.save(tmp_path / "m")
    again = load_model(tmp_path / "m")
    assert np.allclose(again.score_sentences(["A billion", "Thanks"]), [claim, thanks], atol=0.05)
    with pytest.raises(ModelError, match="fit no embedding of 2 dims"):
        CheckworthyModel(index={}, weights=np.zeros(0), bias=0.0, embedding=embedding(), dense_weights=np.zeros(3))
    with pytest.raises(ModelError, match="both a static embedding and its weights"):
        CheckworthyModel(index={}, weights=np.zeros(0), bias=0.0, dense_weights=np.zeros(2))


def test_neighbour_mean_averages_the_previous_and_next_rows() -> None:
    rows = np.array([[2.0], [4.0], [6.0]])
    assert neighbour_mean(rows).ravel().tolist() == [2.0, 4.0, 2.0]
    assert neighbour_mean(rows[:1]).ravel().tolist() == [0.0]
