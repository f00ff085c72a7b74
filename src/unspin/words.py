"""Word-level helpers shared by stages that compare what two pieces of text talk about."""

from __future__ import annotations

import re

_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")
_FUNCTION_WORDS = frozenset(
    "that the and was were has have had been its their his her our they them this these those with from for "  # noqa: SIM905
    "not any all there which who what when will would could should into onto about than then also".split()
)


def content_words(text: str) -> set[str]:
    """Lower-cased words of three letters or more, function words left out, a plural ``s`` cut."""
    words = {w.casefold() for w in _CONTENT_WORD.findall(text)} - _FUNCTION_WORDS
    return {w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words}
