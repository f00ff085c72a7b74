"""``doc.summary["voices"]``: who is quoted, how often, how many words each gets, with which cues."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

from unspin.claims.linking import Attribution, gather_attributions
from unspin.document import Document, Span

_WORD = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:['’\-]\w+)*")  # "1,200" is one word
UNNAMED = "(unnamed)"
#: An unresolved pronoun source is pooled under its subject form: "them" and "they" are one
#: (unresolved) voice, not two, and the reader sees "they" once.
_SUBJECT_FORM = {
    "them": "they",
    "their": "they",
    "him": "he",
    "his": "he",
    "her": "she",
    "us": "we",
    "our": "we",
    "me": "I",
}


def count_words(doc: Document, spans: Sequence[Span]) -> int:
    """Words in the union of ``spans``: an answer and a quote nested in it count once."""
    total, reach = 0, 0
    for span in sorted(spans, key=lambda s: s.start):
        start = max(span.start, reach)
        if span.end > start:
            total += len(_WORD.findall(doc.text[start : span.end]))
        reach = max(reach, span.end)
    return total


def _pooled(name: str) -> str:
    return _SUBJECT_FORM.get(name.casefold(), name)


def voices(doc: Document, claims: Sequence[Span] = ()) -> list[dict[str, Any]]:
    """One entry per source, most words first.

    ``attributions`` counts attributions, ``words`` the words of their content,
    ``stances`` and ``kinds`` the cue stances and kinds used for that source,
    ``claims`` the check-worthy claims tied to it.  Names differing only in case
    are one source, and so are the forms of one unresolved pronoun ("them" joins "they"); sources
    nobody named are pooled under ``(unnamed)``.  Empty when the attribution layer is absent.
    """
    by_key: dict[str, list[Attribution]] = {}
    spelling: dict[str, str] = {}  # "They" and "they" are one voice, named as first written
    for attribution in gather_attributions(doc):
        name = _pooled(attribution.source_name or UNNAMED)
        spelling.setdefault(name.casefold(), name)
        by_key.setdefault(name.casefold(), []).append(attribution)
    claim_counts = Counter(_pooled(str(c.attrs["source"])).casefold() for c in claims if c.attrs.get("source"))
    out: list[dict[str, Any]] = []
    for key, items in by_key.items():
        name = spelling[key]
        out.append(
            {
                "source": name,
                "attributions": len(items),
                "words": count_words(doc, [c for a in items for c in a.content]),
                "stances": dict(Counter(a.stance for a in items).most_common()),
                "kinds": dict(Counter(a.kind for a in items).most_common()),
                "claims": claim_counts.get(key, 0),
            }
        )
    out.sort(key=lambda v: (-int(v["words"]), -int(v["attributions"]), str(v["source"])))
    return out
