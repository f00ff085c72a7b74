"""Find articles in a store by technique, entity, quoted source, outlet or text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from unspin.corpus.store import Store
from unspin.errors import ConfigError


@dataclass(frozen=True)
class SearchHit:
    key: str
    record_id: str
    outlet: str | None
    published: str | None
    title: str | None
    n_techniques: int
    n_claims: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.record_id,
            "key": self.key,
            "outlet": self.outlet,
            "published": self.published,
            "title": self.title,
            "techniques": self.n_techniques,
            "claims": self.n_claims,
        }


def like_pattern(value: str) -> str:
    """``%value%`` with LIKE's wildcards in ``value`` taken literally."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_articles(
    store: Store,
    *,
    technique: str | None = None,
    entity: str | None = None,
    source: str | None = None,
    text: str | None = None,
    outlet: str | None = None,
    limit: int = 50,
) -> list[SearchHit]:
    """Articles matching every filter given (case-insensitive substring matches), newest first."""
    if limit < 1:
        raise ConfigError(f"--limit must be at least 1, got {limit}")
    where: list[str] = []
    params: list[Any] = []
    like = "ILIKE ? ESCAPE '\\'"
    if technique:
        where.append(f"EXISTS (SELECT 1 FROM techniques t WHERE t.article_key = a.key AND t.label {like})")
        params.append(like_pattern(technique))
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
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = store.query(
        "SELECT a.key, a.record_id, a.outlet, a.published, a.title, a.n_techniques, a.n_claims FROM articles a "
        f"{clause} ORDER BY (a.published IS NULL), a.published DESC, a.record_id LIMIT {int(limit)}",
        params,
    )
    return [SearchHit(r[0], r[1], r[2], r[3], r[4], int(r[5]), int(r[6])) for r in rows]
