"""Find articles in a store by technique, entity, quoted source, outlet or text, with the matching spans.

Each hit carries the spans that made it match (technique spans, entity mentions, attributed
statements, occurrences of the searched text), each with a little of the text around it, so a
reader sees why an article was found without opening it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from unspin.corpus.store import Store
from unspin.errors import ConfigError
from unspin.render.palette import PTC_LABELS, technique_style

#: Characters of text shown on each side of a matching span.
CONTEXT_CHARS = 60
#: Matching spans listed per article (the rest are counted).
MATCHES_PER_ARTICLE = 5


@dataclass(frozen=True)
class SearchMatch:
    """One span that made an article match: where it is in the clean text, and the text around it.

    ``start``/``end`` are ``None`` for an attributed statement (the store keeps its texts, not its offsets).
    """

    layer: str
    label: str
    start: int | None
    end: int | None
    text: str
    before: str = ""
    after: str = ""
    score: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "layer": self.layer,
            "label": self.label,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "before": self.before,
            "after": self.after,
            "score": self.score,
        }

    def line(self) -> str:
        """``label  ...before «text» after...`` on one line."""
        score = f" {self.score:.2f}" if self.score is not None else ""
        return f"{self.label}{score}  …{self.before}«{self.text}»{self.after}…"


@dataclass(frozen=True)
class SearchHit:
    key: str
    record_id: str
    outlet: str | None
    published: str | None
    title: str | None
    n_techniques: int
    n_claims: int
    matches: tuple[SearchMatch, ...] = ()
    more_matches: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.record_id,
            "key": self.key,
            "outlet": self.outlet,
            "published": self.published,
            "title": self.title,
            "techniques": self.n_techniques,
            "claims": self.n_claims,
            "matches": [m.to_json() for m in self.matches],
            "more_matches": self.more_matches,
        }


def like_pattern(value: str) -> str:
    """``%value%`` with LIKE's wildcards in ``value`` taken literally."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _folded(value: str) -> str:
    """Lower case with punctuation as spaces: ``Name_Calling,Labeling`` -> ``name calling labeling``."""
    return " ".join(re.findall(r"[^\W_]+", value.lower()))


def technique_labels(store: Store) -> list[str]:
    """The 14 PTC labels and any other label stored (a newer model's), sorted."""
    stored = {str(label) for (label,) in store.query("SELECT DISTINCT label FROM techniques")}
    return sorted(set(PTC_LABELS) | stored)


def resolve_technique(name: str, valid: Sequence[str]) -> list[str]:
    """The labels ``name`` means: the label or display name it spells (any case or punctuation), else
    every label containing it (``loaded`` -> Loaded_Language); :class:`ConfigError` listing ``valid``
    when it names none."""
    wanted = _folded(name)
    if wanted:
        for label in valid:
            if wanted in (_folded(label), _folded(technique_style(label).name)):
                return [label]
        found = [label for label in valid if wanted in _folded(label) or wanted in _folded(technique_style(label).name)]
        if found:
            return found
    raise ConfigError(f"unknown technique {name!r}; choose one of: {', '.join(valid)} (or part of one, e.g. 'loaded')")


def search_articles(
    store: Store,
    *,
    technique: str | None = None,
    entity: str | None = None,
    source: str | None = None,
    text: str | None = None,
    outlet: str | None = None,
    limit: int = 50,
    published_from: str | None = None,
    published_to: str | None = None,
) -> list[SearchHit]:
    """Articles matching every filter given (case-insensitive substring matches), newest first.

    A technique must name a known label (or part of one); an unknown one is a :class:`ConfigError`.
    """
    if limit < 1:
        raise ConfigError(f"--limit must be at least 1, got {limit}")
    labels = resolve_technique(technique, technique_labels(store)) if technique else []
    where: list[str] = []
    params: list[Any] = []
    like = "ILIKE ? ESCAPE '\\'"
    if labels:
        marks = ", ".join("?" for _ in labels)
        where.append(f"EXISTS (SELECT 1 FROM techniques t WHERE t.article_key = a.key AND t.label IN ({marks}))")
        params += labels
    if entity:
        where.append(
            "EXISTS (SELECT 1 FROM entities e WHERE e.article_key = a.key "
            f"AND (e.canonical {like} OR e.span_text {like}))"
        )
        params += [like_pattern(entity)] * 2
    if source:
        where.append(
            "EXISTS (SELECT 1 FROM attributions s WHERE s.article_key = a.key "
            f"AND (s.resolved {like} OR s.source_text {like}))"
        )
        params += [like_pattern(source)] * 2
    if text:
        where.append(f"a.text {like}")
        params.append(like_pattern(text))
    if outlet:
        where.append(f"a.outlet {like}")
        params.append(like_pattern(outlet))
    # published is ISO 8601 text: its first ten characters compare as dates (both ends included)
    if published_from:
        where.append("substr(a.published, 1, 10) >= ?")
        params.append(published_from)
    if published_to:
        where.append("substr(a.published, 1, 10) <= ?")
        params.append(published_to)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = store.query(
        "SELECT a.key, a.record_id, a.outlet, a.published, a.title, a.n_techniques, a.n_claims, a.text FROM articles a "
        f"{clause} ORDER BY (a.published IS NULL), a.published DESC, a.record_id LIMIT {int(limit)}",
        params,
    )
    texts = {r[0]: str(r[7]) for r in rows}
    found = _matches(store, texts, labels, entity, source, text)
    hits = []
    for r in rows:
        matches = found.get(r[0], [])
        hits.append(
            SearchHit(
                r[0], r[1], r[2], r[3], r[4], int(r[5]), int(r[6]),
                tuple(matches[:MATCHES_PER_ARTICLE]), max(0, len(matches) - MATCHES_PER_ARTICLE),
            )
        )  # fmt: skip
    return hits


def _matches(
    store: Store,
    texts: dict[str, str],
    labels: list[str],
    entity: str | None,
    source: str | None,
    query: str | None,
) -> dict[str, list[SearchMatch]]:
    """The matching spans of each article in ``texts``, filter by filter, in text order within a filter."""
    found: dict[str, list[SearchMatch]] = {key: [] for key in texts}
    if not texts:
        return found
    keys = list(texts)
    in_keys = f"article_key IN ({', '.join('?' for _ in keys)})"
    if labels:
        in_labels = ", ".join("?" for _ in labels)
        for key, start, end, label, score in store.query(
            f"SELECT article_key, start_char, end_char, label, score FROM techniques WHERE {in_keys} "
            f"AND label IN ({in_labels}) ORDER BY article_key, start_char, ord",
            [*keys, *labels],
        ):
            found[key].append(_in_context("techniques", label, texts[key], int(start), int(end), score))
    like = "ILIKE ? ESCAPE '\\'"
    if entity:
        for key, start, end, label in store.query(
            f"SELECT article_key, start_char, end_char, label FROM entities WHERE {in_keys} "
            f"AND (canonical {like} OR span_text {like}) ORDER BY article_key, start_char, ord",
            [*keys, like_pattern(entity), like_pattern(entity)],
        ):
            found[key].append(_in_context("entities", label, texts[key], int(start), int(end)))
    if source:
        for key, who, said, cue, content in store.query(
            f"SELECT article_key, source_text, resolved, cue, content FROM attributions WHERE {in_keys} "
            f"AND (resolved {like} OR source_text {like}) ORDER BY article_key, ord",
            [*keys, like_pattern(source), like_pattern(source)],
        ):
            label = f"said by {said or who}"
            found[key].append(SearchMatch("attributions", label, None, None, str(who or ""), "", _said(cue, content)))
    if query:
        pattern = re.compile(re.escape(query), re.IGNORECASE)
        for key, text in texts.items():
            for m in pattern.finditer(text):
                found[key].append(_in_context("text", "text", text, m.start(), m.end()))
    return found


def _said(cue: object, content: object) -> str:
    words: Iterable[object] = (cue, content)
    return " " + " ".join(str(w) for w in words if w)


def _in_context(layer: str, label: str, text: str, start: int, end: int, score: float | None = None) -> SearchMatch:
    before = " ".join(text[max(0, start - CONTEXT_CHARS) : start].split())
    after = " ".join(text[end : end + CONTEXT_CHARS].split())
    return SearchMatch(
        layer,
        label,
        start,
        end,
        " ".join(text[start:end].split()),
        before + (" " if text[max(0, start - 1) : start].isspace() else ""),
        (" " if text[end : end + 1].isspace() else "") + after,
        None if score is None else round(float(score), 4),
    )
