"""Accuracy and speed of the language check that keeps non-English articles out of the English-only layers.

    .venv/bin/python benchmarks/bench_language.py

Reads ``benchmarks/data/language_samples.jsonl`` (short news paragraphs the team wrote in
ten languages) and, when ``../shared`` is beside the checkout, the English PTC dev articles
and PolNeAR dev texts.  For each text it runs :func:`unspin.language.detect_language` on the
text as given and reports: exact language accuracy, how often the scope decision is right
(English and undetermined run the English layers, any other language does not), and the
English texts wrongly put out of scope, which would lose their analysis.  Prints a Markdown
section for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections import Counter
from pathlib import Path

from unspin.language import IN_SCOPE, _identifier, detect_language

HERE = Path(__file__).resolve().parent
SAMPLES = HERE / "data" / "language_samples.jsonl"
SHARED = HERE.parents[1] / "shared" / "data"
ENGLISH_FOLDERS = (SHARED / "ptc" / "dev-articles", SHARED / "polnear" / "dev" / "text")


def _texts() -> list[tuple[str, str, str]]:
    """(set, gold language, text) for every text to score."""
    rows = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]
    out = [("written", str(r["language"]), str(r["text"])) for r in rows]
    # The same texts cut to their first 12 words: how the check behaves on a headline-sized input.
    out += [("written, first 12 words", str(r["language"]), " ".join(str(r["text"]).split()[:12])) for r in rows]
    for folder in ENGLISH_FOLDERS:
        if folder.is_dir():
            name = folder.parts[-3] if folder.name == "text" else folder.parent.name
            out += [(f"{name} dev", "en", p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]
    return out


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args(argv)
    started = time.perf_counter()
    _identifier()
    load_s = time.perf_counter() - started
    texts = _texts()
    by_set: dict[str, Counter[str]] = {}
    wrong: list[str] = []
    started = time.perf_counter()
    for name, gold, text in texts:
        found = detect_language(text)
        counts = by_set.setdefault(name, Counter())
        counts["texts"] += 1
        counts["exact"] += found.language == gold
        counts["undetermined"] += found.language == "und"
        counts["scope right"] += (found.language in IN_SCOPE) == (gold in IN_SCOPE)
        if (found.language in IN_SCOPE) != (gold in IN_SCOPE):
            wrong.append(f"{name}: gold {gold}, found {found.language} ({found.probability}): {text[:60]!r}")
    per_text_ms = 1000 * (time.perf_counter() - started) / max(len(texts), 1)
    print(f"## Language check ({time.strftime('%Y-%m-%d')}, {_cpu()})\n")
    print("`.venv/bin/python benchmarks/bench_language.py`\n")
    print("| texts | n | language exact | undetermined | scope decision right |")
    print("|---|---|---|---|---|")
    for name, c in by_set.items():
        print(f"| {name} | {c['texts']} | {c['exact']} | {c['undetermined']} | {c['scope right']} |")
    print(f"\nModel load {load_s:.2f} s once per process; {per_text_ms:.2f} ms a text.")
    for line in wrong:
        print(f"- wrong scope: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
