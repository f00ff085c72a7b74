"""Claims that travel: near-duplicate claims across articles and outlets, clustered with MinHash/LSH.

Claims are compared on their normalised text (lower case, words only) as sets of
word 3-grams.  LSH finds candidate pairs in one pass; each pair is confirmed by
its estimated Jaccard similarity before the two claims join one cluster
(union-find), so a chain of near-duplicates becomes one travelling claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from unspin.corpus.store import Store
from unspin.errors import ConfigError

SHINGLE_WORDS = 3
SEED = 1


@dataclass(frozen=True)
class ClaimSighting:
    article_key: str
    record_id: str
    outlet: str | None
    published: str | None
    text: str


@dataclass
class ClaimCluster:
    """One claim seen in several articles; ``first`` is the earliest dated sighting."""

    text: str
    sightings: list[ClaimSighting]

    @property
    def outlets(self) -> list[str]:
        return sorted({s.outlet or "(unknown)" for s in self.sightings})

    @property
    def articles(self) -> int:
        return len({s.article_key for s in self.sightings})

    @property
    def first(self) -> ClaimSighting:
        return min(self.sightings, key=lambda s: (s.published is None, s.published or "", s.record_id))

    def to_json(self) -> dict[str, Any]:
        first = self.first
        return {
            "claim": self.text,
            "outlets": len(self.outlets),
            "articles": self.articles,
            "outlet_names": self.outlets,
            "first_outlet": first.outlet,
            "first_published": first.published,
            "first_article": first.record_id,
        }


def shingles(normalised: str) -> set[bytes]:
    words = normalised.split()
    if len(words) <= SHINGLE_WORDS:
        return {" ".join(words).encode()}
    return {" ".join(words[i : i + SHINGLE_WORDS]).encode() for i in range(len(words) - SHINGLE_WORDS + 1)}


class _UnionFind:
    def __init__(self) -> None:
        self.parent: list[int] = []

    def add(self) -> int:
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def travelling_claims(
    store: Store, *, threshold: float = 0.6, min_outlets: int = 2, num_perm: int = 64, limit: int | None = None
) -> list[ClaimCluster]:
    """Clusters of near-duplicate claims seen in at least ``min_outlets`` outlets, most widespread first."""
    if not 0.0 < threshold <= 1.0:
        raise ConfigError(f"--threshold must be in (0, 1], got {threshold}")
    if min_outlets < 1:
        raise ConfigError(f"--min-outlets must be at least 1, got {min_outlets}")
    from datasketch import MinHash, MinHashLSH

    # LSH only proposes candidates (and needs a threshold below 1); the exact check below decides.
    lsh = MinHashLSH(threshold=min(threshold, 0.9), num_perm=num_perm)
    signatures: list[np.ndarray[Any, Any]] = []
    sightings: list[ClaimSighting] = []
    groups = _UnionFind()
    rows = store.stream(
        "SELECT c.article_key, a.record_id, a.outlet, a.published, c.claim_text, c.normalised FROM claims c "
        "JOIN articles a ON a.key = c.article_key ORDER BY c.article_key, c.ord"
    )
    for key, record_id, outlet, published, text, normalised in rows:
        if not normalised:
            continue
        minhash = MinHash(num_perm=num_perm, seed=SEED)
        minhash.update_batch(list(shingles(normalised)))
        index = groups.add()
        for other in lsh.query(minhash):
            # LSH returns candidates; keep only pairs whose estimated similarity reaches the threshold.
            if np.mean(signatures[int(other)] == minhash.hashvalues) >= threshold:
                groups.union(index, int(other))
        lsh.insert(str(index), minhash)
        signatures.append(minhash.hashvalues.copy())
        sightings.append(ClaimSighting(key, record_id, outlet, published, text))
    return _clusters(groups, sightings, min_outlets, limit)


def _clusters(
    groups: _UnionFind, sightings: list[ClaimSighting], min_outlets: int, limit: int | None
) -> list[ClaimCluster]:
    members: dict[int, list[ClaimSighting]] = {}
    for i, sighting in enumerate(sightings):
        members.setdefault(groups.find(i), []).append(sighting)
    clusters = []
    for group in members.values():
        if len({s.article_key for s in group}) < 2:
            continue
        cluster = ClaimCluster(text="", sightings=group)
        if len(cluster.outlets) >= min_outlets:
            cluster.text = cluster.first.text
            clusters.append(cluster)
    clusters.sort(key=lambda c: (-len(c.outlets), -c.articles, c.first.published or "", c.text))
    return clusters[:limit] if limit else clusters
