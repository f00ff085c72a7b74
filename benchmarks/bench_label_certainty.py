"""What a reader is shown on PTC dev: the shown spans' SemEval span P/R, and how often their technique is right.

Runs the segment and techniques stages over the PTC dev articles (their text as it is, no
cleaning, so gold offsets hold) and, for every span shown by default that touches a gold span,
asks whether one of the gold spans it touches has the shown technique.  The bands say below which
label probability the technique is wrong more often than right: the display rule's
``uncertain_label_below`` (such spans say their technique is a best guess).  It also prints the
SemEval span precision and recall of the shown spans (their displayed extent, as a reader sees
them after the stage's sentence cut and snapping), and what a floor on the label probability
would leave shown.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_label_certainty.py [--model DIR]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from unspin.config import Config
from unspin.document import Document, Span
from unspin.evaluate.techniques import score_si
from unspin.pipeline import Pipeline
from unspin.train.ptc import load_split

PTC = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ptc"
BANDS = ((0.0, 0.2), (0.2, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 1.01))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=PTC, help="PTC folder (default ../shared/data/ptc)")
    parser.add_argument("--model", help="a technique model folder (default: the shipped one)")
    args = parser.parse_args(argv)
    if not (args.data / "dev-articles").is_dir():
        print(f"skipped: no PTC dev articles under {args.data}")
        return 0
    pipeline = Pipeline(["clean", "segment", "techniques"], Config(technique_model_dir=args.model))
    pipeline.stages = pipeline.stages[1:]  # gold offsets are into the text as it is
    hits: list[tuple[float, bool]] = []  # (label probability, right technique) of shown spans touching gold
    shown: list[tuple[str, Span]] = []
    gold = []
    for article in load_split(args.data, "dev"):
        gold.extend((article.article_id, t, s, e) for t, s, e in article.spans)
        doc = pipeline(Document(article.text))
        for span in doc.layer("techniques"):
            if not span.attrs.get("shown"):
                continue
            shown.append((article.article_id, span))
            touched = [t for t, s, e in article.spans if s < span.end and span.start < e]
            if touched:
                hits.append((float(span.attrs.get("label_probability", 0.0)), span.label in touched))
    print("| label probability floor | shown spans | SemEval span P | R |")
    print("|---|---|---|---|")
    for floor in (0.0, 0.15, 0.2, 0.25):
        kept = [(aid, "", s.start, s.end) for aid, s in shown if s.attrs.get("label_probability", 1.0) >= floor]
        m = score_si(kept, gold)
        print(f"| {floor} | {len(kept)} | {m.precision:.4f} | {m.recall:.4f} |")
    rows = []
    print(f"\n{len(shown)} shown spans, {len(hits)} touching a gold span")
    print("| label probability | shown spans touching gold | right technique |")
    print("|---|---|---|")
    for low, high in BANDS:
        band = [right for p, right in hits if low <= p < high]
        share = sum(band) / len(band) if band else 0.0
        rows.append({"from": low, "to": min(high, 1.0), "n": len(band), "right": round(share, 3)})
        print(f"| {low:.1f}–{min(high, 1.0):.1f} | {len(band)} | {share:.2f} |")
    print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
