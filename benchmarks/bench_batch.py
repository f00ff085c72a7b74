"""Benchmark ``unspin batch``: articles/s with 1 and 2 local workers and with Ray, memory, resume overhead.

The corpus repeats the PTC articles of ../shared/data/ptc to ``--n`` JSONL records;
each copy gets its own URL, so every record is a distinct article to the store
while the text (and so the work) stays real.  The JSONL lives in a temporary
folder and is deleted afterwards (the articles are third-party text).

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_batch.py --n 10000
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_batch.py --n 200 --until entities --append docs/benchmarks.md

Memory is the resident set of this process plus its worker processes (and Ray's
worker processes for the ray run), sampled after every write.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from unspin.corpus.batch import BatchSummary, run_batch
from unspin.corpus.store import Store
from unspin.corpus.work import PipelineSpec

ROOT = Path(__file__).resolve().parents[1]
PTC = ROOT.parent / "shared" / "data" / "ptc"


@dataclass
class Run:
    name: str
    summary: BatchSummary
    samples: list[tuple[int, float, float]] = field(default_factory=list)  # (done, seconds, rss MiB)
    cpu_seconds: float = 0.0  # this process and its reaped worker processes (Ray's workers are not counted)
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average at the start and the end

    @property
    def cpu_per_article(self) -> float:
        return self.cpu_seconds / self.summary.written if self.summary.written else 0.0

    @property
    def steady_rate(self) -> float:
        """Articles/s after the first 10% of the run (worker start-up and model loading excluded)."""
        total = self.summary.done
        later = [(d, t) for d, t, _ in self.samples if d >= total * 0.1]
        if len(later) < 2 or later[-1][1] <= later[0][1]:
            return self.summary.rate
        return (later[-1][0] - later[0][0]) / (later[-1][1] - later[0][1])

    def rss(self, first: float, last: float) -> float:
        """Peak RSS (MiB) over the part of the run between fractions ``first`` and ``last``."""
        total = self.summary.done or 1
        values = [m for d, _, m in self.samples if first * total <= d <= last * total]
        return max(values, default=0.0)


def build_corpus(path: Path, n: int) -> None:
    articles = sorted((PTC / "train-articles").glob("*.txt")) + sorted((PTC / "dev-articles").glob("*.txt"))
    if not articles:
        raise SystemExit(f"no PTC articles under {PTC}")
    texts = [a.read_text(encoding="utf-8") for a in articles]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            record = {
                "id": f"bench-{i}",
                "text": texts[i % len(texts)],
                "outlet": f"outlet-{i % 7}",
                "published": f"20{18 + i % 3}-{1 + i % 12:02d}-01",
                "url": f"https://bench.example/{i}",
            }
            fh.write(json.dumps(record) + "\n")


def tree_rss_mib(root_pid: int) -> float:
    """Resident memory of ``root_pid`` and all its descendants (worker processes; Ray's raylet,
    GCS and actors, which the driver starts), from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(stat.rsplit(")", 1)[1].split()[1])
        rss[pid] = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    total = 0
    for pid in rss:
        p, seen = pid, 0
        while p not in (0, 1, root_pid) and seen < 64:
            p, seen = parents.get(p, 0), seen + 1
        if p == root_pid:
            total += rss[pid]
    return total / 1024


def run_once(
    name: str, corpus: Path, store_url: str, spec: PipelineSpec, engine: str, workers: int, write_every: int
) -> Run:
    run = Run(name, BatchSummary())
    load_before = os.getloadavg()[0]
    cpu_before = _cpu_seconds()
    started = time.monotonic()

    def sample(summary: BatchSummary) -> None:
        run.samples.append((summary.done, time.monotonic() - started, tree_rss_mib(os.getpid())))

    with Store.open(store_url) as store:
        run.summary = run_batch(
            [corpus], store, spec, engine=engine, workers=workers, write_every=write_every, progress=sample
        )
    run.cpu_seconds = _cpu_seconds() - cpu_before
    run.load = (load_before, os.getloadavg()[0])
    s = run.summary
    print(
        f"{name}: {s.written} analysed, {s.errors} errors, {s.skipped} skipped in {s.seconds:.1f} s = "
        f"{s.rate:.2f} articles/s (steady {run.steady_rate:.2f}); peak RSS {run.rss(0, 1):.0f} MiB; "
        f"CPU {1000 * run.cpu_per_article:.1f} ms/article; load {run.load[0]:.1f} -> {run.load[1]:.1f}",
        flush=True,
    )
    return run


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _cpu_cell(run: Run) -> str:
    if run.name.startswith("ray"):
        return "n/a (Ray workers)"
    return f"{1000 * run.cpu_per_article:.1f}" if run.summary.written else "-"


def markdown(args: argparse.Namespace, runs: list[Run], stages: list[str]) -> str:
    by = {r.name: r for r in runs}
    lines = [
        "",
        "## Corpus batch (`unspin batch`)",
        "",
        f"Machine: {os.cpu_count()} CPU cores shared with other jobs, no GPU, {platform.python_implementation()} "
        f"{platform.python_version()}; {time.strftime('%Y-%m-%d')}. Pipeline: {' -> '.join(stages)}.",
        f"Corpus: {args.n} JSONL records repeating the PTC train+dev articles; store SQLite.",
        "",
        f"Command: `{''.join(_environment())}.venv/bin/python benchmarks/bench_batch.py {' '.join(sys.argv[1:])}`",
        "",
        "| run | articles | seconds | articles/s (overall) | articles/s (after first 10%) | peak RSS MiB "
        "| CPU ms/article (this process + workers) | load avg start -> end |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        s = r.summary
        lines.append(
            f"| {r.name} | {s.written + s.skipped} | {s.seconds:.1f} | {s.rate:.2f} | {r.steady_rate:.2f} "
            f"| {r.rss(0, 1):.0f} | {_cpu_cell(r)} | {r.load[0]:.1f} -> {r.load[1]:.1f} |"
        )
    one, two = by.get("local, 1 worker"), by.get("local, 2 workers")
    if one and two and one.steady_rate:
        lines.append("")
        lines.append(
            f"Scaling 1 -> 2 workers: {two.steady_rate / one.steady_rate:.2f}x on steady rates, "
            f"{two.summary.rate / one.summary.rate:.2f}x overall (target 1.8x)."
        )
    if two:
        quarters = ", ".join(f"{two.rss(q / 4, (q + 1) / 4):.0f}" for q in range(4))
        lines.append(
            f"Memory, 2 workers: peak {two.rss(0, 0.5):.0f} MiB over the first half of the run, "
            f"{two.rss(0.5, 1):.0f} MiB over the second half (by quarter: {quarters} MiB)."
        )
    resume = by.get("resume (re-run over the finished store)")
    if resume:
        lines.append(
            f"Resume overhead: re-running over the finished {args.n}-article store took "
            f"{resume.summary.seconds:.2f} s ({resume.summary.skipped} skipped, nothing analysed)."
        )
    return "\n".join(lines) + "\n"


def _environment() -> list[str]:
    """The variables that change what the run measures, as a command prefix."""
    names = ("HF_HUB_OFFLINE", "UNSPIN_MODEL_THREADS")
    return [f"{name}={os.environ[name]} " for name in names if name in os.environ]


PLAN = [
    ("local, 1 worker", "local", 1, "one"),
    ("local, 2 workers", "local", 2, "two"),
    ("ray, 2 actors", "ray", 2, "ray"),
    ("resume (re-run over the finished store)", "local", 2, "resume"),
]


def _chosen_runs(args: argparse.Namespace) -> set[str]:
    chosen = {name.strip() for name in args.runs.split(",") if name.strip()}
    unknown = chosen - {run[3] for run in PLAN}
    if unknown:
        raise SystemExit(f"bench_batch: unknown run(s) {sorted(unknown)}; choose from one,two,ray,resume")
    if args.skip_one_worker:
        chosen.discard("one")
    if args.no_ray:
        chosen.discard("ray")
    return chosen


def _store_of(run_key: str) -> str:
    return "two" if run_key == "resume" else run_key


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="records in the corpus (default 10,000)")
    parser.add_argument("--until", help="stop the pipeline after this stage (default: the full pipeline)")
    parser.add_argument("--no-ray", action="store_true", help="skip the ray engine run")
    parser.add_argument(
        "--skip-one-worker", action="store_true", help="skip the 1-worker run (a long 2-worker run for memory)"
    )
    parser.add_argument(
        "--runs",
        default="one,two,ray,resume",
        help="which runs, comma-separated, from one,two,ray,resume (resume re-runs over the 2-worker store)",
    )
    parser.add_argument(
        "--technique-model-dir", help="run this technique model folder instead of the shipped one (Config option)"
    )
    parser.add_argument("--write-every", type=int, default=8, help="articles per transaction (and per memory sample)")
    parser.add_argument("--append", type=Path, help="append the markdown section to this file")
    args = parser.parse_args()
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    options = (("technique_model_dir", args.technique_model_dir),) if args.technique_model_dir else ()
    spec = PipelineSpec(until=args.until, options=options)
    stages = spec.build().names
    folder = Path(tempfile.mkdtemp(prefix="unspin-bench-"))
    try:
        corpus = folder / "corpus.jsonl"
        build_corpus(corpus, args.n)
        chosen = _chosen_runs(args)
        plan = [run for run in PLAN if run[3] in chosen]
        runs = [
            # resume re-runs over the 2-worker store, so it needs "two" earlier in the same call
            run_once(name, corpus, f"sqlite:///{folder}/{_store_of(key)}.db", spec, engine, workers, args.write_every)
            for name, engine, workers, key in plan
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    section = markdown(args, runs, stages)
    print(section)
    if args.append:
        with args.append.open("a", encoding="utf-8") as fh:
            fh.write(section)


if __name__ == "__main__":
    main()
