"""Shared fixtures of the renderer tests: hand-built documents and golden-file comparison."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from unspin.document import Document

from .sample_docs import empty_document, full_document, hostile_document

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def full_doc() -> Document:
    return full_document()


@pytest.fixture
def empty_doc() -> Document:
    return empty_document()


@pytest.fixture
def hostile_doc() -> Document:
    return hostile_document()


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """Compare text with ``golden/NAME``; ``UPDATE_GOLDEN=1`` rewrites the file instead."""

    def check(name: str, actual: str) -> None:
        path = GOLDEN / name
        if os.environ.get("UPDATE_GOLDEN") == "1":
            path.write_bytes(actual.encode("utf-8"))
            return
        if not path.exists():
            pytest.fail(f"golden file {path} is missing; run with UPDATE_GOLDEN=1 to create it")
        expected = path.read_bytes().decode("utf-8")
        assert actual == expected, f"{name} differs from its golden file; if intended, rerun with UPDATE_GOLDEN=1"

    return check
