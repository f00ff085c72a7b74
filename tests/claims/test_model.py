"""The numpy scorer: a linear model over named features, saved and loaded without scikit-learn."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from unspin.claims.model import CheckworthyModel, default_model, load_model
from unspin.errors import ModelError


def tiny_model() -> CheckworthyModel:
    index = {"x:number": 0, "x:question": 1, "w:jobs": 2}
    return CheckworthyModel(index=index, weights=np.array([2.0, -3.0, 1.0]), bias=-1.0)


def test_linear_score_by_hand() -> None:
    model = tiny_model()
    logits = model.logits([{"x:number": 1.0, "w:jobs": 0.5, "w:unknown": 9.0}, {}])
    assert logits == pytest.approx([-1.0 + 2.0 + 0.5, -1.0])
    assert model.score_features([{}])[0] == pytest.approx(1 / (1 + np.exp(1.0)))


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    model = tiny_model()
    model.save(tmp_path)
    again = load_model(tmp_path)
    assert dict(again.index) == dict(model.index) and again.bias == model.bias
    assert again.weights == pytest.approx(model.weights)


def test_missing_model_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"weights\.npz"):
        load_model(tmp_path)


def test_shipped_model_ranks_a_claim_above_small_talk() -> None:
    model = default_model()
    claim, chatter = model.score_sentences(
        [
            "Unemployment in Ohio has doubled since 2019, and 40,000 factory jobs were lost last year.",
            "Thank you all so much for being here tonight.",
        ]
    )
    assert claim > 0.5 > chatter
    assert model.meta["grouped_cv"]["map_mean"] > 0 and len(model.index) > 1000


def test_shipped_model_is_deterministic() -> None:
    texts = ["The mayor said crime fell by 12 percent.", "What do you think?", "We killed 200 of them."]
    assert list(default_model().score_sentences(texts)) == list(default_model().score_sentences(texts))
