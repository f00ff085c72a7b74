"""The cross-encoder CV's data side (``unspin.train.checkworthy_cross``): no torch needed."""

from __future__ import annotations

import random

import numpy as np

from unspin.claims.checkthat import DebateLine
from unspin.train.checkworthy_cross import epoch_sample, pairs_of


def test_each_sentence_is_read_with_its_neighbours() -> None:
    lines = [DebateLine(i, "A", text) for i, text in enumerate(["First.", "Second.", "Third."], start=1)]
    assert pairs_of(lines) == [("First.", "Second."), ("Second.", "First. … Third."), ("Third.", "Second.")]


def test_an_epoch_takes_every_positive_and_a_fresh_draw_of_negatives() -> None:
    labels = np.array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0])
    first = epoch_sample(labels, 3, random.Random(1))
    second = epoch_sample(labels, 3, random.Random(2))
    for chosen in (first, second):
        assert len(chosen) == 5 and {0, 5} <= set(chosen) and len(set(chosen)) == 5
    assert set(first) - {0, 5} != set(second) - {0, 5}  # each epoch draws its negatives afresh
    assert len(epoch_sample(labels, 100, random.Random(0))) == 10  # never more negatives than there are
