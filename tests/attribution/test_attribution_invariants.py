"""Offset invariants of the stage and the BRAT export on generated texts."""

from __future__ import annotations

import pytest
from conftest import build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from unspin.config import Config
from unspin.evaluate.attribution import parse_ann
from unspin.render.brat import render_brat
from unspin.stages.attribution import attribution_stage, attributions_by_id

PIECES = [
    "The mayor said that the bridge is closed.",
    "“We will reopen it soon,” she added.",
    "“The fact is,” he said, “nobody checked.”",
    "According to the report, costs rose.",
    "Officials denied the claim.",
    "Mark Lee: The owners knew.",
    "“An unclosed quote runs on",
    '"Straight quotes," the clerk wrote.',
    "It rained all day.",
    "''Two apostrophes,'' a witness recalled.",
]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6), st.sampled_from([" ", "\n\n", "\n"]))
def test_spans_stay_inside_the_text_and_export_to_raw(pieces: list[str], glue: str) -> None:
    text = glue.join(pieces)
    doc = attribution_stage(build(text), Config())
    for span in doc.layer("attributions"):
        assert 0 <= span.start < span.end <= len(text)
        assert doc.span_text(span) == doc.span_text(span).strip()
    for roles in attributions_by_id(doc).values():
        assert len(roles["cue"]) <= 1 and len(roles["source"]) <= 1
        assert roles["content"]
    for span in parse_ann(render_brat(doc)):
        for start, end in span.fragments:
            assert 0 <= start < end <= len(text)
            assert "\n" not in text[start:end]


@pytest.mark.parametrize("text", ["", "   ", "“", '""', "“”", ":", "A: b", "“a\n\n“b\n\n“c", "''", "'' ''", "said"])
def test_degenerate_texts_give_no_attribution(text: str) -> None:
    assert attribution_stage(build(text), Config()).layer("attributions") == []
