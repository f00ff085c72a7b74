"""The one test that loads the shipped model (skipped when the model file is absent)."""

from __future__ import annotations

import pytest

from unspin.evaluate.techniques import TECHNIQUES
from unspin.techniques.tagger import DEFAULT_MODEL_DIR, TechniqueTagger

LOADED = (
    "These treacherous, bloodthirsty traitors have destroyed our great nation, and every true patriot "
    "knows the corrupt elite will stop at nothing to enslave us all."
)


@pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "model.onnx").is_file(), reason="shipped technique model absent")
def test_shipped_model_finds_a_technique_in_a_loaded_sentence() -> None:
    tagger = TechniqueTagger.load()
    spans = tagger.predict(LOADED)
    assert spans, "no technique found in an obviously loaded sentence"
    for span in spans:
        assert span.label in TECHNIQUES
        assert 0.0 <= (span.score or 0.0) <= 1.0
        assert LOADED[span.start : span.end].strip() == LOADED[span.start : span.end]
        assert span.attrs["trigger"] in LOADED
    assert tagger.predict("") == []
    assert TechniqueTagger.load() is tagger  # loaded once per process
