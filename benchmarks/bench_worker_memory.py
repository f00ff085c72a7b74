"""Memory of one batch worker, as shipped and with memory levers, each in a fresh process (issue 15).

Each variant runs in its own subprocess: it builds the pipeline as a batch worker does
(``corpus.work.init_worker``), feeds the articles through ``process_chunk`` in chunks (the
worker's own code: read, analyse with one parse per chunk, build the stored rows), and reads its
resident set size from ``/proc/self/status`` after chunks 1, 2, 6, 11 and the last, with the peak
(VmHWM) and the wall time.  The variants run in turn, ``--rounds`` times, so a busy machine
slows them alike::

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_worker_memory.py --articles ../shared/data/ptc/dev-articles

Variants: ``shipped``; ``trim`` (glibc ``malloc_trim(0)`` after each chunk: freed heap pages go
back to the system); ``no-prepack`` (onnxruntime's ``session.disable_prepacking``: weights are not
copied into packed layouts beside the originals); ``both``; ``no-arena`` (onnxruntime's CPU memory
arena off); ``windows-N`` (the technique encoder runs N windows of an article per call, whatever
the model's ``batch_size``: the activations onnxruntime keeps in its arena grow with N).
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import subprocess
import sys
import time
from pathlib import Path

VARIANTS = ("shipped", "trim", "no-prepack", "both", "no-arena", "windows-8", "windows-2", "windows-1")
CHECKPOINTS = (1, 2, 6, 11)


def rss_mib() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MiB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def run_variant(variant: str, articles: Path, limit: int, chunk: int) -> dict[str, object]:
    """One variant in this process: the worker's pipeline over ``limit`` articles."""
    if variant in ("no-prepack", "both", "no-arena"):
        from unspin import runtime

        shipped = runtime.session_options

        def options() -> object:
            opts = shipped()
            if variant == "no-arena":
                opts.enable_cpu_mem_arena = False
            else:
                opts.add_session_config_entry("session.disable_prepacking", "1")
            return opts

        runtime.session_options = options  # the tagger imports the function at call time
        import unspin.techniques.tagger as tagger

        tagger.session_options = options  # type: ignore[attr-defined]
    from unspin.corpus.inputs import Record
    from unspin.corpus.work import PipelineSpec, Task, init_worker, process_chunk

    trim = ctypes.CDLL("libc.so.6").malloc_trim if variant in ("trim", "both") else None
    paths = sorted(articles.glob("*.txt"))[:limit]
    tasks = [Task(p.stem, Record(p.stem, p.read_text(encoding="utf-8"), "text", str(p))) for p in paths]
    start = time.perf_counter()
    init_worker(PipelineSpec())
    if variant.startswith("windows-"):
        import dataclasses

        from unspin.techniques.tagger import TechniqueTagger

        tagger = TechniqueTagger.load()  # the instance the stage uses (cached)
        tagger.config = dataclasses.replace(tagger.config, batch_size=int(variant.split("-")[1]))
    after_load = rss_mib()[0]
    seen: dict[str, float] = {}
    chunks = [tasks[i : i + chunk] for i in range(0, len(tasks), chunk)]
    for n, part in enumerate(chunks, start=1):
        process_chunk(part)
        if trim is not None:
            trim(0)
        if n in CHECKPOINTS or n == len(chunks):
            seen[str(n)] = round(rss_mib()[0])
    return {
        "variant": variant,
        "after_load_mib": round(after_load),
        "rss_after_chunk_mib": seen,
        "peak_mib": round(rss_mib()[1]),
        "seconds": round(time.perf_counter() - start, 2),
        "articles": len(tasks),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=Path, required=True, help="a folder of *.txt articles")
    parser.add_argument("--limit", type=int, default=80)
    parser.add_argument("--chunk", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_variant(args.child, args.articles, args.limit, args.chunk)))
        return
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    for round_ in range(1, args.rounds + 1):
        for variant in args.variants.split(","):
            command = [sys.executable, __file__, "--articles", str(args.articles), "--limit", str(args.limit)]
            out = subprocess.run(
                [*command, "--chunk", str(args.chunk), "--child", variant],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(out.stdout.strip().splitlines()[-1])
            print(json.dumps({"round": round_, **result}), flush=True)


if __name__ == "__main__":
    main()
