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

from unspin.language import IN_SCOPE, SAMPLE_CHARS, _identifier, detect_language, english_share

HERE = Path(__file__).resolve().parent
SAMPLES = HERE / "data" / "language_samples.jsonl"
SHARED = HERE.parents[1] / "shared" / "data"
ENGLISH_FOLDERS = (
    SHARED / "ptc" / "dev-articles",
    SHARED / "ptc" / "train-articles",
    SHARED / "polnear" / "dev" / "text",
)


def _texts() -> list[tuple[str, str, str]]:
    """(set, gold language, text) for every text to score."""
    rows = [json.loads(line) for line in SAMPLES.read_text(encoding="utf-8").splitlines() if line.strip()]

    def written(lang: str, cut: str = "") -> str:
        return f"written{cut}, {'English' if lang == 'en' else 'nine other languages'}"

    out = [(written(str(r["language"])), str(r["language"]), str(r["text"])) for r in rows]
    # The same texts cut to their first 12 words: how the check behaves on a headline-sized input.
    out += [
        (written(str(r["language"]), " (first 12 words)"), str(r["language"]), " ".join(str(r["text"]).split()[:12]))
        for r in rows
    ]
    for folder in ENGLISH_FOLDERS:
        if folder.is_dir():
            name = f"polnear {folder.parts[-2]}" if folder.name == "text" else f"ptc {folder.name.split('-')[0]}"
            out += [(name, "en", p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]
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
    texts = _texts()
    by_set: dict[str, Counter[str]] = {}
    wrong: list[str] = []
    shares: dict[str, list[float]] = {}
    started = time.perf_counter()
    for name, gold, text in texts:
        found = detect_language(text)
        counts = by_set.setdefault(name, Counter())
        counts["texts"] += 1
        counts["exact"] += found.language == gold
        counts["undetermined"] += found.language == "und"
        counts["scope right"] += (found.language in IN_SCOPE) == (gold in IN_SCOPE)
        counts["model run"] += found.probability is not None
        shares.setdefault(name, []).append(english_share(text[:SAMPLE_CHARS]))
        if (found.language in IN_SCOPE) != (gold in IN_SCOPE):
            wrong.append(f"{name}: gold {gold}, found {found.language} ({found.probability}): {text[:60]!r}")
    per_text_ms = 1000 * (time.perf_counter() - started) / max(len(texts), 1)
    started = time.perf_counter()
    _identifier.cache_clear()
    _identifier()
    load_s = time.perf_counter() - started
    print(f"## Language check ({time.strftime('%Y-%m-%d')}, {_cpu()})\n")
    print("`.venv/bin/python benchmarks/bench_language.py`\n")
    print(
        "| texts | n | language exact | undetermined | scope decision right | n-gram model needed "
        "| English word share min–max |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, c in by_set.items():
        low, high = min(shares[name]), max(shares[name])
        cells = (c["texts"], c["exact"], c["undetermined"], c["scope right"], c["model run"], f"{low:.3f}–{high:.3f}")
        print("| " + name + " | " + " | ".join(str(v) for v in cells) + " |")
    print(f"\nn-gram model load {load_s:.2f} s, once per process and only when needed; {per_text_ms:.2f} ms a text.")
    for line in wrong:
        print(f"- wrong scope: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
