"""``unspin batch``: stream records, skip the done ones, analyse the rest, write in transactions."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from unspin.corpus.engines import make_engine
from unspin.corpus.inputs import BadRecord, Item, Record, iter_inputs
from unspin.corpus.metadata import MetadataTable
from unspin.corpus.store import Store
from unspin.corpus.work import (
    ErrorRow,
    PipelineSpec,
    Result,
    Task,
    article_key,
    bad_record_key,
    content_hash,
    pipeline_version,
)
from unspin.errors import PipelineError, UnspinError

#: How many input items are checked against the store at once.
LOOKUP_CHUNK = 256


@dataclass
class BatchSummary:
    """What a run did; ``seen`` = ``skipped`` + ``written`` + ``errors`` + ``duplicates`` at the end.

    ``pending`` counts results analysed but not yet written (the next transaction's), so
    progress shows from the first article rather than from the first write.
    """

    seen: int = 0
    skipped: int = 0
    written: int = 0
    errors: int = 0
    duplicates: int = 0
    pending: int = 0
    seconds: float = 0.0
    pipeline_version: str = ""
    error_reasons: list[str] = field(default_factory=list)
    #: Record ids met with a text different from the one stored (or seen) under the same id: both are
    #: stored, as two articles, and the run warns (a corpus with reused ids is easy to miscount).
    id_conflicts: int = 0
    id_conflict_examples: list[str] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.skipped + self.written + self.errors + self.duplicates + self.pending

    @property
    def rate(self) -> float:
        processed = self.written + self.errors + self.pending
        return processed / self.seconds if self.seconds > 0 else 0.0


#: Called after every analysed article and every write with the summary so far (progress display).
ProgressFn = Callable[[BatchSummary], None]


class _Writer:
    """Buffers results and writes them ``every`` at a time, each batch in one transaction."""

    def __init__(self, store: Store, summary: BatchSummary, every: int, progress: ProgressFn | None) -> None:
        self.store = store
        self.summary = summary
        self.every = every
        self.progress = progress
        self.buffer: list[Result] = []
        self.started = time.monotonic()

    def add(self, result: Result) -> None:
        self.buffer.append(result)
        if len(self.buffer) >= self.every:
            self.flush()
        else:
            self.summary.pending = len(self.buffer)
            self.summary.seconds = time.monotonic() - self.started
            if self.progress:
                self.progress(self.summary)

    def flush(self) -> None:
        summary = self.summary
        if self.buffer:
            now = datetime.now(UTC).isoformat(timespec="seconds")
            counts = self.store.write(self.buffer, summary.pipeline_version, now)
            summary.written += counts.written
            summary.errors += counts.errors
            summary.duplicates += counts.duplicates
            summary.error_reasons.extend(f"{r.record_id}: {r.reason}" for r in self.buffer if isinstance(r, ErrorRow))
            del summary.error_reasons[:-20]  # keep the latest few for the final message
            self.buffer.clear()
            summary.pending = 0
        summary.seconds = time.monotonic() - self.started
        if self.progress:
            self.progress(summary)


def run_batch(
    inputs: Sequence[str | Path],
    store: Store,
    spec: PipelineSpec,
    *,
    engine: str = "local",
    workers: int = 1,
    ray_address: str | None = None,
    write_every: int = 64,
    retry_errors: bool = False,
    progress: ProgressFn | None = None,
    metadata: MetadataTable | None = None,
) -> BatchSummary:
    """Analyse every input record not yet in ``store``; safe to kill and re-run at any moment.

    Articles that failed before are skipped like finished ones, unless ``retry_errors``.
    ``metadata`` lays each record's row of a metadata file over its own fields.
    """
    version = _version_of(spec, in_worker_processes=engine == "local" and workers > 0)
    summary = BatchSummary(pipeline_version=version)
    if retry_errors:
        store.forget_errors(version)
    writer = _Writer(store, summary, write_every, progress)
    items = iter_inputs(inputs)
    tasks = _pending_tasks(metadata.apply(items) if metadata else items, store, writer)
    runner = make_engine(engine, spec, workers, ray_address)
    try:
        for result in runner.map(tasks):
            writer.add(result)
        writer.flush()
    finally:
        runner.close()
    return summary


def _version_of(spec: PipelineSpec, *, in_worker_processes: bool) -> str:
    """The pipeline's version key; building the pipeline also checks its stages before any worker starts.

    When the work runs in worker processes the pipeline is built in a short-lived process of its own:
    building it imports every stage module (spaCy, numpy: about 60 MB) that the parent, which only
    reads records and writes rows, would otherwise hold for the whole run."""
    if not in_worker_processes:
        return pipeline_version(spec.build())
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        try:
            return pool.submit(_built_version, spec).result()
        except UnspinError:
            raise  # an unknown stage, a bad option: the same error as building it here
        except Exception as exc:  # the pipeline cannot be built in a fresh process: neither can the workers
            raise PipelineError(
                f"worker processes die as they start ({type(exc).__name__}: {exc}); fix that, then re-run to resume"
            ) from exc


def _built_version(spec: PipelineSpec) -> str:
    return pipeline_version(spec.build())


def _pending_tasks(items: Iterable[Item], store: Store, writer: _Writer) -> Iterator[Task]:
    """Tasks for the records not stored yet; unusable items go straight to the writer as errors."""
    summary, version = writer.summary, writer.summary.pipeline_version
    it = iter(items)
    while chunk := list(islice(it, LOOKUP_CHUNK)):
        keyed = [(_key(item, version), item) for item in chunk]
        done = store.done_keys([key for key, _ in keyed])
        summary.seen += len(chunk)
        _note_id_conflicts([item for item in chunk if not isinstance(item, BadRecord)], store, summary)
        for key, item in keyed:
            if key in done:
                summary.skipped += 1
            elif isinstance(item, BadRecord):
                writer.add(ErrorRow(key, item.id, item.origin, item.reason))
            else:
                yield Task(key, item)


def _note_id_conflicts(records: list[Record], store: Store, summary: BatchSummary) -> None:
    """Count records whose id already stands for another text (in the store or earlier in this chunk)."""
    known = store.content_hashes(sorted({r.id for r in records}))
    for record in records:
        digest = content_hash(record)
        hashes = known.setdefault(record.id, set())
        if hashes and digest not in hashes:
            summary.id_conflicts += 1
            if len(summary.id_conflict_examples) < 5:
                summary.id_conflict_examples.append(f"{record.id} ({record.origin})")
        hashes.add(digest)


def _key(item: Item, version: str) -> str:
    return bad_record_key(item, version) if isinstance(item, BadRecord) else article_key(item, version)
