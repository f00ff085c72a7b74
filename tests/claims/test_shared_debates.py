"""The shipped model on real CheckThat! debates (skipped when ../shared/data is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.claims.checkthat import read_debate
from unspin.claims.model import default_model
from unspin.evaluate.checkworthy import debate_metrics

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "checkworthy"
DEBATE = DATA / "clef2019" / "training" / "20190108_oval_office.tsv"

pytestmark = [pytest.mark.shared, pytest.mark.skipif(not DEBATE.is_file(), reason="../shared/data absent")]


def test_a_real_debate_ranks_far_better_than_chance() -> None:
    lines = read_debate(DEBATE)
    scores = default_model().score_sentences([d.text for d in lines])
    gold = {d.line: d.label or 0 for d in lines}
    metrics = debate_metrics(gold, [(d.line, float(s)) for d, s in zip(lines, scores, strict=True)])
    chance = sum(gold.values()) / len(gold)  # expected average precision of a random ranking, roughly
    assert metrics["MAP"] > 2 * chance


def test_the_model_records_its_grouped_cross_validation() -> None:
    meta = default_model().meta
    # Trained on every debate (one copy per event); the figures that chose it are out-of-fold ones.
    assert "20190108_oval_office" in meta["train_debates"]
    assert "20160204_democrats_new_hampshire" not in meta["train_debates"]  # a copy of 20160209_msnbc_dem
    assert meta["grouped_cv"]["folds"] >= 5 and 0.0 < meta["grouped_cv"]["map_mean"] < 1.0
    assert meta["listing_threshold"] == default_model().listing_threshold
