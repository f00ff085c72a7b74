"""Map every character of a cleaned text back to the raw input it came from.

The cleaner builds its output with a :class:`TextBuilder`: it either *copies* a
stretch of the raw input verbatim, or *writes* replacement text that stands for a
stretch of raw input (a CRLF written as LF, a no-break space written as a space,
a paragraph break between two kept lines).  The resulting :class:`OffsetMap` is a
sorted list of segments, so mapping a span costs two binary searches.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of clean text ``[clean_start, clean_end)`` and the raw text it stands for."""

    clean_start: int
    clean_end: int
    raw_start: int
    raw_end: int
    copied: bool

    def raw_of(self, clean_index: int) -> tuple[int, int]:
        """Raw interval of one clean character inside this segment."""
        if self.copied:
            pos = self.raw_start + (clean_index - self.clean_start)
            return pos, pos + 1
        return self.raw_start, self.raw_end


class OffsetMap:
    """Maps clean offsets to raw offsets (and back, for copied text)."""

    def __init__(self, segments: list[Segment], raw_length: int) -> None:
        self.segments = segments
        self.raw_length = raw_length
        self._starts = [s.clean_start for s in segments]
        self.clean_length = segments[-1].clean_end if segments else 0

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a text that was not changed at all."""
        segments = [Segment(0, length, 0, length, True)] if length else []
        return cls(segments, length)

    def _segment_at(self, clean_index: int) -> Segment:
        i = bisect_right(self._starts, clean_index) - 1
        return self.segments[max(i, 0)]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw ``[start, end)`` covering the clean span ``[start, end)``."""
        if not 0 <= start <= end <= self.clean_length:
            raise ValueError(f"span ({start}, {end}) outside clean text of length {self.clean_length}")
        if not self.segments:
            return 0, 0
        if start == end:
            first = self._segment_at(min(start, self.clean_length - 1))
            pos = first.raw_of(start)[0] if start < self.clean_length else first.raw_end
            return pos, pos
        raw_start = self._segment_at(start).raw_of(start)[0]
        raw_end = self._segment_at(end - 1).raw_of(end - 1)[1]
        return raw_start, raw_end

    def is_verbatim(self, start: int, end: int) -> bool:
        """True when the clean span is a verbatim copy of one contiguous stretch of raw input."""
        if start == end:
            return True
        i = bisect_right(self._starts, start) - 1
        previous: Segment | None = None
        while i < len(self.segments) and self.segments[i].clean_start < end:
            segment = self.segments[i]
            if not segment.copied:
                return False
            # Two copies with raw text dropped between them are not one verbatim stretch.
            if previous is not None and previous.raw_end != segment.raw_start:
                return False
            previous = segment
            i += 1
        return True

    def to_json(self) -> list[list[int]]:
        """Compact form: ``[clean_start, clean_end, raw_start, raw_end, copied]`` rows."""
        return [[s.clean_start, s.clean_end, s.raw_start, s.raw_end, int(s.copied)] for s in self.segments]

    @classmethod
    def from_json(cls, rows: list[list[int]], raw_length: int) -> OffsetMap:
        return cls([Segment(r[0], r[1], r[2], r[3], bool(r[4])) for r in rows], raw_length)


class TextBuilder:
    """Accumulates clean text while recording where each piece came from."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self._parts: list[str] = []
        self._segments: list[Segment] = []
        self._length = 0

    def __len__(self) -> int:
        return self._length

    def copy(self, raw_start: int, raw_end: int) -> None:
        """Append ``raw[raw_start:raw_end]`` verbatim."""
        if raw_end <= raw_start:
            return
        self._append(self.raw[raw_start:raw_end], raw_start, raw_end, copied=True)

    def write(self, text: str, raw_start: int, raw_end: int) -> None:
        """Append ``text`` standing for ``raw[raw_start:raw_end]`` (a rewrite)."""
        if not text:
            return
        self._append(text, raw_start, raw_end, copied=False)

    def _append(self, text: str, raw_start: int, raw_end: int, copied: bool) -> None:
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        last = self._segments[-1] if self._segments else None
        if copied and last is not None and last.copied and last.raw_end == raw_start and last.clean_end == start:
            self._segments[-1] = Segment(last.clean_start, self._length, last.raw_start, raw_end, True)
        else:
            self._segments.append(Segment(start, self._length, raw_start, raw_end, copied))

    def build(self) -> tuple[str, OffsetMap]:
        return "".join(self._parts), OffsetMap(list(self._segments), len(self.raw))
