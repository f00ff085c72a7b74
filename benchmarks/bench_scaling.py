"""Time and peak memory of ``unspin.analyze`` against input size and line structure (issue 18).

Each measurement runs in a fresh subprocess (so peak RSS is that analysis's own), over a text
generated here from sentences written for this benchmark: ``multi`` has a paragraph break every
few sentences, ``single`` is the same text on one line, ``runon`` one line with no full stop at all.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_scaling.py --sizes 50000 200000 1000000 5000000

prints a Markdown table (size, structure, wall and CPU seconds of the analysis, peak RSS of the
process, models included) and the CPU model.  Wall time depends on what else the machine runs;
CPU seconds much less so (the analysis runs on one core).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time

SUBJECTS = [
    "The minister",
    "Officials in the capital",
    "The opposition leader",
    "Critics of the government",
    "A spokesman for the ministry",
    "Residents of the town",
    "President Anna Smith",
    "The agency",
    "Analysts in Brussels",
    "He",
]
VERBS = ["said", "claimed", "denied", "warned", "insisted", "told reporters", "admitted", "argued"]
CONTENTS = [
    "that the plan was a shameful disaster",
    "that 12 people were hurt on Monday",
    "that the report was a lie spread by enemies of the nation",
    "that taxes would rise by 4 percent next year",
    "that the so-called experts have never been right",
    "that the talks would resume in Geneva",
    "that nothing will ever change unless the corrupt elite is stopped",
    "that the vote was rigged from the start",
    "that the economy grew faster than expected",
]


def generated_text(n_chars: int, structure: str, seed: int = 0) -> str:
    """About ``n_chars`` characters of news-like sentences in the given line ``structure``."""
    rng = random.Random(seed)
    end = "," if structure == "runon" else "."
    paragraphs, size = [], 0
    while size < n_chars:
        sentences = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CONTENTS)}{end}" for _ in range(4)]
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    joiner = "\n\n" if structure == "multi" else " "
    return joiner.join(paragraphs)[:n_chars]


def measure_here(n_chars: int, structure: str) -> dict[str, float]:
    """Run one analysis in this process; wall seconds and peak RSS (MB) of the process."""
    import unspin

    text = generated_text(n_chars, structure)
    unspin.analyze("The minister said the plan was a disaster.")  # load the models: not timed, but in the RSS
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    started = time.perf_counter()
    doc = unspin.analyze(text, max_text_chars=10_000_000)  # measured past the default limit too
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_s = usage.ru_utime + usage.ru_stime - cpu_before
    return {
        "seconds": seconds,
        "cpu_s": cpu_s,
        "peak_mb": usage.ru_maxrss / 1024,
        "sentences": len(doc.layer("sentences")),
    }


def measure(n_chars: int, structure: str, timeout_s: float) -> dict[str, float | str]:
    command = [sys.executable, __file__, "--one", str(n_chars), structure]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"over {timeout_s:g} s"}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    result: dict[str, float | str] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def cpu_model() -> str:
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
    except OSError:
        return platform.processor()
    for line in out.splitlines():
        if line.startswith("Model name:"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000, 200_000, 1_000_000, 5_000_000])
    parser.add_argument("--structures", nargs="+", default=["multi", "single", "runon"])
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per measurement")
    parser.add_argument("--one", nargs=2, metavar=("CHARS", "STRUCTURE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_here(int(args.one[0]), args.one[1])))
        return
    print(f"CPU: {cpu_model()}, {os.cpu_count()} cores; load average at start {os.getloadavg()}")
    print("| input | lines | wall s | CPU s | peak RSS (MB) | sentences |")
    print("|---:|---|---:|---:|---:|---:|")
    for size in args.sizes:
        for structure in args.structures:
            result = measure(size, structure, args.timeout)
            if "error" in result:
                print(f"| {size:,} B | {structure} | {result['error']} | | | |", flush=True)
                continue
            print(
                f"| {size:,} B | {structure} | {float(result['seconds']):.1f} | {float(result['cpu_s']):.1f} "
                f"| {float(result['peak_mb']):.0f} "
                f"| {int(result['sentences']):,} |",
                flush=True,
            )
    print(f"load average at end {os.getloadavg()}")


if __name__ == "__main__":
    main()
