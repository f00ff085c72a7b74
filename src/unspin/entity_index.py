"""The ``entities`` and ``turns`` layers of one document, indexed for the lookups that resolve a source.

Resolving a mention asks "which entity covers this span", "which person was named last before
here", "which entity has this name".  Scanning the whole layer for each question costs
mentions x entities: quadratic in the article's length (a 200 kB article spent two minutes
there).  These indexes answer each question from sorted offsets and dictionaries, with the
same answer (and the same tie-breaking, the layer's order) as the scans they replace.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterator, Sequence

from unspin.document import Span


class SpanIndex:
    """A sorted layer (``Document.set_layer`` order) with overlap queries by offsets."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self.spans = spans
        self.starts = [s.start for s in spans]
        self.longest = max((s.end - s.start for s in spans), default=0)

    def covering(self, start: int, end: int) -> Iterator[Span]:
        """Spans with ``s.start <= start`` and ``end <= s.end``, in layer order."""
        for i in range(bisect_left(self.starts, start - self.longest), bisect_right(self.starts, start)):
            span = self.spans[i]
            if end <= span.end:
                yield span

    def inside(self, start: int, end: int) -> Iterator[Span]:
        """Spans with ``start <= s.start`` and ``s.end <= end``, in layer order."""
        for i in range(bisect_left(self.starts, start), bisect_right(self.starts, end)):
            span = self.spans[i]
            if span.end <= end:
                yield span

    def overlapping(self, start: int, end: int) -> Iterator[Span]:
        """Spans with ``s.start < end`` and ``start < s.end``, in layer order."""
        for i in range(bisect_left(self.starts, start - self.longest), bisect_left(self.starts, end)):
            span = self.spans[i]
            if start < span.end:
                yield span

    def containing(self, offset: int) -> Span | None:
        """The first span (layer order) with ``s.start <= offset < s.end``."""
        return next(self.covering_offset(offset), None)

    def covering_offset(self, offset: int) -> Iterator[Span]:
        for i in range(bisect_left(self.starts, offset - self.longest), bisect_right(self.starts, offset)):
            span = self.spans[i]
            if offset < span.end:
                yield span

    def last_ending_by(self, offset: int, accept: Callable[[Span], bool]) -> Span | None:
        """The last span in layer order with ``s.end <= offset`` that ``accept`` takes."""
        for i in range(bisect_right(self.starts, offset) - 1, -1, -1):
            span = self.spans[i]
            if span.end <= offset and accept(span):
                return span
        return None


class PersonIndex:
    """The PERSON spans of a layer (minus ``excluded`` offsets), for "the person named last before here"."""

    def __init__(self, spans: Sequence[Span], excluded: Collection[tuple[int, int]] = ()) -> None:
        self.people = SpanIndex([s for s in spans if s.label == "PERSON" and (s.start, s.end) not in excluded])

    def last_before(self, offset: int) -> Span | None:
        """The last person (layer order) whose mention ends at or before ``offset``."""
        return self.people.last_ending_by(offset, lambda _span: True)


class WordSetIndex:
    """Which items' word sets contain every given word; the last such item in order."""

    def __init__(self) -> None:
        self.items: dict[str, set[int]] = {}
        self.ordered: dict[str, list[int]] = {}

    def add(self, position: int, words: Collection[str]) -> None:
        for word in words:
            self.items.setdefault(word, set()).add(position)
            self.ordered.setdefault(word, []).append(position)

    def last_with_all(self, words: Collection[str]) -> int:
        """The highest position whose words include all of ``words`` (``-1``: none, or no words given)."""
        if not words:
            return -1
        lists = [self.ordered.get(word, []) for word in words]
        shortest = min(lists, key=len)
        for position in reversed(shortest):
            if all(position in self.items[word] for word in words):
                return position
        return -1
