"""Articles per second and peak memory of ``unspin.analyze`` up to a stage (default ``entities``).

    .venv/bin/python benchmarks/bench_analyze.py                       # PTC dev, until entities
    .venv/bin/python benchmarks/bench_analyze.py --until clean --repeat 5

Reads every article through the public API (file read, decode, every stage up to
``--until``), after one warm-up article that loads the models; the warm-up is
reported on its own.  Prints a Markdown section for docs/benchmarks.md.  Skips
with a message when the article folder (../shared by default) is absent.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

from unspin.config import Config
from unspin.pipeline import Pipeline
from unspin.readers import read_source

DEFAULT_ARTICLES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ptc" / "dev-articles"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", nargs="?", type=Path, default=DEFAULT_ARTICLES, help="folder of .txt articles")
    parser.add_argument("--until", default="entities", help="last stage to run (default entities)")
    parser.add_argument("--repeat", type=int, default=1, help="passes over the folder (default 1)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = parser.parse_args(argv)
    files = sorted(args.articles.glob("*.txt"))[: args.limit or None] if args.articles.is_dir() else []
    if not files:
        print(f"skipped: no .txt articles in {args.articles} (../shared is absent?)")
        return 0
    config = Config()
    pipeline = Pipeline.default(config, until=args.until)
    warm_start = time.perf_counter()
    pipeline(read_source(files[0], config))
    warm_s = time.perf_counter() - warm_start
    per_stage: dict[str, float] = defaultdict(float)
    chars = count = 0
    start = time.perf_counter()
    for _ in range(args.repeat):
        for path in files:
            t0 = time.perf_counter()
            doc = read_source(path, config)
            per_stage["read"] += time.perf_counter() - t0
            for stage in pipeline.stages:
                t0 = time.perf_counter()
                doc = stage(doc, config)
                per_stage[stage.name] += time.perf_counter() - t0
            chars += len(doc.raw)
            count += 1
    total_s = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _report(args, pipeline, count, chars, total_s, warm_s, peak_mb, per_stage)
    return 0


def _report(
    args: argparse.Namespace,
    pipeline: Pipeline,
    count: int,
    chars: int,
    total_s: float,
    warm_s: float,
    peak_mb: float,
    per_stage: dict[str, float],
) -> None:
    machine = f"{platform.machine()}, {os.cpu_count()} CPU cores, no GPU, Python {platform.python_version()}"
    print(f"### analyze until `{args.until}` ({time.strftime('%Y-%m-%d')})\n")
    print(f"- machine: {machine}")
    command = " ".join([".venv/bin/python", f"benchmarks/{Path(__file__).name}", *sys.argv[1:]])
    print(f"- command: `{command}` (load average at the end: {os.getloadavg()[0]:.1f})")
    print(f"- stages: {', '.join(pipeline.names)}; articles: {count} ({chars / max(count, 1):,.0f} chars on average)")
    print(f"- **{count / total_s:.1f} articles/s** ({chars / total_s / 1000:,.0f} k chars/s), {total_s:.2f} s in all")
    print(f"- first article incl. model loading: {warm_s:.2f} s; peak RSS {peak_mb:,.0f} MB")
    shares = ", ".join(f"{name} {seconds / count * 1000:.1f} ms" for name, seconds in per_stage.items())
    print(f"- per article: {shares}")


if __name__ == "__main__":
    sys.exit(main())
