"""Fixtures of the attribution tests: hand-built documents parsed by the real spaCy model."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from unspin.config import Config
from unspin.document import Document, Span
from unspin.nlp import get_nlp
from unspin.stages.attribution import attribution_stage, attributions_by_id

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"

Analyze = Callable[..., Document]


def build(text: str, entities: Sequence[Span] | None = None, turns: Sequence[Span] = ()) -> Document:
    """A document as segment/entities/structure would leave it: parse, sentences, entities, turns."""
    doc = Document(text)
    sdoc = get_nlp(Config().spacy_model)(text)
    doc.cache["spacy"] = sdoc
    doc.set_layer("sentences", [Span(s.start_char, s.end_char, "sentence") for s in sdoc.sents])
    if entities is None:
        entities = [
            Span(e.start_char, e.end_char, e.label_, attrs={"cluster": i, "canonical": e.text})
            for i, e in enumerate(sdoc.ents)
        ]
    doc.set_layer("entities", list(entities))
    if turns:
        doc.set_layer("turns", list(turns))
    return doc


@pytest.fixture
def analyze() -> Analyze:
    def run(text: str, entities: Sequence[Span] | None = None, turns: Sequence[Span] = ()) -> Document:
        return attribution_stage(build(text, entities, turns), Config())

    return run


def roles(doc: Document) -> list[dict[str, object]]:
    """Each attribution as plain text per role plus its attributes, in text order."""
    out: list[dict[str, object]] = []
    for spans in attributions_by_id(doc).values():
        first = next(s for group in spans.values() for s in group)
        row: dict[str, object] = {role: [doc.span_text(s) for s in group] for role, group in spans.items()}
        row.update(first.attrs)
        out.append(row)
    return out


def find(doc: Document, cue: str) -> dict[str, object]:
    """The attribution whose cue text is ``cue`` (fails the test when there is none)."""
    for row in roles(doc):
        if row["cue"] == [cue]:
            return row
    raise AssertionError(f"no attribution with cue {cue!r} in {roles(doc)}")
