"""The corpus store: SQLite (default, no setup) or PostgreSQL (psycopg 3), one schema.

Every article is keyed by :func:`unspin.corpus.work.article_key`; the key is the
primary key, inserts are ``ON CONFLICT DO NOTHING`` and each batch of rows is one
transaction, so a process killed at any moment leaves whole articles or nothing,
and a re-run neither loses nor duplicates any.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unspin.corpus.work import ArticleRow, ErrorRow, Result
from unspin.errors import StoreError

_PASSWORD_PARAM = re.compile(r"([?&]password=)([^&#]*)", re.IGNORECASE)

DEFAULT_STORE = "sqlite:///unspin.db"
SCHEMA_VERSION = "1"

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    key TEXT PRIMARY KEY, record_id TEXT NOT NULL, content_hash TEXT NOT NULL, pipeline_version TEXT NOT NULL,
    outlet TEXT, published TEXT, month TEXT, url TEXT, title TEXT,
    words BIGINT NOT NULL, chars BIGINT NOT NULL, flagged_chars BIGINT NOT NULL,
    n_techniques BIGINT NOT NULL, n_entities BIGINT NOT NULL, n_attributions BIGINT NOT NULL, n_claims BIGINT NOT NULL,
    counts TEXT NOT NULL, text TEXT NOT NULL, doc_json TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS techniques (
    article_key TEXT NOT NULL, ord BIGINT NOT NULL, start_char BIGINT NOT NULL, end_char BIGINT NOT NULL,
    label TEXT NOT NULL, score {float}, span_text TEXT NOT NULL, PRIMARY KEY (article_key, ord));
CREATE TABLE IF NOT EXISTS entities (
    article_key TEXT NOT NULL, ord BIGINT NOT NULL, start_char BIGINT NOT NULL, end_char BIGINT NOT NULL,
    label TEXT NOT NULL, span_text TEXT NOT NULL, canonical TEXT NOT NULL, PRIMARY KEY (article_key, ord));
CREATE TABLE IF NOT EXISTS attributions (
    article_key TEXT NOT NULL, ord BIGINT NOT NULL, attribution_id TEXT NOT NULL, source_text TEXT,
    resolved TEXT, kind TEXT, stance TEXT, cue TEXT, content TEXT, PRIMARY KEY (article_key, ord));
CREATE TABLE IF NOT EXISTS claims (
    article_key TEXT NOT NULL, ord BIGINT NOT NULL, start_char BIGINT NOT NULL, end_char BIGINT NOT NULL,
    claim_text TEXT NOT NULL, normalised TEXT NOT NULL, score {float}, stance TEXT, source TEXT, claim_rank BIGINT,
    PRIMARY KEY (article_key, ord));
CREATE TABLE IF NOT EXISTS errors (
    key TEXT PRIMARY KEY, record_id TEXT NOT NULL, origin TEXT NOT NULL, reason TEXT NOT NULL,
    pipeline_version TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles (outlet);
CREATE INDEX IF NOT EXISTS articles_month ON articles (month);
CREATE INDEX IF NOT EXISTS articles_record_id ON articles (record_id);
CREATE INDEX IF NOT EXISTS techniques_label ON techniques (label);
CREATE INDEX IF NOT EXISTS entities_canonical ON entities (canonical);
CREATE INDEX IF NOT EXISTS attributions_resolved ON attributions (resolved);
"""

_ARTICLE_COLUMNS = (
    "key, record_id, content_hash, pipeline_version, outlet, published, month, url, title, words, chars, "
    "flagged_chars, n_techniques, n_entities, n_attributions, n_claims, counts, text, doc_json, created_at"
)
_CHILD_TABLES = {
    "techniques": "article_key, ord, start_char, end_char, label, score, span_text",
    "entities": "article_key, ord, start_char, end_char, label, span_text, canonical",
    "attributions": "article_key, ord, attribution_id, source_text, resolved, kind, stance, cue, content",
    "claims": "article_key, ord, start_char, end_char, claim_text, normalised, score, stance, source, claim_rank",
}


@dataclass
class WriteCounts:
    written: int = 0
    errors: int = 0
    duplicates: int = 0


class Store:
    """A connection to one store; ``?`` placeholders are rewritten for PostgreSQL."""

    def __init__(self, conn: Any, dialect: str, url: str, read_only: bool = False) -> None:
        self.conn = conn
        self.dialect = dialect
        self.url = _redact(url)  # only used in messages: never show a password
        self.read_only = read_only
        self._streaming = 0
        if read_only:
            self._check_schema()
        else:
            self._create_schema()

    @classmethod
    def open(cls, url: str = DEFAULT_STORE, create: bool = True) -> Store:
        """Open (and with ``create``, create) the store at ``url``."""
        if url.startswith("sqlite://"):
            conn, read_only = _open_sqlite(url, create)
            try:
                return cls(conn, "sqlite", url, read_only)
            except StoreError:
                if create or read_only:
                    raise
                conn.close()  # a store only read from, that cannot be written here: read it read-only
                return cls(_open_sqlite_read_only(url, _sqlite_path(url)), "sqlite", url, True)
        if url.startswith(("postgresql://", "postgres://")):
            return cls(_open_postgres(url), "postgresql", url)
        raise StoreError(
            f"unsupported store URL {_redact(url)!r}; use sqlite:///path.db or postgresql://user:pass@host/db"
        )

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    # -- SQL helpers --------------------------------------------------------
    def sql(self, statement: str) -> str:
        """``?`` placeholders and ``ILIKE`` in the dialect of this store."""
        if self.dialect == "postgresql":
            return statement.replace("?", "%s")
        return statement.replace("ILIKE", "LIKE")

    def query(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cur = self.conn.cursor()
        try:
            cur.execute(self.sql(statement), tuple(params))
            rows: list[tuple[Any, ...]] = [tuple(r) for r in cur.fetchall()]
        finally:
            cur.close()
        self._end_read()
        return rows

    def stream(self, statement: str, params: Sequence[Any] = (), size: int = 500) -> Iterator[tuple[Any, ...]]:
        """Rows of a query fetched ``size`` at a time (a server-side cursor on PostgreSQL)."""
        if self.dialect == "postgresql":
            cur = self.conn.cursor(name=f"unspin_stream_{self._streaming}")
            cur.itersize = size
        else:
            cur = self.conn.cursor()
        self._streaming += 1
        try:
            cur.execute(self.sql(statement), tuple(params))
            while batch := cur.fetchmany(size):
                yield from (tuple(r) for r in batch)
        finally:
            cur.close()
            self._streaming -= 1
            self._end_read()

    def _end_read(self) -> None:
        # psycopg opens a transaction even for SELECT; end it so the connection is not left idle in
        # one, unless a server-side cursor (which lives in that transaction) is still being read.
        if self.dialect == "postgresql" and not self._streaming:
            self.conn.rollback()

    def _create_schema(self) -> None:
        float_type = "DOUBLE PRECISION" if self.dialect == "postgresql" else "REAL"
        statements = [s.strip() for s in _TABLES.format(float=float_type).split(";") if s.strip()]
        self._write(lambda cur: [cur.execute(s) for s in statements])
        self._write(
            lambda cur: cur.execute(
                self.sql("INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING"),
                ("schema_version", SCHEMA_VERSION),
            )
        )
        self._check_schema()

    def _check_schema(self) -> None:
        try:
            found = self.query("SELECT value FROM meta WHERE name = 'schema_version'")
        except Exception as exc:
            raise StoreError(f"store {self.url!r} is not an unspin store: {type(exc).__name__}: {exc}") from None
        if found and found[0][0] != SCHEMA_VERSION:
            raise StoreError(
                f"store {self.url!r} has schema version {found[0][0]}, this unspin writes {SCHEMA_VERSION}; "
                "use a new store"
            )

    def _write(self, action: Any) -> Any:
        """Run ``action(cursor)`` in one transaction."""
        try:
            if self.dialect == "postgresql":
                with self.conn.transaction(), self.conn.cursor() as cur:
                    return action(cur)
            with self.conn:
                cur = self.conn.cursor()
                try:
                    return action(cur)
                finally:
                    cur.close()
        except StoreError:
            raise
        except Exception as exc:
            raise StoreError(f"writing to store {self.url!r} failed: {type(exc).__name__}: {exc}") from exc

    # -- articles -----------------------------------------------------------
    def done_keys(self, keys: Sequence[str]) -> set[str]:
        """The keys among ``keys`` already stored, as an article or as an error."""
        done: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = list(keys[i : i + 500])
            marks = ", ".join("?" for _ in chunk)
            done.update(r[0] for r in self.query(f"SELECT key FROM articles WHERE key IN ({marks})", chunk))
            done.update(r[0] for r in self.query(f"SELECT key FROM errors WHERE key IN ({marks})", chunk))
        return done

    def write(self, results: Sequence[Result], version: str, now: str) -> WriteCounts:
        """Write a batch of results in one transaction; rows already stored are left alone."""

        def action(cur: Any) -> WriteCounts:
            counts = WriteCounts()
            for result in results:
                if isinstance(result, ErrorRow):
                    inserted = self._insert_error(cur, result, version, now)
                    counts.errors += inserted
                else:
                    inserted = self._insert_article(cur, result, version, now)
                    counts.written += inserted
                counts.duplicates += 1 - inserted
            return counts

        counts: WriteCounts = self._write(action)
        return counts

    def _insert_error(self, cur: Any, row: ErrorRow, version: str, now: str) -> int:
        cur.execute(
            self.sql(
                "INSERT INTO errors (key, record_id, origin, reason, pipeline_version, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING"
            ),
            (row.key, row.record_id, row.origin, row.reason, version, now),
        )
        return 1 if cur.rowcount == 1 else 0

    def _insert_article(self, cur: Any, row: ArticleRow, version: str, now: str) -> int:
        values = (
            row.key, row.record_id, row.content_hash, version, row.outlet, row.published, row.month, row.url,
            row.title, row.words, row.chars, row.flagged_chars, len(row.techniques), len(row.entities),
            len(row.attributions), len(row.claims), json.dumps(row.counts, sort_keys=True), row.text, row.doc_json,
            now,
        )  # fmt: skip
        marks = ", ".join("?" for _ in values)
        cur.execute(
            self.sql(f"INSERT INTO articles ({_ARTICLE_COLUMNS}) VALUES ({marks}) ON CONFLICT DO NOTHING"), values
        )
        if cur.rowcount != 1:
            return 0  # already stored (a duplicate input, or a resumed run): its child rows exist too
        for table, rows in (
            ("techniques", row.techniques),
            ("entities", row.entities),
            ("attributions", row.attributions),
            ("claims", row.claims),
        ):
            if rows:
                columns = _CHILD_TABLES[table]
                marks = ", ".join("?" for _ in columns.split(","))
                cur.executemany(
                    self.sql(f"INSERT INTO {table} ({columns}) VALUES ({marks})"),
                    [(row.key, i, *r) for i, r in enumerate(rows)],
                )
        return 1

    def forget_errors(self, version: str) -> int:
        """Delete the errors recorded by pipeline ``version`` so that a run tries those articles again."""

        def action(cur: Any) -> int:
            cur.execute(self.sql("DELETE FROM errors WHERE pipeline_version = ?"), (version,))
            return int(cur.rowcount)

        deleted: int = self._write(action)
        return deleted

    def content_hashes(self, record_ids: Sequence[str]) -> dict[str, set[str]]:
        """The content hashes stored under each of ``record_ids`` (an id with two is two different texts)."""
        found: dict[str, set[str]] = {}
        for i in range(0, len(record_ids), 500):
            chunk = list(record_ids[i : i + 500])
            marks = ", ".join("?" for _ in chunk)
            statement = f"SELECT record_id, content_hash FROM articles WHERE record_id IN ({marks})"
            for record_id, digest in self.query(statement, chunk):
                found.setdefault(record_id, set()).add(digest)
        return found

    def article_count(self) -> int:
        return int(self.query("SELECT COUNT(*) FROM articles")[0][0])

    def error_count(self) -> int:
        return int(self.query("SELECT COUNT(*) FROM errors")[0][0])


def _open_sqlite(url: str, create: bool) -> tuple[sqlite3.Connection, bool]:
    """The connection, and whether it is read-only (a store only read from, on a read-only file or folder)."""
    path = _sqlite_path(url)
    if not path:
        raise StoreError(f"store URL {url!r} names no file; use sqlite:///path.db")
    if path != ":memory:":
        parent = Path(path).parent
        if not parent.is_dir():
            raise StoreError(f"folder {str(parent)!r} of store {url!r} does not exist")
        if not create and not Path(path).is_file():
            raise StoreError(f"store {url!r} does not exist; fill it with `unspin batch INPUT... --store {url}`")
    if not create and path != ":memory:" and not _writable(Path(path)):
        return _open_sqlite_read_only(url, path), True
    try:
        conn = sqlite3.connect(path, timeout=30)
        # WAL: readers do not block the writer; NORMAL sync keeps every commit through a process kill.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open SQLite store {url!r}: {exc}") from exc
    return conn, False


def _sqlite_path(url: str) -> str:
    return url.removeprefix("sqlite://").removeprefix("/")


def _writable(path: Path) -> bool:
    """Whether SQLite can write the store: the file, and its folder (WAL keeps files beside it)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _open_sqlite_read_only(url: str, path: str) -> sqlite3.Connection:
    """Read-only: ``mode=ro``, else ``immutable=1`` (a read-only folder cannot hold WAL's shared memory)."""
    uri = Path(path).resolve().as_uri()
    for flags in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"{uri}?{flags}", uri=True, timeout=30)
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error:
            continue
    raise StoreError(f"cannot open the read-only SQLite store {url!r}")


def _open_postgres(url: str) -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise StoreError("PostgreSQL stores need psycopg: pip install 'unspin[corpus]'") from exc
    try:
        return psycopg.connect(url, connect_timeout=10)
    except psycopg.Error as exc:  # its message may quote the URL, password included: scrub it
        raise StoreError(f"cannot connect to PostgreSQL store {_redact(url)!r}: {_scrub(str(exc), url)}") from None


def _redact(url: str) -> str:
    """The URL without its password (in the user part or a ``password=`` parameter), for messages."""
    scheme, sep, rest = url.partition("://")
    creds, at, host = rest.rpartition("@")
    if at:
        user = creds.split(":", 1)[0]
        rest = f"{user}:***@{host}"
    return _PASSWORD_PARAM.sub(r"\1***", f"{scheme}{sep}{rest}")


def _scrub(message: str, url: str) -> str:
    """``message`` with every password of ``url`` (and the URL itself) replaced."""
    message = message.replace(url, _redact(url))
    creds = url.partition("://")[2].rpartition("@")[0]
    secrets = [creds.split(":", 1)[1]] if ":" in creds else []
    secrets += [m.group(2) for m in _PASSWORD_PARAM.finditer(url)]
    for secret in secrets:
        if secret:
            message = message.replace(secret, "***")
    return message
