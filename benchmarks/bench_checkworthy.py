"""Speed of check-worthiness scoring (numpy model) and of the claims stage.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_checkworthy.py [--data ../shared/data/checkworthy]
        [--articles ../shared/data/ptc/dev-articles --limit 40]

Scores every sentence of five CheckThat! debates when ``--data`` is given (else our own
synthetic sentences), then runs the claims stage on a hand-built article of 200 sentences
with attributions, and, with ``--articles``, on real articles (the pipeline up to
``attribution`` runs once beforehand, outside the timing).  Prints one Markdown table row
per measurement: features + scoring together, model load excluded (it happens once).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from unspin.claims.checkthat import debate_files, read_debate
from unspin.claims.model import default_model
from unspin.config import Config
from unspin.document import Document, Span
from unspin.stages.claims import claims_stage

DEBATES = ("20160414_9dem", "20161019_3pres", "20170228_trump_address", "20180916_trump_miami", "20190108_oval_office")
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
    return [d.text for name in DEBATES for d in read_debate(files[name])]


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
    parser.add_argument("--data", type=Path, help="checkworthy data folder (five of its debates)")
    parser.add_argument("--articles", type=Path, help="a folder of .txt articles (e.g. PTC dev) for the claims stage")
    parser.add_argument("--limit", type=int, default=40, help="articles read from --articles")
    args = parser.parse_args()
    model = default_model()
    sentences = held_out_sentences(args.data)
    seconds = best_of(3, lambda: model.score_sentences(sentences))
    label = "five CheckThat! debates" if args.data else "synthetic sentences"
    print("| what | items | seconds | per second |\n|---|---|---|---|")
    print(f"| score sentences ({label}) | {len(sentences):,} | {seconds:.3f} | {len(sentences) / seconds:,.0f} |")
    doc = synthetic_article(200)
    config = Config()
    seconds = best_of(5, lambda: claims_stage(doc, config))
    print(f"| claims stage, 200-sentence article | 1 | {seconds:.4f} | {1 / seconds:,.1f} articles |")
    if args.articles:
        docs = prepared_articles(args.articles, args.limit)
        sentences = sum(len(d.layer("sentences")) for d in docs)
        seconds = best_of(3, lambda: [claims_stage(d, config) for d in docs])
        # CPU seconds of this process as well: on a shared machine the wall clock counts the other jobs too.
        cpu_start = time.process_time()
        for d in docs:
            claims_stage(d, config)
        cpu_each = 1000 * (time.process_time() - cpu_start) / len(docs)
        each = 1000 * seconds / len(docs)
        listed = [sum(1 for c in claims_stage(d, config).layer("claims") if c.attrs.get("listed", True)) for d in docs]
        print(
            f"listed claims an article: mean {sum(listed) / len(listed):.2f}, none in {listed.count(0)} of "
            f"{len(listed)}, five or more in {sum(n >= 5 for n in listed)}, most {max(listed)}",
            file=sys.stderr,
        )
        print(
            f"| claims stage, {len(docs)} real articles ({sentences / len(docs):.0f} sentences on average) | "
            f"{len(docs)} | {seconds:.4f} | {len(docs) / seconds:,.1f} articles ({each:.1f} ms each, "
            f"{cpu_each:.1f} ms of CPU) |"
        )


def prepared_articles(folder: Path, limit: int) -> list[Document]:
    """The first ``limit`` articles of ``folder`` run up to ``attribution`` (not timed)."""
    import unspin

    paths = sorted(folder.glob("*.txt"))[:limit]
    return [unspin.analyze(p, until="attribution") for p in paths]


if __name__ == "__main__":
    main()
