"""Speed of check-worthiness scoring (numpy linear model) and of the claims stage.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_checkworthy.py [--data ../shared/data/checkworthy]

Scores every sentence of the held-out CheckThat! debates when ``--data`` is given
(else our own synthetic sentences), then runs the claims stage on a hand-built
article of 200 sentences with attributions.  Prints one Markdown table row per
measurement: features + scoring together, model load excluded (it happens once).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from unspin.claims.checkthat import debate_files, read_debate
from unspin.claims.model import default_model
from unspin.config import Config
from unspin.document import Document, Span
from unspin.stages.claims import claims_stage

HELD_OUT = ("20160414_9dem", "20161019_3pres", "20170228_trump_address", "20180916_trump_miami", "20190108_oval_office")
FILLER = [
    "The council said it had spent 4.2 million dollars on the bridge since 2019.",
    "Residents were not consulted, according to the opposition.",
    "What happens next is anyone's guess?",
    "Thank you for reading.",
    "The minister denied that any contract was signed before the vote.",
]


def held_out_sentences(data: Path | None) -> list[str]:
    if data is None:
        return FILLER * 2000
    files = debate_files(data)
    return [d.text for name in HELD_OUT for d in read_debate(files[name])]


def best_of(runs: int, fn: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def synthetic_article(sentences: int) -> Document:
    parts, spans, attributions = [], [], []
    pos = 0
    for i in range(sentences):
        text = FILLER[i % len(FILLER)]
        spans.append(Span(pos, pos + len(text), "sentence"))
        if i % 5 == 0:
            attrs = {"id": f"a{i}", "kind": "indirect", "stance": "neutral", "resolved": "The council", "cluster": 1}
            attributions.append(Span(pos, pos + 11, "source", 0.9, attrs))
            attributions.append(Span(pos + 12, pos + len(text), "content", 0.9, attrs))
        parts.append(text)
        pos += len(text) + 1
    doc = Document(" ".join(parts))
    doc.set_layer("sentences", spans)
    doc.set_layer("attributions", attributions)
    return doc


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, help="checkworthy data folder (held-out debates)")
    args = parser.parse_args()
    model = default_model()
    sentences = held_out_sentences(args.data)
    seconds = best_of(3, lambda: model.score_sentences(sentences))
    label = "held-out CheckThat! debates" if args.data else "synthetic sentences"
    print("| what | items | seconds | per second |\n|---|---|---|---|")
    print(f"| score sentences ({label}) | {len(sentences):,} | {seconds:.3f} | {len(sentences) / seconds:,.0f} |")
    doc = synthetic_article(200)
    config = Config()
    seconds = best_of(5, lambda: claims_stage(doc, config))
    print(f"| claims stage, 200-sentence article | 1 | {seconds:.4f} | {1 / seconds:,.1f} articles |")


if __name__ == "__main__":
    main()
