"""The ``techniques`` stage: character-exact spans of the 14 SemEval-2020 propaganda techniques.

The tagger (:class:`unspin.techniques.TechniqueTagger`, loaded once per process) reads the
clean text; every span it returns gets the attributes of the output contract: ``definition``
(the technique in plain words), ``trigger`` (the words that pushed the model towards it) and
``reason`` (both together, for a person to check).  Spans never cross a sentence boundary: a
span spilling over is cut back to the sentence holding most of it.
"""

from __future__ import annotations

from typing import Protocol

from unspin.config import Config
from unspin.document import Document, Span
from unspin.entity_index import SpanIndex
from unspin.pipeline import register
from unspin.techniques.definitions import Definition, load_definitions
from unspin.techniques.pieces import predict_in_pieces


class SpanTagger(Protocol):
    def predict(self, text: str, threshold: float | None = None) -> list[Span]: ...


def tagger_for(config: Config) -> SpanTagger:
    """The tagger the stage uses; tests replace this function with a stub."""
    from unspin.techniques.tagger import TechniqueTagger

    return TechniqueTagger.load(config.technique_model_dir)


def explain(span: Span, text: str, definition: Definition) -> Span:
    """The span with ``definition``, ``trigger`` and ``reason`` attributes."""
    trigger = str(span.attrs.get("trigger") or text[span.start : span.end])
    reason = f"{definition.name}: {definition.definition} Triggered by “{trigger}”."
    attrs = {**span.attrs, "definition": definition.definition, "trigger": trigger, "reason": reason}
    return Span(span.start, span.end, span.label, span.score, attrs)


def clip_to_sentence(span: Span, sentences: list[Span]) -> Span:
    """Cut a span crossing sentence boundaries back to the sentence it overlaps most."""
    overlapping = [s for s in sentences if s.start < span.end and span.start < s.end]
    if len(overlapping) <= 1:
        return span
    best = max(overlapping, key=lambda s: min(s.end, span.end) - max(s.start, span.start))
    start, end = max(best.start, span.start), min(best.end, span.end)
    return Span(start, end, span.label, span.score, span.attrs)


@register("techniques", requires=("sentences",), assigns=("techniques",))
def techniques(doc: Document, config: Config) -> Document:
    definitions = load_definitions()
    sentences = doc.layer("sentences")
    spans = []
    # Each span is clipped to the sentences around it, found by bisection: the whole list per span
    # would cost spans x article length (issue 18); long texts are tagged in bounded pieces.
    sentence_index = SpanIndex(sentences)
    for span in predict_in_pieces(tagger_for(config), doc.text, config.technique_threshold):
        clipped = clip_to_sentence(span, list(sentence_index.overlapping(span.start, span.end)))
        if doc.text[clipped.start : clipped.end].strip():
            spans.append(explain(clipped, doc.text, definitions[clipped.label]))
    doc.set_layer("techniques", spans)
    return doc
