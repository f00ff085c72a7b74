"""The function every engine runs: one record in, the rows to store out.

It lives in its own module so worker processes and Ray actors import the same
code; each builds its pipeline once (models load once per process) and then turns
records into :class:`ArticleRow` or :class:`ErrorRow` values, which are plain,
picklable data.  Flattening happens here, in the workers, so the writer only writes.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast
from urllib.parse import urlsplit

from unspin import __version__
from unspin.config import Config
from unspin.corpus.inputs import BadRecord, Record
from unspin.document import Document, Source, Span, covered_chars
from unspin.pipeline import Pipeline

#: Bump when the rows written for an article change shape or meaning.
ROWS_VERSION = "2"


@dataclass(frozen=True)
class PipelineSpec:
    """What to run, in a form that can be sent to another process.

    ``stages`` names an explicit stage list; otherwise the default pipeline runs,
    stopping after ``until``.  ``modules`` are imported first: plugins that register
    extra stages.  ``options`` build the :class:`~unspin.config.Config`.
    """

    stages: tuple[str, ...] | None = None
    until: str | None = None
    modules: tuple[str, ...] = ()
    options: tuple[tuple[str, Any], ...] = ()

    def build(self) -> Pipeline:
        for module in self.modules:
            importlib.import_module(module)
        config = Config.from_options(**dict(self.options))
        if self.stages is not None:
            return Pipeline(list(self.stages), config)
        return Pipeline.default(config, until=self.until)


def pipeline_version(pipeline: Pipeline) -> str:
    """unspin's version, the stages run and each stage module's ``MODEL_VERSION`` (when it has one)."""
    parts = [f"unspin={__version__}", f"rows={ROWS_VERSION}"]
    for stage in pipeline.stages:
        module = sys.modules.get(stage.fn.__module__)
        model = getattr(module, "MODEL_VERSION", "") if module else ""
        parts.append(f"{stage.name}={model}" if model else stage.name)
    config = pipeline.config.model_dump(mode="json", exclude_defaults=True)
    if config:
        parts.append("config=" + json.dumps(config, sort_keys=True))
    return ";".join(parts)


def content_hash(record: Record) -> str:
    return hashlib.sha256(record.content.encode("utf-8", "surrogatepass")).hexdigest()


def article_key(record: Record, version: str) -> str:
    """sha256 of the content plus the pipeline version.

    The outlet and URL are hashed too: one syndicated text published by two outlets
    is two articles of the corpus (that is how claims are seen to travel).
    """
    material = "\x00".join((version, record.outlet or "", record.url or "", content_hash(record)))
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


def bad_record_key(bad: BadRecord, version: str) -> str:
    material = "\x00".join((version, "bad", bad.origin))
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Task:
    key: str
    record: Record


@dataclass
class ArticleRow:
    """Everything stored for one analysed article."""

    key: str
    record_id: str
    content_hash: str
    outlet: str | None
    published: str | None
    month: str | None
    url: str | None
    title: str | None
    words: int
    chars: int
    flagged_chars: int
    counts: dict[str, int]
    text: str
    doc_json: str
    techniques: list[tuple[Any, ...]] = field(default_factory=list)
    entities: list[tuple[Any, ...]] = field(default_factory=list)
    attributions: list[tuple[Any, ...]] = field(default_factory=list)
    claims: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass
class ErrorRow:
    """An article (or input item) that could not be analysed, and why."""

    key: str
    record_id: str
    origin: str
    reason: str


Result = ArticleRow | ErrorRow

_PIPELINE: Pipeline | None = None


def init_worker(spec: PipelineSpec) -> None:
    """Build this process's pipeline once (engines call it when a worker starts)."""
    global _PIPELINE
    _PIPELINE = spec.build()


def process_chunk(tasks: list[Task]) -> list[Result]:
    """Analyse a chunk of records, parsing their clean texts with spaCy in one batch (less CPU than
    one parse per article, :meth:`Pipeline.run_many`); each record's failure is its own :class:`ErrorRow`."""
    if _PIPELINE is None:
        raise RuntimeError("init_worker was not called in this process")
    pipeline = _PIPELINE
    read: list[Document | ErrorRow] = []
    for task in tasks:
        try:
            read.append(read_record(task.record, pipeline.config))
        except Exception as exc:  # a bad article must not stop the batch
            read.append(error_row(task, exc))
    analysed = iter(pipeline.run_many([doc for doc in read if isinstance(doc, Document)]))
    results: list[Result] = []
    for task, item in zip(tasks, read, strict=True):
        if isinstance(item, ErrorRow):
            results.append(item)
            continue
        doc = next(analysed)
        try:
            if isinstance(doc, Exception):
                raise doc
            results.append(article_row(task.key, task.record, doc))
        except Exception as exc:
            results.append(error_row(task, exc))
    return results


def error_row(task: Task, exc: Exception) -> ErrorRow:
    reason = f"{type(exc).__name__}: {exc}"
    return ErrorRow(task.key, task.record.id, task.record.origin, reason[:2000])


def process_task(task: Task, pipeline: Pipeline) -> Result:
    """Analyse one record; any exception becomes an :class:`ErrorRow` so the batch goes on."""
    try:
        return article_row(task.key, task.record, pipeline(read_record(task.record, pipeline.config)))
    except Exception as exc:  # a bad article must not stop the batch
        return error_row(task, exc)


def read_record(record: Record, config: Config) -> Document:
    """The records reader of ``unspin.readers`` when present, else a plain document of the content."""
    try:
        from unspin.readers.records import record_to_document
    except ImportError:
        doc = Document(record.content, Source(kind="record", name=record.id, url=record.url))
    else:
        row = {"id": record.id, record.kind: record.content}
        row.update({k: v for k in ("url", "outlet", "published") if (v := getattr(record, k))})
        doc = record_to_document(row, config, where=record.origin)
    if record.authors:  # before the stages: claims without a quoted source stand on the authors
        doc.metadata["authors"] = list(record.authors)
    return doc


def article_row(key: str, record: Record, doc: Document) -> ArticleRow:
    # The record's own fields (a dataset's columns, a --metadata row) win over what the cleaner found.
    # The title is laid over only now: set before the stages, it would stop the first paragraph of a
    # text that does not repeat it from being recognised as its headline.
    for name in ("outlet", "published", "url", "title"):
        value = getattr(record, name)
        if value:
            doc.metadata[name] = value
    if record.authors:
        doc.metadata["authors"] = list(record.authors)
    outlet = _str_or_none(doc.metadata.get("outlet")) or _host(doc.metadata.get("url"))
    published = _str_or_none(doc.metadata.get("published"))
    return ArticleRow(
        key=key,
        record_id=record.id,
        content_hash=content_hash(record),
        outlet=outlet,
        published=published,
        month=month_of(published),
        url=_str_or_none(doc.metadata.get("url")),
        title=_str_or_none(doc.metadata.get("title")),
        words=_summary_words(doc),
        chars=len(doc.text),
        flagged_chars=covered_chars(doc.layer("techniques")),
        counts={name: len(spans) for name, spans in sorted(doc.layers.items()) if name != "tokens"},
        text=doc.text,
        doc_json=json.dumps(document_json(doc), ensure_ascii=False, sort_keys=True),
        techniques=[_technique(doc, s) for s in doc.layer("techniques")],
        entities=[_entity(doc, s) for s in doc.layer("entities")],
        attributions=attribution_rows(doc),
        claims=[_claim(doc, s) for s in doc.layer("claims") if s.attrs.get("listed", True)],  # the listed ones
    )


def _summary_words(doc: Document) -> int:
    """The summary stage's word count (the one every report shows), computed alike when it did not run."""
    from unspin.stages.summary import summary_of

    return int(summary_of(doc)["words"])


def document_json(doc: Document) -> dict[str, Any]:
    """The JSON renderer's output when that module exists, else the same fields built here."""
    render = _json_renderer()
    if render is None:
        return _fallback_json(doc)
    out: dict[str, Any] = render(doc)
    return out


@functools.cache
def _json_renderer() -> Callable[[Document], dict[str, Any]] | None:
    for name in ("unspin.render.jsondoc", "unspin.render.json", "unspin.render"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        render = getattr(module, "document_to_json", None)
        if callable(render):
            return cast(Callable[[Document], dict[str, Any]], render)
    return None


def _fallback_json(doc: Document) -> dict[str, Any]:
    layers: dict[str, list[dict[str, Any]]] = {}
    for name, spans in doc.layers.items():
        if name == "tokens":
            continue
        layers[name] = []
        for span in spans:
            item = span.to_json()
            item["raw_start"], item["raw_end"] = doc.raw_span(span)
            layers[name].append(item)
    metadata = dict(doc.metadata)
    metadata["removed"] = [r.to_json() for r in doc.removed]
    return {
        "schema_version": "1.0",
        "source": doc.source.to_json(),
        "metadata": metadata,
        "text": doc.text,
        "layers": layers,
        "summary": doc.summary,
    }


def month_of(published: str | None) -> str | None:
    """``YYYY-MM`` of an ISO 8601 date, or None when it does not parse."""
    if not published:
        return None
    try:
        return datetime.fromisoformat(published.replace("Z", "+00:00")).strftime("%Y-%m")
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})", published)
        return f"{match.group(1)}-{match.group(2)}" if match else None


def normalise_claim(text: str) -> str:
    """Lower case, letters and digits only, single spaces: the form claims are compared in."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _technique(doc: Document, span: Span) -> tuple[Any, ...]:
    return (span.start, span.end, span.label, span.score, doc.span_text(span)[:500])


def _entity(doc: Document, span: Span) -> tuple[Any, ...]:
    canonical = _str_or_none(span.attrs.get("canonical")) or doc.span_text(span)
    return (span.start, span.end, span.label, doc.span_text(span)[:300], canonical[:300])


def _claim(doc: Document, span: Span) -> tuple[Any, ...]:
    text = doc.span_text(span)
    attrs = span.attrs
    return (
        span.start,
        span.end,
        text[:2000],
        normalise_claim(text)[:2000],
        span.score,
        _str_or_none(attrs.get("stance")),
        _str_or_none(attrs.get("source")),
        attrs.get("rank") if isinstance(attrs.get("rank"), int) else None,
    )


def attribution_rows(doc: Document) -> list[tuple[Any, ...]]:
    """One row per attribution id: (id, source text, resolved source, kind, stance, cue, content)."""
    by_id: dict[str, dict[str, Any]] = {}
    for span in doc.layer("attributions"):
        attr_id = str(span.attrs.get("id", f"{span.start}"))
        entry = by_id.setdefault(attr_id, {"start": span.start})
        entry[span.label] = doc.span_text(span)[:1000]
        for name in ("kind", "stance", "resolved"):
            if span.attrs.get(name) is not None:
                entry.setdefault(name, str(span.attrs[name]))
    rows = []
    for attr_id, e in sorted(by_id.items(), key=lambda item: (item[1]["start"], item[0])):
        # resolved stays null when the stage could not name the source ("I", "they", "who").
        row = (
            attr_id,
            e.get("source"),
            e.get("resolved"),
            e.get("kind"),
            e.get("stance"),
            e.get("cue"),
            e.get("content"),
        )
        rows.append(row)
    return rows


def _str_or_none(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, str) else str(value)


def _host(url: Any) -> str | None:
    if not isinstance(url, str) or not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None
