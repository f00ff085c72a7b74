"""Train the check-worthiness model on CLEF CheckThat! 2019 + 2020 debates (scikit-learn, training extra).

Recipe, chosen by debate-grouped cross-validation over all training debates
(``benchmarks/bench_checkworthy_cv.py`` prints every variant measured): the sparse
features of :mod:`unspin.claims.features` (word uni/bigrams, cheap claim signals,
neighbour signals) in a class-weighted logistic regression, plus, with ``--embedding``,
a second logistic regression over the static sentence embedding of
:mod:`unspin.claims.embedding` whose logit is added, counted twice (``--dense-weight``;
``--context`` adds the neighbours' mean embedding, measured and not shipped).  The shipped
model is trained on every debate (one copy per event,
:func:`unspin.claims.checkthat.debate_files`); its grouped-CV figures and the listing
threshold, the F1-optimal score over the pooled out-of-fold scores of the debates with 2019
labels, are stored in its metadata.

    PYTHONPATH=src /work/trainvenv/bin/python -m unspin.train.checkworthy \\
        --data ../shared/data/checkworthy --out src/unspin/models/checkworthy [--embedding DIR]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from unspin.claims.checkthat import DebateLine, debate_files, grouped_folds, read_debate
from unspin.claims.embedding import StaticEmbedding
from unspin.claims.features import document_features
from unspin.claims.model import CheckworthyModel, neighbour_mean
from unspin.evaluate.checkworthy import debate_metrics

FOLDS = 6


@dataclass
class Debate:
    name: str
    lines: list[DebateLine]
    features: list[dict[str, float]]
    edition: str = ""  # "clef2019" or "clef2020": whose labels the debate carries

    @property
    def labels(self) -> np.ndarray:
        return np.array([d.label or 0 for d in self.lines])

    @property
    def texts(self) -> list[str]:
        return [d.text for d in self.lines]


@dataclass(frozen=True)
class Recipe:
    c: float = 1.0
    min_df: int = 2
    embedding: StaticEmbedding | None = None
    dense_c: float = 1.0
    dense_weight: float = 2.0
    context: bool = False  # the embedding of the neighbours beside the sentence's


def load_debates(root: Path) -> list[Debate]:
    debates = []
    for name, path in sorted(debate_files(root).items()):
        lines = read_debate(path)
        debates.append(Debate(name, lines, document_features([d.text for d in lines]), path.parent.parent.name))
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


def dense_matrix(embedding: StaticEmbedding, texts: Sequence[str], context: bool) -> np.ndarray:
    emb = embedding.embed(texts)
    return np.hstack([emb, neighbour_mean(emb)]) if context else emb


def fit(debates: Sequence[Debate], recipe: Recipe) -> CheckworthyModel:
    from sklearn.linear_model import LogisticRegression

    rows = [f for d in debates for f in d.features]
    labels = np.concatenate([d.labels for d in debates])
    index = build_index(rows, recipe.min_df)
    clf = LogisticRegression(C=recipe.c, class_weight="balanced", solver="liblinear", max_iter=5000, random_state=0)
    clf.fit(to_matrix(rows, index), labels)
    weights, bias = clf.coef_[0].astype(np.float64), float(clf.intercept_[0])
    if recipe.embedding is None:
        return CheckworthyModel(index=index, weights=weights, bias=bias)
    x = np.vstack([dense_matrix(recipe.embedding, d.texts, recipe.context) for d in debates])
    dense = LogisticRegression(C=recipe.dense_c, class_weight="balanced", max_iter=3000, random_state=0)
    dense.fit(x, labels)
    return CheckworthyModel(
        index=index,
        weights=weights,
        bias=bias + recipe.dense_weight * float(dense.intercept_[0]),
        embedding=recipe.embedding,
        dense_weights=recipe.dense_weight * dense.coef_[0].astype(np.float64),
    )


def score(model: CheckworthyModel, debate: Debate) -> np.ndarray:
    """The scores the runtime gives (sparse and dense logits together), features computed once."""
    logits = model.logits(debate.features) + model.dense_logits(debate.texts)
    out: np.ndarray = 1.0 / (1.0 + np.exp(-logits))
    return out


def out_of_fold(debates: Sequence[Debate], recipe: Recipe, folds: int = FOLDS) -> list[np.ndarray]:
    """Every debate's scores from the fold model that never saw it (no event in train and test at once)."""
    scores: list[np.ndarray] = [np.zeros(0)] * len(debates)
    for train, test in grouped_folds([d.name for d in debates], folds):
        model = fit([debates[i] for i in train], recipe)
        for i in test:
            scores[i] = score(model, debates[i])
    return scores


def debate_maps(debates: Sequence[Debate], scores: Sequence[np.ndarray]) -> list[float]:
    out = []
    for debate, s in zip(debates, scores, strict=True):
        gold = {d.line: d.label or 0 for d in debate.lines}
        out.append(debate_metrics(gold, [(d.line, float(v)) for d, v in zip(debate.lines, s, strict=True)])["MAP"])
    return out


def f1_threshold(scores: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """The score from which listing maximises F1 over ``scores`` (precision and recall there too)."""
    order = np.argsort(-scores, kind="stable")
    hits = np.cumsum(labels[order])
    listed = np.arange(1, len(order) + 1)
    precision, recall = hits / listed, hits / max(int(labels.sum()), 1)
    f1 = np.where(hits > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-12), 0.0)
    # Only cut between distinct scores: a threshold lists every line at or above it.
    distinct = np.append(scores[order][1:] < scores[order][:-1], True)
    best = int(np.argmax(np.where(distinct, f1, -1.0)))
    return {
        "threshold": float(scores[order][best]),
        "precision": float(precision[best]),
        "recall": float(recall[best]),
        "f1": float(f1[best]),
    }


def train(data: Path, out: Path, recipe: Recipe, folds: int = FOLDS) -> dict[str, object]:
    start = time.time()
    debates = load_debates(data)
    scores = out_of_fold(debates, recipe, folds)
    maps = debate_maps(debates, scores)
    pooled = f1_threshold(np.concatenate(scores), np.concatenate([d.labels for d in debates]))
    # The threshold comes from the debates with 2019 (task 1) labels, which mark every check-worthy
    # line; the 2020-only debates mark few (20181112_trump_pelosi: 4 lines in 2020, 15 in 2019),
    # so their unmarked claims would push the F1-optimal score up.
    dense = [i for i, d in enumerate(debates) if d.edition == "clef2019"] or list(range(len(debates)))
    listing = f1_threshold(
        np.concatenate([scores[i] for i in dense]), np.concatenate([debates[i].labels for i in dense])
    )
    model = fit(debates, recipe)
    meta = {
        "task": "check-worthiness (CLEF CheckThat! 2019 task 1 / 2020 task 5, English)",
        "algorithm": "logistic regression, class_weight=balanced, liblinear"
        + ("; plus a logistic regression over the static embedding (logits added)" if recipe.embedding else ""),
        "C": recipe.c,
        "min_df": recipe.min_df,
        "dense": None
        if recipe.embedding is None
        else {
            "C": recipe.dense_c,
            "weight": recipe.dense_weight,
            "context": recipe.context,
            "dims": recipe.embedding.dims,
        },
        "features": len(model.index),
        "train_debates": [d.name for d in debates],
        "train_sentences": sum(len(d.lines) for d in debates),
        "grouped_cv": {
            "folds": folds,
            "map_mean": round(statistics.mean(maps), 4),
            "map_std": round(statistics.stdev(maps), 4),
            "map_min": round(min(maps), 4),
            "map_max": round(max(maps), 4),
        },
        "listing_threshold": round(listing["threshold"], 4),
        "listing_threshold_cv": {k: round(v, 4) for k, v in listing.items()}
        | {
            "criterion": "F1-optimal over the pooled out-of-fold scores of the debates with 2019 labels",
            "debates": len(dense),
            "all_debates": {k: round(v, 4) for k, v in pooled.items()},
        },
        "grouped_cv_per_debate": {d.name: round(m, 4) for d, m in zip(debates, maps, strict=True)},
        "train_seconds": round(time.time() - start, 1),
    }
    final = CheckworthyModel(
        index=model.index,
        weights=model.weights,
        bias=model.bias,
        meta=meta,
        embedding=model.embedding,
        dense_weights=model.dense_weights,
    )
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
    parser.add_argument("--C", dest="c", type=float, default=1.0, help="regularisation of the sparse model")
    parser.add_argument("--min-df", type=int, default=2, help="keep features seen in this many sentences")
    parser.add_argument("--folds", type=int, default=FOLDS, help="debate-grouped cross-validation folds")
    parser.add_argument("--embedding", type=Path, help="a static embedding folder (unspin.train.static_embedding)")
    parser.add_argument("--dense-C", dest="dense_c", type=float, default=1.0)
    parser.add_argument("--dense-weight", type=float, default=2.0, help="weight of the embedding model's logit")
    parser.add_argument("--context", action="store_true", help="add the neighbours' mean embedding")


def run(args: argparse.Namespace) -> int:
    embedding = StaticEmbedding.load(args.embedding) if args.embedding else None
    recipe = Recipe(args.c, args.min_df, embedding, args.dense_c, args.dense_weight, args.context)
    meta = train(args.data, args.out, recipe, args.folds)
    shown = {k: meta[k] for k in ("grouped_cv", "listing_threshold", "listing_threshold_cv", "features")}
    print(json.dumps(shown, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
