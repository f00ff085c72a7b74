"""What a reader would be shown by a peak gate, from any model's saved per-token dev outputs.

For each PTC dev article the saved P(inside) per word-piece (``ARTICLE/p`` in an ``.npz``: the
teacher's ``dev_epochN.npz``, or the shipped tagger's with ``--write-shipped``) is decoded at
``--threshold``; a span is shown when its peak P reaches the gate, as its core (the pieces
around the peak at ``--core`` or more) or whole; the SemEval SI scorer gives P/R of what is shown.
This compares detectors at the display operating point without exporting them.

    PYTHONPATH=src .venv/bin/python benchmarks/bench_peak_gate.py --write-shipped /tmp/shipped_dev.npz
    PYTHONPATH=src .venv/bin/python benchmarks/bench_peak_gate.py /tmp/shipped_dev.npz \
        --tokenizer src/unspin/models/techniques --core 0.4 --threshold 0.3
    PYTHONPATH=src .venv/bin/python benchmarks/bench_peak_gate.py /work/cache/teacher/run-9edced69c1d0/dev_epoch3.npz \
        --tokenizer /work/cache/mpnet-base --core 0.5 --threshold 0.45
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from unspin.evaluate.techniques import score_si
from unspin.techniques.decode import core_range, decode_spans, tokens_in
from unspin.train.ptc import load_split

PTC = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ptc"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outputs", nargs="?", type=Path, help=".npz with ARTICLE/p per word-piece")
    parser.add_argument("--data", type=Path, default=PTC, help="PTC folder (default ../shared/data/ptc)")
    parser.add_argument("--tokenizer", type=Path, help="folder with the model's tokenizer.json")
    parser.add_argument("--threshold", type=float, default=0.3, help="decoding threshold of the spans")
    parser.add_argument("--core", type=float, default=0.4, help="P(inside) of the pieces kept around the peak")
    parser.add_argument("--gates", default="0.5,0.55,0.6,0.65,0.7", help="peak gates to score")
    parser.add_argument("--write-shipped", type=Path, help="write the shipped tagger's dev outputs here and stop")
    args = parser.parse_args(argv)
    if not (args.data / "dev-articles").is_dir():
        print(f"skipped: no PTC dev articles under {args.data}")
        return 0
    articles = load_split(args.data, "dev")
    if args.write_shipped:
        from unspin.techniques.tagger import TechniqueTagger

        tagger = TechniqueTagger.load()
        np.savez(args.write_shipped, **{f"{a.article_id}/p": tagger.outputs(a.text).p_inside for a in articles})
        return 0
    if args.outputs is None or args.tokenizer is None:
        parser.error("give the outputs .npz and --tokenizer")
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(args.tokenizer / "tokenizer.json"))
    tok.no_truncation()
    saved = np.load(args.outputs)
    gold = [(a.article_id, t, s, e) for a in articles for t, s, e in a.spans]
    found = []  # (article, start, end, peak, core)
    for article in articles:
        offsets = [tuple(o) for o in tok.encode(article.text, add_special_tokens=False).offsets]
        p = saved[f"{article.article_id}/p"]
        if len(p) != len(offsets):
            raise SystemExit(f"{article.article_id}: {len(p)} outputs for {len(offsets)} word-pieces: wrong tokenizer?")
        for raw in decode_spans(article.text, offsets, p, args.threshold, 100):  # type: ignore[arg-type]
            a, b = tokens_in(offsets, raw.start, raw.end)  # type: ignore[arg-type]
            core = core_range(article.text, offsets, p, raw.tok_start, raw.tok_end, args.core)  # type: ignore[arg-type]
            found.append((article.article_id, raw.start, raw.end, float(p[a:b].max()), core))
    print("| peak gate | shown | P (core) | R (core) | P (whole) | R (whole) |")
    print("|---|---|---|---|---|---|")
    for gate in (float(g) for g in args.gates.split(",")):
        kept = [f for f in found if f[3] >= gate]
        core = score_si([(aid, "", *(c or (s, e))) for aid, s, e, _, c in kept], gold)
        whole = score_si([(aid, "", s, e) for aid, s, e, _, _ in kept], gold)
        print(
            f"| {gate} | {len(kept)} | {core.precision:.3f} | {core.recall:.3f} "
            f"| {whole.precision:.3f} | {whole.recall:.3f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
