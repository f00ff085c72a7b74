"""The one document model: the clean text, its metadata, and layers of spans into it.

Spans never copy text: they are offsets into ``Document.text`` (Python string
indices, start inclusive, end exclusive).  ``Document.raw_span`` maps any span
back into the raw input through the cleaner's :class:`~unspin.offsets.OffsetMap`.
For an HTML page the raw input is the extracted text; ``Document.markup_span``
goes one step further, into the page's markup (``Document.markup``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from unspin.offsets import OffsetMap

SCHEMA_VERSION = "1.0"

#: Layer names defined by the output contract (DESIGN.md).  Stages may add others.
KNOWN_LAYERS = (
    "paragraphs",
    "sentences",
    "tokens",
    "turns",
    "entities",
    "attributions",
    "claims",
    "techniques",
)


@dataclass(frozen=True, slots=True)
class Span:
    """An annotation: ``text[start:end]`` carries ``label`` with an optional score and attributes."""

    start: int
    end: int
    label: str
    score: float | None = None
    attrs: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span offsets ({self.start}, {self.end})")

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.start, "end": self.end, "label": self.label}
        if self.score is not None:
            out["score"] = round(float(self.score), 4)
        if self.attrs:
            out["attrs"] = dict(self.attrs)
        return out


def covered_chars(spans: list[Span]) -> int:
    """Characters covered by the union of ``spans`` (overlaps counted once)."""
    total, reach = 0, 0
    for span in sorted(spans, key=lambda s: s.start):
        start = max(span.start, reach)
        if span.end > start:
            total += span.end - start
        reach = max(reach, span.end)
    return total


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of input the cleaner lifted out of the text, and why.

    A block of an HTML page that the extractor left out never reaches the raw (extracted)
    text: it has an empty raw interval where it would have stood, and its own
    ``markup_start``/``markup_end`` into the page.
    """

    raw_start: int
    raw_end: int
    text: str
    reason: str
    markup_start: int | None = None
    markup_end: int | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"raw_start": self.raw_start, "raw_end": self.raw_end, "text": self.text}
        out["reason"] = self.reason
        if self.markup_start is not None and self.markup_end is not None:
            out["markup_start"], out["markup_end"] = self.markup_start, self.markup_end
        return out


@dataclass(slots=True)
class Source:
    """Where the document came from."""

    kind: str  # text | html | url | record | stdin
    name: str | None = None  # file path, URL or record id
    url: str | None = None
    encoding: str = "utf-8"
    raw_sha256: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "name": self.name, "url": self.url, "encoding": self.encoding}
        out["raw_sha256"] = self.raw_sha256
        out.update(self.extra)
        return out


class Document:
    """Owns the raw input, the clean text, metadata and named layers of spans."""

    def __init__(self, raw: str, source: Source | None = None) -> None:
        self.raw = raw
        self.source = source or Source(kind="text")
        if not self.source.raw_sha256:
            self.source.raw_sha256 = hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
        self.text = raw
        self.offsets = OffsetMap.identity(len(raw))
        #: For HTML input: raw (extracted text) offsets -> offsets into the page's markup.
        self.markup: OffsetMap | None = None
        self.metadata: dict[str, Any] = {}
        self.removed: list[Removed] = []
        self.layers: dict[str, list[Span]] = {}
        self.summary: dict[str, Any] = {}
        self.stages_run: list[str] = []
        #: Per-process analysis objects shared between stages (the spaCy ``Doc``
        #: under ``"spacy"``); never serialised.
        self.cache: dict[str, Any] = {}

    # -- text ---------------------------------------------------------------
    def set_clean_text(self, text: str, offsets: OffsetMap) -> None:
        """Replace the text; only allowed before any layer exists (spans would dangle)."""
        if self.layers:
            raise RuntimeError("cannot replace the text once layers exist")
        if offsets.clean_length != len(text):
            raise ValueError("offset map does not cover the text")
        self.text = text
        self.offsets = offsets

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def raw_span(self, span: Span) -> tuple[int, int]:
        return self.offsets.raw_span(span.start, span.end)

    def markup_span(self, raw_start: int, raw_end: int) -> tuple[int, int] | None:
        """Markup offsets of a raw interval, for documents read from HTML (else ``None``)."""
        return None if self.markup is None else self.markup.raw_span(raw_start, raw_end)

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8", "surrogatepass")).hexdigest()

    # -- layers -------------------------------------------------------------
    def set_layer(self, name: str, spans: list[Span]) -> None:
        """Store a layer, sorted by offsets, after checking every span lies inside the text."""
        n = len(self.text)
        for span in spans:
            if span.end > n:
                raise ValueError(f"span ({span.start}, {span.end}) of layer {name!r} outside text of length {n}")
        self.layers[name] = sorted(spans, key=lambda s: (s.start, -s.end, s.label))

    def layer(self, name: str) -> list[Span]:
        return self.layers.get(name, [])

    def has_layer(self, name: str) -> bool:
        return name in self.layers

    def within(self, name: str, outer: Span) -> Iterator[Span]:
        """Spans of layer ``name`` lying inside ``outer``."""
        for span in self.layer(name):
            if span.start >= outer.end:
                break
            if outer.contains(span):
                yield span

    def covering(self, name: str, start: int, end: int) -> Span | None:
        """First span of layer ``name`` that contains ``[start, end)``."""
        for span in self.layer(name):
            if span.start <= start and end <= span.end:
                return span
        return None
