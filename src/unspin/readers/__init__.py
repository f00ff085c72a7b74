"""Readers: turn a path, URL, stdin, text or bytes into a :class:`~unspin.document.Document`.

``read_source`` reads one article; ``read_records`` iterates over a JSONL/CSV corpus.
Readers only decode and extract; cleaning is the ``clean`` stage's job, so
``Document.raw`` keeps the input as it was (CRLF included).  For HTML, ``raw`` is
the text trafilatura extracted (see :mod:`unspin.readers.html`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from unspin.config import Config
from unspin.document import Document, Source
from unspin.errors import ConfigError, InputError
from unspin.readers.decode import check_size, check_text, decode_bytes
from unspin.readers.html import HTML_EXTENSIONS, html_to_document, looks_like_html
from unspin.readers.records import read_records
from unspin.readers.url import fetch, is_url

__all__ = ["KINDS", "read_path", "read_records", "read_source", "read_url"]

#: Values of ``kind`` that force how a source is read.
KINDS = ("text", "html", "url")


def read_source(source: Any, config: Config | None = None, kind: str | None = None) -> Document:
    """Read one article.

    ``source`` is a :class:`Document` (returned as is), ``bytes``, a :class:`~pathlib.Path`,
    ``"-"`` (stdin), a URL, the path of an existing file, or else the article text
    itself.  ``kind`` forces ``text``, ``html`` or ``url`` reading.
    """
    config = config or Config()
    if kind is not None and kind not in KINDS:
        raise ConfigError(f"unknown input kind {kind!r}; choose one of: {', '.join(KINDS)}")
    if isinstance(source, Document):
        return source
    if isinstance(source, bytes | bytearray):
        text, encoding = decode_bytes(bytes(source), config)
        return _text_document(text, Source(kind="text", encoding=encoding), kind)
    if isinstance(source, Path):
        return read_path(source, config, kind)
    if not isinstance(source, str):
        raise InputError(f"cannot read a {type(source).__name__}: give text, bytes, a path, a URL or '-'")
    if source == "-":
        return read_stdin(config, kind)
    if kind == "url" or (kind is None and is_url(source)):
        return read_url(source, config)
    if _is_existing_path(source):
        return read_path(Path(source), config, kind)
    return _text_document(check_text(source, config), Source(kind="text"), kind)


def read_path(path: Path, config: Config, kind: str | None = None) -> Document:
    """Read a text or HTML file (HTML by ``kind``, extension or content)."""
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    check_size(path.stat().st_size, config, str(path))
    text, encoding = decode_bytes(path.read_bytes(), config, str(path))
    if kind is None and path.suffix.lower() in HTML_EXTENSIONS:
        kind = "html"
    return _text_document(text, Source(kind="text", name=str(path), encoding=encoding), kind)


def read_stdin(config: Config, kind: str | None = None) -> Document:
    data = sys.stdin.buffer.read(config.max_input_bytes + 1)
    text, encoding = decode_bytes(data, config, "stdin")
    return _text_document(text, Source(kind="stdin", name="-", encoding=encoding), kind)


def read_url(url: str, config: Config) -> Document:
    fetched = fetch(url, config)
    text, encoding = decode_bytes(fetched.body, config, url, declared=fetched.charset)
    source = Source(kind="url", name=url, url=fetched.url, encoding=encoding)
    source.extra["content_type"] = fetched.content_type
    is_html = fetched.is_html or looks_like_html(text)
    doc = html_to_document(text, source) if is_html else Document(text, source)
    doc.metadata.setdefault("url", fetched.url)
    return doc


def _text_document(text: str, source: Source, kind: str | None) -> Document:
    if kind == "html" or (kind is None and looks_like_html(text)):
        return html_to_document(text, source)
    return Document(text, source)


def _is_existing_path(value: str) -> bool:
    if "\n" in value or len(value) > 4096:
        return False
    try:
        return Path(value).is_file()
    except OSError:
        return False
