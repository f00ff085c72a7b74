"""The articles a corpus report links to, and their own reports (the article report of ``unspin analyze``).

Each linked article's stored document JSON is turned back into a Document and rendered by the
registered ``html`` renderer, so the page a reader opens from the corpus report is the same
report ``unspin analyze --format html`` writes for that article.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from unspin.corpus.stats import per_thousand
from unspin.corpus.store import Store
from unspin.errors import UnspinError

#: Articles shorter than this are left out of the most-flagged list: a rate over a few words says little.
MIN_WORDS = 100
_UNSAFE = re.compile(r"[^\w.-]+")
_COLUMNS = "key, record_id, outlet, published, title, words, n_techniques"


@dataclass
class ArticleEntry:
    key: str
    record_id: str
    outlet: str | None
    published: str | None
    title: str | None
    words: int
    spans: int

    @property
    def rate(self) -> float:
        """Technique spans per 1,000 words."""
        return per_thousand(self.spans, self.words)

    @property
    def file_name(self) -> str:
        """A file name of its own: the record id made safe, and the key's start (two records may share an id)."""
        stem = _UNSAFE.sub("_", self.record_id).strip("._")[:60] or "article"
        return f"{stem}-{self.key[:8]}.html"


def _entries(rows: Iterable[tuple[object, ...]]) -> list[ArticleEntry]:
    return [
        ArticleEntry(str(r[0]), str(r[1]), _str(r[2]), _str(r[3]), _str(r[4]), int(str(r[5])), int(str(r[6])))
        for r in rows
    ]


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def most_flagged(store: Store, limit: int, min_words: int = MIN_WORDS) -> list[ArticleEntry]:
    """The ``limit`` articles of at least ``min_words`` words with the most technique spans per 1,000 words."""
    if limit <= 0:
        return []
    rows = store.query(
        f"SELECT {_COLUMNS} FROM articles WHERE words >= ? AND n_techniques > 0 "
        f"ORDER BY (1.0 * n_techniques / words) DESC, record_id, key LIMIT {int(limit)}",
        [min_words],
    )
    return _entries(rows)


def articles_by_key(store: Store, keys: Iterable[str]) -> dict[str, ArticleEntry]:
    wanted = sorted(set(keys))
    found: dict[str, ArticleEntry] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        found.update(
            (e.key, e) for e in _entries(store.query(f"SELECT {_COLUMNS} FROM articles WHERE key IN ({marks})", chunk))
        )
    return found


def write_article_reports(store: Store, entries: Iterable[ArticleEntry], folder: Path) -> dict[str, str]:
    """Write each article's HTML report into ``folder``; returns article key -> file name of those written."""
    from unspin.render import document_from_json, get_renderer

    render = get_renderer("html")
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, str] = {}
    for entry in entries:
        if entry.key in written:
            continue
        rows = store.query("SELECT doc_json FROM articles WHERE key = ?", [entry.key])
        if not rows:
            continue
        try:
            doc = document_from_json(json.loads(str(rows[0][0])))
        except UnspinError:
            continue  # a document JSON this unspin cannot read (another schema version): listed, not linked
        (folder / entry.file_name).write_text(render(doc), encoding="utf-8")
        written[entry.key] = entry.file_name
    return written
