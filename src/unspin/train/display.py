"""Choose the technique display rule on PTC dev: which spans a reader sees by default.

Every dev article is tagged by the shipped tagger (exactly as users run it), parsed once with
the pipeline's spaCy model, and its spans are snapped and presented by
:func:`unspin.techniques.display.present` as the ``techniques`` stage does.  A small grid of
rules (minimum score, minimum label probability, most content words) is searched for the
highest SemEval SI precision of the shown spans whose SI recall stays at ``--min-recall`` or
above.  The rule is chosen by 5-fold cross-validation over dev *articles* (the folds never split
an article): the out-of-fold precision and recall are the honest figures; the rule fitted on all
of dev is written to the ``display`` block of ``config.json`` and every figure to the
``display`` entry of ``dev_scores.json``::

    PYTHONPATH=src .venv/bin/python -m unspin.train.display \\
        --model src/unspin/models/techniques --data ../shared/data/ptc

The shipped rule now comes from :mod:`unspin.train.display_levers` (``--write``): a peak gate
with the span's core shown, which beats this score rule out of fold; run this module with
``--dry-run`` to reproduce the score rule's figures without replacing it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from unspin.config import Config
from unspin.evaluate.techniques import PRF, Label, score_si
from unspin.techniques.display import DisplayRule, content_words, present
from unspin.techniques.snap import phrases_from_parse, words_from_parse
from unspin.techniques.tagger import TechniqueTagger
from unspin.train.ptc import load_split

log = logging.getLogger("unspin.train.display")

MIN_SCORES = tuple(round(0.30 + 0.02 * i, 2) for i in range(16))  # 0.30 .. 0.60
MIN_LABEL_PROBABILITIES = (0.0, 0.2, 0.3, 0.4, 0.5)
MAX_WORDS = (1, 2, 3, 5, 8, 1000)
FOLDS = 5


@dataclass(frozen=True)
class Candidate:
    """One presented dev span with what the display rule reads."""

    article_id: str
    start: int
    end: int
    score: float
    label_probability: float
    content_words: int
    original: tuple[int, int]  # the tagger's offsets before snapping


def parsed_dev(data: Path, spacy_model: str, limit: int = 0) -> tuple[Iterator[tuple[Any, Any, Any]], list[Label]]:
    """The dev articles, each with its parse's words and noun phrases (lazily), and the dev gold labels."""
    from unspin.nlp import parse

    articles = load_split(data, "dev")[: limit or None]
    gold: list[Label] = [(a.article_id, t, s, e) for a in articles for t, s, e in a.spans]

    def parsed() -> Iterator[tuple[Any, Any, Any]]:
        for article in articles:
            doc = parse(article.text, spacy_model)
            yield article, words_from_parse(doc), phrases_from_parse(doc)

    return parsed(), gold


def candidates(
    tagger: TechniqueTagger, data: Path, spacy_model: str, limit: int = 0
) -> tuple[list[Candidate], list[Label]]:
    """Every dev span as the techniques stage presents it, and the dev gold labels."""
    articles, gold = parsed_dev(data, spacy_model, limit)
    out: list[Candidate] = []
    for article, words, phrases in articles:
        for span in tagger.predict(article.text):
            shown = present(article.text, span, words, phrases, DisplayRule())
            out.append(
                Candidate(
                    article.article_id,
                    shown.start,
                    shown.end,
                    float(span.score or 0.0),
                    float(span.attrs["label_probability"]),
                    len(content_words(words, shown.start, shown.end)),
                    (span.start, span.end),
                )
            )
    return out, gold


def shown_score(rule: DisplayRule, spans: list[Candidate], gold: list[Label], ids: set[str] | None = None) -> PRF:
    """SemEval SI of the spans ``rule`` shows (of the articles ``ids``, default all)."""
    pred = [
        (c.article_id, "", c.start, c.end)
        for c in spans
        if (ids is None or c.article_id in ids) and rule.shows(c.score, c.label_probability, c.content_words)
    ]
    return score_si(pred, [g for g in gold if ids is None or g[0] in ids])


def best_rule(spans: list[Candidate], gold: list[Label], ids: set[str], min_recall: float) -> DisplayRule:
    """The grid's rule with the best shown precision at recall ≥ ``min_recall`` (else the best recall)."""
    best: tuple[float, float, DisplayRule] | None = None
    for min_score, min_prob, max_words in itertools.product(MIN_SCORES, MIN_LABEL_PROBABILITIES, MAX_WORDS):
        rule = DisplayRule(min_score, min_prob, max_words)
        prf = shown_score(rule, spans, gold, ids)
        key = (prf.precision, prf.recall) if prf.recall >= min_recall else (-1.0, prf.recall)
        if best is None or key > best[:2]:
            best = (key[0], key[1], rule)
    assert best is not None  # the grid is never empty
    return best[2]


def article_folds(article_ids: Iterable[str], seed: int = 13) -> list[set[str]]:
    """The dev articles cut into :data:`FOLDS` folds (no article in two), the same for every display search."""
    ids = sorted(set(article_ids))
    random.Random(seed).shuffle(ids)
    return [set(ids[k::FOLDS]) for k in range(FOLDS)]


def cross_validate(spans: list[Candidate], gold: list[Label], min_recall: float, seed: int = 13) -> dict[str, Any]:
    """Out-of-fold SI of the shown spans, each fold's rule chosen on the other folds' articles."""
    folds = article_folds([g[0] for g in gold] + [c.article_id for c in spans], seed)
    ids: set[str] = set().union(*folds)
    shown: list[Label] = []
    chosen = []
    for test in folds:
        rule = best_rule(spans, gold, ids - test, min_recall)
        chosen.append(rule.to_json())
        shown += [
            (c.article_id, "", c.start, c.end)
            for c in spans
            if c.article_id in test and rule.shows(c.score, c.label_probability, c.content_words)
        ]
    return {"out_of_fold": score_si(shown, gold).as_dict(), "fold_rules": chosen, "folds": FOLDS, "seed": seed}


def main() -> None:
    parser = argparse.ArgumentParser(description="Choose the technique display rule on PTC dev.")
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--min-recall", type=float, default=0.20, help="SI recall the shown spans must keep")
    parser.add_argument("--limit", type=int, default=0, help="only the first N dev articles (smoke tests)")
    parser.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    model_dir = Path(args.model)
    tagger = TechniqueTagger(model_dir)  # a fresh tagger: the config on disk, not a cached one
    spans, gold = candidates(tagger, Path(args.data), Config().spacy_model, args.limit)
    unsnapped = score_si([(c.article_id, "", *c.original) for c in spans], gold)
    snapped = score_si([(c.article_id, "", c.start, c.end) for c in spans], gold)
    figures = cross_validate(spans, gold, args.min_recall)
    rule = best_rule(spans, gold, {g[0] for g in gold}, args.min_recall)
    figures.update(
        rule=rule.to_json(),
        min_recall=args.min_recall,
        fitted_on_all_dev=shown_score(rule, spans, gold).as_dict(),
        all_spans_snapped=snapped.as_dict(),
        all_spans_unsnapped=unsnapped.as_dict(),
    )
    log.info("display rule %s; dev figures %s", json.dumps(rule.to_json()), json.dumps(figures))
    if args.dry_run:
        return
    config_path = model_dir / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["display"] = rule.to_json()
    config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    scores_path = model_dir / "dev_scores.json"
    scores = json.loads(scores_path.read_text(encoding="utf-8")) if scores_path.is_file() else {}
    scores["display"] = figures
    scores_path.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
