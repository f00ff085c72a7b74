"""The shipped model on real CheckThat! debates (skipped when ../shared/data is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.claims.checkthat import read_debate
from unspin.claims.model import default_model
from unspin.evaluate.checkworthy import debate_metrics

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "checkworthy"
HELD_OUT_DEBATE = DATA / "clef2019" / "training" / "20190108_oval_office.tsv"

pytestmark = [pytest.mark.shared, pytest.mark.skipif(not HELD_OUT_DEBATE.is_file(), reason="../shared/data absent")]


def test_held_out_debate_ranks_far_better_than_chance() -> None:
    lines = read_debate(HELD_OUT_DEBATE)
    scores = default_model().score_sentences([d.text for d in lines])
    gold = {d.line: d.label or 0 for d in lines}
    metrics = debate_metrics(gold, [(d.line, float(s)) for d, s in zip(lines, scores, strict=True)])
    chance = sum(gold.values()) / len(gold)  # expected average precision of a random ranking, roughly
    assert metrics["MAP"] > 2 * chance
    assert "20190108_oval_office" in default_model().meta["held_out_debates"]
