"""The ``clean`` stage: page furniture out, clean text with its raw-offset map in, the language named."""

from __future__ import annotations

from unspin.clean import clean_document
from unspin.config import Config
from unspin.document import Document
from unspin.language import set_language
from unspin.pipeline import register


@register("clean", requires=(), assigns=("clean",))
def clean(doc: Document, config: Config) -> Document:
    """Clean ``doc`` in place (see :mod:`unspin.clean.cleaner`); a document cleaned before is left as is."""
    if "clean" in doc.stages_run:
        return doc  # running twice would list every removed piece twice
    return set_language(clean_document(doc))  # metadata.language, always: it decides what runs next
