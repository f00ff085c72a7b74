"""The sweep ranks every epoch of every run by dev scores and builds trainer commands (no torch)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspin.train.sweep import command, load_grid, rank


def _epoch(folder: Path, epoch: int, **scores: float) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"dev_epoch{epoch}.json").write_text(json.dumps(scores))


def test_rank_orders_epochs_by_best_threshold_plus_weighted_tc(tmp_path: Path) -> None:
    _epoch(tmp_path / "a", 1, **{"si@0.3": 0.30, "si@0.4": 0.35, "tc": 0.50})  # 0.35 + 0.125
    _epoch(tmp_path / "a", 2, **{"si@0.3": 0.38, "si@0.4": 0.36, "tc": 0.40})  # 0.38 + 0.100
    _epoch(tmp_path / "b", 1, **{"si@0.3": 0.20, "si@0.4": 0.25, "tc": 0.88})  # 0.25 + 0.220
    rows = rank(tmp_path, ["a", "b"], tc_weight=0.25)
    assert [(r["run"], r["epoch"]) for r in rows] == [("a", 2), ("a", 1), ("b", 1)]
    assert rows[0]["si"] == pytest.approx(0.38)
    assert rows[0]["score"] == pytest.approx(0.48)


def test_rank_skips_runs_without_epochs(tmp_path: Path) -> None:
    _epoch(tmp_path / "a", 1, **{"si@0.5": 0.3, "tc": 0.5})
    (tmp_path / "crashed").mkdir()
    assert [r["run"] for r in rank(tmp_path, ["a", "crashed"], 0.0)] == ["a"]


def test_command_turns_grid_args_into_trainer_flags(tmp_path: Path) -> None:
    entry = {"name": "lr8", "args": {"lr": 8e-5, "train_stride": 128}}
    cmd = command(entry, tmp_path, ["--data", "ptc", "--device", "cuda"])
    assert cmd[1:3] == ["-m", "unspin.train.techniques"]
    assert cmd[3:5] == ["--out", str(tmp_path / "lr8")]
    assert cmd[-4:] == ["--lr", "8e-05", "--train-stride", "128"]
    assert cmd[7:9] == ["--device", "cuda"]


def test_command_spreads_a_list_over_one_flag(tmp_path: Path) -> None:
    cmd = command({"name": "s", "args": {"soft": ["a.npz", "b.npz"]}}, tmp_path, [])
    assert cmd[-3:] == ["--soft", "a.npz", "b.npz"]


def test_grid_with_repeated_names_is_refused(tmp_path: Path) -> None:
    grid = tmp_path / "grid.json"
    grid.write_text(json.dumps([{"name": "x", "args": {}}, {"name": "x", "args": {}}]))
    with pytest.raises(SystemExit, match="repeat"):
        load_grid(grid)
