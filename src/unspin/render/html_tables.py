"""Tables and panels of the HTML report: claims, voices, techniques, metadata, removed furniture."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from unspin.document import Document
from unspin.render.html_article import technique_background
from unspin.render.palette import technique_name
from unspin.render.views import ClaimRow, claim_rows, empty_message, is_shown, mix, removed_at, voices


def _table(headers: Iterable[str], rows: list[str], empty: str, cls: str) -> str:
    if not rows:
        return f'<p class="empty">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    return f'<div class="table-wrap"><table class="{cls}"><thead><tr>{head}</tr></thead><tbody>\n' + (
        "\n".join(rows) + "\n</tbody></table></div>"
    )


def _score(value: float | None) -> str:
    if value is None:
        return '<td class="num">–</td>'
    return f'<td class="num"><span class="meter" style="--v:{value:.2f}"></span>{value:.2f}</td>'


def _pill(text: str, kind: str) -> str:
    if not text:
        return ""
    return f'<span class="pill {escape(kind)}-{escape(text)}">{escape(text.replace("_", " "))}</span>'


def _disputed(text: str) -> str:
    return f' <span class="disputed">disputed by {escape(text)}</span>' if text else ""


def claims_table(doc: Document) -> str:
    """The listed claims, then those below the listing threshold one click away (a closed ``<details>``)."""
    rows = claim_rows(doc)
    listed = _claims_table(doc, rows)
    below = claim_rows(doc, listed=False)
    if not below:
        return listed
    other = "more " if rows else ""  # "3 more sentences" only after some listed ones
    summary = f"{len(below)} {other}sentence{'s' if len(below) != 1 else ''} scored below the listing threshold"
    return f'{listed}\n<details class="unlisted"><summary>{summary}</summary>\n{_claims_table(doc, below)}\n</details>'


def _claims_table(doc: Document, rows_of: list[ClaimRow]) -> str:
    rows = []
    for row in rows_of:
        cue = f'<q class="cue">{escape(row.cue)}</q> ' if row.cue else ""
        rows.append(
            f'<tr id="claim-{row.rank}"><td class="num">{row.rank}</td>'
            f'<td class="claim-text">{escape(row.text)}</td>{_score(row.score)}'
            f"<td>{escape(row.source) or '<span class=muted>unattributed</span>'}</td>"
            f"<td>{cue}{_pill(row.cue_stance, 'stance')}</td>"
            f"<td>{_pill(row.stance, 'claim')}{_disputed(row.disputed_by)}</td><td>{_pill(row.kind, 'kind')}</td></tr>"
        )
    headers = ("#", "Claim", "Check-worthiness", "Source", "Cue and stance", "Claim stance", "Attribution")
    return _table(headers, rows, empty_message(doc, "claims"), "claims")


def voices_table(doc: Document) -> str:
    found = voices(doc)
    most = max((v.words for v in found), default=0) or 1
    rows = [
        f"<tr><td>{escape(v.name)}</td><td class=num>{v.count}</td>"
        f'<td class="num"><span class="bar" style="--w:{v.words / most:.3f}"></span>{v.words}</td>'
        f"<td>{escape(mix(v.stances))}</td><td>{escape(mix(v.kinds).replace('_', ' '))}</td></tr>"
        for v in found
    ]
    headers = ("Who", "Times quoted", "Words given", "Cue stance mix", "Kinds")
    return _table(headers, rows, empty_message(doc, "attributions"), "voices")


def techniques_table(doc: Document) -> str:
    rows = []
    for i, span in enumerate(doc.layer("techniques")):
        reason = span.attrs.get("reason") or ""
        low = "" if is_shown(span) else ' data-low="1" hidden'  # lower confidence: behind the report's toggle
        rows.append(
            f'<tr data-label="{escape(span.label)}"{low}><td><span class="swatch" '
            f'style="{technique_background([span.label])}"></span>{escape(technique_name(span.label, span.attrs))}</td>'
            f'<td class="excerpt"><a href="#" data-goto="{i}">{escape(doc.span_text(span))}</a></td>'
            f"{_score(span.score)}<td>{escape(str(reason))}</td></tr>"
        )
    return _table(("Technique", "Text", "Score", "Why"), rows, empty_message(doc, "techniques"), "techs")


def _value_html(value: Any) -> str:
    if value is None or value == "" or value == []:
        return '<span class="muted">–</span>'
    if isinstance(value, list | tuple):
        return "<ul>" + "".join(f"<li>{_value_html(v)}</li>" for v in value) + "</ul>"
    if isinstance(value, dict):  # {"entities": 108, "turns": 10} -> "entities 108 · turns 10"
        return " · ".join(f'<span class="muted">{escape(str(k))}</span> {_value_html(v)}' for k, v in value.items())
    return escape(str(value))


def _rows(pairs: Iterable[tuple[str, Any]]) -> str:
    return "".join(f"<tr><th>{escape(k)}</th><td>{_value_html(v)}</td></tr>" for k, v in pairs)


def metadata_panel(doc: Document, metadata: dict[str, Any]) -> str:
    source = doc.source.to_json()
    pairs = [(k, v) for k, v in metadata.items() if k != "removed"]
    parts = [
        '<div class="meta-grid"><div><h3>Article</h3><table class="kv">',
        _rows(pairs) or "<tr><td class=muted>No metadata was found.</td></tr>",
        "</table></div><div><h3>Source</h3><table class='kv'>",
        _rows([*list(source.items()), ("stages run", ", ".join(doc.stages_run) or None)]),
        "</table></div>",
    ]
    if doc.summary:
        parts.append(f"<div><h3>Summary</h3><table class='kv'>{_rows(sorted(doc.summary.items()))}</table></div>")
    parts.append("</div>")
    return "".join(parts)


def removed_panel(doc: Document) -> str:
    rows = [
        f'<tr><td class="num">{n}</td><td>{_pill(piece.reason, "reason")}</td>'
        f'<td class="num">{escape(removed_at(piece))}</td>'
        f'<td><pre class="removed-text">{escape(piece.text)}</pre></td></tr>'
        for n, piece in enumerate(doc.removed, start=1)
    ]
    headers = ("#", "Reason", "Where", "Text")
    return _table(headers, rows, "The cleaner removed nothing from the input.", "removed")
