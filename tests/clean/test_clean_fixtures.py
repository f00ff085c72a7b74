"""Golden tests: the cleaner's text, metadata and removed pieces for articles in several outlets' styles.

Regenerate with ``UPDATE_GOLDEN=1`` and review the diff; every fixture is an
article written for these tests (see fixtures/README.md).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from clean_helpers import FIXTURES, REPO, cleaned

ARTICLES = [*sorted(FIXTURES.glob("*.txt")), REPO / "examples" / "interview.txt"]


def _result(path: Path) -> dict[str, Any]:
    raw = path.read_bytes().decode("utf-8")  # bytes, so CRLF reaches the cleaner untouched
    doc = cleaned(raw)
    return {
        "text": doc.text,
        "metadata": doc.metadata,
        "removed": [[r.reason, r.text] for r in doc.removed],
    }


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_cleaner_matches_golden(path: Path) -> None:
    golden = path.with_suffix(".expected.json") if path.parent == FIXTURES else FIXTURES / "example-interview.json"
    result = _result(path)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert result == json.loads(golden.read_text(encoding="utf-8"))


def test_fixture_set_covers_four_styles_and_the_example() -> None:
    assert len(ARTICLES) >= 5
    assert all(p.is_file() for p in ARTICLES)
