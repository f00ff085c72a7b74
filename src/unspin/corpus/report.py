"""``unspin corpus report``: one self-contained HTML page (inline CSS and SVG, no scripts, no CDN)."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

from unspin import __version__
from unspin.corpus.charts import hbar_chart, line_chart, series_colours, stacked_hbar_chart
from unspin.corpus.stats import GroupStats, corpus_stats, per_thousand
from unspin.corpus.store import Store
from unspin.corpus.travel import ClaimCluster, travelling_claims

TOP_TECHNIQUES_IN_TRENDS = 5
TOP_CLAIMS = 15
ALL_TECHNIQUES = "all techniques"

_CSS = """
body{font-family:system-ui,sans-serif;max-width:820px;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.meta{color:#555}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
td.n,th.n{text-align:right}td.d{white-space:nowrap}.empty{color:#777;font-style:italic}svg{max-width:100%;height:auto}
"""


@dataclass
class ReportData:
    overall: GroupStats
    by_outlet: list[GroupStats]
    by_month: list[GroupStats]
    claims: list[ClaimCluster]
    errors: int
    store_url: str


def collect(store: Store) -> ReportData:
    overall = corpus_stats(store)
    return ReportData(
        overall=overall[0] if overall else GroupStats("all"),
        by_outlet=corpus_stats(store, by="outlet"),
        by_month=[g for g in corpus_stats(store, by="month") if g.group != "(undated)"],
        claims=travelling_claims(store, limit=TOP_CLAIMS),
        errors=store.error_count(),
        store_url=store.url,
    )


def write_report(store: Store, path: Path) -> ReportData:
    data = collect(store)
    path.write_text(render_report(data), encoding="utf-8")
    return data


def display(label: str) -> str:
    return label.replace("_", " ")


def technique_colours(techniques: list[str]) -> dict[str, str]:
    """The same colour for a technique in every chart; the all-techniques line in dark grey."""
    colours = series_colours([display(t) for t in techniques])
    colours[ALL_TECHNIQUES] = "#333333"
    return colours


def render_report(data: ReportData) -> str:
    techniques = [label for label, _ in sorted(data.overall.techniques.items(), key=lambda kv: (-kv[1], kv[0]))]
    sections = [
        _overview(data),
        _technique_mix(data, techniques),
        _trends(data, techniques),
        _travelling(data.claims),
        _voices(data.overall),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>unspin corpus report</title><style>{_CSS}</style></head><body>"
        + "".join(sections)
        + f'<p class="meta">unspin {escape(__version__)}, store {escape(data.store_url)}</p></body></html>\n'
    )


def _overview(data: ReportData) -> str:
    o = data.overall
    months = [g.group for g in data.by_month]
    span = f", {months[0]} to {months[-1]}" if months else ""
    return (
        "<h1>unspin corpus report</h1>"
        f'<p class="meta">{o.articles:,} articles from {len(data.by_outlet):,} outlets{escape(span)}; '
        f"{o.words:,} words; {sum(o.techniques.values()):,} technique spans "
        f"({per_thousand(sum(o.techniques.values()), o.words):.2f} per 1,000 words, "
        f"{o.flagged_share:.1%} of the text); {o.claims_per_article:.2f} claims per article; "
        f"{data.errors:,} {'article' if data.errors == 1 else 'articles'} could not be analysed.</p>"
    )


def _technique_mix(data: ReportData, techniques: list[str]) -> str:
    html = "<h2>Technique mix per outlet</h2><p>Technique spans per 1,000 words.</p>"
    if not techniques:
        return html + '<p class="empty">No technique spans in this store.</p>'
    rows = [(g.group, {display(k): v for k, v in g.technique_rates.items()}) for g in data.by_outlet]
    names = [display(t) for t in techniques]
    html += stacked_hbar_chart(
        rows, names, "technique mix per outlet", " per 1,000 words", technique_colours(techniques)
    )
    html += (
        '<table><tr><th>outlet</th><th class="n">articles</th><th class="n">per 1,000 words</th>'
        '<th class="n">text flagged</th><th class="n">claims per article</th></tr>'
    )
    for g in data.by_outlet:
        rate = per_thousand(sum(g.techniques.values()), g.words)
        html += (
            f'<tr><td>{escape(g.group)}</td><td class="n">{g.articles:,}</td><td class="n">{rate:.2f}</td>'
            f'<td class="n">{g.flagged_share:.1%}</td><td class="n">{g.claims_per_article:.2f}</td></tr>'
        )
    return html + "</table>"


def _trends(data: ReportData, techniques: list[str]) -> str:
    html = "<h2>Trends over time</h2>"
    if len(data.by_month) < 2 or not techniques:
        return html + '<p class="empty">Fewer than two dated months with techniques: no trend to draw.</p>'
    months = [g.group for g in data.by_month]
    series = {ALL_TECHNIQUES: [per_thousand(sum(g.techniques.values()), g.words) for g in data.by_month]}
    for label in techniques[:TOP_TECHNIQUES_IN_TRENDS]:
        series[display(label)] = [g.technique_rates.get(label, 0.0) for g in data.by_month]
    html += "<p>Technique spans per 1,000 words by month of publication (the most frequent techniques).</p>"
    colours = technique_colours(techniques)
    return html + line_chart(months, series, "technique rates by month", " per 1,000 words", colours)


def _travelling(claims: list[ClaimCluster]) -> str:
    html = "<h2>Claims that travel</h2>"
    if not claims:
        return html + '<p class="empty">No claim appears in more than one outlet.</p>'
    html += '<table><tr><th>claim</th><th class="n">outlets</th><th class="n">articles</th><th>first seen</th></tr>'
    for c in claims:
        first = c.first
        when = f"{first.outlet or '(unknown)'}, {(first.published or 'undated')[:10]}"
        html += (
            f'<tr><td>{escape(c.text)}</td><td class="n" title="{escape(", ".join(c.outlets))}">{len(c.outlets)}</td>'
            f'<td class="n">{c.articles}</td><td class="d">{escape(when)}</td></tr>'
        )
    return html + "</table>"


def _voices(overall: GroupStats) -> str:
    html = "<h2>Most-quoted voices</h2>"
    if not overall.sources:
        return html + '<p class="empty">No attributed statements in this store.</p>'
    html += "<p>Attributed statements per resolved source.</p>"
    html += hbar_chart([(who, float(n)) for who, n in overall.sources], "most-quoted sources", " statements")
    stances = sorted(overall.stances)
    html += "<p>How the cues present what sources say (cue stance mix).</p>"
    row = [("all statements", {s: float(overall.stances[s]) for s in stances})]
    return html + stacked_hbar_chart(row, stances, "cue stance mix", " statements")
