"""The ``summary`` stage: figures a reader (or a corpus query) wants at a glance.

It requires nothing: every figure whose layer is missing is left out rather than
reported as zero, so "no techniques found" and "techniques not run" stay apart.

These are the only counts unspin shows: the JSON, the Markdown and HTML reports, the
web page and the corpus store all read them from ``doc.summary`` (renderers call
:func:`summary_of`, which computes them the same way for a document the stage never
saw), so no two outputs can give two numbers for one thing.  What each counts:

- ``words``: tokens with a letter or digit (a regex count before segmentation);
- ``techniques``: technique spans, of which ``techniques_shown`` are shown by default and
  ``techniques_lower_confidence`` are one click away; ``claims``: check-worthy claims;
- ``attributions``: attribution *statements* (a source, cue and content share one id),
  not spans; ``layers["attributions"]`` counts the spans;
- ``voices``: one entry per source quoted or cited (:func:`unspin.claims.voices.voices`);
- ``removed``: pieces of input the cleaner (or the HTML extractor) lifted out.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from unspin.claims.voices import UNNAMED, voices
from unspin.config import Config
from unspin.document import Document, Span
from unspin.document import covered_chars as covered_chars  # re-exported: the corpus store counts with it
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
    # Non-space characters under at least one span a reader is shown by default (the share sits beside
    # the highlighted text, so lower-confidence spans would inflate it), counted as the denominator is.
    shown = [t for t in techniques if t.attrs.get("shown", True)]
    flagged = sum(1 for i in _covered_offsets(shown) if not doc.text[i].isspace())
    return {
        "techniques_per_1000_words": round(1000 * len(techniques) / words, 2) if words else 0.0,
        "share_flagged": round(flagged / visible, 4) if visible else 0.0,
        "techniques_by_label": dict(Counter(t.label for t in techniques).most_common()),
    }


def _covered_offsets(spans: list[Span]) -> set[int]:
    return {i for span in spans for i in range(span.start, span.end)}


def top_sources(doc: Document) -> list[dict[str, Any]]:
    """Most-cited named sources, counted per attribution as the voices are (resolved name, else the words)."""
    named = [v for v in voices(doc) if v["source"] != UNNAMED]
    ranked = sorted(named, key=lambda v: -int(v["attributions"]))  # stable: ties keep the voices' order
    return [{"source": v["source"], "attributions": v["attributions"]} for v in ranked[:TOP_SOURCES]]


def compute_summary(doc: Document) -> dict[str, Any]:
    """Every figure of the summary, from whatever layers exist (``doc`` is not changed)."""
    words = word_count(doc)
    out: dict[str, Any] = {
        "characters": len(doc.text),
        "words": words,
        "removed": len(doc.removed),
        "layers": {name: len(spans) for name, spans in sorted(doc.layers.items())},
    }
    if doc.has_layer("techniques"):
        out["techniques"] = len(doc.layer("techniques"))
        # What a reader sees by default (``shown``) and what waits behind "show lower-confidence flags".
        out["techniques_shown"] = sum(1 for t in doc.layer("techniques") if t.attrs.get("shown", True) is not False)
        out["techniques_lower_confidence"] = out["techniques"] - out["techniques_shown"]
        out.update(technique_figures(doc, words))
    if doc.has_layer("claims"):
        out["claims"] = sum(1 for c in doc.layer("claims") if c.attrs.get("listed", True))  # what a reader sees
    if doc.has_layer("attributions"):
        out["attributions"] = len({s.attrs["id"] for s in doc.layer("attributions") if "id" in s.attrs})
        out["top_sources"] = top_sources(doc)
        if "voices" not in doc.summary:  # the claims stage writes them with claim counts; else here, without
            out["voices"] = voices(doc)
    if doc.has_layer("turns"):
        out["interview"] = bool(doc.layer("turns"))
    if doc.has_layer("entities"):
        out["entity_clusters"] = len({e.attrs.get("cluster") for e in doc.layer("entities")})
    # Keep what earlier stages put there (the claims stage's ``voices``); these figures win on a clash.
    return {**doc.summary, **out}


def summary_of(doc: Document) -> dict[str, Any]:
    """``doc.summary`` when the stage ran, else the same figures computed now (a ``--until`` run)."""
    if "words" in doc.summary:
        return doc.summary
    return compute_summary(doc)


@register("summary", assigns=("summary",))
def summary(doc: Document, config: Config) -> Document:
    """Fill ``doc.summary`` from whatever layers exist."""
    doc.summary = compute_summary(doc)
    return doc
