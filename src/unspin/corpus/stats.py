"""Aggregates over a store: technique rates, flagged share, claims, quoted sources, cue stances.

Computed in SQL over the flattened tables (one pass per measure), grouped by
nothing, by outlet or by month.
"""

from __future__ import annotations

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
        }


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
    for name, n, words, chars, flagged, claims in store.query(
        f"SELECT {g}, COUNT(*), SUM(words), SUM(chars), SUM(flagged_chars), SUM(n_claims) FROM articles a "
        + _group_by(by)
    ):
        if n:
            groups[name] = GroupStats(str(name), int(n), int(words), int(chars), int(flagged), int(claims))
    join = "JOIN articles a ON a.key = t.article_key"
    for name, label, n in store.query(
        f"SELECT {g}, t.label, COUNT(*) FROM techniques t {join} {_group_by(by, 't.label')}"
    ):
        groups[name].techniques[label] = int(n)
    source = "t.resolved"  # voices are resolved sources; an unresolved "I" or "they" names nobody
    for name, who, n in store.query(
        f"SELECT {g}, {source}, COUNT(*) FROM attributions t {join} WHERE {source} IS NOT NULL {_group_by(by, source)}"
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
