"""``unspin corpus report``: one self-contained HTML page (inline CSS and SVG, no scripts, no CDN).

Techniques wear the article report's colours (:mod:`unspin.render.palette`).  Rates come with
their uncertainty: outlets with fewer than ``min_articles`` articles are grouped as "other
outlets" rather than ranked beside outlets of hundreds, and every outlet's rate has a 95%
interval.  The most flagged articles and the first sighting of each travelling claim link to
their own article reports, written beside the page (``REPORT-articles/``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from unspin import __version__
from unspin.corpus.charts import hbar_chart, interval_chart, line_chart, stacked_hbar_chart
from unspin.corpus.report_articles import (
    MIN_WORDS,
    ArticleEntry,
    articles_by_key,
    most_flagged,
    write_article_reports,
)
from unspin.corpus.stats import GroupStats, corpus_stats, merge_groups, per_thousand
from unspin.corpus.store import Store
from unspin.corpus.travel import ClaimCluster, travelling_claims
from unspin.errors import ConfigError
from unspin.render.palette import technique_style

TOP_TECHNIQUES_IN_TRENDS = 5
TOP_CLAIMS = 15
ALL_TECHNIQUES = "all techniques"
#: Outlets with fewer articles are grouped: one article says little about its outlet.
MIN_ARTICLES = 5
#: Articles listed (and given their own report) in "Most flagged articles".
TOP_ARTICLES = 50

_CSS = """
body{font-family:system-ui,sans-serif;max-width:820px;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.4}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
.meta{color:#555}table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
td.n,th.n{text-align:right}td.d{white-space:nowrap}.empty{color:#777;font-style:italic}svg{max-width:100%;height:auto}
.ci{color:#666;font-size:.8rem;white-space:nowrap}
"""


@dataclass
class ReportData:
    overall: GroupStats
    by_outlet: list[GroupStats]
    by_month: list[GroupStats]
    claims: list[ClaimCluster]
    errors: int
    store_url: str
    min_articles: int = MIN_ARTICLES
    min_words: int = MIN_WORDS
    #: The most flagged articles, and the first sighting of each travelling claim, by article key.
    articles: list[ArticleEntry] = field(default_factory=list)
    sightings: dict[str, ArticleEntry] = field(default_factory=dict)
    #: Article key -> link to its own report (relative to the page); set when the reports are written.
    links: dict[str, str] = field(default_factory=dict)

    @property
    def outlet_rows(self) -> list[GroupStats]:
        """Outlets with at least ``min_articles`` articles, most articles first, then the rest as one group."""
        large = [g for g in self.by_outlet if g.articles >= self.min_articles]
        small = [g for g in self.by_outlet if g.articles < self.min_articles]
        rows = sorted(large, key=lambda g: (-g.articles, g.group))
        if small:
            n = len(small)
            rows.append(merge_groups(small, f"other outlets ({n})"))
        return rows


def collect(
    store: Store, min_articles: int = MIN_ARTICLES, top_articles: int = TOP_ARTICLES, min_words: int = MIN_WORDS
) -> ReportData:
    if min_articles < 1 or top_articles < 0:
        raise ConfigError("--min-articles must be at least 1 and --articles at least 0")
    overall = corpus_stats(store)
    claims = travelling_claims(store, limit=TOP_CLAIMS)
    return ReportData(
        overall=overall[0] if overall else GroupStats("all"),
        by_outlet=corpus_stats(store, by="outlet"),
        by_month=[g for g in corpus_stats(store, by="month") if g.group != "(undated)"],
        claims=claims,
        errors=store.error_count(),
        store_url=store.url,
        min_articles=min_articles,
        min_words=min_words,
        articles=most_flagged(store, top_articles, min_words),
        sightings=articles_by_key(store, [c.first.article_key for c in claims]),
    )


def write_report(
    store: Store,
    path: Path,
    *,
    min_articles: int = MIN_ARTICLES,
    top_articles: int = TOP_ARTICLES,
    article_reports: bool = True,
    min_words: int = MIN_WORDS,
) -> ReportData:
    """Write the page to ``path`` and, with ``article_reports``, the linked articles' reports beside it."""
    if not path.parent.is_dir():
        raise ConfigError(f"folder {str(path.parent)!r} of the report does not exist")
    data = collect(store, min_articles, top_articles, min_words)
    if article_reports:
        folder = path.parent / f"{path.stem}-articles"
        written = write_article_reports(store, [*data.articles, *data.sightings.values()], folder)
        data.links = {key: f"{folder.name}/{name}" for key, name in written.items()}
    path.write_text(render_report(data), encoding="utf-8")
    return data


def display(label: str) -> str:
    """A technique's name as the article report writes it."""
    return technique_style(label).name


def technique_colours(techniques: list[str]) -> dict[str, str]:
    """Each technique in the article report's colour; the all-techniques line in dark grey."""
    colours = {display(t): technique_style(t).colour for t in techniques}
    colours[ALL_TECHNIQUES] = "#333333"
    return colours


def _interval(interval: tuple[float, float] | None, percent: bool = False) -> str:
    if interval is None:
        return '<span class="ci">(too few articles)</span>'
    low, high = interval
    text = f"{low:.0%} to {high:.0%}" if percent else f"{low:.2f} to {high:.2f}"
    return f'<span class="ci">({text})</span>'


def _article_cell(data: ReportData, entry: ArticleEntry | None, text: str) -> str:
    """``text`` linked to the article's report when it was written."""
    href = data.links.get(entry.key) if entry else None
    return f'<a href="{escape(href)}">{escape(text)}</a>' if href else escape(text)


def render_report(data: ReportData) -> str:
    techniques = [label for label, _ in sorted(data.overall.techniques.items(), key=lambda kv: (-kv[1], kv[0]))]
    sections = [
        _overview(data),
        _technique_mix(data, techniques),
        _trends(data, techniques),
        _articles(data),
        _travelling(data),
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
    html = "<h2>Technique mix per outlet</h2>"
    if not techniques:
        return html + '<p class="empty">No technique spans in this store.</p>'
    outlets = data.outlet_rows
    html += (
        f"<p>Technique spans per 1,000 words. Outlets with fewer than {data.min_articles} articles are "
        "grouped as one, “other outlets (how many)”: a rate over a handful of articles is mostly chance.</p>"
    )
    rows = [(g.group, {display(k): v for k, v in g.technique_rates.items()}) for g in outlets]
    names = [display(t) for t in techniques]
    html += stacked_hbar_chart(
        rows, names, "technique mix per outlet", " per 1,000 words", technique_colours(techniques)
    )
    html += (
        "<p>The same rates with their 95% intervals (articles are the sampled units, so an outlet whose "
        "spans sit in a few articles gets a wide interval). Where two intervals overlap, the data do not "
        "show that the two outlets differ.</p>"
    )
    html += interval_chart(
        [(g.group, g.rate, g.rate_interval) for g in outlets], "technique rate per outlet with 95% intervals"
    )
    html += (
        '<table><tr><th>outlet</th><th class="n">articles</th><th class="n">spans per 1,000 words (95%)</th>'
        '<th class="n">articles with a technique (95%)</th><th class="n">text flagged</th>'
        '<th class="n">claims per article</th></tr>'
    )
    for g in outlets:
        html += (
            f'<tr><td>{escape(g.group)}</td><td class="n">{g.articles:,}</td>'
            f'<td class="n">{g.rate:.2f} {_interval(g.rate_interval)}</td>'
            f'<td class="n">{g.flagged_articles_share:.0%} {_interval(g.flagged_articles_interval, True)}</td>'
            f'<td class="n">{g.flagged_share:.1%}</td><td class="n">{g.claims_per_article:.2f}</td></tr>'
        )
    return html + "</table>"


def _articles(data: ReportData) -> str:
    html = "<h2>Most flagged articles</h2>"
    if not data.articles:
        return html + f'<p class="empty">No article of at least {data.min_words} words has a technique span.</p>'
    html += (
        f"<p>Technique spans per 1,000 words, articles of at least {data.min_words} words; each opens its report."
        '</p><table><tr><th>article</th><th>outlet</th><th>published</th><th class="n">words</th>'
        '<th class="n">spans</th><th class="n">per 1,000 words</th></tr>'
    )
    for a in data.articles:
        html += (
            f"<tr><td>{_article_cell(data, a, a.title or a.record_id)}</td><td>{escape(a.outlet or '(unknown)')}</td>"
            f'<td class="d">{escape((a.published or "undated")[:10])}</td><td class="n">{a.words:,}</td>'
            f'<td class="n">{a.spans:,}</td><td class="n">{a.rate:.2f}</td></tr>'
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


def _travelling(data: ReportData) -> str:
    html = "<h2>Claims that travel</h2>"
    claims = data.claims
    if not claims:
        return html + '<p class="empty">No claim appears in more than one outlet.</p>'
    html += '<table><tr><th>claim</th><th class="n">outlets</th><th class="n">articles</th><th>first seen</th></tr>'
    for c in claims:
        first = c.first
        when = f"{first.outlet or '(unknown)'}, {(first.published or 'undated')[:10]}"
        html += (
            f'<tr><td>{escape(c.text)}</td><td class="n" title="{escape(", ".join(c.outlets))}">{len(c.outlets)}</td>'
            f'<td class="n">{c.articles}</td>'
            f'<td class="d">{_article_cell(data, data.sightings.get(first.article_key), when)}</td></tr>'
        )
    return html + "</table>"


def _voices(overall: GroupStats) -> str:
    html = "<h2>Most-quoted voices</h2>"
    if not overall.sources:
        return html + '<p class="empty">No attributed statements in this store.</p>'
    html += "<p>Attributed statements per resolved source that names a person or an organisation.</p>"
    html += hbar_chart([(who, float(n)) for who, n in overall.sources], "most-quoted sources", " statements")
    stances = sorted(overall.stances)
    html += "<p>How the cues present what sources say (cue stance mix).</p>"
    row = [("all statements", {s: float(overall.stances[s]) for s in stances})]
    return html + stacked_hbar_chart(row, stances, "cue stance mix", " statements")
