"""``unspin batch INPUT... --store URL``: analyse a corpus into a store, resumably."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from unspin.cli.progress import LOG_EVERY_S, LogLines
from unspin.corpus.batch import BatchSummary, ProgressFn, run_batch
from unspin.corpus.engines import ENGINES
from unspin.corpus.inputs import count_inputs
from unspin.corpus.metadata import MetadataTable
from unspin.corpus.store import DEFAULT_STORE, Store
from unspin.corpus.work import PipelineSpec
from unspin.runtime import cores


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "batch",
        help="analyse a corpus (folders, JSONL, CSV, WARC) into a SQLite or PostgreSQL store",
        description="Analyse every article of the inputs into a store. Re-running skips what is done; "
        "a killed run resumes without losing or duplicating articles.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="folder of .txt/.html files, .jsonl, .csv or .warc(.gz)")
    p.add_argument(
        "--store", default=DEFAULT_STORE, help=f"sqlite:///path.db or postgresql://... (default {DEFAULT_STORE})"
    )
    p.add_argument(
        "--metadata",
        metavar="CSV",
        type=Path,
        help="CSV of record metadata: a 'file' or 'id' column naming each record, and any of outlet, "
        "published (ISO 8601), url, title, authors (';'-separated); its values win over the records' own",
    )
    p.add_argument("--engine", choices=ENGINES, default="local", help="worker processes (local) or Ray actors (ray)")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        help=f"worker processes or actors; 0 runs in this process (default: one a core, at most {MAX_DEFAULT_WORKERS})",
    )
    p.add_argument("--ray-address", help="address of a running Ray cluster (default: start a local one)")
    p.add_argument("--until", metavar="STAGE", help="stop the pipeline after this stage")
    p.add_argument("--stages", help="comma-separated explicit stage list instead of the default pipeline")
    p.add_argument(
        "--plugin", action="append", default=[], metavar="MODULE", help="import MODULE first (it registers stages)"
    )
    p.add_argument("--retry-errors", action="store_true", help="try again the articles that failed before")
    p.add_argument("--write-every", type=int, default=64, help="articles per write transaction (default 64)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    spec = PipelineSpec(
        stages=tuple(s.strip() for s in args.stages.split(",") if s.strip()) if args.stages else None,
        until=args.until,
        modules=tuple(args.plugin),
    )
    args.metadata_table = MetadataTable.read(args.metadata) if args.metadata else None  # checked before any work
    with Store.open(args.store) as store:
        summary = _run_with_bar(args, store, spec) if sys.stderr.isatty() else _run(args, store, spec, _log_lines())
    print(
        f"{summary.seen} records: {summary.written} analysed, {summary.skipped} already done, "
        f"{summary.errors} errors, {summary.duplicates} duplicates in {summary.seconds:.1f} s "
        f"({summary.rate:.1f} articles/s) into {store.url}"
    )
    for reason in summary.error_reasons[-5:]:
        print(f"  error: {reason}", file=sys.stderr)
    if summary.id_conflicts:
        examples = ", ".join(summary.id_conflict_examples)
        print(
            f"unspin: warning: {summary.id_conflicts} record(s) reuse an id already standing for another text "
            f"(e.g. {examples}); each text was stored as its own article",
            file=sys.stderr,
        )
    for warning in args.metadata_table.warnings() if args.metadata_table else []:
        print(f"unspin: warning: {warning}", file=sys.stderr)
    return 0


#: Each worker holds its own spaCy and ONNX models (about 550 MB): the default stops here on big machines.
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """One worker a core, at most MAX_DEFAULT_WORKERS.  A worker's technique encoder runs beside its
    parse (:func:`unspin.pipeline.start_prefetch`), so one worker already keeps two cores busy, but a
    second still adds: on 2 idle cores (benchmarks/bench_ratio.py --batch-n 100 --batch-rounds 2)
    one worker did 7.3-7.4 articles/s with a 0.54 GB process tree, two 8.7 with 0.96-0.98 GB."""
    return min(cores(), MAX_DEFAULT_WORKERS)


def _run(args: argparse.Namespace, store: Store, spec: PipelineSpec, progress: ProgressFn) -> BatchSummary:
    return run_batch(
        args.inputs,
        store,
        spec,
        engine=args.engine,
        workers=default_workers() if args.workers is None else args.workers,
        ray_address=args.ray_address,
        write_every=args.write_every,
        retry_errors=args.retry_errors,
        progress=progress,
        metadata=args.metadata_table,
    )


def _log_lines() -> ProgressFn:
    """A line after the first article (docs/corpus.md promises one every 10 s), then every LOG_EVERY_S."""
    log = LogLines(sys.stderr, every=LOG_EVERY_S)

    def line(summary: BatchSummary) -> str:
        return (
            f"unspin batch: {summary.done} done ({summary.written} analysed, {summary.errors} errors, "
            f"{summary.skipped} skipped), {summary.rate:.1f} articles/s"
        )

    return lambda summary: log(lambda: line(summary))


def _run_with_bar(args: argparse.Namespace, store: Store, spec: PipelineSpec) -> BatchSummary:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    total = count_inputs(args.inputs)
    columns = (
        TextColumn("[bold]unspin batch"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} art/s, {task.fields[errors]} errors"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=False, console=Console(stderr=True)) as bar:  # stdout gets the summary
        task = bar.add_task("batch", total=total, rate=0.0, errors=0)

        def update(summary: BatchSummary) -> None:
            bar.update(task, completed=summary.done, rate=summary.rate, errors=summary.errors)

        return _run(args, store, spec, update)
