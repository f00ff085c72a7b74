"""The Markdown report: metadata table, the article with techniques marked, claims, voices, removed pieces.

Technique spans are set in bold and followed by a footnote marker ``[^tN]`` whose
footnote names the technique, its score and reason (GitHub and most renderers
show footnotes; in plain text they still read well).  Overlapping spans share one
bold run and each gets its own marker where it ends.  Article text is escaped so
that nothing in it becomes Markdown or HTML.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from typing import Any

from unspin.document import Document, Span
from unspin.render.jsondoc import METADATA_KEYS
from unspin.render.palette import technique_name, technique_style
from unspin.render.registry import register_renderer
from unspin.render.views import (
    Block,
    blocks,
    boundaries,
    claim_rows,
    display_title,
    empty_message,
    glance,
    is_shown,
    mix,
    removed_at,
    scope_note,
    technique_counts,
    voices,
)

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_QUOTES = set("\"'“”‘’«»„")
_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+=])", re.MULTILINE)


def md_escape(text: str) -> str:
    """``text`` with every character that Markdown or HTML would interpret backslash-escaped."""
    return _ENTITY.sub(r"\\&", _INLINE_SPECIAL.sub(r"\\\1", text))


def _escape_line_starts(text: str) -> str:
    """Stop a line of article text from starting a list, heading underline or code block."""
    text = "\n".join(line.lstrip() for line in text.split("\n"))
    return _LINE_START.sub(lambda m: f"{m[2]}\\{m[3]}" if m[2] else f"\\{m[5]}", text)


def cell(value: Any) -> str:
    """A table cell: escaped, on one line."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list | tuple):  # items may hold commas themselves (headlines)
        return " · ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return " · ".join(f"{cell(k)}: {cell(v)}" for k, v in value.items())
    return md_escape(" ".join(str(value).split()))


def _table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _metadata(doc: Document) -> str:
    meta = doc.metadata
    keys = [k for k in METADATA_KEYS if k in meta and k != "title"]
    keys += sorted(k for k in meta if k not in METADATA_KEYS)
    rows = [[k.capitalize(), cell(meta[k])] for k in keys]
    rows.append(["Source", cell(f"{doc.source.kind} {doc.source.name or ''}")])
    rows.append(["Input sha256", f"`{doc.source.raw_sha256}`"])
    return _table(["Field", "Value"], rows)


def _figure(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def _counted(value: int | None, noun: str, plural: str | None = None) -> str:
    """``"1 voice"``, ``"3 voices"``, ``"– voices"`` (a layer that did not run)."""
    return f"{_figure(value)} {noun if value == 1 else plural or noun + 's'}"


def _glance(doc: Document) -> str:
    g = glance(doc)
    notes = [_shown_split(g.techniques, g.techniques_shown)]
    notes.append(f"{100 * g.share_flagged:.1f}% of the text flagged" if g.share_flagged is not None else "")
    detail = "; ".join(n for n in notes if n)
    return (
        f"**At a glance:** {_counted(g.words, 'word')} · {_counted(g.techniques, 'technique span')}"
        f"{f' ({detail})' if detail else ''} · "
        f"{_counted(g.claims, 'check-worthy claim')} · {_counted(g.voices, 'voice')} "
        f"({_counted(g.attributions, 'attributed statement')}) · {_counted(g.removed, 'piece')} removed"
    )


def _shown_split(found: int | None, shown: int | None) -> str:
    """ "3 shown, 2 lower-confidence" when some spans are lower-confidence flags, else ""."""
    if found is None or shown is None or shown == found:
        return ""
    return f"{shown:,} shown, {found - shown:,} lower-confidence"


def _block(doc: Document, block: Block, techniques: list[tuple[int, Span]], speakers: list[Span]) -> str:
    """One paragraph: bold runs over techniques and speaker labels, footnote markers where techniques end."""
    inside = [(i, s) for i, s in techniques if s.start < block.end and block.start < s.end]
    labels = [s for s in speakers if s.start < block.end and block.start < s.end]
    cuts = boundaries([s for _, s in inside] + labels, block.start, block.end)
    runs: list[tuple[bool, str]] = []  # (bold, escaped text); markers are unbolded runs
    for a, b in itertools.pairwise(cuts):
        bold = any(s.start <= a and b <= s.end for s in [s for _, s in inside] + labels)
        text = md_escape(doc.text[a:b])
        if runs and runs[-1][0] == bold and not runs[-1][1].startswith("[^"):
            runs[-1] = (bold, runs[-1][1] + text)
        else:
            runs.append((bold, text))
        runs.extend((False, f"[^t{i + 1}]") for i, s in inside if s.end == b)
    prefix = ""
    if block.turn is not None and not labels:
        prefix = f"**{cell(block.turn.attrs.get('speaker', ''))}:** "
    return _escape_line_starts(prefix + "".join(_bold(text) if bold else text for bold, text in runs))


def _bold(text: str) -> str:
    """``**text**`` with surrounding whitespace kept outside, which Markdown requires."""
    core = text.strip()
    if not core:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{lead}**{core}**{trail}"


def _speaker_spans(doc: Document) -> list[Span]:
    spans = []
    for turn in doc.layer("turns"):
        start, end = turn.attrs.get("speaker_start"), turn.attrs.get("speaker_end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(doc.text):
            spans.append(Span(start, end, "speaker"))
    return spans


def _body(doc: Document) -> str:
    techniques = [(i, s) for i, s in enumerate(doc.layer("techniques")) if is_shown(s)]  # the rest: a list below
    speakers = _speaker_spans(doc)
    paras = [_block(doc, b, techniques, speakers).replace("\n", "\\\n") for b in blocks(doc)]
    return "\n\n".join(paras) if paras else "_The cleaned text is empty._"


def _techniques(doc: Document) -> str:
    counts = technique_counts(doc)
    if not counts:
        return f"_{empty_message(doc, 'techniques')}_"
    shown = Counter(s.label for s in doc.layer("techniques") if is_shown(s))
    rows = [
        [cell(technique_style(label).name), str(shown[label]), str(n - shown[label])]
        for label, n in counts.most_common()
    ]
    table = _table(["Technique", "Shown", "Lower-confidence"], rows)
    low = [(i, s) for i, s in enumerate(doc.layer("techniques")) if not is_shown(s)]
    if not low:
        return table
    items = "\n".join(f"- {_note(doc, s)}" for _, s in low)
    return (
        f"{table}\n\n### Lower-confidence flags\n\n_{len(low)} span{'s' if len(low) != 1 else ''} the model is "
        f"less sure of, not marked in the article:_\n\n{items}"
    )


def _note(doc: Document, span: Span) -> str:
    """A technique span in words: its name, score, quoted text and reason."""
    style = technique_style(span.label)
    score = f" ({span.score:.2f})" if span.score is not None else ""
    reason = span.attrs.get("reason") or span.attrs.get("definition") or style.definition
    name = technique_name(span.label, span.attrs)
    return f"**{cell(name)}**{score}: {_quoted(cell(doc.span_text(span)))}. {cell(reason)}"


def _footnotes(doc: Document) -> list[str]:
    notes = []
    for i, span in enumerate(doc.layer("techniques")):
        if is_shown(span):
            notes.append(f"[^t{i + 1}]: {_note(doc, span)}")
    return notes


def _quoted(text: str) -> str:
    """``text`` in curly quotes, unless it already starts or ends with a quotation mark."""
    if text[:1] in _QUOTES or text[-1:] in _QUOTES:
        return text
    return f"“{text}”"


def _claims(doc: Document) -> str:
    rows = [
        [
            str(r.rank),
            cell(r.text),
            f"{r.score:.2f}" if r.score is not None else "–",
            cell(r.source),
            cell(" ".join(x for x in (f"“{r.cue}”" if r.cue else "", r.cue_stance) if x)),
            cell(f"{r.stance}, disputed by {r.disputed_by}" if r.disputed_by else r.stance),
            cell(r.kind.replace("_", " ")),
        ]
        for r in claim_rows(doc)
    ]
    table = (
        _table(["#", "Claim", "Score", "Source", "Cue and stance", "Claim stance", "Attribution"], rows)
        if rows
        else f"_{empty_message(doc, 'claims')}_"
    )
    return table + _unlisted_claims(doc, any_listed=bool(rows))


#: Claims below the listing threshold quoted in the Markdown report; the JSON holds them all.
_UNLISTED_SHOWN = 5


def _unlisted_claims(doc: Document, any_listed: bool) -> str:
    below = claim_rows(doc, listed=False)
    if not below:
        return ""
    items = "\n".join(
        f"- {r.rank}. {cell(r.text)} ({r.score:.2f}, {cell(r.source) or 'unattributed'}"
        f"{', disputed by ' + cell(r.disputed_by) if r.disputed_by else ''})"
        for r in below[:_UNLISTED_SHOWN]
        if r.score is not None
    )
    more = f" The best {min(len(below), _UNLISTED_SHOWN)}:" if items else ""
    other = "more " if any_listed else ""  # "3 more sentences" only after some listed ones
    return (
        f"\n\n_{len(below)} {other}sentence{'s' if len(below) != 1 else ''} scored below the listing threshold "
        f"(in the JSON `claims` layer with `listed: false`).{more}_\n\n{items}"
    ).rstrip()


def _voices(doc: Document) -> str:
    rows = [
        [cell(v.name), str(v.count), str(v.words), cell(mix(v.stances)), cell(mix(v.kinds).replace("_", " "))]
        for v in voices(doc)
    ]
    if not rows:
        return f"_{empty_message(doc, 'attributions')}_"
    return _table(["Who", "Times quoted", "Words given", "Cue stance mix", "Kinds"], rows)


def _removed(doc: Document) -> str:
    if not doc.removed:
        return "_The cleaner removed nothing from the input._"
    return "\n".join(
        f"{n}. **{cell(r.reason)}** ({removed_at(r)}): {cell(r.text)}" for n, r in enumerate(doc.removed, start=1)
    )


def render_markdown(doc: Document) -> str:
    """The Markdown report of ``doc``."""
    title = display_title(doc)
    sections = [
        f"# {cell(title)}",
        _metadata(doc),
        _glance(doc),
        *([f"> **{cell(note)}**"] if (note := scope_note(doc)) else []),
        "## Article",
        _body(doc),
        "## Persuasion techniques",
        _techniques(doc),
        "## Claims and sources",
        _claims(doc),
        "## Voices",
        _voices(doc),
        "## Removed by the cleaner",
        _removed(doc),
    ]
    notes = _footnotes(doc)
    if notes:
        sections.append("\n".join(notes))
    return "\n\n".join(sections) + "\n"


register_renderer("md", render_markdown, media_type="text/markdown; charset=utf-8", extension="md")
