"""``unspin checkworthy FILE.tsv [-o OUT]``: rank the sentences of a CheckThat! debate by check-worthiness.

Reads ``line<TAB>speaker<TAB>text[<TAB>label]`` (a label column is ignored) and
writes ``line<TAB>score``, most check-worthy first, the results format of
CheckThat! task 1, so the output feeds ``unspin eval checkworthy`` directly.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from unspin.claims.checkthat import DebateLine, parse_debate, read_debate
from unspin.claims.model import default_model, load_model
from unspin.errors import InputError


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "checkworthy",
        help="rank the lines of a CheckThat! debate file by check-worthiness",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
    )
    parser.add_argument("file", help="debate .tsv (line, speaker, text[, label]); '-' reads stdin")
    parser.add_argument("-o", "--output", type=Path, help="write here instead of stdout")
    parser.add_argument("--model-dir", type=Path, help="an alternative model directory (weights.npz, vocab.json)")
    parser.set_defaults(func=run)


def rank_debate(lines: list[DebateLine], model_dir: Path | None = None) -> list[tuple[int, float]]:
    """``(line, score)`` pairs, highest score first (ties in file order)."""
    model = load_model(model_dir) if model_dir is not None else default_model()
    scores = model.score_sentences([d.text for d in lines])
    pairs = [(d.line, float(s)) for d, s in zip(lines, scores, strict=True)]
    return sorted(pairs, key=lambda p: -p[1])


def format_ranking(pairs: list[tuple[int, float]]) -> str:
    return "".join(f"{line}\t{score:.6f}\n" for line, score in pairs)


def run(args: argparse.Namespace) -> int:
    if args.file == "-":
        lines = parse_debate(sys.stdin.read(), "<stdin>")
    else:
        path = Path(args.file)
        if path.is_dir():
            raise InputError(f"{path} is a folder; expected one debate .tsv file")
        lines = read_debate(path)
    out = format_ranking(rank_debate(lines, args.model_dir))
    if args.output is None:
        sys.stdout.write(out)
    else:
        args.output.write_text(out, encoding="utf-8")
    return 0
