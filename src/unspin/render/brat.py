"""BRAT standoff export of the ``attributions`` layer, in PolNeAR's form.

For an input ``NAME.txt`` the ``.ann`` text has, per attribution, ``T`` lines for
its Source, Cue and Content, an ``Attribution`` anchor on the cue (PolNeAR's
``Attribution-no-source`` when there is no source) and one ``E`` line tying them::

    T1	Source 89 106	The New York Post
    T2	Cue 107 114	reports
    T3	Content 115 290	that Hillary Clinton's team ...
    T4	Attribution 107 114	reports
    E1	Attribution:T4 Content:T3 Cue:T2 Source:T1

Offsets are into the RAW input (``Document.raw_span``), so the file annotates
the original ``NAME.txt``.  A fragment crossing a line break is cut there, as
BRAT requires (``575 842;843 1076``).
"""

from __future__ import annotations

from collections.abc import Iterable

from unspin.document import Document, Span
from unspin.render.registry import register_renderer

_ROLE_NAMES = {"source": "Source", "cue": "Cue", "content": "Content"}


def render_brat(doc: Document) -> str:
    """The ``.ann`` text of one document (empty when it has no attributions)."""
    return "".join(line + "\n" for line in brat_lines(doc))


def brat_lines(doc: Document, *, nested: bool = False) -> list[str]:
    """``T``/``E`` lines of every attribution; ``nested=False`` drops attributions inside another's content.

    PolNeAR gives each token at most one role in one attribution, so an
    attribution quoted inside another one's content is not annotated there.
    """
    groups = _grouped(doc.layer("attributions"))
    if not nested:
        groups = _outermost(groups)
    lines: list[str] = []
    counter = _Counter()
    for event, roles in enumerate(groups.values(), start=1):
        refs: list[str] = []
        for role in ("source", "cue", "content"):
            spans = roles.get(role, [])
            fragments = _raw_fragments(doc, spans)
            if fragments:
                tid = counter.next()
                lines.append(_t_line(doc, tid, _ROLE_NAMES[role], fragments))
                refs.append(f"{_ROLE_NAMES[role]}:{tid}")
        if not refs:
            continue
        anchor_role = "cue" if roles.get("cue") else "content"
        anchor_label = "Attribution" if roles.get("source") else "Attribution-no-source"
        anchor = _raw_fragments(doc, roles[anchor_role][:1])
        tid = counter.next()
        lines.append(_t_line(doc, tid, anchor_label, anchor))
        lines.append(f"E{event}\t{anchor_label}:{tid} " + " ".join(refs))
    return lines


class _Counter:
    def __init__(self) -> None:
        self.value = 0

    def next(self) -> str:
        self.value += 1
        return f"T{self.value}"


def _grouped(spans: Iterable[Span]) -> dict[str, dict[str, list[Span]]]:
    groups: dict[str, dict[str, list[Span]]] = {}
    for span in spans:
        groups.setdefault(str(span.attrs.get("id")), {}).setdefault(span.label, []).append(span)
    return groups


def _outermost(groups: dict[str, dict[str, list[Span]]]) -> dict[str, dict[str, list[Span]]]:
    contents = [(gid, s) for gid, roles in groups.items() for s in roles.get("content", [])]

    def nested_in_other(gid: str, roles: dict[str, list[Span]]) -> bool:
        cues = roles.get("cue") or roles.get("content", [])
        return any(other != gid and any(c.contains(cue) for cue in cues) for other, c in contents)

    return {gid: roles for gid, roles in groups.items() if not nested_in_other(gid, roles)}


def _raw_fragments(doc: Document, spans: Iterable[Span]) -> list[tuple[int, int]]:
    """Raw ``(start, end)`` pieces of ``spans``, cut at line breaks and stripped of spaces."""
    pieces: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: s.start):
        raw_start, raw_end = doc.raw_span(span)
        piece_start = raw_start
        for i in range(raw_start, raw_end + 1):
            if i == raw_end or doc.raw[i] in "\r\n":
                pieces.extend(_stripped(doc.raw, piece_start, i))
                piece_start = i + 1
    return pieces


def _stripped(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    while start < end and raw[start].isspace():
        start += 1
    while end > start and raw[end - 1].isspace():
        end -= 1
    return [(start, end)] if end > start else []


def _t_line(doc: Document, tid: str, label: str, fragments: list[tuple[int, int]]) -> str:
    offsets = ";".join(f"{s} {e}" for s, e in fragments)
    words = " ".join(doc.raw[s:e] for s, e in fragments).replace("\t", " ")
    return f"{tid}\t{label} {offsets}\t{words}"


register_renderer("brat", render_brat, media_type="text/plain; charset=utf-8", extension="ann")
