"""The cleaner never removes a character of a gold technique span on the PTC train+dev articles.

Guards the furniture rules (captions, standards lines, ...) against eating article text:
docs/inputs.md states this figure.  Reads ../shared; skipped when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.clean import clean_document
from unspin.document import Document

PTC = Path(__file__).resolve().parents[3] / "shared" / "data" / "ptc"

pytestmark = [pytest.mark.shared, pytest.mark.skipif(not PTC.is_dir(), reason="../shared/data absent")]


def _gold_spans(split: str, article: Path) -> list[tuple[int, int]]:
    labels = PTC / f"{split}-labels-task-flc-tc" / f"{article.stem}.task-flc-tc.labels"
    rows = [line.split("\t") for line in labels.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(int(row[2]), int(row[3])) for row in rows]


def test_no_removed_piece_touches_a_gold_technique_span() -> None:
    articles = [
        (split, path) for split in ("train", "dev") for path in sorted((PTC / f"{split}-articles").glob("*.txt"))
    ]
    assert len(articles) == 446
    touched = []
    checked = 0
    for split, path in articles:
        doc = clean_document(Document(path.read_text(encoding="utf-8")))
        spans = _gold_spans(split, path)
        checked += len(spans)
        touched += [
            (path.name, piece.reason, piece.text[:60])
            for piece in doc.removed
            if any(piece.raw_start < end and start < piece.raw_end for start, end in spans)
        ]
    assert checked == 6128 + 1063  # every gold span of the corpus was looked at
    assert touched == []
