"""Would hand-written patterns make high-precision technique flags?  Their precision against PTC gold.

    .venv/bin/python benchmarks/bench_pattern_rules.py --ptc ../shared/data/ptc

Each pattern (an "either ... or" sentence, "there is no middle way", "make no mistake", "everyone
knows", "real patriots", "what about ...?") is matched over the PTC train and dev articles; printed
per pattern: matches, the share touching any gold span, the share of matched characters inside gold
spans (SemEval-style span precision, label ignored) and the gold labels they touch.  A pattern is
worth showing by default only if that precision clears the display target (0.65).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from pathlib import Path

PATTERNS = {
    "either ... or": re.compile(r"\b[Ee]ither\b[^.?!\n]{3,200}?\bor\b[^.?!\n]*[.?!]"),
    "no middle way": re.compile(
        r"\b(?:there is|there's|there are) no (?:middle (?:way|ground)|other (?:way|choice|option)|alternative|"
        r"third way)\b[^.?!\n]*",
        re.I,
    ),
    "make no mistake": re.compile(
        r"\b(?:make no mistake|enough is enough|end of story|it is what it is|let'?s be clear|the bottom line is)\b",
        re.I,
    ),
    "every expert agrees": re.compile(
        r"\b(?:every|all|any) (?:serious |reasonable |sane |honest )?(?:economist|expert|scientist|american|person|"
        r"observer)s? (?:agrees?|knows?)\b[^.?!\n]*",
        re.I,
    ),
    "everyone knows": re.compile(r"\b(?:everyone|everybody) (?:knows|agrees)\b[^.?!\n]*", re.I),
    "real patriots": re.compile(
        r"\b(?:real|true) (?:patriots?|americans?|conservatives?|christians?)\b[^.?!\n]*", re.I
    ),
    "what about ...?": re.compile(r"\b[Ww]hat about\b[^.?!\n]*\?"),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ptc", type=Path, required=True)
    args = parser.parse_args()
    gold: dict[tuple[str, str], list[tuple[str, int, int]]] = defaultdict(list)
    for split in ("train", "dev"):
        for line in (args.ptc / f"{split}-task-flc-tc.labels").read_text(encoding="utf-8").splitlines():
            article, label, start, end = line.split("\t")
            gold[(split, article)].append((label, int(start), int(end)))
    print("| pattern | matches | touching gold | char precision | gold labels touched |\n|---|---|---|---|---|")
    for name, pattern in PATTERNS.items():
        matches = touching = inside = total = 0
        labels: Counter[str] = Counter()
        for split in ("train", "dev"):
            for path in sorted((args.ptc / f"{split}-articles").glob("article*.txt")):
                spans = gold[(split, path.stem.removeprefix("article"))]
                for m in pattern.finditer(path.read_text(encoding="utf-8")):
                    hits = [(lab, s, e) for lab, s, e in spans if s < m.end() and m.start() < e]
                    matches += 1
                    touching += bool(hits)
                    labels.update(lab for lab, _, _ in hits)
                    inside += len({i for _, s, e in hits for i in range(max(s, m.start()), min(e, m.end()))})
                    total += m.end() - m.start()
        top = ", ".join(f"{lab} {n}" for lab, n in labels.most_common(3))
        print(f"| {name} | {matches} | {touching / max(matches, 1):.2f} | {inside / max(total, 1):.2f} | {top} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
