"""Stage ``attribution``: who says what, as source / cue / content spans tied by an id.

Reads the spaCy parse the segment stage left in ``doc.cache["spacy"]`` (no second
parse), the ``turns`` layer when the structure stage found an interview, and the
``entities`` layer to resolve each source to one entity.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc

from unspin.attribution.engine import find_attributions
from unspin.attribution.model import Found
from unspin.attribution.resolve import Resolved, resolve_all
from unspin.config import Config
from unspin.document import Document, Span
from unspin.errors import PipelineError
from unspin.nlp import doc_text
from unspin.pipeline import register


@register("attribution", requires=("sentences", "entities"), assigns=("attributions",), reads=("turns",))
def attribution_stage(doc: Document, config: Config) -> Document:
    sdoc = parsed(doc, config)
    turns = doc.layer("turns")
    found = find_attributions(sdoc, turns)
    resolved = resolve_all(doc, found)
    doc.set_layer("attributions", to_spans(found, resolved))
    return doc


def parsed(doc: Document, config: Config) -> Doc:
    """The segment stage's parse; parsed here only when a caller skipped segment."""
    sdoc = doc.cache.get("spacy")
    if sdoc is None:
        from unspin.nlp import parse

        sdoc = parse(doc.text, config.spacy_model)
        doc.cache["spacy"] = sdoc
    if not isinstance(sdoc, Doc) or doc_text(sdoc) != doc.text:
        raise PipelineError("doc.cache['spacy'] does not hold a parse of this document's text; run segment first")
    return sdoc


def to_spans(found: list[Found], resolved: list[Resolved]) -> list[Span]:
    """Layer spans: one per role fragment, all fragments of an attribution sharing its ``id``."""
    spans: list[Span] = []
    for number, (item, who) in enumerate(zip(found, resolved, strict=True), start=1):
        attrs: dict[str, Any] = {
            "id": f"a{number}",
            "kind": item.kind,
            "stance": item.stance,
            "resolved": who.canonical,
            "cluster": who.cluster,
        }
        antecedent = item.extra.get("antecedent")
        if (
            isinstance(antecedent, tuple)
            and item.source is not None
            and (antecedent[1] <= item.source[0] or item.extra.get("headline"))
        ):
            # "which" / "who" stands for this noun phrase: what a reader is shown when nobody is resolved
            # (a headline's "study" stands for the body's "a study of 82,000 adults", after it)
            attrs["antecedent_start"], attrs["antecedent_end"] = antecedent
        roles = [("source", item.source), ("cue", item.cue)] + [("content", part) for part in item.content]
        for label, part in roles:
            if part is not None and part[1] > part[0]:
                spans.append(Span(part[0], part[1], label, round(item.confidence, 3), attrs))
    return spans


def attributions_by_id(doc: Document) -> dict[str, dict[str, list[Span]]]:
    """``{id: {"source": [...], "cue": [...], "content": [...]}}`` of a document's attributions."""
    grouped: dict[str, dict[str, list[Span]]] = {}
    for span in doc.layer("attributions"):
        roles = grouped.setdefault(str(span.attrs["id"]), {"source": [], "cue": [], "content": []})
        roles.setdefault(span.label, []).append(span)
    return grouped
