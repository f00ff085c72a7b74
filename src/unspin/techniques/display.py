"""What a reader sees of the technique spans: snapped edges, a checkable reason, the ``shown`` flag.

The tagger's spans are what the SemEval export scores (every span above the F1-tuned
threshold).  A reader sees by default only the spans the model is confident of: the
``display`` block of the model's ``config.json`` (chosen on PTC dev by
``unspin.train.display``) says which.  A span is shown when

* it holds a content word once snapped (a lone "what" or "the" is never shown),
* its calibrated score reaches ``min_score``,
* the probability of its technique label (the tagger + span-head mix) reaches
  ``min_label_probability``,
* it has at most ``max_words`` content words.

The rest stay in the layer with ``shown: false``: one click away, never dropped.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from unspin.document import Span
from unspin.errors import ModelError
from unspin.techniques.snap import Word, snap


@dataclass(frozen=True)
class DisplayRule:
    """When a technique span is shown by default (the ``display`` block of ``config.json``)."""

    min_score: float = 0.0
    min_label_probability: float = 0.0
    max_words: int = 1000

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None) -> DisplayRule:
        """The rule of a ``display`` block; no block shows every span that has a content word."""
        if raw is None:
            return cls()
        if not isinstance(raw, Mapping):
            raise ModelError(f"technique model config: 'display' must be an object, not {raw!r}")
        unknown = set(raw) - {"min_score", "min_label_probability", "max_words"}
        if unknown:
            raise ModelError(
                f"technique model config: unknown display keys {sorted(unknown)}; "
                "expected min_score, min_label_probability and max_words"
            )
        min_score = _probability(raw, "min_score")
        min_prob = _probability(raw, "min_label_probability")
        max_words = raw.get("max_words", 1000)
        if isinstance(max_words, bool) or not isinstance(max_words, int) or max_words < 1:
            raise ModelError(f"technique model config: display.max_words must be a positive integer, not {max_words!r}")
        return cls(min_score, min_prob, max_words)

    def to_json(self) -> dict[str, float | int]:
        return {
            "min_score": self.min_score,
            "min_label_probability": self.min_label_probability,
            "max_words": self.max_words,
        }

    def shows(self, score: float, label_probability: float, content_words: int) -> bool:
        return (
            content_words > 0
            and score >= self.min_score
            and label_probability >= self.min_label_probability
            and content_words <= self.max_words
        )


def _probability(raw: Mapping[str, Any], key: str) -> float:
    value = raw.get(key, 0.0)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or not 0 <= value <= 1:
        raise ModelError(f"technique model config: display.{key} must be a number from 0 to 1, not {value!r}")
    return float(value)


def content_words(words: Sequence[Word], start: int, end: int) -> list[Word]:
    """The content words of ``words`` inside ``[start, end)``."""
    return [w for w in words if w.start < end and start < w.end and not w.function]


def trigger_range(
    text: str, start: int, end: int, peak: int, words: Sequence[Word], phrases: Sequence[tuple[int, int]]
) -> tuple[int, int] | None:
    """Whole words inside the span that carry the technique: the noun phrase around ``peak``, else its word.

    ``peak`` is the character where the tagger's evidence for the label is strongest.  The
    phrase is cut to the span and loses its edge function words ("the nice fiction" ->
    "nice fiction"); None when the span has no content word.
    """
    inside = content_words(words, start, end)
    if not inside:
        return None
    word = min(inside, key=lambda w: 0 if w.start <= peak < w.end else min(abs(w.start - peak), abs(w.end - 1 - peak)))
    for p_start, p_end in phrases:
        if p_start <= word.start and word.end <= p_end:
            phrase = content_words(words, max(p_start, start), min(p_end, end))
            if phrase:
                return phrase[0].start, phrase[-1].end
    return word.start, word.end


def present(
    text: str, span: Span, words: Sequence[Word], phrases: Sequence[tuple[int, int]], rule: DisplayRule
) -> Span:
    """The span snapped to words and phrases, with its ``trigger`` words and ``shown`` decision.

    A span with no content word keeps its offsets (the export still scores it) and is not shown.
    """
    snapped = snap(span.start, span.end, words, phrases)
    start, end = snapped if snapped else (span.start, span.end)
    attrs = dict(span.attrs)
    peak = int(attrs.pop("trigger_at", start))
    peak = min(max(peak, start), max(end - 1, start))
    found = trigger_range(text, start, end, peak, words, phrases)
    attrs["trigger"] = text[found[0] : found[1]] if found else text[start:end].strip()
    probability = float(attrs.get("label_probability", 1.0))
    n_content = len(content_words(words, start, end))
    attrs["shown"] = rule.shows(span.score if span.score is not None else 0.0, probability, n_content)
    return Span(start, end, span.label, span.score, attrs)
