"""Corpus records: JSON Lines or CSV files with one article per record.

Fields: ``id``, ``text`` or ``html``, and optionally ``url``, ``outlet`` and
``published`` (copied into the metadata).  A bad record raises :class:`InputError`
naming the file and line, so a corpus run can say exactly what to fix.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from unspin.config import Config
from unspin.document import Document, Source
from unspin.errors import InputError
from unspin.readers.decode import check_text
from unspin.readers.html import html_to_document

JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
_METADATA_FIELDS = ("url", "outlet", "published")


def read_records(path: str | Path, config: Config | None = None) -> Iterator[Document]:
    """Yield one :class:`Document` per record of a ``.jsonl``/``.ndjson`` or ``.csv`` file."""
    config = config or Config()
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such records file: {path}")
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        rows = _jsonl_rows(path)
    elif suffix in CSV_SUFFIXES:
        rows = _csv_rows(path, config)
    else:
        raise InputError(f"cannot read records from {path}: use a {', '.join(JSONL_SUFFIXES + CSV_SUFFIXES)} file")
    for line, row in rows:
        yield record_to_document(row, config, where=f"{path}:{line}")


def record_to_document(row: Mapping[str, Any], config: Config, where: str) -> Document:
    """Build the Document of one record; ``where`` ("file:line") names it in errors."""
    text, html = row.get("text"), row.get("html")
    if not (isinstance(text, str) and text.strip()) and not (isinstance(html, str) and html.strip()):
        raise InputError(f"record at {where} has no non-empty 'text' or 'html' field")
    record_id = str(row.get("id") or where)
    source = Source(kind="record", name=record_id, url=_optional_str(row, "url", where))
    try:
        if isinstance(text, str) and text.strip():
            doc = Document(check_text(text, config, f"record at {where}"), source)
        else:
            doc = html_to_document(check_text(str(html), config, f"record at {where}"), source)
    except InputError as exc:
        raise InputError(f"record at {where}: {exc}") from None
    if len(doc.raw) > config.max_text_chars:
        raise InputError(
            f"record at {where}: the article text is {len(doc.raw):,} characters, over Config.max_text_chars="
            f"{config.max_text_chars:,}"
        )
    source.kind = "record"
    for key in _METADATA_FIELDS:
        value = _optional_str(row, key, where)
        if value:
            doc.metadata[key] = value
    return doc


def _optional_str(row: Mapping[str, Any], key: str, where: str) -> str | None:
    value = row.get(key)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"record at {where}: field {key!r} must be a string, not {type(value).__name__}")
    return value


def _jsonl_rows(path: Path) -> Iterator[tuple[int, Mapping[str, Any]]]:
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"record at {path}:{number} is not valid JSON: {exc.msg}") from None
            if not isinstance(row, dict):
                raise InputError(f"record at {path}:{number} is a JSON {type(row).__name__}, expected an object")
            yield number, row


def _csv_rows(path: Path, config: Config) -> Iterator[tuple[int, Mapping[str, Any]]]:
    csv.field_size_limit(min(config.max_input_bytes, sys.maxsize))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames or []
        if "text" not in fields and "html" not in fields:
            raise InputError(f"{path} has columns {fields}; it needs a 'text' or 'html' column")
        try:
            for row in reader:
                yield reader.line_num, row
        except csv.Error as exc:
            raise InputError(f"record at {path}:{reader.line_num} is not valid CSV: {exc}") from None
