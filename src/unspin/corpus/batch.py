"""``unspin batch``: stream records, skip the done ones, analyse the rest, write in transactions."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

from unspin.corpus.engines import make_engine
from unspin.corpus.inputs import BadRecord, Item, iter_inputs
from unspin.corpus.store import Store
from unspin.corpus.work import ErrorRow, PipelineSpec, Result, Task, article_key, bad_record_key, pipeline_version

#: How many input items are checked against the store at once.
LOOKUP_CHUNK = 256


@dataclass
class BatchSummary:
    """What a run did; ``seen`` = ``skipped`` + ``written`` + ``errors`` + ``duplicates``."""

    seen: int = 0
    skipped: int = 0
    written: int = 0
    errors: int = 0
    duplicates: int = 0
    seconds: float = 0.0
    pipeline_version: str = ""
    error_reasons: list[str] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.skipped + self.written + self.errors + self.duplicates

    @property
    def rate(self) -> float:
        processed = self.written + self.errors
        return processed / self.seconds if self.seconds > 0 else 0.0


#: Called after every write with the summary so far (progress display).
ProgressFn = Callable[[BatchSummary], None]


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
) -> BatchSummary:
    """Analyse every input record not yet in ``store``; safe to kill and re-run at any moment.

    Articles that failed before are skipped like finished ones, unless ``retry_errors``.
    """
    version = pipeline_version(spec.build())  # also checks the stages before any worker starts
    summary = BatchSummary(pipeline_version=version)
    if retry_errors:
        store.forget_errors(version)
    started = time.monotonic()
    bad: list[Result] = []
    tasks = _pending_tasks(iter_inputs(inputs), store, version, summary, bad)
    runner = make_engine(engine, spec, workers, ray_address)
    buffer: list[Result] = []
    try:
        for result in runner.map(tasks):
            buffer.append(result)
            if len(buffer) + len(bad) >= write_every:
                _flush(store, buffer, bad, version, summary, started, progress)
        _flush(store, buffer, bad, version, summary, started, progress)
    finally:
        runner.close()
    return summary


def _pending_tasks(
    items: Iterable[Item], store: Store, version: str, summary: BatchSummary, bad: list[Result]
) -> Iterator[Task]:
    """Tasks for the records not stored yet; unusable items go to ``bad`` for the writer."""
    it = iter(items)
    while chunk := list(islice(it, LOOKUP_CHUNK)):
        keyed = [(_key(item, version), item) for item in chunk]
        done = store.done_keys([key for key, _ in keyed])
        summary.seen += len(chunk)
        for key, item in keyed:
            if key in done:
                summary.skipped += 1
            elif isinstance(item, BadRecord):
                bad.append(ErrorRow(key, item.id, item.origin, item.reason))
            else:
                yield Task(key, item)


def _key(item: Item, version: str) -> str:
    return bad_record_key(item, version) if isinstance(item, BadRecord) else article_key(item, version)


def _flush(
    store: Store,
    buffer: list[Result],
    bad: list[Result],
    version: str,
    summary: BatchSummary,
    started: float,
    progress: ProgressFn | None,
) -> None:
    rows = bad + buffer
    if rows:
        counts = store.write(rows, version, datetime.now(UTC).isoformat(timespec="seconds"))
        summary.written += counts.written
        summary.errors += counts.errors
        summary.duplicates += counts.duplicates
        summary.error_reasons.extend(f"{r.record_id}: {r.reason}" for r in rows if isinstance(r, ErrorRow))
        del summary.error_reasons[:-20]  # keep the latest few for the final message
    buffer.clear()
    bad.clear()
    summary.seconds = time.monotonic() - started
    if progress:
        progress(summary)
