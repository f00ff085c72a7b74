"""One row per span of a stored layer (techniques, claims, attributions), for span-level exports.

The rows come from each article's stored document JSON, which holds what the flattened
tables leave out (raw offsets into the input, the ``shown`` display decision, reasons), so
an export gives exactly what ``unspin analyze`` would have written for that article.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from unspin.corpus.store import Store

#: Columns every span row starts with: which article, which span, where in the clean text and the input.
COMMON_COLUMNS = (
    "article_id",
    "article_key",
    "outlet",
    "published",
    "label",
    "start",
    "end",
    "raw_start",
    "raw_end",
    "text",
    "score",
)
#: Columns after the common ones, per table: attributes of the span.
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {
    "techniques": ("shown", "reason"),
    "claims": ("stance", "source", "rank", "attribution"),
    "attributions": ("attribution_id", "kind", "stance", "resolved"),
}
SPAN_TABLES = tuple(EXTRA_COLUMNS)
INT_COLUMNS = frozenset({"start", "end", "raw_start", "raw_end", "rank"})
FLOAT_COLUMNS = frozenset({"score"})
BOOL_COLUMNS = frozenset({"shown"})
#: Span attribute read for each extra column, where the names differ.
_ATTRIBUTE = {"attribution_id": "id"}


def span_columns(table: str) -> tuple[str, ...]:
    return COMMON_COLUMNS + EXTRA_COLUMNS[table]


def iter_span_rows(store: Store, table: str) -> Iterator[dict[str, Any]]:
    """Every span of layer ``table`` in every article (ordered by article id, then text order)."""
    columns = EXTRA_COLUMNS[table]
    for record_id, key, outlet, published, doc_json in store.stream(
        "SELECT record_id, key, outlet, published, doc_json FROM articles ORDER BY record_id, key"
    ):
        doc = json.loads(doc_json)
        text: str = doc.get("text", "")
        for span in doc.get("layers", {}).get(table, []):
            yield _row(record_id, key, outlet, published, text, span, columns)


def _row(
    record_id: str,
    key: str,
    outlet: str | None,
    published: str | None,
    text: str,
    span: Mapping[str, Any],
    extra: tuple[str, ...],
) -> dict[str, Any]:
    start, end = int(span["start"]), int(span["end"])
    attrs: Mapping[str, Any] = span.get("attrs") or {}
    row: dict[str, Any] = {
        "article_id": record_id,
        "article_key": key,
        "outlet": outlet,
        "published": published,
        "label": span["label"],
        "start": start,
        "end": end,
        "raw_start": span.get("raw_start", start),
        "raw_end": span.get("raw_end", end),
        "text": text[start:end],
        "score": span.get("score"),
    }
    for column in extra:
        value = attrs.get(_ATTRIBUTE.get(column, column))
        if column == "shown":
            value = bool(attrs.get("shown", True))  # spans written before the flag existed were all shown
        elif column in INT_COLUMNS:
            value = value if isinstance(value, int) and not isinstance(value, bool) else None
        elif value is not None and not isinstance(value, str):
            value = json.dumps(value, ensure_ascii=False)
        row[column] = value
    return row
