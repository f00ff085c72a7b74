"""SemEval-2020 Task 11 export of the ``techniques`` layer.

One line per technique span: ``article_id<TAB>technique<TAB>start<TAB>end``, offsets into the
RAW input (``Document.raw_span``), so the file scores against gold labels of the original
``article<ID>.txt`` with ``unspin eval techniques --pred``.  The article id is the digits of an
``article<ID>.txt`` source name, else the source's file stem, else the first 12 hex digits of the
raw input's SHA-256.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from unspin.document import Document, Span
from unspin.render.registry import register_renderer
from unspin.techniques.display import tagged_extent

_PTC_NAME = re.compile(r"article(\d+)")


def semeval_article_id(doc: Document) -> str:
    """``article123.txt`` -> ``123``; other sources -> their stem or a hash prefix."""
    name = doc.source.name
    if name and name != "-" and "://" not in name:
        stem = PurePath(name).stem
        match = _PTC_NAME.fullmatch(stem)
        return match.group(1) if match else stem
    return doc.source.raw_sha256[:12]


def semeval_rows(doc: Document) -> list[tuple[str, str, int, int]]:
    """(article id, technique, raw start, raw end) of every technique span, in text order."""
    article = semeval_article_id(doc)
    rows = []
    for span in doc.layer("techniques"):
        # A shown span may be only its core; the export writes the whole span the tagger found.
        raw_start, raw_end = doc.raw_span(Span(*tagged_extent(span), span.label))
        rows.append((article, span.label, raw_start, raw_end))
    return rows


def render_semeval(doc: Document) -> str:
    """The SemEval TSV text of one document (empty when it has no technique spans)."""
    return "".join(f"{a}\t{t}\t{s}\t{e}\n" for a, t, s, e in semeval_rows(doc))


register_renderer(
    "semeval",
    render_semeval,
    media_type="text/tab-separated-values; charset=utf-8",
    extension="labels",
    needs=("techniques",),  # clean, segment and techniques run; attribution, claims and the rest do not
)
