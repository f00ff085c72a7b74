"""Run the pipeline up to ``attribution`` over a folder of texts: time it, and write BRAT predictions.

    .venv/bin/python benchmarks/bench_attribution.py ../shared/data/polnear/dev/text \
        --write /work/runs/polnear-dev-pred
    .venv/bin/unspin eval attribution --gold ../shared/data/polnear/dev --pred /work/runs/polnear-dev-pred

Stages not written yet are stood in for (entities from spaCy's named entities),
so the script measures the attribution rules whatever the state of the tree.
Timing: seconds in the stages before attribution (parse included) and in the
attribution stage itself, summed over the texts; the ratio shows what the stage
adds to the pipeline.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from unspin.config import Config
from unspin.document import Document, Source, Span
from unspin.pipeline import registered_stages
from unspin.render.brat import brat_lines
from unspin.stages.attribution import attribution_stage, parsed

BEFORE = ("clean", "segment", "structure", "entities")


def prepare(raw: str, name: str, config: Config) -> Document:
    """The document as the stages before attribution leave it (with stand-ins for missing ones)."""
    doc = Document(raw, Source(kind="text", name=name))
    stages = registered_stages()
    for stage_name in BEFORE:
        if stage_name in stages:
            doc = stages[stage_name](doc, config)
    sdoc = parsed(doc, config)
    if not doc.has_layer("entities"):
        entities = [
            Span(e.start_char, e.end_char, e.label_, attrs={"cluster": i, "canonical": e.text})
            for i, e in enumerate(sdoc.ents)
        ]
        doc.set_layer("entities", entities)
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("texts", type=Path, help="folder of .txt files")
    parser.add_argument("--write", type=Path, help="folder to write NAME.ann predictions into")
    parser.add_argument("--nested", action="store_true", help="keep attributions nested in another's content")
    parser.add_argument("--limit", type=int, default=0, help="only the first N texts")
    args = parser.parse_args(argv)
    config = Config()
    files = sorted(args.texts.glob("*.txt"))[: args.limit or None]
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
    before_s = attribution_s = 0.0
    chars = count = 0
    for path in files:
        raw = path.read_text(encoding="utf-8")
        t0 = time.perf_counter()
        doc = prepare(raw, path.name, config)
        t1 = time.perf_counter()
        attribution_stage(doc, config)
        t2 = time.perf_counter()
        before_s, attribution_s = before_s + t1 - t0, attribution_s + t2 - t1
        chars += len(raw)
        count += len({s.attrs["id"] for s in doc.layer("attributions")})
        if args.write:
            lines = brat_lines(doc, nested=args.nested)
            (args.write / f"{path.stem}.ann").write_text("".join(x + "\n" for x in lines), encoding="utf-8")
    n = len(files)
    print(f"texts: {n}, characters: {chars}, attributions: {count}")
    print(f"stages before attribution: {before_s:.2f} s ({n / before_s:.1f} texts/s)")
    print(f"attribution stage:         {attribution_s:.2f} s ({1000 * attribution_s / n:.1f} ms/text)")
    print(f"attribution adds {100 * attribution_s / before_s:.1f}% to the time of the stages before it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
