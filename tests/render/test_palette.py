from __future__ import annotations

import re

import pytest

from unspin.errors import ModelError
from unspin.render.palette import PTC_LABELS, TECHNIQUES, technique_index, technique_style


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_fourteen_distinct_colours_readable_under_black_text() -> None:
    assert len(PTC_LABELS) == 14 and len(set(PTC_LABELS)) == 14
    colours = [t.colour for t in TECHNIQUES]
    assert len(set(colours)) == 14
    for colour in colours:
        assert re.fullmatch(r"#[0-9a-f]{6}", colour)
        assert (_luminance(colour) + 0.05) / 0.05 >= 7, f"{colour}: black text below WCAG AAA contrast"


def test_unknown_label_gets_a_neutral_style_instead_of_an_error() -> None:
    style = technique_style("Some_New_Technique")
    assert style.name == "Some New Technique" and style.colour not in {t.colour for t in TECHNIQUES}
    assert technique_index("Some_New_Technique") == 14 and technique_index("Doubt") == 5


def test_labels_match_the_technique_model_and_scorer() -> None:
    scorer = pytest.importorskip("unspin.evaluate.techniques")
    assert tuple(scorer.TECHNIQUES) == PTC_LABELS
    definitions = pytest.importorskip("unspin.techniques.definitions")
    try:
        shipped = definitions.load_definitions()
    except ModelError as exc:  # the model folder may not be shipped in this checkout
        pytest.skip(f"technique definitions not available: {exc}")
    assert set(shipped) == set(PTC_LABELS)
