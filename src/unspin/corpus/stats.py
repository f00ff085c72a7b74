"""Aggregates over a store: technique rates, flagged share, claims, quoted sources, cue stances.

Computed in SQL over the flattened tables (one pass per measure), grouped by
nothing, by outlet or by month.  Each group also carries the sums that give its
rates an uncertainty: a 95% interval for technique spans per 1,000 words (the ratio
estimator's standard error, with articles as the sampled units, so spans bunched in
a few articles widen it) and a Wilson interval for the share of articles with a
technique span.  Voices are resolved sources that name a person or an organisation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from unspin.corpus.store import Store
from unspin.errors import ConfigError

GROUPINGS = {
    None: "'all'",
    "outlet": "COALESCE(a.outlet, '(unknown)')",
    "month": "COALESCE(a.month, '(undated)')",
}
TOP_SOURCES = 10
#: Entity labels a voice may have: a person or an organisation (not a country, a document or "they").
VOICE_LABELS = ("PERSON", "ORG")
#: z of a two-sided 95% interval.
Z95 = 1.959964


@dataclass
class GroupStats:
    group: str
    articles: int = 0
    words: int = 0
    chars: int = 0
    flagged_chars: int = 0
    claims: int = 0
    techniques: dict[str, int] = field(default_factory=dict)
    sources: list[tuple[str, int]] = field(default_factory=list)
    stances: dict[str, int] = field(default_factory=dict)
    #: Articles with at least one technique span, and the per-article sums of squares and products
    #: (words, spans) that the interval of the technique rate needs.
    flagged_articles: int = 0
    words_sq: float = 0.0
    spans_sq: float = 0.0
    words_spans: float = 0.0

    @property
    def spans(self) -> int:
        return sum(self.techniques.values())

    @property
    def rate(self) -> float:
        """Technique spans per 1,000 words, all techniques."""
        return per_thousand(self.spans, self.words)

    @property
    def rate_interval(self) -> tuple[float, float] | None:
        """95% interval of :attr:`rate` (``None`` under two articles: one article says nothing of its outlet)."""
        return ratio_interval(self.articles, self.words, self.spans, self.words_sq, self.spans_sq, self.words_spans)

    @property
    def flagged_articles_share(self) -> float:
        return self.flagged_articles / self.articles if self.articles else 0.0

    @property
    def flagged_articles_interval(self) -> tuple[float, float]:
        """Wilson 95% interval of the share of articles with a technique span."""
        return wilson(self.flagged_articles, self.articles)

    @property
    def technique_rates(self) -> dict[str, float]:
        """Technique spans per 1,000 words, by label."""
        return {label: per_thousand(n, self.words) for label, n in self.techniques.items()}

    @property
    def flagged_share(self) -> float:
        """Share of the text's characters inside at least one technique span."""
        return self.flagged_chars / self.chars if self.chars else 0.0

    @property
    def claims_per_article(self) -> float:
        return self.claims / self.articles if self.articles else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "articles": self.articles,
            "words": self.words,
            "techniques_per_1000_words": {k: round(v, 3) for k, v in sorted(self.technique_rates.items())},
            "technique_counts": dict(sorted(self.techniques.items())),
            "flagged_share": round(self.flagged_share, 4),
            "claims_per_article": round(self.claims_per_article, 3),
            "top_sources": [{"source": s, "attributions": n} for s, n in self.sources],
            "cue_stances": dict(sorted(self.stances.items())),
            "techniques_per_1000_words_95": _rounded(self.rate_interval, 3),
            "articles_with_techniques": self.flagged_articles,
            "articles_with_techniques_95": _rounded(self.flagged_articles_interval, 4),
        }


def _rounded(interval: tuple[float, float] | None, digits: int) -> list[float] | None:
    return None if interval is None else [round(interval[0], digits), round(interval[1], digits)]


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval of a proportion (``(0, 1)`` when ``n`` is 0)."""
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def ratio_interval(
    n: int, words: float, spans: float, words_sq: float, spans_sq: float, words_spans: float, z: float = Z95
) -> tuple[float, float] | None:
    """95% interval of spans per 1,000 words over ``n`` articles, by the ratio estimator's standard error.

    ``R = sum(spans) / sum(words)``; ``se(R)^2 = sum((spans_i - R words_i)^2) / (n (n - 1) mean(words)^2)``,
    computed from the sums so that SQL can aggregate it.  ``None`` under two articles or without words.
    """
    if n < 2 or words <= 0:
        return None
    ratio = spans / words
    residual = max(0.0, spans_sq - 2 * ratio * words_spans + ratio * ratio * words_sq)
    se = math.sqrt(residual / (n * (n - 1))) / (words / n)
    return 1000 * max(0.0, ratio - z * se), 1000 * (ratio + z * se)


def merge_groups(groups: Iterable[GroupStats], name: str) -> GroupStats:
    """One group holding the sums of ``groups`` (its sources and stances added up too)."""
    merged = GroupStats(name)
    sources: dict[str, int] = {}
    for g in groups:
        merged.articles += g.articles
        merged.words += g.words
        merged.chars += g.chars
        merged.flagged_chars += g.flagged_chars
        merged.claims += g.claims
        merged.flagged_articles += g.flagged_articles
        merged.words_sq += g.words_sq
        merged.spans_sq += g.spans_sq
        merged.words_spans += g.words_spans
        for label, n in g.techniques.items():
            merged.techniques[label] = merged.techniques.get(label, 0) + n
        for label, n in g.stances.items():
            merged.stances[label] = merged.stances.get(label, 0) + n
        for who, n in g.sources:
            sources[who] = sources.get(who, 0) + n
    merged.sources = sorted(sources.items(), key=lambda item: (-item[1], item[0]))[:TOP_SOURCES]
    return merged


def per_thousand(count: int, words: int) -> float:
    return 1000.0 * count / words if words else 0.0


def group_expression(by: str | None) -> str:
    try:
        return GROUPINGS[by]
    except KeyError:
        raise ConfigError(f"cannot group by {by!r}; choose outlet or month") from None


def _group_by(by: str | None, *columns: str) -> str:
    # PostgreSQL refuses a constant in GROUP BY, so the overall group is left out of the clause.
    keys = ([group_expression(by)] if by else []) + list(columns)
    return f"GROUP BY {', '.join(keys)}" if keys else ""


def corpus_stats(store: Store, by: str | None = None) -> list[GroupStats]:
    """One :class:`GroupStats` per group, sorted by group name (none for an empty store)."""
    g = group_expression(by)
    groups: dict[str, GroupStats] = {}
    for name, n, words, chars, flagged, claims, flagged_articles, words_sq, spans_sq, words_spans in store.query(
        f"SELECT {g}, COUNT(*), SUM(words), SUM(chars), SUM(flagged_chars), SUM(n_claims), "
        "SUM(CASE WHEN n_techniques > 0 THEN 1 ELSE 0 END), SUM(words * words), "
        "SUM(n_techniques * n_techniques), SUM(words * n_techniques) FROM articles a " + _group_by(by)
    ):
        if n:
            groups[name] = GroupStats(str(name), int(n), int(words), int(chars), int(flagged), int(claims))
            groups[name].flagged_articles = int(flagged_articles)
            groups[name].words_sq, groups[name].spans_sq = float(words_sq), float(spans_sq)
            groups[name].words_spans = float(words_spans)
    join = "JOIN articles a ON a.key = t.article_key"
    for name, label, n in store.query(
        f"SELECT {g}, t.label, COUNT(*) FROM techniques t {join} {_group_by(by, 't.label')}"
    ):
        groups[name].techniques[label] = int(n)
    # Voices are resolved sources (an unresolved "I" or "they" names nobody) that name a person or an
    # organisation in their article: not a country, a report or a place.
    source = "t.resolved"
    labels = ", ".join(f"'{label}'" for label in VOICE_LABELS)
    person_or_org = (
        f"EXISTS (SELECT 1 FROM entities e WHERE e.article_key = t.article_key AND e.canonical = {source} "
        f"AND e.label IN ({labels}))"
    )
    for name, who, n in store.query(
        f"SELECT {g}, {source}, COUNT(*) FROM attributions t {join} WHERE {source} IS NOT NULL AND {person_or_org} "
        + _group_by(by, source)
    ):
        groups[name].sources.append((str(who), int(n)))
    stance = "COALESCE(t.stance, 'unknown')"
    for name, label, n in store.query(
        f"SELECT {g}, {stance}, COUNT(*) FROM attributions t {join} {_group_by(by, stance)}"
    ):
        groups[name].stances[str(label)] = int(n)
    for stats in groups.values():
        stats.sources = sorted(stats.sources, key=lambda item: (-item[1], item[0]))[:TOP_SOURCES]
    return [groups[k] for k in sorted(groups)]


def stats_text(stats: list[GroupStats]) -> str:
    """A plain-text rendering (stable, for terminals without colour and for golden tests)."""
    lines = []
    for s in stats:
        lines.append(f"== {s.group}: {s.articles} articles, {s.words} words")
        lines.append(f"   flagged share {s.flagged_share:.1%}, claims per article {s.claims_per_article:.2f}")
        for label, rate in sorted(s.technique_rates.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"   {rate:8.2f} per 1,000 words  {label}")
        if s.sources:
            lines.append("   most quoted: " + ", ".join(f"{who} ({n})" for who, n in s.sources))
        if s.stances:
            lines.append("   cue stances: " + ", ".join(f"{k} {v}" for k, v in sorted(s.stances.items())))
    return "\n".join(lines) + "\n"
