"""The ``summary`` stage: figures a reader (or a corpus query) wants at a glance.

It requires nothing: every figure whose layer is missing is left out rather than
reported as zero, so "no techniques found" and "techniques not run" stay apart.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from unspin.claims.voices import UNNAMED, voices
from unspin.config import Config
from unspin.document import Document, covered_chars
from unspin.pipeline import register

_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
TOP_SOURCES = 5


def word_count(doc: Document) -> int:
    """Words of the text: tokens with a letter or digit, or a regex count before segmentation."""
    if doc.has_layer("tokens"):
        return sum(1 for t in doc.layer("tokens") if any(ch.isalnum() for ch in doc.span_text(t)))
    return len(_WORD.findall(doc.text))


def technique_figures(doc: Document, words: int) -> dict[str, Any]:
    techniques = doc.layer("techniques")
    visible = sum(1 for ch in doc.text if not ch.isspace())
    flagged = covered_chars(techniques)
    return {
        "techniques_per_1000_words": round(1000 * len(techniques) / words, 2) if words else 0.0,
        "share_flagged": round(flagged / visible, 4) if visible else 0.0,
        "techniques_by_label": dict(Counter(t.label for t in techniques).most_common()),
    }


def top_sources(doc: Document) -> list[dict[str, Any]]:
    """Most-cited named sources, counted per attribution as the voices are (resolved name, else the words)."""
    named = [v for v in voices(doc) if v["source"] != UNNAMED]
    ranked = sorted(named, key=lambda v: -int(v["attributions"]))  # stable: ties keep the voices' order
    return [{"source": v["source"], "attributions": v["attributions"]} for v in ranked[:TOP_SOURCES]]


@register("summary", assigns=("summary",))
def summary(doc: Document, config: Config) -> Document:
    """Fill ``doc.summary`` from whatever layers exist."""
    words = word_count(doc)
    out: dict[str, Any] = {
        "characters": len(doc.text),
        "words": words,
        "layers": {name: len(spans) for name, spans in sorted(doc.layers.items())},
    }
    if doc.has_layer("techniques"):
        out.update(technique_figures(doc, words))
    if doc.has_layer("claims"):
        out["claims"] = len(doc.layer("claims"))
    if doc.has_layer("attributions"):
        out["attributions"] = len({s.attrs["id"] for s in doc.layer("attributions") if "id" in s.attrs})
        out["top_sources"] = top_sources(doc)
    if doc.has_layer("turns"):
        out["interview"] = bool(doc.layer("turns"))
    if doc.has_layer("entities"):
        out["entity_clusters"] = len({e.attrs.get("cluster") for e in doc.layer("entities")})
    # Keep what earlier stages put there (the claims stage's ``voices``); these figures win on a clash.
    doc.summary = {**doc.summary, **out}
    return doc
