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

``--agree OTHER.npz --agree-tokenizer DIR`` also asks a second model: a span is shown only when
the other model's peak P inside its core reaches ``--agree-gates`` too (two models agreeing).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import numpy as np

from unspin.evaluate.techniques import score_si
from unspin.techniques.decode import core_range, decode_spans, tokens_in
from unspin.train.ptc import load_split

PTC = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ptc"


Found = tuple[str, int, int, float, "tuple[int, int] | None"]


def load_tokenizer(folder: Path) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.no_truncation()
    return tok


def offsets_of(tok: Any, text: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in tok.encode(text, add_special_tokens=False).offsets]


def candidates(articles: list[Any], saved: Any, tok: Any, args: argparse.Namespace) -> list[Found]:
    """(article, start, end, peak P, core) of every span decoded from the saved outputs."""
    found: list[Found] = []
    for article in articles:
        offsets = offsets_of(tok, article.text)
        p = saved[f"{article.article_id}/p"]
        if len(p) != len(offsets):
            raise SystemExit(f"{article.article_id}: {len(p)} outputs for {len(offsets)} word-pieces: wrong tokenizer?")
        for raw in decode_spans(article.text, offsets, p, args.threshold, 100):
            a, b = tokens_in(offsets, raw.start, raw.end)
            core = core_range(article.text, offsets, p, raw.tok_start, raw.tok_end, args.core)
            found.append((article.article_id, raw.start, raw.end, float(p[a:b].max()), core))
    return found


def print_agreement(
    found: list[Found], articles: list[Any], gold: list[Any], other: Any, tok: Any, args: argparse.Namespace
) -> None:
    """P/R when the second model's peak inside each span's core must reach a gate too."""
    offsets = {a.article_id: offsets_of(tok, a.text) for a in articles}
    rows = []
    for aid, s, e, peak, core in found:
        start, end = core or (s, e)
        i, j = tokens_in(offsets[aid], start, end)
        p = other[f"{aid}/p"]
        rows.append((aid, start, end, peak, float(p[i:j].max()) if j > i else 0.0))
    print("| peak gate | other model's gate | shown | P (core) | R (core) |")
    print("|---|---|---|---|---|")
    for gate in (float(g) for g in args.gates.split(",")):
        for other_gate in (0.0, *(float(g) for g in args.agree_gates.split(","))):
            kept = [(aid, "", s, e) for aid, s, e, pk, op in rows if pk >= gate and op >= other_gate]
            sc = score_si(kept, gold)
            print(f"| {gate} | {other_gate} | {len(kept)} | {sc.precision:.3f} | {sc.recall:.3f} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outputs", nargs="?", type=Path, help=".npz with ARTICLE/p per word-piece")
    parser.add_argument("--data", type=Path, default=PTC, help="PTC folder (default ../shared/data/ptc)")
    parser.add_argument("--tokenizer", type=Path, help="folder with the model's tokenizer.json")
    parser.add_argument("--threshold", type=float, default=0.3, help="decoding threshold of the spans")
    parser.add_argument("--core", type=float, default=0.4, help="P(inside) of the pieces kept around the peak")
    parser.add_argument("--gates", default="0.5,0.55,0.6,0.65,0.7", help="peak gates to score")
    parser.add_argument("--write-shipped", type=Path, help="write the shipped tagger's dev outputs here and stop")
    parser.add_argument("--agree", type=Path, help="a second model's outputs .npz: show only what it also finds")
    parser.add_argument("--agree-tokenizer", type=Path, help="folder with the second model's tokenizer.json")
    parser.add_argument("--agree-gates", default="0.5,0.6,0.7", help="the second model's peak gates")
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
    found = candidates(articles, np.load(args.outputs), load_tokenizer(args.tokenizer), args)
    gold = [(a.article_id, t, s, e) for a in articles for t, s, e in a.spans]
    if args.agree is not None:
        if args.agree_tokenizer is None:
            parser.error("--agree needs --agree-tokenizer")
        print_agreement(found, articles, gold, np.load(args.agree), load_tokenizer(args.agree_tokenizer), args)
        return 0
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
