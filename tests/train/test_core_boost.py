"""Choosing the core Repetition boost out of fold, on hand-built shown spans."""

from __future__ import annotations

from unspin.evaluate.techniques import Label
from unspin.train.core_boost import cross_validate


def test_the_boost_whose_labels_match_gold_is_chosen_in_every_fold() -> None:
    gold: list[Label] = [(f"a{k}", "Loaded_Language", 0, 10) for k in range(20)]
    shown = {
        0.0: [(f"a{k}", "Loaded_Language", 0, 10) for k in range(20)],
        4.0: [(f"a{k}", "Repetition" if k % 2 else "Loaded_Language", 0, 10) for k in range(20)],
    }
    figures = cross_validate(shown, gold)
    assert figures["fold_boosts"] == [0.0] * 5
    assert figures["out_of_fold"]["precision"] == 1.0


def test_a_tie_goes_to_the_smaller_boost() -> None:
    gold: list[Label] = [(f"a{k}", "Slogans", 0, 10) for k in range(10)]
    same = [(f"a{k}", "Slogans", 0, 10) for k in range(10)]
    assert cross_validate({4.0: same, 1.0: same}, gold)["fold_boosts"] == [1.0] * 5
