"""``unspin batch --metadata meta.csv``: outlet, date, URL, title and authors for the records of a corpus.

A folder of plain-text files carries no metadata of its own, so the cleaner can only guess the outlet
and date from page furniture.  A metadata CSV names each record by ``file`` (its path under the
folder given to ``unspin batch``, as the batch records it) or by ``id`` (a JSONL/CSV record's id,
a WARC record's id, or the same path for a file) and gives any of ``outlet``, ``published``,
``url``, ``title`` and ``authors`` (``;``-separated).  The whole file is read and checked before
anything is analysed: an unknown column, a date that is not ISO 8601, a URL that is not http(s)
or a record named twice is a :class:`~unspin.errors.ConfigError` naming the row.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from unspin.corpus.inputs import BadRecord, Item, Record
from unspin.errors import ConfigError

KEY_COLUMNS = ("file", "id")
VALUE_COLUMNS = ("outlet", "published", "url", "title", "authors")
#: How many unmatched names a warning lists before "and N more".
SHOWN_NAMES = 5


@dataclass(frozen=True)
class RecordMetadata:
    """The metadata one row gives a record (``None``/empty: the row leaves that field alone)."""

    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()


@dataclass
class MetadataTable:
    """The rows of a metadata file by record name, and which of them matched an input."""

    path: Path
    key_column: str
    rows: dict[str, RecordMetadata]
    matched: set[str] = field(default_factory=set)
    records_without_row: int = 0

    @classmethod
    def read(cls, path: str | Path) -> MetadataTable:
        """Read and check the whole file; :class:`ConfigError` on the first problem, naming its row."""
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"--metadata {str(path)!r} is not a file; give a CSV with a 'file' or 'id' column")
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                return cls._parse(path, csv.DictReader(fh))
        except UnicodeDecodeError as exc:
            raise ConfigError(f"--metadata {str(path)!r} is not UTF-8 text: {exc.reason}") from None
        except csv.Error as exc:
            raise ConfigError(f"--metadata {str(path)!r} is not valid CSV: {exc}") from None

    @classmethod
    def _parse(cls, path: Path, reader: csv.DictReader[str]) -> MetadataTable:
        columns = [c.strip() for c in reader.fieldnames or []]
        unknown = [c for c in columns if c not in KEY_COLUMNS + VALUE_COLUMNS]
        if unknown:
            raise ConfigError(
                f"{path}: unknown column(s) {', '.join(repr(c) for c in unknown)}; "
                f"the columns are 'file' or 'id', and any of {', '.join(VALUE_COLUMNS)}"
            )
        keys = [c for c in KEY_COLUMNS if c in columns]
        if len(keys) != 1:
            found = "both" if keys else "neither"
            raise ConfigError(f"{path}: needs exactly one of the columns 'file' or 'id' to name each record ({found})")
        key_column = keys[0]
        rows: dict[str, RecordMetadata] = {}
        for line, raw in _rows(reader, columns, path):
            where = f"{path}:{line}"
            name = normalise_name(raw.get(key_column, ""))
            if not name:
                raise ConfigError(f"{where}: the {key_column!r} cell is empty")
            if name in rows:
                raise ConfigError(f"{where}: {key_column} {name!r} has a row already; give each record one row")
            rows[name] = _row_metadata(raw, where)
        return cls(path, key_column, rows)

    def apply(self, items: Iterable[Item]) -> Iterator[Item]:
        """``items`` with each record's metadata row laid over its own fields (the row wins)."""
        own_file = self.path.resolve()
        for item in items:
            if self.path.name in item.origin and Path(item.origin.split(":row ")[0]).resolve() == own_file:
                continue  # the metadata file kept inside the corpus folder is no corpus CSV
            if isinstance(item, BadRecord):
                yield item
                continue
            name = self._name_of(item)
            meta = self.rows.get(name) if name is not None else None
            if meta is None:
                self.records_without_row += 1
                yield item
                continue
            assert name is not None
            self.matched.add(name)
            yield replace(
                item,
                outlet=meta.outlet or item.outlet,
                published=meta.published or item.published,
                url=meta.url or item.url,
                title=meta.title or item.title,
                authors=meta.authors or item.authors,
            )

    def _name_of(self, record: Record) -> str | None:
        if self.key_column == "file" and record.kind not in ("text", "html"):
            return None
        name = normalise_name(record.id)
        if name in self.rows:
            return name
        # A file given to ``unspin batch`` by itself is named by its path as given.
        origin = normalise_name(record.origin)
        return origin if origin in self.rows else name

    def unmatched(self) -> list[str]:
        """Names of the rows that no input record carried, in file order."""
        return [name for name in self.rows if name not in self.matched]

    def warnings(self) -> list[str]:
        """What a user should know after the run: rows naming no input, inputs with no row."""
        out = []
        unmatched = self.unmatched()
        if unmatched:
            listed = ", ".join(repr(n) for n in unmatched[:SHOWN_NAMES])
            more = f" and {len(unmatched) - SHOWN_NAMES} more" if len(unmatched) > SHOWN_NAMES else ""
            out.append(
                f"{self.path}: {len(unmatched)} of {len(self.rows)} rows name no input record ({listed}{more}); "
                f"the {self.key_column!r} column must match the record ids `unspin batch` reports"
            )
        if self.records_without_row:
            out.append(f"{self.path}: {self.records_without_row} input records have no row")
        return out


def normalise_name(value: str) -> str:
    """A file name as the batch records it: forward slashes, no leading ``./``, no surrounding spaces."""
    name = value.strip().replace("\\", "/")
    while name.startswith("./"):
        name = name[2:]
    return name


def _rows(reader: csv.DictReader[str], columns: list[str], path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    for row in reader:
        if None in row:
            raise ConfigError(f"{path}:{reader.line_num}: the row has more cells than the header has columns")
        cells = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        if any(cells.values()):
            yield reader.line_num, {c: cells.get(c, "") for c in columns}


def _row_metadata(raw: dict[str, str], where: str) -> RecordMetadata:
    url = raw.get("url") or None
    if url is not None and not url.lower().startswith(("http://", "https://")):
        raise ConfigError(f"{where}: url {url!r} is not an http(s) URL")
    authors = tuple(a.strip() for a in (raw.get("authors") or "").split(";") if a.strip())
    return RecordMetadata(
        outlet=raw.get("outlet") or None,
        published=parse_published(raw.get("published") or "", where),
        url=url,
        title=raw.get("title") or None,
        authors=authors,
    )


def parse_published(value: str, where: str) -> str | None:
    """An ISO 8601 date or date-time, as ISO 8601 (``None`` when empty); :class:`ConfigError` otherwise."""
    if not value:
        return None
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        raise ConfigError(
            f"{where}: published {value!r} is not an ISO 8601 date; write 2024-03-05 or 2024-03-05T09:30:00+01:00"
        ) from None
