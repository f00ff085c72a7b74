"""The ``techniques`` stage: character-exact spans of the 14 SemEval-2020 propaganda techniques.

The tagger (:class:`unspin.techniques.TechniqueTagger`, loaded once per process) reads the
clean text; every span it returns is snapped to the words and noun phrases of the segment
stage's parse and gets the attributes of the output contract: ``definition`` (the technique in
plain words), ``trigger`` (the whole words inside the span that carry the technique),
``reason`` (a sentence quoting them, for a person to check) and ``shown`` (the default display
decision of the model's ``display`` rule).  Spans never cross a sentence boundary: a span
spilling over is cut back to the sentence holding most of it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any, Protocol

from unspin.config import Config
from unspin.document import Document, Span
from unspin.entity_index import SpanIndex
from unspin.pipeline import prefetched, register
from unspin.techniques.definitions import Definition, load_definitions
from unspin.techniques.display import DisplayRule, content_words, present, tagged_extent
from unspin.techniques.pieces import PIECE_CHARS, predict_in_pieces, starting_within
from unspin.techniques.snap import Word, phrases_from_parse, words_from_parse, words_from_tokens

_WORD = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")


class SpanTagger(Protocol):
    def predict(self, text: str, threshold: float | None = None) -> list[Span]: ...

    @property
    def display_rule(self) -> DisplayRule: ...


def tagger_for(config: Config) -> SpanTagger:
    """The tagger the stage uses; tests replace this function with a stub."""
    from unspin.techniques.tagger import TechniqueTagger

    return TechniqueTagger.load(config.technique_model_dir)


def explain(
    span: Span, text: str, definition: Definition, uncertain_below: float = 0.0, function_only: bool = False
) -> Span:
    """The span with ``definition`` and a ``reason`` quoting its ``trigger`` words; a technique the
    model is unsure of (label probability under ``uncertain_below``) is said to be a best guess.

    A span of function words only (``function_only``: "it", "what") is never shown; its reason says
    what it is rather than calling "it" an emotionally loaded phrase."""
    trigger = str(span.attrs.get("trigger") or text[span.start : span.end])
    reason = definition.reason(trigger)
    probability = span.attrs.get("label_probability")
    uncertain = isinstance(probability, (int, float)) and probability < uncertain_below
    if function_only:
        reason = f"Only “{trigger}” was marked: a word that carries no technique by itself, most likely noise."
    elif uncertain:
        reason = f"Best guess at the technique ({probability:.0%} likely): {reason}"
    attrs = {**span.attrs, "definition": definition.definition, "trigger": trigger, "reason": reason}
    attrs["label_uncertain"] = uncertain
    return Span(span.start, span.end, span.label, span.score, attrs)


def words_and_phrases(doc: Document) -> tuple[list[Word], list[tuple[int, int]]]:
    """Words (function words marked) and noun chunks from the parse the segment stage left behind.

    Without a parse (a Document built by hand) the ``tokens`` layer gives the words and there
    are no phrases; nothing is parsed here.
    """
    parsed = doc.cache.get("spacy")
    if parsed is not None and getattr(parsed, "text", None) == doc.text:
        return words_from_parse(parsed), phrases_from_parse(parsed)
    if doc.has_layer("tokens"):
        return words_from_tokens(doc.text, [(t.start, t.end) for t in doc.layer("tokens")]), []
    return words_from_tokens(doc.text, [(m.start(), m.end()) for m in _WORD.finditer(doc.text)]), []


def clip_to_sentence(span: Span, sentences: list[Span], anchor: int | None = None) -> Span:
    """Cut a span crossing sentence boundaries back to one sentence: the one holding ``anchor`` (where
    the tagger's evidence peaks), else the one it overlaps most."""
    overlapping = [s for s in sentences if s.start < span.end and span.start < s.end]
    if len(overlapping) <= 1:
        return span
    holding = [s for s in overlapping if anchor is not None and s.start <= anchor < s.end]
    best = holding[0] if holding else max(overlapping, key=lambda s: min(s.end, span.end) - max(s.start, span.start))
    start, end = max(best.start, span.start), min(best.end, span.end)
    return Span(start, end, span.label, span.score, span.attrs)


def encoder_outputs(doc: Document, config: Config) -> Any:
    """The tagger's per-token outputs for the clean text: text-only, so the pipeline runs this in
    the background while spaCy parses (None for a text tagged in pieces, or a tagger without them)."""
    if len(doc.text) > PIECE_CHARS:
        return None
    outputs = getattr(tagger_for(config), "outputs", None)
    return outputs(doc.text) if callable(outputs) else None


def tagged_spans(doc: Document, tagger: SpanTagger, config: Config) -> list[Span]:
    """The tagger's spans over the text, from the outputs prefetched during the parse when there are."""
    out = prefetched(doc, "techniques")
    spans_from = getattr(tagger, "spans_from", None)
    if out is not None and getattr(out, "text", None) == doc.text and callable(spans_from):
        spans: list[Span] = spans_from(doc.text, out, config.technique_threshold)
        return spans
    return predict_in_pieces(tagger, doc.text, config.technique_threshold)


def evidence_at(span: Span) -> int | None:
    """Where the tagger's evidence for ``span`` lies: the middle of its core, else its trigger word."""
    core = span.attrs.get("core_at")
    if isinstance(core, (tuple, list)) and len(core) == 2:
        return (int(core[0]) + int(core[1])) // 2
    at = span.attrs.get("trigger_at")
    return at if isinstance(at, int) else None


@register("techniques", requires=("sentences",), assigns=("techniques",), prefetch=encoder_outputs)
def techniques(doc: Document, config: Config) -> Document:
    definitions = load_definitions()
    sentences = doc.layer("sentences")
    tagger = tagger_for(config)
    words, phrases = words_and_phrases(doc)
    spans = []
    # Each span looks only at the sentences, words and phrases around it, found by bisection:
    # passing whole-article lists would cost spans x article length (issue 18).
    sentence_index = SpanIndex(sentences)
    rule = tagger.display_rule
    word_starts, phrase_starts = [w.start for w in words], [p[0] for p in phrases]
    for span in tagged_spans(doc, tagger, config):
        near = list(sentence_index.overlapping(span.start, span.end))
        # A span the tagger ran across sentences is cut to the sentence of its core (the words shown):
        # cut to the other sentence, it would show a word far from any evidence ("for a decade").
        clipped = clip_to_sentence(span, near, evidence_at(span))
        if doc.text[clipped.start : clipped.end].strip():
            lo = min([clipped.start, *(s.start for s in near)])
            hi = max([clipped.end, *(s.end for s in near)])
            near_words = starting_within(words, word_starts, lo, hi)
            near_phrases = phrases[bisect_left(phrase_starts, lo) : bisect_left(phrase_starts, hi)]
            shown = clip_to_sentence(present(doc.text, clipped, near_words, near_phrases, rule), near)
            if "tagged_start" in shown.attrs:  # the whole span the export writes: the same sentence
                tagged = clip_to_sentence(Span(*tagged_extent(shown), shown.label), near)
                shown = Span(
                    shown.start,
                    shown.end,
                    shown.label,
                    shown.score,
                    {**shown.attrs, "tagged_start": tagged.start, "tagged_end": tagged.end},
                )
            bare = not content_words(near_words, shown.start, shown.end)
            spans.append(explain(shown, doc.text, definitions[shown.label], rule.uncertain_label_below, bare))
    doc.set_layer("techniques", spans)
    return doc
