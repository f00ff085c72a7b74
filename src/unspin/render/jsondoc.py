"""The versioned JSON form of a Document (DESIGN.md "Output contract") and its inverse.

Key order is fixed so that the same document always serialises to the same bytes:
contract keys first in contract order, anything else sorted after them.  The
published schema is ``unspin/schema/document.schema.json``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, datetime
from importlib import resources
from typing import Any

from unspin.document import KNOWN_LAYERS, SCHEMA_VERSION, Document, Removed, Source, Span
from unspin.errors import InputError
from unspin.offsets import OffsetMap
from unspin.render.registry import register_renderer

#: Metadata keys of the contract, in the order they are written.
METADATA_KEYS = (
    "title",
    "published",
    "outlet",
    "authors",
    "url",
    "language",
    "tags",
    "related",
    "disclaimers",
)
_SOURCE_FIELDS = ("kind", "name", "url", "encoding", "raw_sha256")
#: Layers left out unless asked for: one span per word makes the JSON several times larger.
DEFAULT_EXCLUDED_LAYERS = frozenset({"tokens"})


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON data: tuples to lists, dates to ISO 8601, numpy scalars to Python."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [jsonable(v) for v in items]
    item = getattr(value, "item", None)  # numpy scalar
    if callable(item):
        return jsonable(item())
    raise TypeError(f"cannot serialise {type(value).__name__} value {value!r} to JSON")


def _ordered(mapping: Mapping[str, Any], first: tuple[str, ...]) -> dict[str, Any]:
    keys = [k for k in first if k in mapping] + sorted(k for k in mapping if k not in first)
    return {k: jsonable(mapping[k]) for k in keys}


def span_to_json(doc: Document, span: Span) -> dict[str, Any]:
    raw_start, raw_end = doc.raw_span(span)
    out = {
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "score": None if span.score is None else round(float(span.score), 4),
    }
    if "shown" in span.attrs:
        # The default display decision stands beside the score, where a reader of the JSON looks
        # first; attrs keep it too, for code that reads span attributes.
        out["shown"] = bool(span.attrs["shown"])
    out["attrs"] = {k: jsonable(span.attrs[k]) for k in sorted(span.attrs)}
    out["raw_start"], out["raw_end"] = raw_start, raw_end
    return _with_markup(doc, out)


def _with_markup(doc: Document, item: dict[str, Any]) -> dict[str, Any]:
    """Add ``markup_start``/``markup_end`` (offsets into the HTML page) to an item with raw offsets."""
    if "markup_start" in item:
        return item  # a page block the extractor left out carries its own
    markup = doc.markup_span(item["raw_start"], item["raw_end"])
    if markup is not None:
        item["markup_start"], item["markup_end"] = markup
    return item


def layer_order(names: list[str] | set[str] | Mapping[str, Any]) -> list[str]:
    """Contract layers in contract order, then any others by name."""
    present = set(names)
    return [n for n in KNOWN_LAYERS if n in present] + sorted(present - set(KNOWN_LAYERS))


def document_to_json(doc: Document, *, include_tokens: bool = False, include_raw: bool = False) -> dict[str, Any]:
    """The JSON form of ``doc``: schema_version, source, metadata, text, layers, offset_map, summary, stages."""
    excluded = set() if include_tokens else DEFAULT_EXCLUDED_LAYERS
    metadata = _ordered(doc.metadata, METADATA_KEYS)
    metadata["removed"] = [_with_markup(doc, r.to_json()) for r in doc.removed]
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "source": _ordered(doc.source.to_json(), _SOURCE_FIELDS),
        "metadata": metadata,
        "text": doc.text,
        "layers": {
            name: [span_to_json(doc, s) for s in doc.layers[name]]
            for name in layer_order(doc.layers)
            if name not in excluded
        },
        "offset_map": {"raw_length": doc.offsets.raw_length, "segments": doc.offsets.to_json()},
        "summary": _ordered(doc.summary, ()),
        "stages": list(doc.stages_run),
    }
    if doc.markup is not None:
        out["markup_map"] = {"markup_length": doc.markup.raw_length, "segments": doc.markup.to_json()}
    if include_raw:
        out["raw"] = doc.raw
    return out


def render_json(doc: Document) -> str:
    """``doc`` as pretty-printed, deterministic JSON text (UTF-8, not ASCII-escaped)."""
    return json.dumps(document_to_json(doc), ensure_ascii=False, indent=2) + "\n"


def _rebuild_raw(text: str, offsets: OffsetMap, removed: list[Removed]) -> str:
    """Best reconstruction of the raw input when the JSON does not carry it.

    Copied text and removed pieces are put back at their raw offsets; what the
    cleaner rewrote (line endings, odd spaces) becomes spaces.  The result has the
    raw length, so raw offsets stay valid.
    """
    chars = [" "] * offsets.raw_length
    for seg in offsets.segments:
        if seg.copied:
            chars[seg.raw_start : seg.raw_end] = text[seg.clean_start : seg.clean_end]
    for piece in removed:
        if len(piece.text) == piece.raw_end - piece.raw_start:
            chars[piece.raw_start : piece.raw_end] = piece.text
    return "".join(chars)


def _source_from_json(data: Mapping[str, Any]) -> Source:
    extra = {k: v for k, v in data.items() if k not in _SOURCE_FIELDS}
    return Source(
        kind=data["kind"],
        name=data.get("name"),
        url=data.get("url"),
        encoding=data.get("encoding", "utf-8"),
        raw_sha256=data.get("raw_sha256", ""),
        extra=extra,
    )


def _span_from_json(data: Mapping[str, Any]) -> Span:
    return Span(data["start"], data["end"], data["label"], data.get("score"), dict(data.get("attrs") or {}))


def document_from_json(data: Mapping[str, Any]) -> Document:
    """Rebuild a :class:`Document` from :func:`document_to_json` output.

    Raises :class:`~unspin.errors.InputError` for another schema version or a
    missing or malformed field.  Without a ``raw`` field, ``doc.raw`` is rebuilt
    as far as the offset map and the removed pieces allow.
    """
    version = data.get("schema_version") if isinstance(data, Mapping) else None
    if version != SCHEMA_VERSION:
        raise InputError(f"unsupported document schema_version {version!r}; this unspin reads {SCHEMA_VERSION!r}")
    try:
        return _document_from_valid_json(data)
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise InputError(f"malformed document JSON ({type(exc).__name__}: {exc}); expected {SCHEMA_VERSION}") from None


def _document_from_valid_json(data: Mapping[str, Any]) -> Document:
    metadata = dict(data["metadata"])
    removed = [
        Removed(r["raw_start"], r["raw_end"], r["text"], r["reason"])
        if r["raw_end"] > r["raw_start"] or "markup_start" not in r
        else Removed(r["raw_start"], r["raw_end"], r["text"], r["reason"], r["markup_start"], r["markup_end"])
        for r in metadata.pop("removed", [])
    ]
    text: str = data["text"]
    omap = data.get("offset_map")
    offsets = OffsetMap.from_json(omap["segments"], omap["raw_length"]) if omap else OffsetMap.identity(len(text))
    raw = data["raw"] if "raw" in data else _rebuild_raw(text, offsets, removed)
    doc = Document(raw, _source_from_json(data["source"]))
    doc.set_clean_text(text, offsets)
    if mmap := data.get("markup_map"):
        doc.markup = OffsetMap.from_json(mmap["segments"], mmap["markup_length"])
    doc.metadata = metadata
    doc.removed = removed
    for name, spans in data["layers"].items():
        doc.set_layer(name, [_span_from_json(s) for s in spans])
    doc.summary = dict(data.get("summary") or {})
    doc.stages_run = list(data.get("stages") or [])
    return doc


def load_schema() -> dict[str, Any]:
    """The published JSON Schema (draft 2020-12) of :func:`document_to_json` output."""
    path = resources.files("unspin") / "schema" / "document.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


register_renderer("json", render_json, media_type="application/json", extension="json")
