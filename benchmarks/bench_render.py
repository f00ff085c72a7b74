"""Rendering speed of the json, html and md renderers.

Builds synthetic articles (our own filler text) with the layer densities of a real
analysed news article: about 1,000 words, 60 technique spans (a third overlapping),
80 entities, 20 attributions and 10 claims; and a long one ten times that size.
With ``--sample`` it also renders the shared sample article through the
pipeline's registered stages.

    .venv/bin/python benchmarks/bench_render.py [--reps 20] [--sample ../shared/samples/sputnik-interview.txt]
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from pathlib import Path

from unspin.document import Document, Span
from unspin.render import get_renderer
from unspin.render.palette import PTC_LABELS

SENTENCE = "The council said on Tuesday that the new bridge would cost far more than the town had been promised."


def synthetic(paragraphs: int, seed: int = 0) -> Document:
    rng = random.Random(seed)
    text = "\n\n".join(" ".join([SENTENCE] * 5) for _ in range(paragraphs))
    doc = Document(text)
    paras, pos = [], 0
    for _ in range(paragraphs):
        end = pos + len(" ".join([SENTENCE] * 5))
        paras.append(Span(pos, end, "paragraph"))
        pos = end + 2
    doc.set_layer("paragraphs", paras)
    sentences = [Span(p.start + i * (len(SENTENCE) + 1), p.start + i * (len(SENTENCE) + 1) + len(SENTENCE), "sentence")
                 for p in paras for i in range(5)]  # fmt: skip
    doc.set_layer("sentences", sentences)

    def random_span(max_len: int) -> tuple[int, int]:
        start = rng.randrange(0, len(text) - max_len)
        return start, start + rng.randint(3, max_len)

    techniques = []
    for _ in range(3 * paragraphs):
        s, e = random_span(60)
        techniques.append(Span(s, e, rng.choice(PTC_LABELS), rng.random(), {"reason": "because", "trigger": "x"}))
    doc.set_layer("techniques", techniques)
    doc.set_layer("entities", [Span(*random_span(12), "ORG", None, {"cluster": 1, "canonical": "Council"})
                               for _ in range(4 * paragraphs)])  # fmt: skip
    attributions = []
    for n, sentence in enumerate(sentences[:: max(1, len(sentences) // paragraphs)]):
        ident = {"id": f"a{n}", "kind": "indirect", "stance": "neutral", "resolved": f"Speaker {n % 7}"}
        s = sentence.start
        attributions += [Span(s, s + 11, "source", 0.9, ident), Span(s + 12, s + 16, "cue", 0.9, ident),
                         Span(s + 34, sentence.end, "content", 0.9, ident)]  # fmt: skip
    doc.set_layer("attributions", attributions)
    contents = [a for a in attributions if a.label == "content"][: paragraphs // 2]
    claims = [Span(a.start, a.end, "claim", 0.8, {"rank": i + 1, "stance": "reported", "attribution": a.attrs["id"]})
              for i, a in enumerate(contents)]  # fmt: skip
    doc.set_layer("claims", claims)
    return doc


def bench(name: str, doc: Document, reps: int) -> None:
    words = len(doc.text.split())
    spans = sum(len(v) for v in doc.layers.values())
    for fmt in ("json", "html", "md"):
        render = get_renderer(fmt)
        render(doc)  # warm-up: templates, lazy imports
        start = time.perf_counter()
        for _ in range(reps):
            out = render(doc)
        per_doc = (time.perf_counter() - start) / reps
        size = len(out.encode("utf-8")) / 1024
        print(f"| {name} | {words:,} | {spans:,} | {fmt} | {per_doc * 1000:.1f} | {1 / per_doc:.1f} | {size:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--sample", type=Path, help="also render this article after running the registered stages")
    parser.add_argument("--until", help="stop the sample's pipeline after this stage (e.g. when a model is missing)")
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {platform.machine()}, reps={args.reps}")
    print("| document | words | spans | format | ms/doc | docs/s | output KiB |")
    print("|---|---|---|---|---|---|---|")
    bench("synthetic article", synthetic(20), args.reps)
    bench("synthetic long article", synthetic(200), max(1, args.reps // 10))
    if args.sample:
        import unspin

        doc = unspin.analyze(args.sample, until=args.until)
        bench(f"{args.sample.name} ({', '.join(doc.stages_run)})", doc, args.reps)


if __name__ == "__main__":
    main()
