"""Train the check-worthiness model on CLEF CheckThat! 2019 + 2020 debates (scikit-learn, training extra).

Recipe: the features of :mod:`unspin.claims.features` (word uni/bigrams, cheap
claim signals, neighbour signals), a vocabulary of features seen in at least
``--min-df`` training sentences, class-weighted logistic regression, ``C`` chosen
by debate-grouped cross-validation MAP on the training debates.  Five fixed
debates (:data:`HELD_OUT`) are never trained or tuned on; their MAP is reported
and stored in the model's metadata.  The shipped model is the one trained on all
non-held-out debates, written as numpy weights + JSON vocabulary.

    PYTHONPATH=src /work/trainvenv/bin/python -m unspin.train.checkworthy \
        --data ../shared/data/checkworthy --out src/unspin/models/checkworthy
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from unspin.claims.checkthat import DebateLine, debate_files, read_debate
from unspin.claims.features import document_features
from unspin.claims.model import CheckworthyModel
from unspin.errors import ConfigError
from unspin.evaluate.checkworthy import debate_metrics, mean_metrics

#: Debates kept out of training and tuning (CheckThat! 2019 copies): two debates, a speech,
#: a rally and an address, so the figure covers the kinds of text the task has.
HELD_OUT = (
    "20160414_9dem",
    "20161019_3pres",
    "20170228_trump_address",
    "20180916_trump_miami",
    "20190108_oval_office",
)
C_GRID = (0.03, 0.1, 0.3, 1.0)

Debate = tuple[str, list[DebateLine], list[dict[str, float]]]


def load_debates(root: Path) -> list[Debate]:
    debates = []
    for name, path in sorted(debate_files(root).items()):
        lines = read_debate(path)
        debates.append((name, lines, document_features([d.text for d in lines])))
    return debates


def build_index(rows: Sequence[dict[str, float]], min_df: int) -> dict[str, int]:
    df: Counter[str] = Counter()
    for feats in rows:
        df.update(feats.keys())
    names = sorted(k for k, n in df.items() if n >= min_df)
    return {k: i for i, k in enumerate(names)}


def to_matrix(rows: Sequence[dict[str, float]], index: dict[str, int]):  # type: ignore[no-untyped-def]
    from scipy.sparse import csr_matrix

    data, cols, ptr = [], [], [0]
    for feats in rows:
        for k, v in feats.items():
            if k in index:
                cols.append(index[k])
                data.append(v)
        ptr.append(len(cols))
    return csr_matrix((data, cols, ptr), shape=(len(rows), len(index)), dtype=np.float64)


def fit(debates: Sequence[Debate], c: float, min_df: int) -> CheckworthyModel:
    from sklearn.linear_model import LogisticRegression

    rows = [f for _, _, feats in debates for f in feats]
    labels = np.array([d.label or 0 for _, lines, _ in debates for d in lines])
    index = build_index(rows, min_df)
    clf = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=5000, random_state=0)
    clf.fit(to_matrix(rows, index), labels)
    return CheckworthyModel(index=index, weights=clf.coef_[0].astype(np.float64), bias=float(clf.intercept_[0]))


def evaluate(model: CheckworthyModel, debates: Sequence[Debate]) -> dict[str, float]:
    per_debate = []
    for _, lines, feats in debates:
        scores = model.score_features(feats)
        gold = {d.line: d.label or 0 for d in lines}
        per_debate.append(debate_metrics(gold, [(d.line, float(s)) for d, s in zip(lines, scores, strict=True)]))
    return mean_metrics(per_debate)


def cross_validate(debates: Sequence[Debate], c: float, min_df: int, folds: int) -> float:
    """Mean MAP over debate-grouped folds (every debate is scored once, by a model that never saw it)."""
    scores = []
    for fold in range(folds):
        train = [d for i, d in enumerate(debates) if i % folds != fold]
        test = [d for i, d in enumerate(debates) if i % folds == fold]
        scores.append(evaluate(fit(train, c, min_df), test)["MAP"] * len(test))
    return sum(scores) / len(debates)


def train(data: Path, out: Path, c: float | None = None, min_df: int = 2, folds: int = 5) -> dict[str, object]:
    start = time.time()
    debates = load_debates(data)
    missing = [h for h in HELD_OUT if h not in {name for name, _, _ in debates}]
    if missing:
        raise ConfigError(f"held-out debates {missing} not found under {data}")
    held = [d for d in debates if d[0] in HELD_OUT]
    rest = [d for d in debates if d[0] not in HELD_OUT]
    cv = {}
    if c is None:
        for candidate in C_GRID:
            cv[candidate] = cross_validate(rest, candidate, min_df, folds)
            print(f"C={candidate}: cross-validated MAP {cv[candidate]:.4f}", file=sys.stderr)
        c = max(cv, key=cv.__getitem__)
    model = fit(rest, c, min_df)
    held_metrics = evaluate(model, held)
    meta = {
        "task": "check-worthiness (CLEF CheckThat! 2019 task 1 / 2020 task 5, English)",
        "algorithm": "logistic regression, class_weight=balanced, liblinear",
        "C": c,
        "min_df": min_df,
        "features": len(model.index),
        "train_debates": [name for name, _, _ in rest],
        "train_sentences": sum(len(lines) for _, lines, _ in rest),
        "held_out_debates": list(HELD_OUT),
        "held_out": {k: round(v, 4) for k, v in held_metrics.items()},
        "cv_map": {str(k): round(v, 4) for k, v in cv.items()},
        "train_seconds": round(time.time() - start, 1),
    }
    final = CheckworthyModel(index=model.index, weights=model.weights, bias=model.bias, meta=meta)
    final.save(out)
    return meta


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="unspin train checkworthy", description=__doc__)
    add_arguments(parser)
    args = parser.parse_args(argv)
    return run(args)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, required=True, help="the checkworthy data folder (clef2019/, clef2020/)")
    parser.add_argument("--out", type=Path, required=True, help="model directory to write")
    parser.add_argument("--C", dest="c", type=float, default=None, help="regularisation (default: tuned by CV)")
    parser.add_argument("--min-df", type=int, default=2, help="keep features seen in this many sentences")
    parser.add_argument("--folds", type=int, default=5, help="cross-validation folds over training debates")


def run(args: argparse.Namespace) -> int:
    meta = train(args.data, args.out, args.c, args.min_df, args.folds)
    print(json.dumps(meta["held_out"] | {"C": meta["C"], "features": meta["features"]}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
