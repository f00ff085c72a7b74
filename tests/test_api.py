"""The Python API: unspin.analyze over text, bytes, paths; options become a validated Config."""

from __future__ import annotations

from pathlib import Path

import pytest

import unspin
from unspin.api import analyze
from unspin.config import Config
from unspin.errors import ConfigError, InputError, PipelineError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "interview.txt"


def test_analyze_until_clean_on_the_bundled_example() -> None:
    doc = unspin.analyze(EXAMPLE, until="clean")
    assert doc.stages_run == ["clean"]
    assert doc.text.startswith("Speaking at a press briefing in Velmora")
    assert "Listen Live" not in doc.text
    assert doc.metadata["outlet"] == "The Daily Lantern"
    assert doc.metadata["published"] == "2022-03-04T09:41:00+00:00"


def test_analyze_accepts_bytes_and_text() -> None:
    raw = EXAMPLE.read_bytes()
    assert analyze(raw, until="clean").text == analyze(raw.decode("utf-8"), until="clean").text


def test_options_build_the_config_and_bad_ones_are_refused() -> None:
    with pytest.raises(InputError, match="max_input_bytes"):
        analyze("x" * 100, until="clean", max_input_bytes=10)
    with pytest.raises(ConfigError, match="no_such_option"):
        analyze("text", until="clean", no_such_option=1)
    with pytest.raises(ConfigError):
        analyze("text", until="clean", max_input_bytes=-1)


def test_explicit_config_and_unknown_stage() -> None:
    assert analyze("Short text here.", config=Config(), until="clean").text == "Short text here."
    with pytest.raises(PipelineError, match="no-such-stage"):
        analyze("Short text here.", until="no-such-stage")
