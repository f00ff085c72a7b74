"""CheckThat! 2019 task-1 measures on rankings small enough to compute by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.cli.main import main
from unspin.errors import InputError
from unspin.evaluate.checkworthy import (
    average_precision,
    debate_metrics,
    mean_metrics,
    precision_at,
    r_precision,
    rank_lines,
    reciprocal_rank,
)

# Lines 1..6; relevant: 2 and 5.
GOLD = {1: 0, 2: 1, 3: 0, 4: 0, 5: 1, 6: 0}


def test_average_precision_by_hand() -> None:
    # Ranking 2, 1, 5, ...: hits at ranks 1 and 3 -> (1/1 + 2/3) / 2 = 5/6.
    assert average_precision(GOLD, [2, 1, 5, 3, 4, 6]) == pytest.approx(5 / 6)
    # Relevant last: hits at ranks 5 and 6 -> (1/5 + 2/6) / 2.
    assert average_precision(GOLD, [1, 3, 4, 6, 2, 5]) == pytest.approx((1 / 5 + 2 / 6) / 2)
    assert average_precision({1: 0, 2: 0}, [1, 2]) == 0.0


def test_r_precision_and_precision_at_k() -> None:
    ranked = [2, 1, 5, 3, 4, 6]
    assert r_precision(GOLD, ranked) == pytest.approx(1 / 2)  # R = 2: one hit in the first two
    assert precision_at(GOLD, ranked, 1) == 1.0
    assert precision_at(GOLD, ranked, 3) == pytest.approx(2 / 3)
    assert precision_at(GOLD, ranked, 10) == pytest.approx(2 / 10)  # divided by k even past the end
    assert reciprocal_rank(GOLD, [1, 3, 5, 2]) == pytest.approx(1 / 3)


def test_ties_keep_prediction_file_order() -> None:
    assert rank_lines([(1, 0.5), (2, 0.9), (3, 0.5)]) == [2, 1, 3]
    assert rank_lines([(3, 0.5), (2, 0.9), (1, 0.5)]) == [2, 3, 1]


def test_debate_metrics_needs_every_line() -> None:
    with pytest.raises(InputError, match="lack 1 of 6"):
        debate_metrics(GOLD, [(i, 0.1) for i in range(1, 6)])


def test_mean_over_debates() -> None:
    perfect = debate_metrics(GOLD, [(2, 0.9), (5, 0.8), (1, 0.1), (3, 0.1), (4, 0.1), (6, 0.1)])
    worst = debate_metrics(GOLD, [(2, 0.0), (5, 0.0), (1, 0.9), (3, 0.9), (4, 0.9), (6, 0.9)])
    assert perfect["MAP"] == 1.0 and perfect["P@5"] == pytest.approx(2 / 5)
    assert worst["MAP"] == pytest.approx((1 / 5 + 2 / 6) / 2)
    assert mean_metrics([perfect, worst])["MAP"] == pytest.approx((1 + (1 / 5 + 2 / 6) / 2) / 2)


def test_eval_command_on_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir()
    pred.mkdir()
    (gold / "d1.tsv").write_text("1\tA\tWe cut taxes by 5%.\t1\n2\tB\tThank you.\t0\n", encoding="utf-8")
    (pred / "d1.txt").write_text("2\t0.9\n1\t0.1\n", encoding="utf-8")
    assert main(["eval", "checkworthy", "--gold", str(gold), "--pred", str(pred)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("MEAN\t0.5000\t0.0000\t0.5000")  # MAP = 1/2, R-P = 0, RR = 1/2


def test_eval_command_missing_prediction(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "g.tsv"
    gold.write_text("1\tA\tWe cut taxes.\t1\n2\tB\tThanks.\t0\n", encoding="utf-8")
    pred = tmp_path / "p.tsv"
    pred.write_text("1\t0.3\n", encoding="utf-8")
    assert main(["eval", "checkworthy", "--gold", str(gold), "--pred", str(pred)]) == 2
    assert "lack 1 of 2 gold lines" in capsys.readouterr().err
