"""Tables and text blocks computed from a Document's layers, shared by the HTML and Markdown reports.

Renderers only format what these functions return, so both reports always agree
on who is quoted how often and which claim has which source.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePath

from unspin.document import Document, Removed, Span

_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def display_title(doc: Document) -> str:
    """The article's title, else the input file's name, else a placeholder."""
    if doc.metadata.get("title"):
        return str(doc.metadata["title"])
    if doc.source.name and doc.source.kind != "url":
        return PurePath(doc.source.name).name
    return doc.source.name or "Untitled article"


#: What an empty table says: nothing found, or the layer was never computed (its stage did not run).
_EMPTY = {
    "claims": ("No check-worthy claims were found.", "claims"),
    "attributions": ("Nobody is quoted or cited in this article.", "attribution"),
    "techniques": ("No persuasion techniques were found.", "techniques"),
}


def empty_message(doc: Document, layer: str) -> str:
    """Why the table of ``layer`` is empty, so a report never passes "not analysed" off as "none found"."""
    found_none, stage = _EMPTY[layer]
    if doc.has_layer(layer):
        if layer == "claims" and doc.layer("claims"):
            # Sentences were scored and none reached the threshold: "none found" would hide them.
            return "No sentence scored high enough to be listed as a check-worthy claim."
        return found_none
    if doc.metadata.get("out_of_scope"):
        return f"Not analysed: {doc.metadata['out_of_scope']}."
    return f"Not analysed: the {stage} stage did not run on this document."


def scope_note(doc: Document) -> str | None:
    """Why the English-only layers are missing (another language), for a notice at the top of a report."""
    note = doc.metadata.get("out_of_scope")
    return f"Out of scope: {note}." if note else None


def word_count(text: str) -> int:
    """Words of a piece of text, as the voices table counts the words given to a source."""
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class Glance:
    """The figures a report shows at a glance, all read from the pipeline's summary.

    ``None`` for a figure whose stage did not run: a report shows "–", never a zero it did not count.
    """

    words: int
    techniques: int | None
    techniques_shown: int | None
    share_flagged: float | None
    claims: int | None
    voices: int | None
    attributions: int | None
    removed: int


def glance(doc: Document) -> Glance:
    """The summary's figures (see :mod:`unspin.stages.summary`): JSON, reports, web page and store agree."""
    from unspin.stages.summary import summary_of

    summary = summary_of(doc)
    voices_found = summary.get("voices")
    return Glance(
        words=int(summary["words"]),
        techniques=summary.get("techniques"),
        techniques_shown=summary.get("techniques_shown", summary.get("techniques")),
        share_flagged=summary.get("share_flagged"),
        claims=summary.get("claims"),
        voices=len(voices_found) if isinstance(voices_found, list) else None,
        attributions=summary.get("attributions"),
        removed=int(summary.get("removed", len(doc.removed))),
    )


@dataclass(frozen=True)
class Block:
    """A paragraph of the article as shown: ``text[start:end]``, plus the turn it starts, if any."""

    start: int
    end: int
    turn: Span | None = None  # set on the first block of an interview turn
    role: str | None = None  # question / answer for every block inside a turn
    is_title: bool = False


def _paragraph_spans(doc: Document) -> list[tuple[int, int]]:
    """Paragraph extents: the paragraphs layer, plus any non-blank text it leaves out (nothing is hidden)."""
    if doc.has_layer("paragraphs"):
        spans = [(p.start, p.end) for p in doc.layer("paragraphs") if p.end > p.start]
    else:
        spans, pos = [], 0
        for gap in _BLANK_LINES.finditer(doc.text):
            spans.append((pos, gap.start()))
            pos = gap.end()
        spans.append((pos, len(doc.text)))
    filled, pos = [], 0
    for start, end in sorted(spans):
        if start > pos and doc.text[pos:start].strip():
            filled.append((pos, start))
        if start >= pos:
            filled.append((start, end))
            pos = end
    if doc.text[pos:].strip():
        filled.append((pos, len(doc.text)))
    return [_strip(doc.text, s, e) for s, e in filled if doc.text[s:e].strip()]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def blocks(doc: Document) -> list[Block]:
    """The article's paragraphs in order, each tagged with its interview turn and title status."""
    turns = doc.layer("turns")
    titles = {(t.start, t.end) for t in doc.layer("title")}
    out: list[Block] = []
    seen_turns: set[int] = set()
    for start, end in _paragraph_spans(doc):
        turn = next((t for t in turns if t.start <= start < t.end or start <= t.start < end), None)
        first = turn is not None and id(turn) not in seen_turns
        if turn is not None:
            seen_turns.add(id(turn))
        is_title = (start, end) in titles or any(_strip(doc.text, s, e) == (start, end) for s, e in titles)
        out.append(Block(start, end, turn if first else None, turn.label if turn else None, is_title))
    return out


def attribution_groups(doc: Document) -> dict[str, dict[str, list[Span]]]:
    """Attribution id -> {"source"|"cue"|"content": spans}, ids in order of first appearance.

    A quote interrupted by its cue ("The plan, she said, is dead") has several content fragments.
    """
    groups: dict[str, dict[str, list[Span]]] = {}
    for span in doc.layer("attributions"):
        ident = str(span.attrs.get("id", ""))
        groups.setdefault(ident, {}).setdefault(span.label, []).append(span)
    return groups


def _group_attr(group: dict[str, list[Span]], key: str) -> object:
    for role in ("cue", "source", "content"):
        for span in group.get(role, []):
            if span.attrs.get(key) is not None:
                return span.attrs[key]
    return None


def _role_text(doc: Document, group: dict[str, list[Span]], role: str) -> str:
    return " … ".join(" ".join(doc.span_text(s).split()) for s in group.get(role, []))


def speaker_name(doc: Document, group: dict[str, list[Span]]) -> str:
    """Who an attribution is attributed to: the resolved name, else the source words, else a placeholder."""
    resolved = _group_attr(group, "resolved")
    if resolved:
        return str(resolved)
    return _role_text(doc, group, "source") or "(no source given)"


@dataclass
class ClaimRow:
    rank: int
    claim: Span
    text: str
    score: float | None
    stance: str
    source: str
    cue: str
    cue_stance: str
    kind: str
    disputed_by: str = ""


def disputes_text(claim: Span) -> str:
    """``"United States (“denies”)"``: who disputes a claim and with which cue, for a table cell."""
    items = claim.attrs.get("disputed_by") or []
    return "; ".join(
        f"{d.get('source') or 'unnamed source'} (“{d.get('cue', '')}”)" for d in items if isinstance(d, dict)
    )


def is_listed(claim: Span) -> bool:
    """Whether a claim is listed by default (spans written before the flag existed were all listed)."""
    return bool(claim.attrs.get("listed", True))


def claim_rows(doc: Document, listed: bool = True) -> list[ClaimRow]:
    """One row per listed claim (``listed=False``: per claim below the listing threshold), most
    check-worthy first, joined with its attribution's cue and kind."""
    groups = attribution_groups(doc)
    rows = []
    for n, claim in enumerate(doc.layer("claims"), start=1):
        if is_listed(claim) != listed:
            continue
        group = groups.get(str(claim.attrs.get("attribution")), {}) if claim.attrs.get("attribution") else {}
        source = claim.attrs.get("source") or (speaker_name(doc, group) if group else "")
        rows.append(
            ClaimRow(
                rank=int(claim.attrs.get("rank") or n),
                claim=claim,
                text=" ".join(doc.span_text(claim).split()),
                score=claim.score,
                stance=str(claim.attrs.get("stance") or ""),
                source=str(source or ""),
                cue=_role_text(doc, group, "cue"),
                cue_stance=str(_group_attr(group, "stance") or ""),
                kind=str(_group_attr(group, "kind") or ""),
                disputed_by=disputes_text(claim),
            )
        )
    return sorted(rows, key=lambda r: (r.rank, r.claim.start))


@dataclass
class Voice:
    name: str
    count: int = 0
    words: int = 0
    stances: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)


def voices(doc: Document) -> list[Voice]:
    """Who is quoted, how often, how many words of content each gets, and the stance of their cues.

    The entries of ``doc.summary["voices"]`` (:func:`unspin.claims.voices.voices`), so the report
    and the JSON never disagree; computed from the attributions layer when the summary has none.
    """
    from unspin.claims.voices import voices as summary_voices

    found = doc.summary.get("voices")
    entries = found if isinstance(found, list) else summary_voices(doc)
    return [
        Voice(str(v["source"]), int(v["attributions"]), int(v["words"]), Counter(v["stances"]), Counter(v["kinds"]))
        for v in entries
    ]


def mix(counter: Counter[str]) -> str:
    """``"neutral 3 · denial 1"``: a counter as text, most common first."""
    return " · ".join(f"{k} {n}" for k, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def is_shown(span: Span) -> bool:
    """Whether a technique span is shown by default (spans without the ``shown`` flag are)."""
    return span.attrs.get("shown", True) is not False


def technique_counts(doc: Document) -> Counter[str]:
    """Technique spans per label, as the summary counts them (``techniques_by_label``)."""
    from unspin.stages.summary import summary_of

    by_label = summary_of(doc).get("techniques_by_label")
    if isinstance(by_label, dict):
        return Counter({str(label): int(n) for label, n in by_label.items()})
    return Counter(s.label for s in doc.layer("techniques"))


def boundaries(spans: list[Span], start: int, end: int) -> list[int]:
    """Every offset in ``[start, end]`` where one of ``spans`` begins or ends, sorted, ends included."""
    cuts = {start, end}
    for span in spans:
        if span.end > start and span.start < end:
            cuts.update(p for p in (span.start, span.end) if start < p < end)
    return sorted(cuts)


def removed_at(piece: Removed) -> str:
    """Where a removed piece stood: its characters in the page's markup for a block of an HTML page the
    extractor left out (its raw interval is empty there), else its raw characters."""
    if piece.markup_start is not None and piece.markup_end is not None and piece.raw_start == piece.raw_end:
        return f"markup {piece.markup_start}–{piece.markup_end}"
    return f"raw {piece.raw_start}–{piece.raw_end}"
