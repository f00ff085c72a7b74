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
from unspin.errors import ConfigError, FetchError, InputError, InputTooLargeError
from unspin.readers.decode import check_size, check_text, decode_bytes
from unspin.readers.guard import UrlPolicy
from unspin.readers.html import HTML_EXTENSIONS, html_to_document, looks_like_html
from unspin.readers.records import read_records
from unspin.readers.url import fetch, is_url

__all__ = ["KINDS", "STDIN", "read_path", "read_records", "read_source", "read_url"]

#: Values of ``kind`` that force how a source is read.
KINDS = ("text", "html", "url")


class _Stdin:
    """The marker that asks :func:`read_source` to read standard input."""

    def __repr__(self) -> str:
        return "STDIN"


#: Pass this (the CLI's ``-``) to read standard input.
STDIN = _Stdin()


def read_source(
    source: Any, config: Config | None = None, kind: str | None = None, policy: UrlPolicy | None = None
) -> Document:
    """Read one article.

    A ``str`` is always the article's text (HTML when it looks like HTML), never a file name or
    a URL: reading a file or fetching a URL must be asked for, with a :class:`~pathlib.Path`,
    :data:`STDIN` or ``kind="url"``.  ``bytes`` are decoded; a :class:`Document` is returned as
    is.  ``kind`` forces ``text``, ``html`` or ``url`` reading; ``policy`` says which non-public
    networks a URL may reach (none by default: see :mod:`unspin.readers.guard`).
    """
    config = config or Config()
    if kind is not None and kind not in KINDS:
        raise ConfigError(f"unknown input kind {kind!r}; choose one of: {', '.join(KINDS)}")
    if isinstance(source, Document):
        return source
    return check_length(_read(source, config, kind, policy), config)


def check_length(doc: Document, config: Config) -> Document:
    """Refuse an article text longer than ``config.max_text_chars`` (the bound on one analysis's memory)."""
    if len(doc.raw) > config.max_text_chars:
        raise InputTooLargeError(
            f"the article text is {len(doc.raw):,} characters, over the limit of {config.max_text_chars:,} "
            "(Config.max_text_chars); split it or raise the limit"
        )
    return doc


def _read(source: Any, config: Config, kind: str | None, policy: UrlPolicy | None) -> Document:
    if source is STDIN:
        return read_stdin(config, kind)
    warnings: list[str] = []
    if isinstance(source, bytes | bytearray):
        text, encoding = decode_bytes(bytes(source), config, warnings=warnings)
        return _text_document(text, _source("text", warnings, encoding=encoding), kind)
    if isinstance(source, Path):
        if kind == "url":
            raise ConfigError("kind='url' needs the URL as a string, not a Path")
        return read_path(source, config, kind)
    if not isinstance(source, str):
        raise InputError(f"cannot read a {type(source).__name__}: give text, bytes, a Path, or a URL with kind='url'")
    if kind == "url":
        return read_url(source.strip(), config, policy)
    text = check_text(source, config, warnings=warnings)
    return _text_document(text, _source("text", warnings), kind)


def _source(kind: str, warnings: list[str], **fields: Any) -> Source:
    source = Source(kind=kind, **fields)
    if warnings:
        source.extra["warnings"] = warnings
    return source


def read_path(path: Path, config: Config, kind: str | None = None) -> Document:
    """Read a text or HTML file (HTML by ``kind``, extension or content)."""
    if not path.is_file():
        raise InputError(f"no such file: {path}")
    check_size(path.stat().st_size, config, str(path))
    warnings: list[str] = []
    text, encoding = decode_bytes(path.read_bytes(), config, str(path), warnings=warnings)
    if kind is None and path.suffix.lower() in HTML_EXTENSIONS:
        kind = "html"
    return _text_document(text, _source("text", warnings, name=str(path), encoding=encoding), kind)


def read_stdin(config: Config, kind: str | None = None) -> Document:
    data = sys.stdin.buffer.read(config.max_input_bytes + 1)
    warnings: list[str] = []
    text, encoding = decode_bytes(data, config, "stdin", warnings=warnings)
    return _text_document(text, _source("stdin", warnings, name="-", encoding=encoding), kind)


def read_url(url: str, config: Config, policy: UrlPolicy | None = None) -> Document:
    """Fetch ``url`` through the address guard (``policy``: which non-public networks are allowed)."""
    if not is_url(url):
        raise FetchError(f"cannot fetch {url[:200]!r}: give an http:// or https:// URL")
    fetched = fetch(url, config, policy)
    warnings: list[str] = []
    text, encoding = decode_bytes(fetched.body, config, url, declared=fetched.charset, warnings=warnings)
    source = _source("url", warnings, name=url, url=fetched.url, encoding=encoding)
    source.extra["content_type"] = fetched.content_type
    is_html = fetched.is_html or looks_like_html(text)
    doc = html_to_document(text, source) if is_html else Document(text, source)
    doc.metadata.setdefault("url", fetched.url)
    return doc


def _text_document(text: str, source: Source, kind: str | None) -> Document:
    if kind == "html" or (kind is None and looks_like_html(text)):
        return html_to_document(text, source)
    return Document(text, source)
