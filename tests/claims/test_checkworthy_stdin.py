"""``unspin checkworthy -`` reads stdin; ``--model-dir`` swaps the model."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from unspin.claims.model import CheckworthyModel
from unspin.cli.main import main

DEBATE = "1\tA\tWhat a night.\n2\tB\tThe governor cut school funding by 12 percent in 2021.\n"


def test_stdin_to_stdout(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(DEBATE))
    assert main(["checkworthy", "-"]) == 0
    assert [row.split("\t")[0] for row in capsys.readouterr().out.splitlines()] == ["2", "1"]


def test_model_dir_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A model that penalises numbers ranks the small talk first.
    CheckworthyModel(index={"x:number": 0}, weights=np.array([-5.0]), bias=0.0).save(tmp_path / "m")
    src = tmp_path / "d.tsv"
    src.write_text(DEBATE, encoding="utf-8")
    assert main(["checkworthy", str(src), "--model-dir", str(tmp_path / "m")]) == 0
    rows = [row.split("\t") for row in capsys.readouterr().out.splitlines()]
    assert [r[0] for r in rows] == ["1", "2"] and float(rows[0][1]) == pytest.approx(0.5)
