"""The HTML report: one self-contained file (inline CSS and JS, no external fetch).

Layout: a masthead with the article's metadata and figures at a glance; the
article with techniques highlighted beside a legend that filters them; then
the claims, voices, techniques, metadata and removed-furniture panels.  The
document JSON is embedded in a ``<script type="application/json">`` with ``<``,
``>`` and ``&`` written as ``\\u003c`` etc., so article text can never close the
tag; the page's script reads it for the click-to-pin tooltips and the download.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime
from functools import cache
from html import escape
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from unspin.document import Document
from unspin.render.html_article import article_html, technique_background
from unspin.render.html_tables import claims_table, metadata_panel, removed_panel, techniques_table, voices_table
from unspin.render.jsondoc import document_to_json
from unspin.render.palette import TECHNIQUES, technique_style
from unspin.render.registry import register_renderer
from unspin.render.views import display_title, glance, is_shown, scope_note, technique_counts


@cache
def _asset(name: str) -> str:
    return (resources.files("unspin.render") / "templates" / name).read_text(encoding="utf-8")


def embed_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` can appear literally."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def safe_href(url: str) -> str | None:
    """``url`` if it is an http(s) link, else None (no ``javascript:`` or ``data:`` links from input)."""
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def _published(value: Any) -> str:
    if not value:
        return ""
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return escape(str(value))
    if "T" not in str(value) and " " not in str(value).strip():  # a date alone stays a date: no made-up 00:00
        return f'<time datetime="{escape(str(value))}">{escape(f"{when.day} {when:%B %Y}")}</time>'
    offset = when.strftime("%z")
    zone = f" UTC{offset[:3]}:{offset[3:]}" if offset else ""
    shown = f"{when.day} {when:%B %Y, %H:%M}{zone}"
    return f'<time datetime="{escape(str(value))}">{escape(shown)}</time>'


def _as_list(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v]
    return [str(value)]


#: The out-of-scope notice stands out from the masthead (inline: only such reports carry it).
_NOTE_STYLE = "margin:.8rem 0 0;padding:.5rem .8rem;border-left:4px solid #b45309;background:#fff7ed;color:#7c2d12"


def _masthead(doc: Document, meta: dict[str, Any]) -> str:
    title = display_title(doc)
    byline = [escape(str(meta["outlet"]))] if meta.get("outlet") else []
    if meta.get("published"):
        byline.append(_published(meta["published"]))
    authors = _as_list(meta.get("authors"))
    if authors:
        byline.append("by " + escape(", ".join(authors)))
    url = str(meta.get("url") or doc.source.url or "")
    href = safe_href(url) if url else None
    link = f'<a href="{escape(href)}" rel="noopener noreferrer">{escape(url)}</a>' if href else escape(url)
    tags = "".join(f"<li>{escape(t)}</li>" for t in _as_list(meta.get("tags")))
    return (
        '<header class="masthead"><div class="inner">'
        '<div class="brand">unspin <span>report</span></div>'
        f"<h1>{escape(title)}</h1>"
        + (f'<p class="byline">{" · ".join(byline)}</p>' if byline else "")
        + (f'<p class="url">{link}</p>' if url else "")
        + (f'<ul class="tags">{tags}</ul>' if tags else "")
        + _glance(doc)
        + (
            f'<p class="scope-note" role="note" style="{_NOTE_STYLE}">{escape(note)}</p>'
            if (note := scope_note(doc))
            else ""
        )
        + "</div></header>"
    )


def _figure(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def _glance(doc: Document) -> str:
    g = glance(doc)  # the summary's figures: the JSON, the Markdown report and the web page show the same
    share = f"{100 * g.share_flagged:.1f}%" if g.share_flagged is not None else "–"
    figures = [
        (f"{g.words:,}", "words", "tokens with a letter or digit"),
        (_figure(g.techniques), "technique spans", ""),
        (
            _figure(g.techniques_shown),
            "shown by default",
            "technique spans the model is confident of; the others are lower-confidence flags, shown on request",
        ),
        (share, "of text flagged", "share of the non-space characters under a technique span shown by default"),
        (_figure(g.claims), "check-worthy claims", ""),
        (_figure(g.voices), "voices", f"sources quoted or cited, in {_figure(g.attributions)} attributed statements"),
        (f"{g.removed:,}", "pieces removed", ""),
    ]
    cells = "".join(
        f'<div class="fig" title="{escape(t)}"><b>{escape(v)}</b><span>{escape(k)}</span></div>' for v, k, t in figures
    )
    return f'<div class="glance">{cells}</div>'


def _legend(doc: Document) -> str:
    counts = technique_counts(doc)
    # The count a reader sees beside a technique is what the article shows by default; spans behind
    # the lower-confidence toggle are a greyed "+N" (a count of every span read as shown flags).
    spans = doc.layer("techniques") if doc.has_layer("techniques") else []
    hidden = Counter(span.label for span in spans if not is_shown(span))
    labels = [t.label for t in TECHNIQUES] + sorted(set(counts) - {t.label for t in TECHNIQUES})
    items = []
    for label in labels:
        style = technique_style(label)
        n = counts.get(label, 0)
        behind = min(hidden.get(label, 0), n)
        disabled = " disabled" if n == 0 else ""
        more = (
            f'<span class="count-low" title="{behind} lower-confidence, shown with the toggle above">+{behind}</span>'
            if behind
            else ""
        )
        items.append(
            f'<li class="{"" if n else "none"}"><label title="{escape(style.definition)}">'
            f'<input type="checkbox" class="tech-filter" checked{disabled} data-label="{escape(label)}" '
            f'data-name="{escape(style.name)}" data-colour="{escape(style.colour)}">'
            f'<span class="swatch" style="{technique_background([label])}"></span>'
            f'<span class="name">{escape(style.name)}</span><span class="count">{n - behind}</span>{more}</label></li>'
        )
    low = glance(doc)
    lower = (low.techniques or 0) - (low.techniques_shown or 0)
    low_toggle = (
        '<label class="low-toggle" title="Spans the model is less sure of: hidden by default, never dropped">'
        f'<input type="checkbox" id="show-low"{" disabled" if not lower else ""}>'
        f"<span>Show lower-confidence flags ({lower})</span></label>"
    )
    toggles = "".join(
        f'<li><label><input type="checkbox" class="layer-toggle" data-class="{cls}"{" checked" if on else ""}>'
        f'<span class="sample {cls}">{escape(name)}</span></label></li>'
        for cls, name, on in (
            ("show-att", "Sources, cues & quotes", True),
            ("show-cl", "Check-worthy claims", True),
            ("show-ent", "Named entities", False),
        )
    )
    return (
        '<aside class="legend" aria-label="Legend and filters"><h2>Techniques</h2>'
        '<p class="hint">Untick to hide. Hover or click highlighted text for the reason.</p>'
        '<div class="legend-buttons"><button type="button" data-all="1">All</button>'
        '<button type="button" data-all="0">None</button></div>'
        f'{low_toggle}<ul class="tech-list">{"".join(items)}</ul>'
        f'<h2>Also show</h2><ul class="toggles">{toggles}</ul></aside>'
    )


def _section(ident: str, title: str, body: str, note: str = "") -> str:
    note_html = f'<p class="note">{escape(note)}</p>' if note else ""
    return f'<section id="{ident}" class="panel"><h2>{escape(title)}</h2>{note_html}{body}</section>'


def _report_body(doc: Document, data: dict[str, Any]) -> list[str]:
    """Everything inside the report's ``<body>``: the web page inserts the same parts (:func:`report_fragment`)."""
    meta = data["metadata"]
    language = escape(str(meta.get("language") or "en"))
    download_name = f"unspin-{doc.source.raw_sha256[:12] or 'document'}.json"
    return [
        _masthead(doc, meta),
        '<main class="layout">',
        _legend(doc),
        f'<article class="article" id="article" lang="{language}">\n{article_html(doc)}\n</article>',
        "</main>",
        '<div class="panels">',
        _section(
            "claims",
            "Claims and sources",
            claims_table(doc),
            "Most check-worthy first. Source and cue come from the attribution the claim is tied to.",
        ),
        _section("voices", "Voices", voices_table(doc), "Who is quoted or cited, and how much room each gets."),
        _section("techniques", "Persuasion techniques", techniques_table(doc)),
        _section("metadata", "Metadata", metadata_panel(doc, meta)),
        _section(
            "removed",
            "Removed by the cleaner",
            removed_panel(doc),
            "Page furniture lifted out of the input; offsets point into the raw input.",
        ),
        "</div>",
        '<footer class="foot"><a id="download-json" class="button" href="#" '
        f'download="{escape(download_name)}">Download JSON</a>'
        f"<span>schema {escape(str(data['schema_version']))} · input sha256 "
        f"<code>{escape(doc.source.raw_sha256[:16])}</code></span></footer>",
        '<div id="tip" class="tip" role="dialog" hidden></div>',
        f'<script type="application/json" id="unspin-data">{embed_json(data)}</script>',
    ]


def render_html(doc: Document) -> str:
    """The report of ``doc`` as one self-contained HTML page."""
    data = document_to_json(doc)
    title = display_title(doc)
    language = escape(str(data["metadata"].get("language") or "en"))
    return "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{language}"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)} · unspin report</title>",
            f"<style>\n{_asset('report.css')}</style></head>",
            '<body class="show-att show-cl">',
            *_report_body(doc, data),
            f"<script>\n{_asset('report.js')}</script>",
            "</body></html>",
            "",
        ]
    )


def report_fragment(doc: Document) -> str:
    """The report's body as one ``<div>`` for the web page (``unspin serve``), which inserts it and runs the
    same ``report.js`` and ``report.css`` on it: the page and the HTML report can never disagree."""
    parts = _report_body(doc, document_to_json(doc))
    return "\n".join(['<div class="unspin-report show-att show-cl">', *parts, "</div>", ""])


def report_asset(name: str) -> str:
    """``report.css`` or ``report.js``, for the web page to load as files (its CSP allows no inline code)."""
    if name not in ("report.css", "report.js"):
        raise ValueError(f"no report asset {name!r}")
    return _asset(name)


register_renderer("html", render_html, media_type="text/html; charset=utf-8", extension="html")
