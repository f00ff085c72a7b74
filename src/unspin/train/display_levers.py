"""Measure display levers beyond the score rule on PTC dev, out of fold (issue 13).

The shipped rule (``unspin.train.display``) shows a whole snapped span when its score and
label probability are high enough.  This script measures, with the same 5 article folds and
the project's SemEval SI scorer, three further levers on what a reader would see:

* ``core``: show only the span's core, the run of word-pieces around its most probable one
  whose P(inside) reaches ``t_core``, snapped to whole words and noun phrases and kept inside
  the span; ``phrase`` shows the trigger phrase (the noun phrase around the tagger's peak).
* ``peak``: gate on the span's highest token probability instead of its mean score.
* ``per_label``: a score floor per technique, fitted by coordinate ascent on the training folds.
* ``hidden labels``: the peak gate that may also keep every Repetition flag behind the toggle (as
  the stage would label it: a core by its core).  Shown Repetition flags are the least often right
  (on PTC dev a sixth of them touch a gold Repetition span), but hiding them costs the shown spans
  more recall than precision gains: out of fold it loses (the model card has the figures).

Every rule is chosen on four folds' articles and scored on the fifth; the pooled out-of-fold
SemEval SI of the shown extents is printed as JSON::

    PYTHONPATH=src .venv/bin/python -m unspin.train.display_levers \\
        --model src/unspin/models/techniques --data ../shared/data/ptc

Nothing is written to the model; the figures go to the model card by hand.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unspin.config import Config
from unspin.evaluate.techniques import PRF, Label, score_si
from unspin.techniques.decode import core_range, tokens_in
from unspin.techniques.display import DisplayRule, content_words, core_extent, present, trigger_range
from unspin.techniques.tagger import TechniqueTagger
from unspin.train.display import MIN_LABEL_PROBABILITIES, MIN_SCORES, article_folds, parsed_dev
from unspin.train.ptc import load_split

CORE_LEVELS = (0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
PEAK_LEVELS = tuple(round(0.40 + 0.025 * i, 3) for i in range(21))  # 0.40 .. 0.90


@dataclass(frozen=True)
class Presented:
    """One dev span as the stage presents it, with what the levers read."""

    article_id: str
    label: str
    start: int
    end: int
    score: float
    label_probability: float
    peak_probability: float  # the highest P(inside) of its word-pieces
    content_words: int
    extents: dict[str, tuple[int, int]]  # display extent per variant ("span", "phrase", "core0.5", ...)
    #: the label the stage gives a span shown as its core at each level ("core0.5" -> label); the
    #: whole span's ``label`` for the other extents
    core_labels: dict[str, str] = dataclasses.field(default_factory=dict)

    def label_at(self, extent: str) -> str:
        return self.core_labels.get(extent, self.label)


def collect(
    tagger: TechniqueTagger, data: Path, spacy_model: str, limit: int = 0
) -> tuple[list[Presented], list[Label]]:
    """Every dev span with its display extents, and the dev gold labels."""
    articles, gold = parsed_dev(data, spacy_model, limit)
    out: list[Presented] = []
    for article, words, phrases in articles:
        text = article.text
        outputs = tagger.outputs(text)
        for span in tagger.spans_from(text, outputs):
            shown = present(text, span, words, phrases, DisplayRule())
            s, e = shown.start, shown.end
            # Peak and core from the tagger's own word-pieces, as TechniqueTagger.spans_from computes them.
            a, b = tokens_in(outputs.offsets, span.start, span.end)
            peak_p = float(span.attrs["peak_probability"])
            extents: dict[str, tuple[int, int]] = {"span": (s, e)}
            peak_at = min(max(int(span.attrs.get("trigger_at", s)), s), max(e - 1, s))
            phrase = trigger_range(text, s, e, peak_at, words, phrases)
            extents["phrase"] = phrase if phrase else (s, e)
            core_labels = {}
            for level in CORE_LEVELS:
                core = core_range(text, outputs.offsets, outputs.p_inside, a, b, level)
                # as TechniqueTagger.spans_from labels a span it shows as its core
                core_labels[f"core{level}"] = tagger.config.labels[int(tagger.span_logits(outputs, *core).argmax())]
                has_content = bool(content_words(words, s, e))
                extents[f"core{level}"] = (
                    core_extent(text, s, e, core, peak_at, words, phrases) if has_content else (s, e)
                )
            out.append(
                Presented(
                    article.article_id,
                    span.label,
                    s,
                    e,
                    float(span.score or 0.0),
                    float(span.attrs["label_probability"]),
                    peak_p,
                    len(content_words(words, s, e)),
                    extents,
                    core_labels,
                )
            )
    return out, gold


#: A lever's rule: which spans it shows and which extent of each a reader sees.
Gate = Callable[[Presented], bool]


@dataclass(frozen=True)
class Rule:
    name: str
    extent: str
    gate: Gate
    params: dict[str, Any]


def shown_score(rule: Rule, spans: Sequence[Presented], gold: Sequence[Label], ids: set[str]) -> PRF:
    pred = [(c.article_id, "", *c.extents[rule.extent]) for c in spans if c.article_id in ids and rule.gate(c)]
    return score_si(pred, [g for g in gold if g[0] in ids])


def _key(prf: PRF, min_recall: float) -> tuple[float, float]:
    return (prf.precision, prf.recall) if prf.recall >= min_recall else (-1.0, prf.recall)


def score_rules(extents: Sequence[str]) -> list[Rule]:
    """The shipped lever: mean score and label probability floors, over the given display extents."""
    rules = []
    for extent, min_score, min_prob in itertools.product(extents, MIN_SCORES, MIN_LABEL_PROBABILITIES):
        rules.append(
            Rule(
                "score",
                extent,
                lambda c, s=min_score, p=min_prob: c.content_words > 0 and c.score >= s and c.label_probability >= p,
                {"extent": extent, "min_score": min_score, "min_label_probability": min_prob},
            )
        )
    return rules


def peak_rules(extents: Sequence[str], label_floors: Sequence[float] = MIN_LABEL_PROBABILITIES) -> list[Rule]:
    """Hysteresis: the span's highest token probability gates, its core is what is shown."""
    rules = []
    for extent, level, min_prob in itertools.product(extents, PEAK_LEVELS, label_floors):
        rules.append(
            Rule(
                "peak",
                extent,
                lambda c, lv=level, p=min_prob: (
                    c.content_words > 0 and c.peak_probability >= lv and c.label_probability >= p
                ),
                {"extent": extent, "min_peak": level, "min_label_probability": min_prob},
            )
        )
    return rules


def hiding_rules(extents: Sequence[str], hidden: frozenset[str] = frozenset({"Repetition"})) -> list[Rule]:
    """The peak gate with no label floor, where each rule may also hide the ``hidden`` techniques (as
    the stage labels what it would show: a core by its core's label)."""
    rules = []
    for extent, level, hide in itertools.product(extents, PEAK_LEVELS, (frozenset(), hidden)):
        rules.append(
            Rule(
                "peak, hidden labels",
                extent,
                lambda c, lv=level, h=hide, e=extent: (
                    c.content_words > 0 and c.peak_probability >= lv and c.label_at(e) not in h
                ),
                {"extent": extent, "min_peak": level, "min_label_probability": 0.0, "hidden_labels": sorted(hide)},
            )
        )
    return rules


def peak_and_score_rules(extents: Sequence[str]) -> list[Rule]:
    """The peak gate with a mean-score floor as well (no label floor)."""
    rules = []
    for extent, level, min_score in itertools.product(extents, PEAK_LEVELS, (0.0, 0.3, 0.34, 0.38, 0.42, 0.46)):
        rules.append(
            Rule(
                "peak+score",
                extent,
                lambda c, lv=level, s=min_score: c.content_words > 0 and c.peak_probability >= lv and c.score >= s,
                {"extent": extent, "min_peak": level, "min_score": min_score},
            )
        )
    return rules


def best_of(
    rules: Sequence[Rule], spans: Sequence[Presented], gold: Sequence[Label], ids: set[str], min_recall: float
) -> Rule:
    return max(rules, key=lambda r: _key(shown_score(r, spans, gold, ids), min_recall))


def per_label_rule(
    spans: Sequence[Presented], gold: Sequence[Label], ids: set[str], min_recall: float, extent: str
) -> Rule:
    """A score floor per technique: start from the best single floor, then coordinate ascent per label."""
    start = best_of(
        [r for r in score_rules([extent]) if r.params["min_label_probability"] == 0.0], spans, gold, ids, min_recall
    )
    labels = sorted({c.label for c in spans})
    floors = {label: float(start.params["min_score"]) for label in labels}

    def make(fl: dict[str, float]) -> Rule:
        frozen = dict(fl)
        return Rule(
            "per_label",
            extent,
            lambda c: c.content_words > 0 and c.score >= frozen.get(c.label, 1.0),
            {"extent": extent, "floors": frozen},
        )

    best = _key(shown_score(make(floors), spans, gold, ids), min_recall)
    for _ in range(2):  # two sweeps over the labels
        for label in labels:
            for level in (*MIN_SCORES, 1.01):  # 1.01: never show the label
                trial = {**floors, label: level}
                key = _key(shown_score(make(trial), spans, gold, ids), min_recall)
                if key > best:
                    best, floors = key, trial
    return make(floors)


def cross_validate(
    choose: Callable[[set[str]], Rule], spans: Sequence[Presented], gold: Sequence[Label], seed: int = 13
) -> dict[str, Any]:
    """Out-of-fold SI of the shown extents, each fold's rule chosen on the other folds (same folds as display)."""
    folds = article_folds([g[0] for g in gold] + [c.article_id for c in spans], seed)
    ids: set[str] = set().union(*folds)
    pred: list[Label] = []
    chosen = []
    for test in folds:
        rule = choose(ids - test)
        chosen.append(rule.params)
        pred += [(c.article_id, "", *c.extents[rule.extent]) for c in spans if c.article_id in test and rule.gate(c)]
    return {"out_of_fold": score_si(pred, gold).as_dict(), "fold_rules": chosen}


def core_calibration(tagger: TechniqueTagger, data: Path, limit: int = 0) -> dict[str, Any]:
    """Is a shown core's score (its calibrated mean P(inside)) its precision?  Dev spans the rule shows.

    Precision here is the share of the core's characters inside gold spans, as the calibration
    section of the model card measures it for whole spans; bins by the core's score.
    """
    from unspin.evaluate.techniques import merge_intervals

    rule = tagger.config.display
    rows = []
    for article in load_split(data, "dev")[: limit or None]:
        gold = merge_intervals([(s, e) for _, s, e in article.spans])
        outputs = tagger.outputs(article.text)
        for span in tagger.spans_from(article.text, outputs):
            if "core_score" not in span.attrs or span.attrs["peak_probability"] < rule.min_peak:
                continue
            c_start, c_end = span.attrs["core_at"]
            inside = sum(max(0, min(c_end, ge) - max(c_start, gs)) for gs, ge in gold)
            rows.append((float(span.attrs["core_score"]), inside / (c_end - c_start), float(span.score or 0.0)))
    bins = []
    for lo, hi in ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 1.01)):
        sel = [r for r in rows if lo <= r[0] < hi]
        if sel:
            bins.append(
                {
                    "from": lo,
                    "to": min(hi, 1.0),
                    "cores": len(sel),
                    "mean_score": round(sum(r[0] for r in sel) / len(sel), 3),
                    "mean_precision": round(sum(r[1] for r in sel) / len(sel), 3),
                }
            )
    n = max(len(rows), 1)
    return {
        "cores": len(rows),
        "mean_core_score": round(sum(r[0] for r in rows) / n, 3),
        "mean_core_precision": round(sum(r[1] for r in rows) / n, 3),
        "mean_whole_span_score": round(sum(r[2] for r in rows) / n, 3),
        "bins": bins,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Measure display levers on PTC dev, out of fold.")
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--min-recall", type=float, default=0.20)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument(
        "--write",
        action="store_true",
        help="write the peak-and-core rule fitted on all dev to config.json and its figures to dev_scores.json",
    )
    parser.add_argument(
        "--core-calibration",
        action="store_true",
        help="only check that the shipped rule's shown cores are scored at their precision (no parse, no search)",
    )
    parser.add_argument("--cache", type=Path, default=None, help="pickle of the collected spans (reused if present)")
    args = parser.parse_args()
    if args.core_calibration:
        check = core_calibration(TechniqueTagger(Path(args.model)), Path(args.data), args.limit)
        print(json.dumps(check, indent=1))
        return
    if args.cache is not None and args.cache.is_file():
        spans, gold = pickle.loads(args.cache.read_bytes())
    else:
        tagger = TechniqueTagger(Path(args.model))
        # The spans as the tagger finds them before any display rule (labels from the whole span),
        # so that the figures do not depend on the display block this script writes.
        tagger.config = dataclasses.replace(tagger.config, display=DisplayRule())
        spans, gold = collect(tagger, Path(args.data), Config().spacy_model, args.limit)
        if args.cache is not None:
            args.cache.write_bytes(pickle.dumps((spans, gold)))
    ids_all = {g[0] for g in gold}
    r = args.min_recall
    extents = ["span", "phrase", *(f"core{lv}" for lv in CORE_LEVELS)]
    results: dict[str, Any] = {}
    for extent in extents:
        results[f"score/{extent}"] = cross_validate(
            lambda ids, e=extent: best_of(score_rules([e]), spans, gold, ids, r), spans, gold
        )
        results[f"peak/{extent}"] = cross_validate(
            lambda ids, e=extent: best_of(peak_rules([e]), spans, gold, ids, r), spans, gold
        )
    results["score/any extent"] = cross_validate(
        lambda ids: best_of(score_rules(extents), spans, gold, ids, r), spans, gold
    )
    results["peak/any extent"] = cross_validate(
        lambda ids: best_of(peak_rules(extents), spans, gold, ids, r), spans, gold
    )
    # Shipped: the peak gate alone (no label floor), so which spans are shown and where does not
    # depend on the label, which the tagger takes from the core once a core level is set.
    results["peak, no label floor/any extent"] = cross_validate(
        lambda ids: best_of(peak_rules(extents, (0.0,)), spans, gold, ids, r), spans, gold
    )
    results["peak, Repetition may be hidden/any extent"] = cross_validate(
        lambda ids: best_of(hiding_rules(extents), spans, gold, ids, r), spans, gold
    )
    results["peak + score floor/any extent"] = cross_validate(
        lambda ids: best_of(peak_and_score_rules(extents), spans, gold, ids, r), spans, gold
    )
    for extent in ("span", "phrase", "core0.5"):
        results[f"per_label/{extent}"] = cross_validate(
            lambda ids, e=extent: per_label_rule(spans, gold, ids, r, e), spans, gold
        )
    for name, fig in results.items():
        oof = fig["out_of_fold"]
        print(f"{name}\tP {oof['precision']:.3f}\tR {oof['recall']:.3f}\tn {oof['n_pred']}", flush=True)
    print(json.dumps({"min_recall": r, "articles": len(ids_all), "levers": results}, indent=1, default=str))
    if args.write:
        shipped = best_of(peak_rules(extents, (0.0,)), spans, gold, ids_all, r)
        write_rule(Path(args.model), shipped, results, spans, gold, r)


def write_rule(
    model_dir: Path, rule: Rule, results: dict[str, Any], spans: Sequence[Presented], gold: Sequence[Label], r: float
) -> None:
    """Ship the peak-and-core rule: ``display`` of config.json, and its figures in dev_scores.json.

    The rule's ``uncertain_label_below`` (below it a shown span's technique reads as a best guess;
    ``benchmarks/bench_label_certainty.py`` measures it) is not this search's to choose: it is kept.
    """
    level = float(rule.extent.removeprefix("core")) if rule.extent.startswith("core") else None
    config_path = model_dir / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    display = DisplayRule(
        min_label_probability=float(rule.params["min_label_probability"]),
        min_peak=float(rule.params["min_peak"]),
        core_level=level,
        uncertain_label_below=float(config.get("display", {}).get("uncertain_label_below", 0.0)),
    )
    config["display"] = display.to_json()
    config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    scores_path = model_dir / "dev_scores.json"
    scores = json.loads(scores_path.read_text(encoding="utf-8")) if scores_path.is_file() else {}
    previous = scores.get("display", {})
    figures = results["peak, no label floor/any extent"]
    scores["display"] = {
        "lever": "peak probability gate, the core shown (unspin.train.display_levers)",
        "rule": display.to_json(),
        "min_recall": r,
        "out_of_fold": figures["out_of_fold"],
        "fold_rules": figures["fold_rules"],
        "fitted_on_all_dev": shown_score(rule, spans, gold, {g[0] for g in gold}).as_dict(),
        "levers_out_of_fold": {name: fig["out_of_fold"] for name, fig in results.items()},
        "score_rule_before": previous.get("score_rule_before")
        or {k: previous[k] for k in ("rule", "out_of_fold") if k in previous},
        **{k: previous[k] for k in ("all_spans_snapped", "all_spans_unsnapped") if k in previous},
    }
    scores_path.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
