"""Choose the Repetition boost for the label of a span shown as its core, out of fold on PTC dev (issue 13).

A span the display rule shows as its core is labelled by that core (``TechniqueTagger.spans_from``),
and the Repetition boost adds a fixed amount to Repetition whenever the labelled words recur in the
article.  The boost is tuned on gold spans (TC), where a recurring span is Repetition half the time;
a core is a word or two, and short words recur in most articles ("election" in a story about an
election), so for some models the same boost names too many shown flags Repetition.  This script
scores the shown spans' labels (SemEval FLC on their displayed extent, the spans and their extents
being the same for every boost) for each boost in a grid, chooses the boost on four folds of the dev
articles and scores the fifth (the folds of ``unspin.train.display``), and prints the pooled
out-of-fold figures beside those of the model's own boost::

    PYTHONPATH=src .venv/bin/python -m unspin.train.core_boost --model MODEL_DIR --data ../shared/data/ptc

``--write`` stores the boost chosen on all of dev as ``core_repetition_boost`` in ``config.json`` and
the figures under ``core_repetition_boost`` in ``dev_scores.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path
from typing import Any

from unspin.config import Config
from unspin.evaluate.techniques import Label, score_flc
from unspin.techniques.display import present
from unspin.techniques.tagger import TechniqueTagger
from unspin.train.display import article_folds, parsed_dev

BOOSTS = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0)


def shown_labels(
    tagger: TechniqueTagger, data: Path, boosts: tuple[float, ...], limit: int = 0
) -> tuple[dict[float, list[Label]], list[Label]]:
    """The shown spans of every dev article (displayed extent, label) under each core boost, and the gold."""
    articles, gold = parsed_dev(data, Config().spacy_model, limit)
    base = tagger.config
    shown: dict[float, list[Label]] = {b: [] for b in boosts}
    for article, words, phrases in articles:
        outputs = tagger.outputs(article.text)
        for boost in boosts:
            tagger.config = dataclasses.replace(base, core_repetition_boost=boost)
            for span in tagger.spans_from(article.text, outputs):
                seen = present(article.text, span, words, phrases, base.display)
                if seen.attrs["shown"]:
                    shown[boost].append((article.article_id, seen.label, seen.start, seen.end))
    tagger.config = base
    return shown, gold


def _f1(pred: list[Label], gold: list[Label], ids: set[str]) -> float:
    return score_flc([p for p in pred if p[0] in ids], [g for g in gold if g[0] in ids])[0].f1


def cross_validate(shown: dict[float, list[Label]], gold: list[Label], seed: int = 13) -> dict[str, Any]:
    """Each fold's boost chosen by the shown spans' FLC F1 on the other folds; the fifth fold scored."""
    folds = article_folds([g[0] for g in gold] + [p[0] for spans in shown.values() for p in spans], seed)
    ids: set[str] = set().union(*folds)
    pred: list[Label] = []
    chosen = []
    for test in folds:
        train = ids - test
        boost = max(shown, key=lambda b: (_f1(shown[b], gold, train), -b))  # ties: the smaller boost
        chosen.append(boost)
        pred += [p for p in shown[boost] if p[0] in test]
    return {"out_of_fold": score_flc(pred, gold)[0].as_dict(), "fold_boosts": chosen}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, required=True, help="technique model folder")
    parser.add_argument("--data", type=Path, required=True, help="PTC folder (../shared/data/ptc)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N dev articles")
    parser.add_argument("--write", action="store_true", help="store the boost chosen on all dev in the model")
    args = parser.parse_args(argv)
    tagger = TechniqueTagger(args.model)
    own = tagger.config.repetition_boost
    shown, gold = shown_labels(tagger, args.data, tuple(sorted({*BOOSTS, own})))
    ids = {g[0] for g in gold}
    figures = {
        "by_boost": {str(b): score_flc(p, gold)[0].as_dict() for b, p in shown.items()},
        "model_boost": own,
        **cross_validate(shown, gold),
    }
    best = max(shown, key=lambda b: (_f1(shown[b], gold, ids), -b))
    figures["chosen_on_all_dev"] = best
    print(json.dumps(figures, indent=1))
    if args.write:
        config_path = args.model / "config.json"
        config = json.loads(config_path.read_text(encoding="utf-8"))
        config["core_repetition_boost"] = best
        config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        scores_path = args.model / "dev_scores.json"
        scores = json.loads(scores_path.read_text(encoding="utf-8")) if scores_path.is_file() else {}
        scores["core_repetition_boost"] = figures
        scores_path.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
