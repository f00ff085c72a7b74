"""Where each character of the text extracted from an HTML page sits in the page's markup.

trafilatura returns the article as plain text, so ``Document.raw`` of an HTML input is
that extracted text.  A researcher who wants to highlight a span in the page itself
needs offsets into the markup: this module aligns the extracted text with the page's
visible character stream (text nodes in document order, character references decoded,
scripts and styles left out) and returns an :class:`~unspin.offsets.OffsetMap` from
extracted-text offsets to markup offsets.

Alignment goes forwards, a chunk of words at a time: a chunk is looked up as one run of
at least :data:`KEY_CHARS` visible characters, so that a short word does not match inside
boilerplate the extractor dropped.  A chunk that is not found is placed word by word,
each word only close to where the last one ended; a word that cannot be found (the
title trafilatura took from a ``<meta>`` attribute, say) stays unmapped and stands for
the markup between its mapped neighbours.  Characters copied one for one become
copied segments, so ``is_verbatim`` holds exactly where the markup shows the same text.
"""

from __future__ import annotations

import html as html_lib
import re
from bisect import bisect_left, bisect_right
from html.parser import HTMLParser
from itertools import accumulate

from unspin.offsets import OffsetMap, Segment

#: Elements whose text is never shown to a reader.
SKIPPED_ELEMENTS = frozenset({"script", "style", "noscript", "template"})
#: Elements that break the line: the words on either side are separate even with no space between.
BLOCK_ELEMENTS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "td", "th", "title", "tr", "ul",
})  # fmt: skip
#: A word is looked up with the words after it until the key is at least this long.
KEY_CHARS = 16
#: How far ahead (in visible non-space characters) a chunk of words is searched for.
SEARCH_WINDOW = 200_000
#: How far ahead a single word is searched for when its chunk was not found (a short word
#: must not jump the cursor past text that is still to come).
WORD_WINDOW = 200
#: How far past the first match a match with the chunk's own word boundaries is preferred.
ALIGN_WINDOW = 200

_REFERENCE = re.compile(r"&(?:#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*);?")
_WORD = re.compile(r"\S+")
_SPACES = re.compile(r"\s+")

Position = tuple[int, int]


class _VisibleText(HTMLParser):
    """Collects the page's visible characters, each with the markup interval it comes from."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=False)
        self.markup = markup
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", markup))]
        self.chunks: list[str] = []
        self.starts: list[int] = []  # markup offset of each visible character
        self.reference_ends: dict[int, int] = {}  # visible index -> markup end, for &...; characters
        self.skip_depth = 0

    def source_offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_ELEMENTS:
            self.skip_depth += 1
        self._break_at(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_ELEMENTS and self.skip_depth:
            self.skip_depth -= 1
        self._break_at(tag)

    def _break_at(self, tag: str) -> None:
        """A block element ends a visible word, as a browser breaks the line there ("<div>Menu</div><p>Text")."""
        if tag in BLOCK_ELEMENTS and not self.skip_depth:
            self.chunks.append("\n")
            self.starts.append(self.source_offset())

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        base = self.source_offset()
        self.chunks.append(data)
        self.starts.extend(range(base, base + len(data)))

    def _reference(self) -> None:
        if self.skip_depth:
            return
        start = self.source_offset()
        match = _REFERENCE.match(self.markup, start)
        end = match.end() if match else start + 1
        decoded = html_lib.unescape(self.markup[start:end])
        for _ in decoded:
            self.reference_ends[len(self.starts)] = end
            self.starts.append(start)
        self.chunks.append(decoded)

    def position(self, index: int) -> Position:
        start = self.starts[index]
        return start, self.reference_ends.get(index, start + 1)

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()


def visible_characters(markup: str) -> tuple[str, list[Position]]:
    """The page's visible text and, per character, the markup interval it was written as."""
    parser = _parsed(markup)
    return "".join(parser.chunks), [parser.position(i) for i in range(len(parser.starts))]


def _parsed(markup: str) -> _VisibleText:
    parser = _VisibleText(markup)
    parser.feed(markup)
    parser.close()
    return parser


def markup_map(extracted: str, markup: str) -> OffsetMap:
    """Map offsets of ``extracted`` (text taken out of ``markup``) to offsets into ``markup``."""
    parser = _parsed(markup)
    visible = "".join(parser.chunks)
    runs = [(m.start(), m.end()) for m in _WORD.finditer(visible)]
    dense = "".join(visible[a:b] for a, b in runs)
    # where each visible word starts in ``dense`` (and the last one ends): its word boundaries
    boundaries = list(accumulate((b - a for a, b in runs), initial=0))

    def position(dense_index: int) -> Position:
        r = bisect_right(boundaries, dense_index) - 1
        return parser.position(runs[r][0] + dense_index - boundaries[r])

    where: list[Position | None] = [None] * len(extracted)
    words = [(m.start(), m.group()) for m in _WORD.finditer(extracted)]
    cursor = n = 0
    while n < len(words):
        end = _chunk_end(words, n)
        found = _find(dense, [w for _, w in words[n:end]], cursor, SEARCH_WINDOW, boundaries)
        if found < 0:  # the chunk is not one run in the markup: place its first word alone, nearby
            end = n + 1
            found = _find(dense, [words[n][1]], cursor, WORD_WINDOW, boundaries)
        if found >= 0:
            for start, word in words[n:end]:
                for k in range(len(word)):
                    where[start + k] = position(found + k)
                found += len(word)
            cursor = found
        n = end
    _copy_matching_gaps(extracted, markup, where)
    return _segments(where, len(markup))


def _copy_matching_gaps(extracted: str, markup: str, where: list[Position | None]) -> None:
    """Map the spaces between two mapped words where the markup has exactly the same characters there."""
    for gap in _SPACES.finditer(extracted):
        i, j = gap.span()
        before = where[i - 1] if i > 0 else None
        after = where[j] if j < len(where) else None
        if before is not None and after is not None and markup[before[1] : after[0]] == gap.group():
            for k in range(i, j):
                where[k] = (before[1] + k - i, before[1] + k - i + 1)


def _find(dense: str, chunk: list[str], cursor: int, window: int, boundaries: list[int]) -> int:
    """Where the words of ``chunk`` occur (spaces removed) within ``window`` after ``cursor``: the first
    match, unless a match close after it has the chunk's own visible word boundaries and it has not
    ("a b" is not the word "ab"); inline tags can glue words, so a match without them still counts."""
    key = "".join(chunk)
    inner = [0, *accumulate(len(word) for word in chunk)]

    def aligned(at: int) -> bool:
        lo, hi = bisect_left(boundaries, at), bisect_right(boundaries, at + len(key))
        return [b - at for b in boundaries[lo:hi]] == inner

    first = found = dense.find(key, cursor, cursor + window + len(key))
    while found >= 0 and not aligned(found):
        found = dense.find(key, found + 1, min(first + ALIGN_WINDOW, cursor + window) + len(key))
    return found if found >= 0 else first


def _chunk_end(words: list[tuple[int, str]], n: int) -> int:
    """End (exclusive) of the run of words from ``n`` whose letters add up to at least KEY_CHARS."""
    size = 0
    end = n
    while end < len(words) and size < KEY_CHARS:
        size += len(words[end][1])
        end += 1
    return end


def _segments(where: list[Position | None], markup_length: int) -> OffsetMap:
    """Segments from per-character markup intervals; unmapped runs stand for the markup between."""
    segments: list[Segment] = []
    i = 0
    previous_end = 0
    while i < len(where):
        here = where[i]
        j = i + 1
        if here is None:
            while j < len(where) and where[j] is None:
                j += 1
            following = where[j] if j < len(where) else None
            next_start = following[0] if following is not None else markup_length
            segments.append(Segment(i, j, previous_end, max(previous_end, next_start), False))
            i = j
            continue
        if here[1] - here[0] != 1:  # a character reference such as &amp;
            segments.append(Segment(i, j, here[0], here[1], False))
        else:
            while j < len(where) and _continues(where[j - 1], where[j]):
                j += 1
            segments.append(Segment(i, j, here[0], here[0] + (j - i), True))
        previous_end = segments[-1].raw_end
        i = j
    return OffsetMap(segments, markup_length)


def _continues(before: Position | None, after: Position | None) -> bool:
    return before is not None and after is not None and after[1] - after[0] == 1 and after[0] == before[1]
