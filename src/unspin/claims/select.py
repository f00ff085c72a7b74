"""Which scored sentences become claims, and the text of a sentence that is scored."""

from __future__ import annotations

import re
from collections.abc import Sequence

from unspin.document import Document, Span

_WORD = re.compile(r"\w+")
#: Fewer words than this is a reply ("That's right.") or a heading, never a claim on its own.
MIN_WORDS = 4


def claim_span(doc: Document, sentence: Span) -> tuple[int, int]:
    """The sentence without an interview speaker label ("Tim Anderson: ") or surrounding spaces."""
    start, end = sentence.start, sentence.end
    for turn in doc.layer("turns"):
        label_end = turn.attrs.get("speaker_end")
        if isinstance(label_end, int) and start <= label_end <= end and turn.start <= start < turn.end:
            start = label_end
            while start < end and doc.text[start] in ":-–— \t\n":
                start += 1
            break
    while start < end and doc.text[start].isspace():
        start += 1
    while end > start and doc.text[end - 1].isspace():
        end -= 1
    return start, end


def is_candidate(text: str) -> bool:
    return len(_WORD.findall(text)) >= MIN_WORDS


def select_claims(scores: Sequence[float], candidates: Sequence[bool], threshold: float, top_k: int) -> list[int]:
    """Indices of claims, best first: every candidate at or above ``threshold``, plus the ``top_k`` best.

    Ties keep text order, so the ranking is deterministic.
    """
    order = sorted((i for i, ok in enumerate(candidates) if ok), key=lambda i: (-scores[i], i))
    return [i for rank, i in enumerate(order) if scores[i] >= threshold or rank < top_k]
