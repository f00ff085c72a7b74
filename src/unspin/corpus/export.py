"""Export a store as JSONL, CSV or Parquet: one row per article, or one row per span of a layer.

``articles`` (the default) has one row per article (errors included, with status ``error``);
``techniques``, ``claims`` and ``attributions`` have one row per span (see
:mod:`unspin.corpus.spans`).  Rows are streamed out of the store and written as they
come, so an export of a large corpus holds only one batch in memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from unspin.corpus.spans import BOOL_COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, SPAN_TABLES, iter_span_rows, span_columns
from unspin.corpus.store import Store
from unspin.errors import ConfigError

FORMATS = ("jsonl", "csv", "parquet")
TABLES = ("articles", *SPAN_TABLES)
COLUMNS = (
    "id",
    "key",
    "outlet",
    "published",
    "url",
    "title",
    "content_hash",
    "status",
    "error",
    "words",
    "n_techniques",
    "n_entities",
    "n_attributions",
    "n_claims",
    "layer_counts",
)
_INT_COLUMNS = ("words", "n_techniques", "n_entities", "n_attributions", "n_claims")


def iter_rows(store: Store, with_document: bool) -> Iterator[dict[str, Any]]:
    """Articles (ordered by id), then errors; ``document`` holds the full JSON when asked for."""
    doc_column = "doc_json" if with_document else "NULL"
    for r in store.stream(
        "SELECT record_id, key, outlet, published, url, title, content_hash, words, n_techniques, n_entities, "
        f"n_attributions, n_claims, counts, {doc_column} FROM articles ORDER BY record_id, key"
    ):
        row = dict(zip(COLUMNS[:7], r[:7], strict=True))
        row.update(status="ok", error=None)
        row.update(zip(_INT_COLUMNS, (int(v) for v in r[7:12]), strict=True))
        row["layer_counts"] = json.loads(r[12])
        if with_document:
            row["document"] = json.loads(r[13])
        yield row
    for record_id, key, reason in store.stream("SELECT record_id, key, reason FROM errors ORDER BY record_id, key"):
        row = dict.fromkeys(COLUMNS)
        row.update(id=record_id, key=key, status="error", error=reason, layer_counts={})
        if with_document:
            row["document"] = None
        yield row


def export_store(store: Store, fmt: str, path: Path, table: str = "articles") -> int:
    """Write every row of ``table`` to ``path`` in ``fmt``; returns the number of rows."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if table not in TABLES:
        raise ConfigError(f"unknown export table {table!r}; choose one of: {', '.join(TABLES)}")
    if not path.parent.is_dir():
        raise ConfigError(f"folder {str(path.parent)!r} of the export file does not exist")
    if table != "articles":
        return _write_span_rows(fmt, path, span_columns(table), iter_span_rows(store, table))
    writer = {"jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet}[fmt]
    return writer(store, path)


def _write_span_rows(fmt: str, path: Path, columns: tuple[str, ...], rows: Iterator[dict[str, Any]]) -> int:
    n = 0
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                n += 1
    elif fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as fh:
            out = csv.DictWriter(fh, fieldnames=columns)
            out.writeheader()
            for row in rows:
                out.writerow(row)
                n += 1
    else:
        n = _write_parquet_rows(path, columns, rows)
    return n


def _write_parquet_rows(path: Path, columns: tuple[str, ...], rows: Iterator[dict[str, Any]], size: int = 5000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    def arrow_type(column: str) -> Any:
        if column in INT_COLUMNS:
            return pa.int64()
        if column in FLOAT_COLUMNS:
            return pa.float64()
        return pa.bool_() if column in BOOL_COLUMNS else pa.string()

    schema = pa.schema([pa.field(c, arrow_type(c)) for c in columns])
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n, batch = n + len(batch), []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def _write_jsonl(store: Store, path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in iter_rows(store, with_document=True):
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def _write_csv(store: Store, path: Path) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=COLUMNS)
        out.writeheader()
        for row in iter_rows(store, with_document=False):
            row["layer_counts"] = json.dumps(row["layer_counts"], sort_keys=True)
            out.writerow(row)
            n += 1
    return n


def _write_parquet(store: Store, path: Path, batch_size: int = 1000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = [pa.field(c, pa.int64() if c in _INT_COLUMNS else pa.string()) for c in COLUMNS]
    schema = pa.schema(fields)
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in iter_rows(store, with_document=False):
            row["layer_counts"] = json.dumps(row["layer_counts"], sort_keys=True)
            batch.append(row)
            if len(batch) >= batch_size:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
