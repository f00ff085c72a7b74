"""Tag a long text in bounded pieces, so the techniques stage costs time linear in the text.

Per span the tagger and the display rules look at the text around it (repetitions in the
article, the words and noun phrases near it); over a whole long article that is spans x text
length.  A text longer than :data:`PIECE_CHARS` is cut where the parser cuts it (line breaks,
else sentence ends, else whitespace; :func:`unspin.nlp.chunk_bounds`) and each piece is tagged
on its own; offsets are shifted back, so every span still points into the whole text.  A text
up to :data:`PIECE_CHARS` (any news article) is tagged whole, exactly as before.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Protocol, TypeVar

from unspin.document import Span
from unspin.nlp import chunk_bounds

#: Longest text tagged in one call.
PIECE_CHARS = 20_000
#: Span attributes that hold an offset into the text (shifted with the span).
OFFSET_ATTRS = ("trigger_at",)


class Predicts(Protocol):
    def predict(self, text: str, threshold: float | None = None) -> list[Span]: ...


def predict_in_pieces(
    tagger: Predicts, text: str, threshold: float | None = None, limit: int = PIECE_CHARS
) -> list[Span]:
    """``tagger.predict`` over ``text``, a piece of at most ``limit`` characters at a time."""
    if len(text) <= limit:
        return tagger.predict(text, threshold)
    spans = []
    for start, end in chunk_bounds(text, limit):
        for span in tagger.predict(text[start:end], threshold):
            attrs = dict(span.attrs)
            for name in OFFSET_ATTRS:
                if isinstance(attrs.get(name), int):
                    attrs[name] += start
            spans.append(Span(span.start + start, span.end + start, span.label, span.score, attrs))
    return spans


class _Located(Protocol):
    @property
    def start(self) -> int: ...


T = TypeVar("T", bound=_Located)


def starting_within(items: Sequence[T], starts: Sequence[int], start: int, end: int) -> Sequence[T]:
    """The items (sorted, ``starts`` their start offsets) that start inside ``[start, end)``."""
    return items[bisect_left(starts, start) : bisect_left(starts, end)]
