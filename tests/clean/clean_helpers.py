"""Shared helpers of the cleaner tests (imported by name: pytest puts this folder on sys.path)."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.clean import clean_document
from unspin.document import Document

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"


def cleaned(raw: str) -> Document:
    """A Document of ``raw`` after the cleaner ran."""
    return clean_document(Document(raw))


def sample_path() -> Path:
    """The shared sample article; skips the calling test when ../shared is absent."""
    path = SHARED / "samples" / "sputnik-interview.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent (../shared is not checked out)")
    return path
