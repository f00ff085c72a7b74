"""Scorer for propaganda techniques, with the SemEval-2020 Task 11 definitions.

* SI (span identification): character-overlap precision/recall.  Gold spans are merged where
  they overlap inside an article (so are predicted spans, which the official scorer requires to
  be disjoint); P = sum over every (predicted, gold) pair of |s ∩ t| / |s|, divided by the number
  of predicted spans; R likewise over gold spans; pooled over all articles.
* TC (technique classification given the gold spans): micro-F1 over the gold spans.  A span that
  gold lists twice with two techniques counts twice; predictions are matched as multisets.
* FLC (fragment level): the SI overlap metric per technique, then micro-averaged.

Labels are plain tuples ``(article_id, technique, start, end)`` so that the scorer needs nothing
but the standard library; ``read_labels`` reads the SemEval TSV files.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unspin.errors import InputError

#: ``(article_id, technique, start, end)``; technique is "" for SI-only labels.
Label = tuple[str, str, int, int]

TECHNIQUES = (
    "Appeal_to_Authority",
    "Appeal_to_fear-prejudice",
    "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-White_Fallacy",
    "Causal_Oversimplification",
    "Doubt",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Slogans",
    "Thought-terminating_Cliches",
    "Whataboutism,Straw_Men,Red_Herring",
)


@dataclass(frozen=True)
class PRF:
    """Precision, recall, F1 and the counts behind them."""

    precision: float
    recall: float
    f1: float
    n_pred: int
    n_gold: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def merge_intervals(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sort intervals and merge those that overlap (touching intervals stay apart, as in SemEval)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _by_article(labels: Iterable[Label], technique: str | None = None) -> dict[str, list[tuple[int, int]]]:
    grouped: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for article, tech, start, end in labels:
        if end > start and (technique is None or tech == technique):
            grouped[article].append((start, end))
    return {article: merge_intervals(spans) for article, spans in grouped.items()}


def _overlap_sums(
    pred: dict[str, list[tuple[int, int]]], gold: dict[str, list[tuple[int, int]]]
) -> tuple[float, float, int, int]:
    """Return (sum of |s∩t|/|s|, sum of |s∩t|/|t|, number predicted, number gold) over all articles."""
    p_sum = r_sum = 0.0
    for article, pred_spans in pred.items():
        for ps, pe in pred_spans:
            for gs, ge in gold.get(article, ()):
                inter = min(pe, ge) - max(ps, gs)
                if inter > 0:
                    p_sum += inter / (pe - ps)
                    r_sum += inter / (ge - gs)
    n_pred = sum(len(s) for s in pred.values())
    n_gold = sum(len(s) for s in gold.values())
    return p_sum, r_sum, n_pred, n_gold


def _prf(p_sum: float, r_sum: float, n_pred: int, n_gold: int) -> PRF:
    p = p_sum / n_pred if n_pred else 0.0
    r = r_sum / n_gold if n_gold else 0.0
    return PRF(p, r, _f1(p, r), n_pred, n_gold)


def score_si(pred: Iterable[Label], gold: Iterable[Label]) -> PRF:
    """SemEval-2020 SI: character-overlap P/R/F1, techniques ignored."""
    return _prf(*_overlap_sums(_by_article(pred), _by_article(gold)))


def score_flc(pred: Iterable[Label], gold: Iterable[Label]) -> tuple[PRF, dict[str, PRF]]:
    """Overlap metric per technique (predicted label must match) and its micro-average."""
    pred, gold = list(pred), list(gold)
    per: dict[str, PRF] = {}
    totals = [0.0, 0.0, 0, 0]
    for tech in TECHNIQUES:
        sums = _overlap_sums(_by_article(pred, tech), _by_article(gold, tech))
        per[tech] = _prf(*sums)
        totals = [a + b for a, b in zip(totals, sums, strict=True)]
    return _prf(totals[0], totals[1], int(totals[2]), int(totals[3])), per


def score_tc(pred: Iterable[Label], gold: Iterable[Label]) -> tuple[PRF, dict[str, PRF]]:
    """Micro-F1 of technique labels on the gold spans, plus P/R/F1 per technique."""
    gold_at: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    pred_at: dict[tuple[str, int, int], Counter[str]] = defaultdict(Counter)
    for article, tech, start, end in gold:
        gold_at[(article, start, end)][tech] += 1
    for article, tech, start, end in pred:
        pred_at[(article, start, end)][tech] += 1
    correct: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for key, techs in gold_at.items():
        n_gold.update(techs)
        correct.update(techs & pred_at.get(key, Counter()))
    for techs in pred_at.values():
        n_pred.update(techs)
    per = {t: _counts_prf(correct[t], n_pred[t], n_gold[t]) for t in TECHNIQUES}
    micro = _counts_prf(sum(correct.values()), sum(n_pred.values()), sum(n_gold.values()))
    return micro, per


def _counts_prf(correct: int, n_pred: int, n_gold: int) -> PRF:
    p = correct / n_pred if n_pred else 0.0
    r = correct / n_gold if n_gold else 0.0
    return PRF(p, r, _f1(p, r), n_pred, n_gold)


def read_labels(path: Path) -> list[Label]:
    """Read SemEval label TSV: a file, or a folder of ``*.labels`` files.

    Rows are ``id technique start end`` (TC/FLC) or ``id start end`` (SI).
    """
    files = sorted(path.glob("*.labels")) if path.is_dir() else [path]
    if not files or not all(f.is_file() for f in files):
        raise InputError(f"no label file at {str(path)!r}: expected a TSV file or a folder of *.labels files")
    labels: list[Label] = []
    for file in files:
        for lineno, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                labels.append(_parse_row(line, file, lineno))
    return labels


def _parse_row(line: str, file: Path, lineno: int) -> Label:
    cells = line.rstrip("\n").split("\t")
    try:
        if len(cells) == 4:
            return (cells[0], cells[1], int(cells[2]), int(cells[3]))
        if len(cells) == 3:
            return (cells[0], "", int(cells[1]), int(cells[2]))
    except ValueError:
        pass
    raise InputError(
        f"{file}:{lineno}: bad label row {line!r}: expected 'article_id<TAB>technique<TAB>start<TAB>end' "
        "or 'article_id<TAB>start<TAB>end' with integer offsets"
    )


def report(pred: list[Label], gold: list[Label]) -> dict[str, object]:
    """All three scores as one JSON-ready dict (TC only when the predictions sit on gold spans)."""
    si = score_si(pred, gold)
    flc, flc_per = score_flc(pred, gold)
    out: dict[str, object] = {
        "si": si.as_dict(),
        "flc": flc.as_dict(),
        "flc_per_technique": {t: s.as_dict() for t, s in flc_per.items()},
    }
    gold_spans = {(a, s, e) for a, _, s, e in gold}
    if pred and all((a, s, e) in gold_spans for a, _, s, e in pred):
        tc, tc_per = score_tc(pred, gold)
        out["tc"] = tc.as_dict()
        out["tc_per_technique"] = {t: s.as_dict() for t, s in tc_per.items()}
    return out


# -- running the model over a folder of articles ----------------------------------
def article_id_of(path: Path) -> str:
    """SemEval article id: the digits of ``article<ID>.txt``, else the file stem."""
    stem = path.stem
    return stem[len("article") :] if stem.startswith("article") and stem[len("article") :].isdigit() else stem


#: What ``--run`` scores: the tagger's spans as the SemEval export writes them ("all"), the same
#: spans snapped to words and phrases as the techniques stage shows them ("snapped"), or only the
#: snapped spans the model's display rule shows by default, as a reader sees them ("shown": their
#: core when the rule has a ``core_level``).
VIEWS = ("all", "snapped", "shown")


def run_model(
    articles_dir: Path, gold: list[Label], model_dir: str | None = None, view: str = "all"
) -> tuple[list[Label], list[Label]]:
    """Run the technique tagger over ``articles_dir/*.txt``.

    Returns (span predictions for SI/FLC, technique predictions on the gold spans for TC).  The
    tagger reads each file's text as is, so offsets are offsets into the file.  ``view`` other
    than "all" parses each article with the pipeline's spaCy model and presents the spans as the
    ``techniques`` stage does (see :data:`VIEWS`).
    """
    from unspin.document import Span
    from unspin.techniques.display import tagged_extent
    from unspin.techniques.tagger import TechniqueTagger

    files = sorted(articles_dir.glob("*.txt"))
    if not files:
        raise InputError(f"no *.txt articles in {str(articles_dir)!r}: expected a folder like ptc/dev-articles")
    tagger = TechniqueTagger.load(model_dir)
    spans_pred: list[Label] = []
    tc_pred: list[Label] = []
    for file in files:
        aid = article_id_of(file)
        text = file.read_text(encoding="utf-8")
        outputs = tagger.outputs(text)  # one model pass serves both tasks
        spans = tagger.spans_from(text, outputs)
        if view == "snapped":  # the whole snapped spans, as the SemEval export of the stage writes them
            spans = [Span(*tagged_extent(s), s.label) for s in presented(text, spans, tagger.display_rule)]
        elif view == "shown":  # what a reader sees: the shown spans' displayed extent (their core)
            spans = [s for s in presented(text, spans, tagger.display_rule) if s.attrs["shown"]]
        spans_pred.extend((aid, s.label, s.start, s.end) for s in spans)
        counts = Counter((s, e) for a, _, s, e in gold if a == aid)
        keys = list(counts)
        if keys:
            ranked = tagger.classify_from(outputs, keys, top_k=max(counts.values()))
            for (s, e), labels in zip(keys, ranked, strict=True):
                tc_pred.extend((aid, label, s, e) for label, _ in labels[: counts[(s, e)]])
    return spans_pred, tc_pred


def presented(text: str, spans: list[Any], rule: Any) -> list[Any]:
    """``spans`` snapped and given their ``shown`` decision as the techniques stage does, on a fresh parse."""
    from unspin.config import Config
    from unspin.nlp import parse
    from unspin.techniques.display import present
    from unspin.techniques.snap import phrases_from_parse, words_from_parse

    parsed = parse(text, Config().spacy_model)
    words, phrases = words_from_parse(parsed), phrases_from_parse(parsed)
    return [present(text, span, words, phrases, rule) for span in spans]


def evaluate(args: argparse.Namespace) -> dict[str, object]:
    gold = read_labels(args.gold)
    view = "shown" if getattr(args, "shown_only", False) else "snapped" if getattr(args, "snapped", False) else "all"
    if view != "all" and args.run is None:
        raise InputError("--shown-only and --snapped need --run ARTICLES_DIR: they run the model and its display rule")
    if args.run is not None:
        spans_pred, tc_pred = run_model(args.run, gold, args.model, view)
        result = report(spans_pred, gold)
        if tc_pred:
            tc, tc_per = score_tc(tc_pred, gold)
            result["tc"] = tc.as_dict()
            result["tc_per_technique"] = {t: s.as_dict() for t, s in tc_per.items()}
        return result
    return report(read_labels(args.pred), gold)


# -- command line ---------------------------------------------------------------
def add_eval_parser(sub: Any) -> None:
    """Add ``techniques`` to the subparsers of ``unspin eval``."""
    parser = sub.add_parser(
        "techniques",
        help="score propaganda technique spans (SemEval-2020 Task 11: SI, TC, FLC)",
        description="Score predicted technique spans against gold labels with the SemEval-2020 Task 11 "
        "definitions, or (--run) run the shipped model over a folder of articles and score it.",
    )
    parser.add_argument("--gold", required=True, type=Path, help="gold labels: a TSV file or a folder of *.labels")
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--pred", type=Path, help="predicted labels (TSV, same format as --gold)")
    source.add_argument("--run", type=Path, metavar="ARTICLES_DIR", help="run the model over article<ID>.txt files")
    parser.add_argument("--model", default=None, help="technique model folder (default: the shipped model)")
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument(
        "--shown-only",
        action="store_true",
        help="with --run: score only the spans a reader sees by default (snapped, display rule of the model)",
    )
    shown.add_argument(
        "--snapped", action="store_true", help="with --run: score every span snapped to words and phrases"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run_eval)


def format_table(result: dict[str, Any]) -> str:
    rows = ["task\tP\tR\tF1\tpred\tgold"]
    for task in ("si", "tc", "flc"):
        if task in result:
            m = result[task]
            rows.append(
                f"{task.upper()}\t{m['precision']:.4f}\t{m['recall']:.4f}\t{m['f1']:.4f}\t{m['n_pred']}\t{m['n_gold']}"
            )
    per_key = "tc_per_technique" if "tc_per_technique" in result else "flc_per_technique"
    rows.append(f"\n{per_key.split('_')[0].upper()} per technique\tP\tR\tF1\tpred\tgold")
    for tech, m in result[per_key].items():
        rows.append(f"{tech}\t{m['precision']:.4f}\t{m['recall']:.4f}\t{m['f1']:.4f}\t{m['n_pred']}\t{m['n_gold']}")
    return "\n".join(rows)


def run_eval(args: argparse.Namespace) -> int:
    result = evaluate(args)
    print(json.dumps(result, indent=2) if args.json else format_table(result))
    return 0
