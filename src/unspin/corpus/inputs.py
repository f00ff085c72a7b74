"""Stream article records out of folders, JSONL, CSV and WARC files.

Nothing is loaded whole: folders are walked, files read line by line or record by
record.  A record that cannot be used becomes a :class:`BadRecord` (with where it
came from and why) so the batch can log it and go on.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unspin.config import Config
from unspin.errors import InputError
from unspin.readers.decode import decode_bytes

TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
WARC_SUFFIXES = (".warc", ".warc.gz")
ALL_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES + WARC_SUFFIXES
RECORD_FIELDS = ("id", "text", "html", "url", "outlet", "published", "title", "authors")
#: Size limit and decoding rules of a default configuration (the pipeline checks its own config again).
_DECODE_CONFIG = Config()


@dataclass(frozen=True, slots=True)
class Record:
    """One article to analyse.  ``kind`` is ``text`` or ``html``; ``origin`` says where it was read.

    ``url`` to ``authors`` are the record's own metadata (a dataset's fields or a ``--metadata`` row);
    they win over what the cleaner finds in the text.
    """

    id: str
    content: str
    kind: str
    origin: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BadRecord:
    """An input item that is not a usable article."""

    id: str
    origin: str
    reason: str


Item = Record | BadRecord


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Item]:
    """Every record of every input path, in a stable order (folders sorted)."""
    for raw_path in paths:
        path = Path(raw_path)
        if path.is_dir():
            for file in _walk(path):
                yield from _iter_file(file, label=str(file.relative_to(path)))
        elif path.is_file():
            if _suffix(path) not in ALL_SUFFIXES:
                raise InputError(f"unsupported input {str(path)!r}; expected a folder or a file ending in {_valid()}")
            yield from _iter_file(path, label=path.name)
        else:
            raise InputError(f"input {str(path)!r} does not exist; give a folder or a file ending in {_valid()}")


def count_inputs(paths: Iterable[str | Path]) -> int | None:
    """A cheap record count for progress (None when a WARC makes it costly to know)."""
    total = 0
    for raw_path in paths:
        path = Path(raw_path)
        files = _walk(path) if path.is_dir() else [path]
        for file in files:
            suffix = _suffix(file)
            if suffix in WARC_SUFFIXES:
                return None
            if suffix in JSONL_SUFFIXES:
                with file.open("rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            elif suffix in CSV_SUFFIXES:
                total += sum(1 for _ in _csv_rows(file))
            else:
                total += 1
    return total


def _valid() -> str:
    return ", ".join(ALL_SUFFIXES)


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            file = Path(folder) / name
            if _suffix(file) in ALL_SUFFIXES:
                yield file


def _iter_file(path: Path, label: str) -> Iterator[Item]:
    suffix = _suffix(path)
    if suffix in JSONL_SUFFIXES:
        yield from _iter_jsonl(path)
    elif suffix in CSV_SUFFIXES:
        yield from _iter_csv(path)
    elif suffix in WARC_SUFFIXES:
        yield from _iter_warc(path)
    else:
        kind = "html" if suffix in HTML_SUFFIXES else "text"
        try:
            content = decode(path.read_bytes(), str(path))
        except OSError as exc:
            yield BadRecord(label, str(path), f"cannot read file: {exc}")
            return
        except InputError as exc:
            yield BadRecord(label, str(path), str(exc))
            return
        yield Record(id=label, content=content, kind=kind, origin=str(path))


def decode(data: bytes, name: str, declared: str | None = None) -> str:
    """Bytes to text with the readers' rules (BOM, declared charset, UTF-8, cp1252, detection)."""
    text, _encoding = decode_bytes(data, _DECODE_CONFIG, name, declared=declared)
    return text


def record_from_mapping(row: dict[str, Any], default_id: str, origin: str) -> Item:
    """A JSONL/CSV row to a record; needs a non-empty ``text`` or ``html`` string."""
    record_id = str(row.get("id") or default_id)
    extra = {k: _optional_str(row.get(k)) for k in ("url", "outlet", "published", "title")}
    authors = _authors(row.get("authors"))
    for kind in ("text", "html"):
        value = row.get(kind)
        if isinstance(value, str) and value.strip():
            return Record(id=record_id, content=value, kind=kind, origin=origin, authors=authors, **extra)
    return BadRecord(record_id, origin, "record has no non-empty 'text' or 'html' field")


def _optional_str(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _authors(value: Any) -> tuple[str, ...]:
    """A record's ``authors``: a JSON list of names, or one string of names separated by ``;``."""
    names = value if isinstance(value, list) else str(value or "").split(";")
    return tuple(str(n).strip() for n in names if str(n).strip())


def _iter_jsonl(path: Path) -> Iterator[Item]:
    with path.open("rb") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            origin = f"{path}:{lineno}"
            default_id = f"{path.name}:{lineno}"
            try:
                row = json.loads(line)
            except ValueError as exc:
                yield BadRecord(default_id, origin, f"invalid JSON: {exc}")
                continue
            if not isinstance(row, dict):
                yield BadRecord(default_id, origin, f"expected a JSON object, got {type(row).__name__}")
                continue
            yield record_from_mapping(row, default_id, origin)


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    # Article bodies are longer than csv's default 128 KiB field limit.
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as fh:
        yield from csv.DictReader(fh)


def _iter_csv(path: Path) -> Iterator[Item]:
    try:
        for rowno, row in enumerate(_csv_rows(path), start=1):
            yield record_from_mapping(dict(row), f"{path.name}:{rowno}", f"{path}:row {rowno}")
    except csv.Error as exc:
        yield BadRecord(path.name, str(path), f"malformed CSV: {exc}")


def _iter_warc(path: Path) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if "html" not in content_type.lower():
                continue
            record_id = record.rec_headers.get_header("WARC-Record-ID") or f"{path.name}:{fh.tell()}"
            url = record.rec_headers.get_header("WARC-Target-URI")
            body = record.content_stream().read()
            origin = f"{path}:{url}"
            try:
                content = decode(body, origin, _charset(content_type))
            except InputError as exc:
                yield BadRecord(record_id, origin, str(exc))
                continue
            yield Record(id=record_id, content=content, kind="html", origin=origin, url=url)


def _charset(content_type: str) -> str | None:
    for part in content_type.split(";"):
        key, _, value = part.strip().partition("=")
        if key.lower() == "charset" and value:
            return value.strip("\"'")
    return None
