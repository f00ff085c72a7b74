"""What a reader sees of the technique spans: snapped edges, a checkable reason, the ``shown`` flag.

The tagger's spans are what the SemEval export scores (every span above the F1-tuned
threshold).  A reader sees by default only the spans the model is confident of: the
``display`` block of the model's ``config.json`` (chosen on PTC dev by
``unspin.train.display``) says which.  A span is shown when

* it holds a content word once snapped (a lone "what" or "the" is never shown),
* its calibrated score reaches ``min_score``,
* the probability of its technique label (the tagger + span-head mix) reaches
  ``min_label_probability``,
* it has at most ``max_words`` content words,
* its most probable word-piece reaches ``min_peak`` (P(inside), not the mean the score reads).

With ``core_level`` set, a reader sees a shown span's *core*, not the whole tagged span: the run
of word-pieces around the most probable one whose P(inside) reaches ``core_level``, snapped to
whole words and noun phrases and kept inside the span.  The span's ``start``/``end`` are then
that core (what every report highlights), its label and score are the core's, and
its ``tagged_start``/``tagged_end`` attributes keep the whole snapped span, which the SemEval
export writes.  A lower-confidence span (``shown: false``) stays whole.  SemEval precision credits the share of a
shown span that lies inside gold, so the core is where the shown spans gain (the model card
gives the out-of-fold figures).

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
    min_peak: float = 0.0
    core_level: float | None = None  # None: a reader sees the whole tagged span
    #: Below this label probability a span's technique is shown as uncertain (its best guess named):
    #: on PTC dev, shown spans touching a gold span carry its technique 9 % of the time under 0.2,
    #: 49 % at 0.2-0.3, 55-84 % above (benchmarks/bench_label_certainty.py).
    uncertain_label_below: float = 0.0

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None) -> DisplayRule:
        """The rule of a ``display`` block; no block shows every span that has a content word."""
        if raw is None:
            return cls()
        if not isinstance(raw, Mapping):
            raise ModelError(f"technique model config: 'display' must be an object, not {raw!r}")
        known = {"min_score", "min_label_probability", "max_words", "min_peak", "core_level", "uncertain_label_below"}
        unknown = set(raw) - known
        if unknown:
            raise ModelError(
                f"technique model config: unknown display keys {sorted(unknown)}; expected {', '.join(sorted(known))}"
            )
        min_score = _probability(raw, "min_score")
        min_prob = _probability(raw, "min_label_probability")
        max_words = raw.get("max_words", 1000)
        if isinstance(max_words, bool) or not isinstance(max_words, int) or max_words < 1:
            raise ModelError(f"technique model config: display.max_words must be a positive integer, not {max_words!r}")
        core_level = _probability(raw, "core_level") if raw.get("core_level") is not None else None
        uncertain = _probability(raw, "uncertain_label_below")
        return cls(min_score, min_prob, max_words, _probability(raw, "min_peak"), core_level, uncertain)

    def to_json(self) -> dict[str, float | int]:
        raw: dict[str, float | int] = {
            "min_score": self.min_score,
            "min_label_probability": self.min_label_probability,
            "max_words": self.max_words,
        }
        if self.min_peak:
            raw["min_peak"] = self.min_peak
        if self.core_level is not None:
            raw["core_level"] = self.core_level
        if self.uncertain_label_below:
            raw["uncertain_label_below"] = self.uncertain_label_below
        return raw

    def shows(self, score: float, label_probability: float, content_words: int, peak: float = 1.0) -> bool:
        """``peak``: the span's highest P(inside); a span without one (a hand-built tagger) passes."""
        return (
            content_words > 0
            and score >= self.min_score
            and label_probability >= self.min_label_probability
            and content_words <= self.max_words
            and peak >= self.min_peak
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


def core_extent(
    text: str,
    start: int,
    end: int,
    core: tuple[int, int],
    peak: int,
    words: Sequence[Word],
    phrases: Sequence[tuple[int, int]],
) -> tuple[int, int]:
    """The tagger's ``core`` characters snapped to whole words and noun phrases, inside ``[start, end)``.

    A core of function words only ("of the") gives way to the content word nearest ``peak``;
    a span without content words keeps its own extent.
    """
    c_start, c_end = max(core[0], start), min(core[1], end)
    snapped = snap(c_start, c_end, words, phrases) if c_start < c_end else None
    if snapped is None:
        return trigger_range(text, start, end, peak, words, phrases) or (start, end)
    return max(snapped[0], start), min(snapped[1], end)


def present(
    text: str, span: Span, words: Sequence[Word], phrases: Sequence[tuple[int, int]], rule: DisplayRule
) -> Span:
    """The span snapped to words and phrases, with its ``trigger`` words and ``shown`` decision.

    A span with no content word keeps its offsets (the export still scores it) and is not shown.
    When the tagger marked the span's core (``core_at``, with ``rule.core_level`` set) a shown
    span is returned as its core, with ``tagged_start``/``tagged_end`` keeping the snapped span.
    """
    snapped = snap(span.start, span.end, words, phrases)
    start, end = snapped if snapped else (span.start, span.end)
    attrs = dict(span.attrs)
    peak = int(attrs.pop("trigger_at", start))
    peak = min(max(peak, start), max(end - 1, start))
    peak_probability = float(attrs.pop("peak_probability", 1.0))
    core = attrs.pop("core_at", None)
    core_score = attrs.pop("core_score", None)
    score = span.score
    probability = float(attrs.get("label_probability", 1.0))
    n_content = len(content_words(words, start, end))
    attrs["shown"] = rule.shows(span.score if span.score is not None else 0.0, probability, n_content, peak_probability)
    if rule.core_level is not None and core is not None and attrs["shown"]:
        c_start, c_end = core_extent(text, start, end, (int(core[0]), int(core[1])), peak, words, phrases)
        if (c_start, c_end) != (start, end):
            attrs["tagged_start"], attrs["tagged_end"] = start, end
            start, end = c_start, c_end
            # The score describes what is shown: the core's mean P(inside), calibrated (on dev
            # 0.544 against a measured core precision of 0.515; the whole span's 0.436).
            score = float(core_score) if core_score is not None else score
            peak = min(max(peak, start), max(end - 1, start))
    found = trigger_range(text, start, end, peak, words, phrases)
    attrs["trigger"] = text[found[0] : found[1]] if found else text[start:end].strip()
    return Span(start, end, span.label, score, attrs)


def tagged_extent(span: Span) -> tuple[int, int]:
    """The whole span the tagger found (what the SemEval export writes): ``tagged_start``/``end``, else the span."""
    start, end = span.attrs.get("tagged_start"), span.attrs.get("tagged_end")
    if isinstance(start, int) and isinstance(end, int):
        return start, end
    return span.start, span.end
