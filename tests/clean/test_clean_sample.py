"""The canonical sample (../shared/samples/sputnik-interview.txt): body kept whole, furniture gone."""

from __future__ import annotations

import re

from clean_helpers import cleaned, sample_path

FURNITURE = (
    "Listen Live",
    "Get short URL",
    "GMT17 May",
    "Community standards",
    "do not necessarily reflect",
    "false flag, terrorism",
    "Tokyo to Confirm Identity",
)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _sample_paragraphs(raw: str) -> list[str]:
    """The sample's body paragraphs: blank-line blocks that end like sentences."""
    blocks = [_norm(b) for b in re.split(r"\n\s*\n", raw) if b.strip()]
    return [b for b in blocks if b.endswith((".", "?")) and "necessarily reflect" not in b]


def test_every_body_paragraph_and_turn_survives() -> None:
    raw = sample_path().read_text(encoding="utf-8")
    doc = cleaned(raw)
    paragraphs = [_norm(p) for p in doc.text.split("\n\n")]
    expected = _sample_paragraphs(raw)
    assert len(expected) == 23  # 3 lead paragraphs, 10 turn openings, 10 answer continuations
    assert paragraphs == expected
    turns = [p for p in paragraphs if re.match(r"(Sputnik|Tim Anderson): ", p)]
    assert len(turns) == 10


def test_no_furniture_left_and_all_of_it_recorded() -> None:
    doc = cleaned(sample_path().read_text(encoding="utf-8"))
    for piece in FURNITURE:
        assert piece not in doc.text
    reasons = {r.reason for r in doc.removed}
    assert reasons == {"timestamp", "ui", "disclaimer", "related", "tags"}
    for removed in doc.removed:
        assert doc.raw[removed.raw_start : removed.raw_end] == removed.text


def test_metadata_read_from_the_furniture() -> None:
    meta = cleaned(sample_path().read_text(encoding="utf-8")).metadata
    assert meta["published"] == "2021-05-17T22:33:00+00:00"
    assert meta["outlet"] == "Sputnik"
    assert len(meta["related"]) == 5
    assert meta["tags"][0] == "false flag" and "Syria" in meta["tags"]
    assert len(meta["disclaimers"]) == 2
    assert "title" not in meta  # the sample starts with its lead paragraph, not a headline
