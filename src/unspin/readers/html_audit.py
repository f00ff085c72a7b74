"""The audit of an HTML page: every block of visible text the article leaves out, and why.

Plain text gets a line-by-line audit from the cleaner (``Document.removed``).  For a page,
trafilatura drops navigation, captions, promos and footers before the cleaner sees
anything, so they would vanish unseen.  This module splits the page's visible text
into blocks (the text between two block-element boundaries, scripts, styles and the
``<head>`` left out), finds those that the extracted article does not cover (through
the extracted-text-to-markup map of :mod:`unspin.readers.markup`), and names each one's
kind from its text (the cleaner's furniture recognisers) or else from where it sits
(``<nav>``, ``<figcaption>``, a ``class="related-stories"`` box, ...).

It also names the caption blocks that the extractor *kept* (a photo caption inside an
interview answer), so the cleaner lifts those lines out of the body too.
"""

from __future__ import annotations

import html as html_lib
import re
from bisect import bisect_right
from dataclasses import dataclass
from html.parser import HTMLParser

from unspin.clean import furniture
from unspin.clean.dates import parse_dateline
from unspin.document import Removed
from unspin.offsets import OffsetMap
from unspin.readers.markup import BLOCK_ELEMENTS, SKIPPED_ELEMENTS

_REFERENCE = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
#: Deeper nesting than this is not tracked (a hostile page must not grow the stack without bound).
MAX_DEPTH = 256
#: A block counts as part of the article when at least this share of its characters is.
COVERED_SHARE = 0.5
#: A non-copied stretch of the markup map no longer than this is a character reference, not a gap.
_REFERENCE_CHARS = 12

#: Kinds by where a block sits: element names, or words in its class or id, nearest first.
_PLACES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("caption", re.compile(r"^(?:figcaption|figure|caption)$|caption|credit|photo-?desc")),
    ("navigation", re.compile(r"^nav$|\bnav|menu|breadcrumb|skip-?link")),
    ("related", re.compile(r"related|recommend|more-?(?:stories|news|from)|read-?more|trending|popular|outbrain")),
    ("comments", re.compile(r"comment|discussion|disqus")),
    ("promo", re.compile(r"newsletter|subscri|promo|advert|sponsor|paywall|signup|sign-up|\bads?\b|\bad-")),
    ("ui", re.compile(r"share|social|toolbar|print|bookmark")),
    ("footer", re.compile(r"^footer$|footer|copyright|legal")),
    ("header", re.compile(r"^header$|masthead|site-?header|topbar")),
    ("aside", re.compile(r"^aside$|sidebar|rail\b")),
)  # fmt: skip


@dataclass(frozen=True)
class Block:
    """A run of visible text between two block boundaries, with where it sits in the page."""

    markup_start: int
    markup_end: int
    text: str
    context: tuple[str, ...]  # per open element, nearest first: "tag class id" in lower case


class _BlockParser(HTMLParser):
    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=False)  # references come one by one, so their markup length is known
        self.markup = markup
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", markup))]
        self.stack: list[tuple[str, str]] = []
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.start: int | None = None
        self.end = 0
        self.context: tuple[str, ...] = ()
        self.skip = 0
        self.in_head = False

    def source_offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def flush(self) -> None:
        text = " ".join("".join(self.parts).split())
        if text and self.start is not None:
            self.blocks.append(Block(self.start, self.end, text, self.context))
        self.parts, self.start = [], None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        if tag in SKIPPED_ELEMENTS:
            self.skip += 1
        if tag in BLOCK_ELEMENTS:
            self.flush()
        if tag not in _VOID and len(self.stack) < MAX_DEPTH:
            names = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role", "aria-label"))
            self.stack.append((tag, f"{tag} {names}".lower()))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCK_ELEMENTS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        if tag in SKIPPED_ELEMENTS and self.skip:
            self.skip -= 1
        if tag in BLOCK_ELEMENTS:
            self.flush()
        for i in range(len(self.stack) - 1, max(-1, len(self.stack) - 32), -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        self._text(data, self.source_offset(), len(data))

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()

    def _reference(self) -> None:
        start = self.source_offset()
        match = _REFERENCE.match(self.markup, start)
        end = match.end() if match else start + 1
        self._text(html_lib.unescape(self.markup[start:end]), start, end - start)

    def _text(self, text: str, here: int, markup_length: int) -> None:
        """Visible text written as ``markup[here:here + markup_length]``."""
        if self.skip or self.in_head:
            return
        if not text.strip():
            if self.start is not None:
                self.parts.append(text)
            return
        if self.start is None:
            lead = len(text) - len(text.lstrip()) if markup_length == len(text) else 0
            self.start = here + lead
            self.context = tuple(names for _, names in reversed(self.stack))
        self.parts.append(text)
        trail = len(text) - len(text.rstrip()) if markup_length == len(text) else 0
        self.end = here + markup_length - trail


def page_blocks(markup: str) -> list[Block]:
    """The visible text blocks of the page's body, in order."""
    parser = _BlockParser(markup)
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError, RecursionError):  # a parser error ends the audit, not the reading
        pass
    parser.flush()
    return parser.blocks


def block_kind(block: Block) -> str:
    """What a block left out of the article is: by its text first, else by where it sits."""
    text = block.text
    if len(text) <= 400:
        if any(ch.isdigit() for ch in text) and parse_dateline(text) is not None:
            return "timestamp"
        if furniture.is_ui(text):
            return "ui"
        if furniture.byline(text) is not None:
            return "byline"
        if furniture.copyright_outlet(text) is not None:
            return "copyright"
    for names in block.context:
        for kind, pattern in _PLACES:
            tag = names.split(" ", 1)[0]
            if pattern.search(tag) or pattern.search(names.partition(" ")[2]):
                return kind
    return "boilerplate"


class _Coverage:
    """The markup intervals the extracted text was copied from, and the way back to extracted offsets."""

    def __init__(self, markup_map: OffsetMap) -> None:
        spans = [
            (seg.raw_start, seg.raw_end, seg.clean_start, seg.clean_end)
            for seg in markup_map.segments
            if seg.clean_end > seg.clean_start and (seg.copied or seg.raw_end - seg.raw_start <= _REFERENCE_CHARS)
        ]
        self.spans = sorted(spans)
        self.starts = [s[0] for s in self.spans]

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, int, int]]:
        i = max(0, bisect_right(self.starts, start) - 1)
        out = []
        while i < len(self.spans) and self.spans[i][0] < end:
            if self.spans[i][1] > start:
                out.append(self.spans[i])
            i += 1
        return out

    def covered(self, start: int, end: int) -> int:
        return sum(min(b, end) - max(a, start) for a, b, _, _ in self.overlapping(start, end))


def audit_page(markup: str, markup_map: OffsetMap, extracted: str) -> tuple[list[Removed], list[Removed]]:
    """(blocks left out, caption blocks kept): each as a :class:`Removed` with its markup interval.

    A left-out block has an empty raw interval at the extracted offset where it would have
    stood; a kept caption has the raw (extracted) interval it occupies, for the cleaner.
    """
    coverage = _Coverage(markup_map)
    shown = _ShownText(extracted)
    dropped: list[Removed] = []
    kept_captions: list[Removed] = []
    for block in page_blocks(markup):
        length = max(block.markup_end - block.markup_start, 1)
        share = coverage.covered(block.markup_start, block.markup_end) / length
        kind = block_kind(block)
        if share < COVERED_SHARE and shown.contains(block.text):
            continue  # the words are in the article all the same (the headline, put first from the metadata)
        if share >= COVERED_SHARE:
            if kind == "caption":
                inside = coverage.overlapping(block.markup_start, block.markup_end)
                raw_start, raw_end = min(s[2] for s in inside), max(s[3] for s in inside)
                kept_captions.append(Removed(raw_start, raw_end, block.text, kind))
            continue
        at = _extracted_offset(coverage, block.markup_start, len(extracted))
        dropped.append(Removed(at, at, block.text, kind, block.markup_start, block.markup_end))
    return dropped, kept_captions


class _ShownText:
    """The extracted text, to ask whether a block's words appear in it anyway."""

    MIN_SUBSTRING = 40  # shorter blocks must be a whole paragraph ("Home" occurs in many a sentence)

    def __init__(self, extracted: str) -> None:
        self.paragraphs = {self.key(p) for p in re.split(r"\n\s*\n|\n", extracted) if p.strip()}
        self.flat = self.key(extracted)

    @staticmethod
    def key(text: str) -> str:
        return re.sub(r"[\W_]+", " ", text.casefold()).strip()

    def contains(self, text: str) -> bool:
        key = self.key(text)
        return bool(key) and (key in self.paragraphs or (len(key) >= self.MIN_SUBSTRING and key in self.flat))


def _extracted_offset(coverage: _Coverage, markup_offset: int, extracted_length: int) -> int:
    """Where in the extracted text a left-out block would have stood: before the next extracted character."""
    i = bisect_right(coverage.starts, markup_offset)
    following = [s[2] for s in coverage.spans[i:]]
    return min(following) if following else extracted_length
