"""The article body of the HTML report: paragraphs cut into segments at every span boundary.

Overlapping spans cannot nest as HTML elements, so each paragraph is cut at every
start and end of every shown span; each segment carries the classes of all spans
covering it (``t`` plus ``data-t`` indices for techniques, ``ent``, ``a-source``,
``a-cue``, ``a-content``, ``cl``).  Techniques covering a segment are stacked as
horizontal colour bands.  Every piece of article text goes through
:func:`html.escape`.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left
from functools import cached_property
from html import escape

from unspin.document import Document, Span
from unspin.render.palette import technique_name, technique_style
from unspin.render.views import Block, blocks, boundaries, claim_rows, is_listed, is_shown


def technique_background(labels: list[str]) -> str:
    """CSS background of a segment covered by ``labels``: one colour, or stacked bands for several."""
    colours = list(dict.fromkeys(technique_style(label).colour for label in labels))
    if len(colours) == 1:
        return f"background:{colours[0]}"
    step = 100 / len(colours)
    stops = ",".join(f"{c} {i * step:.4g}% {(i + 1) * step:.4g}%" for i, c in enumerate(colours))
    return f"background:linear-gradient(to bottom,{stops})"


def technique_title(span: Span) -> str:
    """Hover text of one technique span: name, score, reason, definition."""
    style = technique_style(span.label)
    score = f" ({span.score:.2f})" if span.score is not None else ""
    lines = [f"{technique_name(span.label, span.attrs)}{score}"]
    if span.attrs.get("reason"):
        lines.append(str(span.attrs["reason"]))
    definition = span.attrs.get("definition") or style.definition
    if definition and str(definition) not in str(span.attrs.get("reason") or ""):  # reasons often quote it
        lines.append(f"Definition: {definition}")
    return "\n".join(lines)


class _Marks:
    """Spans shown in the article body, tagged with their kind and their index in their layer.

    Kept sorted by start so that finding the spans overlapping a paragraph or a
    segment costs two binary searches plus the candidates (only spans starting
    less than the longest span's length before the range can reach into it).
    """

    def __init__(self, items: list[tuple[str, int, Span]]) -> None:
        self.items = sorted(items, key=lambda item: item[2].start)
        self._starts = [span.start for _, _, span in self.items]
        self._reach = max((span.end - span.start for _, _, span in self.items), default=0)

    def overlapping(self, start: int, end: int) -> _Marks:
        lo = bisect_left(self._starts, start - self._reach)
        hi = bisect_left(self._starts, end)
        return _Marks([item for item in self.items[lo:hi] if item[2].end > start])

    def _of(self, kind: str) -> list[Span]:
        return [span for k, _, span in self.items if k == kind]

    @cached_property
    def techniques(self) -> list[tuple[int, Span]]:
        return sorted((i, span) for k, i, span in self.items if k == "technique")

    @cached_property
    def entities(self) -> list[Span]:
        return self._of("entity")

    @cached_property
    def attributions(self) -> list[Span]:
        return self._of("attribution")

    @cached_property
    def claims(self) -> list[Span]:
        return self._of("claim")

    @cached_property
    def speakers(self) -> list[Span]:
        return self._of("speaker")

    def all_spans(self) -> list[Span]:
        return [span for _, _, span in self.items]


def _speaker_spans(doc: Document) -> list[Span]:
    out = []
    for turn in doc.layer("turns"):
        start, end = turn.attrs.get("speaker_start"), turn.attrs.get("speaker_end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(doc.text):
            out.append(Span(start, end, "speaker", attrs={"role": turn.attrs.get("role", "")}))
    return out


def _shown(span: Span) -> bool:
    """Non-empty, and not an interview turn's attribution: the turn's speaker badge already says who speaks,
    and underlining every answer would drown the attributions inside the answers."""
    return span.end > span.start and not str(span.attrs.get("kind", "")).startswith("interview_")


def _marks(doc: Document) -> _Marks:
    items = [("technique", i, span) for i, span in enumerate(doc.layer("techniques")) if span.end > span.start]
    for kind, layer in (("entity", "entities"), ("attribution", "attributions"), ("claim", "claims")):
        items += [(kind, i, span) for i, span in enumerate(doc.layer(layer)) if _shown(span) and is_listed(span)]
    items += [("speaker", i, span) for i, span in enumerate(_speaker_spans(doc))]
    return _Marks(items)


def _segment_html(doc: Document, start: int, end: int, marks: _Marks) -> str:
    """One run of text with the classes, colours and hover text of every span covering it."""
    text = escape(doc.text[start:end])
    inside = marks.overlapping(start, end)
    if not inside.all_spans():
        return text
    classes: list[str] = []
    titles: list[str] = []
    attrs: list[str] = []
    if inside.techniques:
        # Lower-confidence spans (``shown: false``) are marked up but start hidden ("off"): the report's
        # "show lower-confidence flags" toggle reveals them, and their reasons stay out of the hover text.
        shown = [s for _, s in inside.techniques if is_shown(s)]
        classes.append("t" if shown else "t off")
        attrs.append(f'data-t="{" ".join(str(i) for i, _ in inside.techniques)}"')
        attrs.append(f'style="{technique_background([s.label for s in shown or [s for _, s in inside.techniques]])}"')
        attrs.append('tabindex="0"')
        titles.extend(technique_title(s) for s in shown)
    if inside.entities:
        classes.append("ent")
        titles.extend(f"{s.label}: {s.attrs.get('canonical') or doc.span_text(s)}" for s in inside.entities)
    for span in inside.attributions:
        classes.append(f"a-{span.label}")
    if inside.attributions:
        titles.extend(_attribution_title(s) for s in inside.attributions if s.label != "content")
    if inside.claims:
        classes.append("cl")
    if not classes:
        return text
    title = escape("\n\n".join(titles)) if titles else ""
    title_attr = f' title="{title}"' if title else ""
    extra = (" " + " ".join(attrs)) if attrs else ""
    return f'<span class="{" ".join(dict.fromkeys(classes))}"{extra}{title_attr}>{text}</span>'


def _attribution_title(span: Span) -> str:
    kind = span.attrs.get("kind") or "attribution"
    stance = span.attrs.get("stance")
    who = span.attrs.get("resolved")
    parts = [f"{span.label.capitalize()} ({kind} attribution)".replace("_", " ")]
    if who:
        parts.append(f"resolved to {who}")
    if stance:
        parts.append(f"stance: {stance}")
    return ", ".join(parts)


def _claim_refs(doc: Document) -> dict[int, list[int]]:
    """End offset -> claim ranks ending there (a superscript link to the claims table)."""
    refs: dict[int, list[int]] = {}
    for row in claim_rows(doc):
        refs.setdefault(row.claim.end, []).append(row.rank)
    return refs


def _block_html(doc: Document, block: Block, marks: _Marks, refs: dict[int, list[int]]) -> str:
    inside = marks.overlapping(block.start, block.end)
    cuts = boundaries(inside.all_spans(), block.start, block.end)
    parts = []
    if block.turn is not None and not inside.speakers:
        parts.append(f'<span class="speaker synthetic">{escape(str(block.turn.attrs.get("speaker", "")))}</span> ')
    label_starts = {s.start: s for s in inside.speakers if block.start <= s.start and s.end <= block.end}
    label_ends = {s.end for s in label_starts.values()}
    for a, b in itertools.pairwise(cuts):
        if a in label_starts:  # one pill around the whole label, whatever spans cut it
            parts.append(f'<span class="speaker role-{escape(str(label_starts[a].attrs.get("role", "")))}">')
        parts.append(_segment_html(doc, a, b, inside))
        if b in label_ends:
            parts.append("</span>")
        for rank in refs.get(b, []):
            parts.append(f'<a class="claim-ref" href="#claim-{rank}" title="Claim {rank}">C{rank}</a>')
    classes = ["para"]
    if block.role:
        classes.append(f"turn-{escape(block.role)}")
    if block.turn is not None:
        classes.append("turn-start")
    if block.is_title:
        classes.append("title-line")
    return f'<p class="{" ".join(classes)}" data-start="{block.start}">{"".join(parts)}</p>'


def article_html(doc: Document) -> str:
    """The article's paragraphs with every shown layer marked up."""
    marks, refs = _marks(doc), _claim_refs(doc)
    paras = [_block_html(doc, block, marks, refs) for block in blocks(doc)]
    if not paras:
        return '<p class="empty">The cleaned text is empty.</p>'
    return "\n".join(paras)
