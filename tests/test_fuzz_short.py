"""A short run of benchmarks/fuzz.py (issue 18): hostile inputs through reading, cleaning, the CLI and REST."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "benchmarks" / "fuzz.py"


def _fuzz_module() -> object:
    spec = importlib.util.spec_from_file_location("unspin_fuzz", FUZZ)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["unspin_fuzz"] = module
    spec.loader.exec_module(module)
    return module


def test_a_short_fuzz_run_finds_no_failure(capsys: pytest.CaptureFixture[str]) -> None:
    fuzz = _fuzz_module()
    argv = ["--count", "20", "--full-every", "0", "--cli-every", "5", "--rest-every", "5", "--per-input", "30"]
    code = fuzz.main(argv)  # type: ignore[attr-defined]
    out = capsys.readouterr().out
    assert "fuzz: 20 inputs" in out and "CLI on 4, REST on 4" in out
    assert code == 0, out


def test_the_fuzzer_reports_a_crash_as_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    fuzz = _fuzz_module()
    tally = fuzz.Tally()  # type: ignore[attr-defined]

    def crash() -> None:
        raise KeyError("a bug")

    assert fuzz.run_one("read+clean", 7, tally, 5.0, crash) is None  # type: ignore[attr-defined]
    assert tally.failures == ["read+clean #7: KeyError: 'a bug'"]
