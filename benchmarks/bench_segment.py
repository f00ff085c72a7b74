"""Speed of the segment, structure and entities stages (and of spaCy inside segment).

    .venv/bin/python benchmarks/bench_segment.py              # PTC dev articles
    .venv/bin/python benchmarks/bench_segment.py --check      # also: fast attributes == spaCy's, token by token
    .venv/bin/python benchmarks/bench_segment.py --workers 2  # also: two processes, batched parsing

Reports CPU time (``time.process_time``) next to wall time: on a shared machine the
wall clock measures the neighbours too, CPU time measures this code.  Articles are
plain text, so each becomes ``Document(text)`` (the clean stage is measured by
bench_analyze.py).  Prints a Markdown section for docs/benchmarks.md; skips with a
message when the article folder (../shared) is absent.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from unspin.config import Config
from unspin.document import Document
from unspin.nlp import get_nlp, load_pipeline, one_blas_thread, parse_many
from unspin.pipeline import get_stage

DEFAULT_ARTICLES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ptc" / "dev-articles"
STAGES = ("segment", "structure", "entities")


def run_stages(texts: list[str], batched: bool) -> dict[str, float]:
    """CPU seconds per stage over ``texts``; ``batched`` parses with nlp.pipe first (counted as segment)."""
    config = Config()
    stages = [get_stage(name) for name in STAGES]
    cpu: dict[str, float] = defaultdict(float)
    parsed = iter(())
    if batched:
        t0 = time.process_time()
        parsed = iter(list(parse_many(texts, config.spacy_model)))
        cpu["segment"] += time.process_time() - t0
    for text in texts:
        doc = Document(text)
        if batched:
            doc.cache["spacy"] = next(parsed)
        for stage in stages:
            t0 = time.process_time()
            doc = stage(doc, config)
            cpu[stage.name] += time.process_time() - t0
    return cpu


def spacy_components(texts: list[str]) -> dict[str, float]:
    """CPU seconds per spaCy component (as unspin configures the pipeline)."""
    nlp = get_nlp(Config().spacy_model)
    cpu: dict[str, float] = defaultdict(float)
    with one_blas_thread():
        for text in texts:
            _time_components(nlp, text, cpu)
    return cpu


def _time_components(nlp: Any, text: str, cpu: dict[str, float]) -> None:
    t0 = time.process_time()
    doc = nlp.make_doc(text)
    cpu["tokenizer"] += time.process_time() - t0
    for name, component in nlp.pipeline:
        t0 = time.process_time()
        doc = component(doc)
        cpu[name] += time.process_time() - t0


def check_fast_attributes(texts: list[str]) -> tuple[int, int]:
    """(tokens, mismatches) between unspin's pipeline and the same with spaCy's own ruler, lemmatizer
    and BLIS ops (thinc's default)."""
    ours = get_nlp(Config().spacy_model)
    stock = load_pipeline(Config().spacy_model, fast_attributes=False, use_blis=True)
    tokens = mismatches = 0
    for text in texts:
        for a, b in zip(ours(text), stock(text), strict=True):
            tokens += 1
            if (a.pos_, a.tag_, a.dep_, a.head.i, str(a.morph), a.lemma_, a.ent_type_, a.ent_iob_) != (
                b.pos_,
                b.tag_,
                b.dep_,
                b.head.i,
                str(b.morph),
                b.lemma_,
                b.ent_type_,
                b.ent_iob_,
            ):
                mismatches += 1
    return tokens, mismatches


def _worker(texts: list[str]) -> int:
    run_stages(texts, batched=True)
    return len(texts)


def two_process_rate(texts: list[str], workers: int) -> float:
    """Articles per wall-clock second with ``workers`` processes, each parsing its share in batches."""
    shares = [texts[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_worker, [s[:2] for s in shares]))  # load the model in every worker first
        start = time.perf_counter()
        done = sum(pool.map(_worker, shares))
    return done / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", nargs="?", type=Path, default=DEFAULT_ARTICLES, help="folder of .txt articles")
    parser.add_argument("--check", action="store_true", help="compare fast attributes with spaCy's components")
    parser.add_argument("--workers", type=int, default=0, help="also time N processes with batched parsing")
    args = parser.parse_args(argv)
    files = sorted(args.articles.glob("*.txt")) if args.articles.is_dir() else []
    if not files:
        print(f"skipped: no .txt articles in {args.articles} (../shared is absent?)")
        return 0
    texts = [f.read_text(encoding="utf-8") for f in files]
    run_stages(texts[:3], batched=False)  # load the model
    n = len(texts)
    lines = [f"### segment / structure / entities ({time.strftime('%Y-%m-%d')})", ""]
    machine = f"{platform.machine()}, {os.cpu_count()} CPU cores, no GPU, Python {platform.python_version()}"
    lines.append(f"- machine: {machine}; load average at start {os.getloadavg()[0]:.1f}")
    lines.append(f"- command: `.venv/bin/python benchmarks/{Path(__file__).name} {' '.join(sys.argv[1:])}`".rstrip())
    lines.append(f"- articles: {n} ({sum(map(len, texts)) / n:,.0f} chars on average)")
    for batched in (False, True):
        wall = time.perf_counter()
        cpu = run_stages(texts, batched)
        wall = time.perf_counter() - wall
        per = ", ".join(f"{k} {1000 * v / n:.1f} ms" for k, v in cpu.items())
        mode = "batched parse (nlp.pipe)" if batched else "one by one"
        lines.append(
            f"- {mode}: **{n / sum(cpu.values()):.1f} articles per CPU-second** "
            f"({n / wall:.1f}/s wall); per article CPU: {per}"
        )
    components = spacy_components(texts)
    lines.append(
        "- spaCy components, CPU per article: " + ", ".join(f"{k} {1000 * v / n:.1f} ms" for k, v in components.items())
    )
    if args.workers:
        rate = two_process_rate(texts, args.workers)
        lines.append(f"- {args.workers} processes, batched parse: **{rate:.1f} articles/s wall**")
    if args.check:
        tokens, bad = check_fast_attributes(texts)
        lines.append(f"- vs spaCy's attribute ruler + lemmatizer on BLIS: {bad} mismatching tokens of {tokens:,}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
