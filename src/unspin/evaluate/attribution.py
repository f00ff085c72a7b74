"""Score attribution spans in BRAT standoff against gold (PolNeAR): per role, exact and overlap.

For each role (source, cue, content) and each pair of ``.ann`` files with matching
names: *exact* counts a predicted span correct when a gold span of the same role
has exactly the same fragments (one-to-one); *overlap* counts a predicted span
correct when it shares a character with a gold span of the same role, and a gold
span found when some predicted span of its role overlaps it.  Counts are pooled
over all files, then P = correct / predicted, R = found / gold, F1 = 2PR/(P+R).

PolNeAR names gold files ``NAME_ANNOTATOR.ann`` (``_4e07``); a prediction
``NAME.ann`` matches them.  A text annotated twice is scored against its first
annotator only (``--duplicates first``, the default) or against every annotation
(``--duplicates all``, each counted like a separate file).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unspin.errors import InputError

ROLES = ("source", "cue", "content")
_ROLE_OF_LABEL = {"Source": "source", "Cue": "cue", "Content": "content"}
_ANNOTATOR_SUFFIX = re.compile(r"^(?P<name>.+)_[0-9a-f]{4}$")

Fragments = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class RoleSpan:
    role: str
    fragments: Fragments

    def overlaps(self, other: RoleSpan) -> bool:
        return any(s < oe and os < e for s, e in self.fragments for os, oe in other.fragments)


@dataclass
class Counts:
    n_pred: int = 0
    n_gold: int = 0
    exact: int = 0
    pred_overlapping: int = 0
    gold_overlapped: int = 0

    def add(self, other: Counts) -> None:
        self.n_pred += other.n_pred
        self.n_gold += other.n_gold
        self.exact += other.exact
        self.pred_overlapping += other.pred_overlapping
        self.gold_overlapped += other.gold_overlapped

    def as_dict(self) -> dict[str, float | int]:
        exact_p, exact_r = _ratio(self.exact, self.n_pred), _ratio(self.exact, self.n_gold)
        over_p, over_r = _ratio(self.pred_overlapping, self.n_pred), _ratio(self.gold_overlapped, self.n_gold)
        return {
            "exact_p": exact_p,
            "exact_r": exact_r,
            "exact_f1": _f1(exact_p, exact_r),
            "overlap_p": over_p,
            "overlap_r": over_r,
            "overlap_f1": _f1(over_p, over_r),
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# -- reading ------------------------------------------------------------------
def parse_ann(text: str, origin: str = "<ann>") -> list[RoleSpan]:
    """Source/Cue/Content ``T`` lines of a BRAT file (anchors, Discard and Discuss lines are skipped).

    A span's text may run over a line break (three PolNeAR train files): the lines
    after a ``T`` line that do not open with an id continue its text and are skipped.
    """
    spans: list[RoleSpan] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("T") or not line[1:2].isdigit():
            continue
        fields = line.split("\t")
        if len(fields) < 2 or " " not in fields[1]:
            raise InputError(f"{origin}:{lineno}: malformed T line {line[:60]!r}; expected 'T1<TAB>Label START END'")
        label, offsets = fields[1].split(" ", 1)
        role = _ROLE_OF_LABEL.get(label)
        if role is None:
            continue
        spans.append(RoleSpan(role, _parse_offsets(offsets, origin, lineno)))
    return spans


def _parse_offsets(offsets: str, origin: str, lineno: int) -> Fragments:
    try:
        pairs = [tuple(int(x) for x in piece.split()) for piece in offsets.split(";")]
    except ValueError:
        raise InputError(f"{origin}:{lineno}: offsets {offsets!r} are not integers 'START END[;START END]'") from None
    if any(len(p) != 2 or p[0] > p[1] for p in pairs):
        raise InputError(f"{origin}:{lineno}: offsets {offsets!r} must be 'START END' pairs with START <= END")
    return tuple(sorted((p[0], p[1]) for p in pairs))


def read_ann(path: Path) -> list[RoleSpan]:
    try:
        return parse_ann(path.read_text(encoding="utf-8"), str(path))
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from None


def text_name(ann: Path) -> str:
    """The text a gold file annotates: ``NAME_4e07.ann`` -> ``NAME``."""
    match = _ANNOTATOR_SUFFIX.match(ann.stem)
    return match.group("name") if match else ann.stem


def _ann_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder of .ann files")
    nested = folder / "attributions"
    return sorted((nested if nested.is_dir() else folder).glob("*.ann"))


def annotations_by_text(folder: Path) -> dict[str, list[Path]]:
    """Gold ``.ann`` files of ``folder`` (or its ``attributions/``) by text name, annotators in name order."""
    by_text: dict[str, list[Path]] = {}
    for path in _ann_files(folder):
        by_text.setdefault(text_name(path), []).append(path)
    return by_text


def pair_files(gold: Path, pred: Path, duplicates: str = "first") -> tuple[list[tuple[Path, Path]], list[str]]:
    """(gold, pred) pairs matched by text name, and the names of gold texts with no prediction."""
    if duplicates not in {"first", "all"}:
        raise InputError(f"unknown duplicates policy {duplicates!r}; choose 'first' or 'all'")
    predictions = {p.stem: p for p in _ann_files(pred)}
    by_text = annotations_by_text(gold)
    if not by_text:
        raise InputError(f"no gold .ann files in {gold}")
    pairs: list[tuple[Path, Path]] = []
    missing: list[str] = []
    for name, golds in sorted(by_text.items()):
        if name not in predictions:
            missing.append(name)
            continue
        for g in golds if duplicates == "all" else golds[:1]:
            pairs.append((g, predictions[name]))
    if not pairs:
        raise InputError(f"no prediction in {pred} matches a gold text in {gold} (expected NAME.ann files)")
    return pairs, missing


# -- scoring ------------------------------------------------------------------
def score_role(pred: Sequence[RoleSpan], gold: Sequence[RoleSpan]) -> Counts:
    """Counts of one role in one file."""
    gold_left = Counter(g.fragments for g in gold)
    exact = 0
    for p in pred:
        if gold_left[p.fragments] > 0:
            gold_left[p.fragments] -= 1
            exact += 1
    return Counts(
        n_pred=len(pred),
        n_gold=len(gold),
        exact=exact,
        pred_overlapping=sum(1 for p in pred if any(p.overlaps(g) for g in gold)),
        gold_overlapped=sum(1 for g in gold if any(g.overlaps(p) for p in pred)),
    )


def score_files(pairs: Iterable[tuple[Sequence[RoleSpan], Sequence[RoleSpan]]]) -> dict[str, Counts]:
    """Pooled counts per role over (pred, gold) span lists."""
    totals = {role: Counts() for role in ROLES}
    for pred, gold in pairs:
        for role in ROLES:
            totals[role].add(score_role([p for p in pred if p.role == role], [g for g in gold if g.role == role]))
    return totals


def evaluate_paths(gold: Path, pred: Path, duplicates: str = "first") -> dict[str, Any]:
    pairs, missing = pair_files(gold, pred, duplicates)
    totals = score_files((read_ann(p), read_ann(g)) for g, p in pairs)
    return {
        "roles": {role: counts.as_dict() for role, counts in totals.items()},
        "files": len(pairs),
        "gold_without_prediction": missing,
        "duplicates": duplicates,
    }


# -- command line ---------------------------------------------------------------
def add_eval_parser(sub: Any) -> None:
    """Add ``attribution`` to the subparsers of ``unspin eval``."""
    parser = sub.add_parser(
        "attribution",
        help="score attribution spans (BRAT, PolNeAR): source/cue/content P/R/F1, exact and overlap",
        description=__doc__.split("\n\n")[1] if __doc__ else None,
    )
    parser.add_argument(
        "--gold", required=True, type=Path, help="folder of gold .ann files (PolNeAR split or its attributions/)"
    )
    parser.add_argument("--pred", required=True, type=Path, help="folder of predicted NAME.ann files")
    parser.add_argument("--duplicates", choices=("first", "all"), default="first", help="texts annotated twice")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run_eval)


def format_table(result: Mapping[str, Any]) -> str:
    rows = ["role\texact P\texact R\texact F1\toverlap P\toverlap R\toverlap F1\tpred\tgold"]
    for role, m in result["roles"].items():
        numbers = [m["exact_p"], m["exact_r"], m["exact_f1"], m["overlap_p"], m["overlap_r"], m["overlap_f1"]]
        rows.append(role + "\t" + "\t".join(f"{x:.4f}" for x in numbers) + f"\t{m['n_pred']}\t{m['n_gold']}")
    rows.append(
        f"files scored: {result['files']}; gold texts without a prediction: {len(result['gold_without_prediction'])}"
    )
    return "\n".join(rows)


def run_eval(args: argparse.Namespace) -> int:
    result = evaluate_paths(args.gold, args.pred, args.duplicates)
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    return 0
