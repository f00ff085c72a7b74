"""HTML pages to article text with trafilatura, plus the page's metadata.

For HTML input ``Document.raw`` is the *extracted* text (block elements joined by
blank lines, the page's title first when the body text does not already start
with it), not the markup: ``raw_start``/``raw_end`` refer to that text, and
``Document.markup`` (see :mod:`unspin.readers.markup`) maps it on into the markup,
identified by ``source.extra["html_sha256"]``.
Scripts, styles and event-handler attributes never reach the text: only text
nodes of content elements are extracted.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import lxml.html
from lxml.etree import LxmlError, ParserError
from lxml_html_clean import Cleaner

from unspin.document import Document, Source
from unspin.errors import InputError
from unspin.readers.hostile import MAX_TREE_DEPTH, nesting_depth, xml_safe
from unspin.readers.html_audit import audit_page
from unspin.readers.html_meta import merge_metadata
from unspin.readers.markup import markup_map, visible_characters

_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAGS = re.compile(r"<(?:p|div|article|br|span|a|h[1-6]|section|ul|li|table)\b[^>]*>", re.I)
HTML_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")

#: trafilatura metadata fields copied into ``Document.metadata`` (theirs -> ours).
_METADATA_FIELDS = {
    "title": "title",
    "date": "published",
    "sitename": "outlet",
    "url": "url",
    "tags": "tags",
    "categories": "categories",
    "language": "language",
    "description": "description",
}

_CLEANER = Cleaner(scripts=True, javascript=True, style=True, comments=True, forms=True, embedded=True, frames=True)
_BLOCKS = re.compile(r"\n\s*\n+")


def looks_like_html(text: str) -> bool:
    """True for a document that starts like HTML or is dense with common block tags."""
    if _HTML_START.match(text[:4096]):
        return True
    head = text[:4096]
    return len(_HTML_TAGS.findall(head)) >= 3


def html_to_document(html: str, source: Source) -> Document:
    """Extract article text and metadata from ``html``; raises :class:`InputError` when nothing is left."""
    source.extra["html_sha256"] = hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest()
    if source.kind not in ("url",):
        source.kind = "html"
    warnings: list[str] = source.extra.setdefault("warnings", [])
    text, metadata = _extract(xml_safe(html), source.url, warnings)
    if not warnings:
        del source.extra["warnings"]
    doc = Document(text, source)
    doc.markup = markup_map(text, html)
    doc.metadata.update(metadata)
    # The page's own audit: blocks the extractor left out, and captions it kept (the cleaner lifts those).
    dropped, kept = audit_page(html, doc.markup, text)
    doc.removed.extend(dropped)
    doc.cache["kept_furniture"] = kept
    return doc


def _extract(html: str, url: str | None, warnings: list[str]) -> tuple[str, dict[str, Any]]:
    # imported here: a batch's parent process reads records but never extracts a page (24 MB it need not hold)
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=True)
    except (ValueError, RecursionError, LxmlError):  # a page lxml cannot build a tree of
        extracted = None
    text = ""
    metadata: dict[str, Any] = {}
    if extracted is not None:
        found = extracted if isinstance(extracted, dict) else extracted.as_dict()
        text = found.get("text") or ""
        metadata = _metadata(found)
    if not text.strip():
        # trafilatura gives up on very short or broken pages; fall back to all visible text.
        text = _visible_text(html)
    text = _deep_page_text(html, text, warnings)
    if not text.strip():
        raise InputError("the HTML contains no article text (nothing left after removing markup and scripts)")
    metadata = merge_metadata(metadata, html)  # the page's own statements first, every value checked
    return _with_title(_as_paragraphs(text), metadata.get("title")), metadata


def _metadata(found: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for theirs, ours in _METADATA_FIELDS.items():
        value = found.get(theirs)
        if value:
            out[ours] = list(value) if isinstance(value, list | tuple) else value
    author = found.get("author")
    if author:
        out["authors"] = [a.strip() for a in re.split(r";|\band\b", author) if a.strip()]
    return out


def _deep_page_text(html: str, text: str, warnings: list[str]) -> str:
    """The page's visible text when its elements nest deeper than lxml builds a tree and the
    extractor came back with less than half of it (what lies deeper would be lost silently)."""
    depth = nesting_depth(html)
    if depth <= MAX_TREE_DEPTH:
        return text
    visible, _ = visible_characters(html)
    if len(text.split()) * 2 >= len(visible.split()):
        return text
    warnings.append(
        f"the page nests elements {depth} deep (lxml stops at 255): its visible text was read instead of the "
        "extractor's article"
    )
    return visible


def _visible_text(html: str) -> str:
    try:
        tree = lxml.html.document_fromstring(html)
    except (ParserError, ValueError, RecursionError, LxmlError):
        return ""
    cleaned = _CLEANER.clean_html(tree)
    for br in cleaned.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in cleaned.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "article", "section"):
        block.tail = "\n\n" + (block.tail or "")
    text: str = cleaned.text_content()
    return text


def _with_title(text: str, title: object) -> str:
    """Put the headline first: it is part of the article (and of what persuades) but extractors often drop it."""
    if not isinstance(title, str) or not title.strip():
        return text
    title = " ".join(title.split())
    if "\n" in title or any(_same_line(line, title) for line in text.split("\n\n")[:3]):
        return text  # the body already shows it near the top: a second copy would be read as a repetition
    return f"{title}\n\n{text}"


def _same_line(line: str, title: str) -> bool:
    """A headline line as the title, whatever its quotes, dashes, case and spacing."""

    def key(text: str) -> str:
        return re.sub(r"[\W_]+", " ", text.casefold()).strip()

    return bool(key(line)) and key(line) == key(title)


def _as_paragraphs(text: str) -> str:
    """One block per paragraph, separated by a blank line, so the cleaner sees paragraph breaks."""
    lines = [line.strip() for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)
