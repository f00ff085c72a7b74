"""Speed and memory of the technique tagger (ONNX int8) on 2 CPU threads.

Reads PTC dev articles when ``--articles`` points at them, else our own generated filler text.
Prints articles/s, word-pieces/s, peak RSS and the size of the model folder::

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_techniques.py --articles ../shared/data/ptc/dev-articles --n 40

The tagger alone gets ``--threads`` encoder threads (2, both cores, by default), as the speed target
reads; inside the pipeline a process gives the encoder the cores its parse leaves (one of two:
``unspin.runtime``), so there it runs at about half this rate beside the parse.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from unspin.runtime import set_model_threads
from unspin.techniques.tagger import DEFAULT_MODEL_DIR, TechniqueTagger

FILLER = (
    "The minister said on Tuesday that the new budget would cut spending on roads. "
    "Critics called the plan a disgraceful betrayal of hard-working families.\n"
)


def load_texts(articles: Path | None, n: int) -> list[str]:
    if articles and articles.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(articles.glob("*.txt"))[:n]]
    return [FILLER * 35 for _ in range(n)]  # about 5,600 characters, a PTC article's mean length


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=Path, default=None)
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--model", default=None)
    parser.add_argument("--threads", type=int, default=2, help="encoder threads (the runtime's default: 1 of 2 cores)")
    args = parser.parse_args()
    set_model_threads(args.threads)
    texts = load_texts(args.articles, args.n)
    t0 = time.perf_counter()
    tagger = TechniqueTagger.load(args.model)
    load_s = time.perf_counter() - t0
    tagger.predict(texts[0])  # warm-up
    pieces = sum(len(tagger.tokenizer.encode(t, add_special_tokens=False).ids) for t in texts)
    t0 = time.perf_counter()
    spans = sum(len(tagger.predict(t)) for t in texts)
    elapsed = time.perf_counter() - t0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    model_dir = Path(args.model) if args.model else DEFAULT_MODEL_DIR
    size_mb = sum(p.stat().st_size for p in model_dir.iterdir() if p.is_file()) / 1e6
    print(f"articles: {len(texts)}  chars/article: {sum(map(len, texts)) / len(texts):.0f}  spans: {spans}")
    print(f"model load: {load_s:.2f} s  model folder: {size_mb:.1f} MB  peak RSS: {rss_mb:.0f} MB")
    print(f"articles/s: {len(texts) / elapsed:.2f}  word-pieces/s: {pieces / elapsed:.0f}  threads: {args.threads}")


if __name__ == "__main__":
    main()
