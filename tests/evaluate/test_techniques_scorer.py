"""The SemEval-2020 Task 11 scorer on small cases computed by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.errors import InputError
from unspin.evaluate.techniques import merge_intervals, read_labels, report, score_flc, score_si, score_tc

LL = "Loaded_Language"
NC = "Name_Calling,Labeling"
DOUBT = "Doubt"


def test_si_partial_overlap_is_character_fraction() -> None:
    gold = [("1", LL, 0, 10)]
    pred = [("1", "", 5, 15)]
    # |s∩t| = 5: P = 5/10, R = 5/10
    si = score_si(pred, gold)
    assert si.precision == pytest.approx(0.5)
    assert si.recall == pytest.approx(0.5)
    assert si.f1 == pytest.approx(0.5)


def test_si_sums_over_pairs_and_divides_by_span_counts() -> None:
    gold = [("1", LL, 0, 10), ("1", NC, 20, 30)]
    pred = [("1", "", 5, 25)]  # 5 chars in each gold span
    si = score_si(pred, gold)
    assert si.precision == pytest.approx((5 / 20 + 5 / 20) / 1)
    assert si.recall == pytest.approx((5 / 10 + 5 / 10) / 2)
    assert (si.n_pred, si.n_gold) == (1, 2)


def test_si_merges_overlapping_gold_spans_first() -> None:
    gold = [("1", LL, 0, 10), ("1", NC, 5, 20)]  # merged into (0, 20)
    pred = [("1", "", 0, 10)]
    si = score_si(pred, gold)
    assert si.n_gold == 1
    assert si.precision == pytest.approx(1.0)
    assert si.recall == pytest.approx(0.5)


def test_si_does_not_match_across_articles() -> None:
    si = score_si([("2", "", 0, 10)], [("1", LL, 0, 10)])
    assert (si.precision, si.recall, si.f1) == (0.0, 0.0, 0.0)


def test_si_pools_articles() -> None:
    gold = [("1", LL, 0, 10), ("2", LL, 0, 10)]
    pred = [("1", "", 0, 10), ("2", "", 10, 20)]
    si = score_si(pred, gold)
    assert si.precision == pytest.approx(0.5)
    assert si.recall == pytest.approx(0.5)


def test_no_predictions_scores_zero_without_dividing_by_zero() -> None:
    si = score_si([], [("1", LL, 0, 10)])
    assert (si.precision, si.recall, si.f1, si.n_pred) == (0.0, 0.0, 0.0, 0)


def test_merge_keeps_touching_intervals_apart() -> None:
    assert merge_intervals([(5, 9), (0, 5), (3, 4)]) == [(0, 5), (5, 9)]
    assert merge_intervals([(0, 5), (4, 9)]) == [(0, 9)]


def test_tc_micro_f1_is_accuracy_on_gold_spans() -> None:
    gold = [("1", LL, 0, 10), ("1", NC, 20, 30), ("1", DOUBT, 40, 50), ("2", LL, 0, 5)]
    pred = [("1", LL, 0, 10), ("1", LL, 20, 30), ("1", DOUBT, 40, 50), ("2", NC, 0, 5)]
    micro, per = score_tc(pred, gold)
    assert micro.f1 == pytest.approx(0.5)
    assert per[LL].precision == pytest.approx(1 / 2)
    assert per[LL].recall == pytest.approx(1 / 2)
    assert per[DOUBT].f1 == pytest.approx(1.0)
    assert per[NC].f1 == 0.0


def test_tc_matches_a_doubly_labelled_span_as_a_multiset() -> None:
    gold = [("1", LL, 0, 10), ("1", NC, 0, 10)]
    both = score_tc([("1", NC, 0, 10), ("1", LL, 0, 10)], gold)[0]
    same_twice = score_tc([("1", LL, 0, 10), ("1", LL, 0, 10)], gold)[0]
    assert both.f1 == pytest.approx(1.0)
    assert same_twice.f1 == pytest.approx(0.5)


def test_flc_needs_the_right_technique() -> None:
    gold = [("1", LL, 0, 10), ("1", NC, 20, 30)]
    pred = [("1", LL, 0, 10), ("1", LL, 20, 30)]
    micro, per = score_flc(pred, gold)
    # LL: 2 predicted (one right), 1 gold, fully found; NC: 0 predicted, 1 gold
    assert micro.precision == pytest.approx(1 / 2)
    assert micro.recall == pytest.approx(1 / 2)
    assert per[LL].precision == pytest.approx(0.5)
    assert per[LL].recall == pytest.approx(1.0)
    assert per[NC].recall == 0.0


def test_report_adds_tc_only_when_predictions_sit_on_gold_spans() -> None:
    gold = [("1", LL, 0, 10)]
    assert "tc" in report([("1", LL, 0, 10)], gold)
    assert "tc" not in report([("1", LL, 0, 9)], gold)


def test_read_labels_reads_tc_and_si_rows(tmp_path: Path) -> None:
    (tmp_path / "a.labels").write_text("11\tDoubt\t3\t9\n\n12\t1\t4\n", encoding="utf-8")
    assert read_labels(tmp_path) == [("11", "Doubt", 3, 9), ("12", "", 1, 4)]


def test_read_labels_names_the_bad_row(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("11\tDoubt\tthree\t9\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.tsv:1"):
        read_labels(bad)


def test_read_labels_rejects_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no label file"):
        read_labels(tmp_path / "nothing.labels")
