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


def count_words(doc: Document, spans: Sequence[Span]) -> int:
    """Words in the union of ``spans``: an answer and a quote nested in it count once."""
    total, reach = 0, 0
    for span in sorted(spans, key=lambda s: s.start):
        start = max(span.start, reach)
        if span.end > start:
            total += len(_WORD.findall(doc.text[start : span.end]))
        reach = max(reach, span.end)
    return total


def voices(doc: Document, claims: Sequence[Span] = ()) -> list[dict[str, Any]]:
    """One entry per source, most words first.

    ``attributions`` counts attributions, ``words`` the words of their content,
    ``stances`` and ``kinds`` the cue stances and kinds used for that source,
    ``claims`` the check-worthy claims tied to it.  Sources nobody named are
    pooled under ``(unnamed)``.  Empty when the attribution layer is absent.
    """
    by_name: dict[str, list[Attribution]] = {}
    for attribution in gather_attributions(doc):
        by_name.setdefault(attribution.source_name or UNNAMED, []).append(attribution)
    claim_counts = Counter(str(c.attrs.get("source")) for c in claims if c.attrs.get("source"))
    out: list[dict[str, Any]] = []
    for name, items in by_name.items():
        out.append(
            {
                "source": name,
                "attributions": len(items),
                "words": count_words(doc, [c for a in items for c in a.content]),
                "stances": dict(Counter(a.stance for a in items).most_common()),
                "kinds": dict(Counter(a.kind for a in items).most_common()),
                "claims": claim_counts.get(name, 0),
            }
        )
    out.sort(key=lambda v: (-int(v["words"]), -int(v["attributions"]), str(v["source"])))
    return out
