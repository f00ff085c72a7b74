"""CheckThat! 2019 task 1 scorer: MAP, R-precision, reciprocal rank and P@k over debates.

Definitions follow the official task-1 scorer: lines are ranked by descending
score (ties keep the order of the prediction file); average precision sums the
precision at each relevant line and divides by the number of relevant lines;
R-precision is the precision at rank R = number of relevant lines; P@k divides
the relevant lines among the first k by k.  Every measure is averaged over
debates (a debate without relevant lines contributes 0 to MAP and R-precision).

``unspin eval checkworthy --gold FILE_OR_DIR --pred FILE_OR_DIR`` prints them.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from unspin.claims.checkthat import read_debate
from unspin.errors import InputError

THRESHOLDS = (1, 3, 5, 10, 20, 50)


def rank_lines(predictions: Sequence[tuple[int, float]]) -> list[int]:
    """Line numbers by descending score; ties keep their order in ``predictions``."""
    return [line for line, _ in sorted(predictions, key=lambda p: -p[1])]


def average_precision(gold: Mapping[int, int], ranked: Sequence[int]) -> float:
    relevant = sum(1 for v in gold.values() if v == 1)
    if relevant == 0:
        return 0.0
    hits, total = 0, 0.0
    for rank, line in enumerate(ranked, start=1):
        if gold.get(line) == 1:
            hits += 1
            total += hits / rank
    return total / relevant


def precision_at(gold: Mapping[int, int], ranked: Sequence[int], k: int) -> float:
    """Relevant lines among the first ``k``, divided by ``k`` (also when fewer than ``k`` lines exist)."""
    if k <= 0:
        raise ValueError(f"k must be positive, got {k}")
    return sum(1 for line in ranked[:k] if gold.get(line) == 1) / k


def r_precision(gold: Mapping[int, int], ranked: Sequence[int]) -> float:
    relevant = sum(1 for v in gold.values() if v == 1)
    return precision_at(gold, ranked, relevant) if relevant else 0.0


def reciprocal_rank(gold: Mapping[int, int], ranked: Sequence[int]) -> float:
    for rank, line in enumerate(ranked, start=1):
        if gold.get(line) == 1:
            return 1.0 / rank
    return 0.0


def debate_metrics(gold: Mapping[int, int], predictions: Sequence[tuple[int, float]]) -> dict[str, float]:
    """All measures of one debate; every gold line must be scored."""
    missing = sorted(set(gold) - {line for line, _ in predictions})
    if missing:
        shown = ", ".join(map(str, missing[:5])) + (" ..." if len(missing) > 5 else "")
        raise InputError(f"predictions lack {len(missing)} of {len(gold)} gold lines (lines {shown})")
    ranked = rank_lines(predictions)
    out = {
        "MAP": average_precision(gold, ranked),
        "R-Precision": r_precision(gold, ranked),
        "RR": reciprocal_rank(gold, ranked),
    }
    out.update({f"P@{k}": precision_at(gold, ranked, k) for k in THRESHOLDS})
    return out


def mean_metrics(per_debate: Sequence[Mapping[str, float]]) -> dict[str, float]:
    if not per_debate:
        raise InputError("no debates to score")
    keys = list(per_debate[0])
    return {k: sum(d[k] for d in per_debate) / len(per_debate) for k in keys}


# -- files ------------------------------------------------------------------
def read_gold(path: Path) -> dict[int, int]:
    lines = read_debate(path)
    unlabelled = [d.line for d in lines if d.label is None]
    if unlabelled:
        raise InputError(f"gold file {path} has lines without a label (first: line {unlabelled[0]})")
    return {d.line: int(d.label or 0) for d in lines}


def read_predictions(path: Path) -> list[tuple[int, float]]:
    """Read ``line<TAB>score`` rows."""
    try:
        rows = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise InputError(f"prediction file not found: {path}") from None
    out: list[tuple[int, float]] = []
    for number, row in enumerate(rows, start=1):
        if not row.strip():
            continue
        cols = row.split("\t")
        try:
            out.append((int(cols[0]), float(cols[1])))
        except (ValueError, IndexError):
            raise InputError(f"{path}:{number}: expected line<TAB>score, got {row!r}") from None
    return out


def pair_files(gold: Path, pred: Path) -> list[tuple[Path, Path]]:
    """Gold/prediction file pairs: two files, or two folders matched by file stem."""
    if gold.is_file() and pred.is_file():
        return [(gold, pred)]
    if not (gold.is_dir() and pred.is_dir()):
        raise InputError(f"--gold {gold} and --pred {pred} must both be files or both be folders")
    preds = {p.stem: p for p in pred.iterdir() if p.is_file()}
    pairs = []
    for g in sorted(gold.glob("*.tsv")):
        if g.stem not in preds:
            raise InputError(f"no prediction for gold debate {g.name} in {pred} (expected {g.stem}.<ext>)")
        pairs.append((g, preds[g.stem]))
    if not pairs:
        raise InputError(f"no gold .tsv debates in {gold}")
    return pairs


def evaluate_paths(gold: Path, pred: Path) -> dict[str, Any]:
    per_debate = {}
    for g, p in pair_files(gold, pred):
        try:
            per_debate[g.stem] = debate_metrics(read_gold(g), read_predictions(p))
        except InputError as exc:
            raise InputError(f"{p}: {exc}") from None
    return {"mean": mean_metrics(list(per_debate.values())), "debates": per_debate}


# -- command line -------------------------------------------------------------
def add_eval_parser(sub: Any) -> None:
    """Add ``checkworthy`` to the subparsers of ``unspin eval``."""
    parser = sub.add_parser(
        "checkworthy",
        help="score check-worthiness rankings (CheckThat! 2019 task 1 measures)",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
    )
    parser.add_argument("--gold", required=True, type=Path, help="gold debate .tsv, or a folder of them")
    parser.add_argument("--pred", required=True, type=Path, help="line<TAB>score file, or a folder matched by stem")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run_eval)


def format_table(result: Mapping[str, Any]) -> str:
    names = list(result["mean"])
    rows = ["debate\t" + "\t".join(names)]
    for debate, metrics in result["debates"].items():
        rows.append(debate + "\t" + "\t".join(f"{metrics[n]:.4f}" for n in names))
    rows.append("MEAN\t" + "\t".join(f"{result['mean'][n]:.4f}" for n in names))
    return "\n".join(rows)


def run_eval(args: argparse.Namespace) -> int:
    result = evaluate_paths(args.gold, args.pred)
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    return 0
