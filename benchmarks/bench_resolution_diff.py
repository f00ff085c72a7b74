"""Which voices a change resolves differently: dump every source of PolNeAR dev with its resolved name,
then compare two dumps (e.g. a worktree of the commit before, and the tree after).

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_resolution_diff.py dump \\
        ../shared/data/polnear/dev/text after.jsonl
    (cd ../before && HF_HUB_OFFLINE=1 PYTHONPATH=src ../main/.venv/bin/python \\
        ../main/benchmarks/bench_resolution_diff.py dump ../shared/data/polnear/dev/text before.jsonl)
    .venv/bin/python benchmarks/bench_resolution_diff.py diff before.jsonl after.jsonl

The diff prints each changed name with its context, to be read one by one (the voices gold sets
score only the sources they hold; this shows every source a change touches), and a count by
(before, after) pair.  The dumps hold article text: keep them outside the repository.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path


def dump(folder: Path, out: Path) -> None:
    from unspin.config import Config
    from unspin.document import Document
    from unspin.pipeline import Pipeline

    pipeline = Pipeline.default(Config(), until="attribution")
    with out.open("w", encoding="utf-8") as handle:
        for path in sorted(folder.glob("*.txt")):
            doc = pipeline(Document(path.read_text(encoding="utf-8")))
            for span in doc.layer("attributions"):
                if span.label != "source":
                    continue
                context = doc.text[max(0, span.start - 80) : span.end + 80].replace("\n", " ")
                row = [path.stem, span.start, span.end, doc.span_text(span), span.attrs.get("resolved"), context]
                handle.write(json.dumps(row) + "\n")


def read(path: Path) -> dict[tuple[str, int, int], list[object]]:
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines())
    return {(str(r[0]), int(r[1]), int(r[2])): r for r in rows}


def diff(before_path: Path, after_path: Path) -> None:
    before, after = read(before_path), read(after_path)
    changed = [(before[k], after[k]) for k in sorted(before) if k in after and before[k][4] != after[k][4]]
    for old, new in changed:
        print(f"{old[0][:40]} {old[3]!r}: {old[4]!r} -> {new[4]!r}\n    ... {old[5]} ...")
    gone = [before[k] for k in sorted(before) if k not in after]
    added = [after[k] for k in sorted(after) if k not in before]
    for row in gone:
        print(f"source gone: {row[0][:40]} {row[3]!r} ({row[4]!r})")
    for row in added:
        print(f"source new: {row[0][:40]} {row[3]!r} ({row[4]!r})")
    print(
        f"\n{len(before)} sources before, {len(after)} after; {len(changed)} resolved differently, "
        f"{len(gone)} gone, {len(added)} new"
    )
    for (old_name, new_name), n in Counter((o[4], n[4]) for o, n in changed).most_common():
        print(f"  {n:3d}  {old_name!r} -> {new_name!r}")


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "dump":
        dump(Path(argv[1]), Path(argv[2]))
    elif len(argv) == 3 and argv[0] == "diff":
        diff(Path(argv[1]), Path(argv[2]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
