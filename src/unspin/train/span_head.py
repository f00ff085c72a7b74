"""Train the span-level technique head (``span_head.npz``) on PTC train; tune its mixing on dev.

The head is a multinomial logistic regression (scikit-learn, balanced class weights) over
:func:`unspin.techniques.span_features.span_vector` of every gold span of the *train* articles;
it never sees the tagger's logits, which are overconfident on the articles the tagger was
trained on.  On *dev* only a few scalars are chosen, by TC micro-F1: the regularisation ``C``,
the tagger temperature ``T``, the head weight ``w`` and the Repetition boost.  The tuned boost is
written to ``config.json``; run ``unspin.train.tune`` afterwards to refresh ``dev_scores.json``::

    PYTHONPATH=src /work/trainvenv/bin/python -m unspin.train.span_head \
        --data ../shared/data/ptc --model src/unspin/models/techniques
"""

from __future__ import annotations

import argparse
import itertools
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspin.evaluate.techniques import Label, score_tc
from unspin.techniques.decode import tokens_in
from unspin.techniques.span_features import HEAD_FILE, N_DENSE, SpanHead, mix, span_vector
from unspin.techniques.tagger import TechniqueTagger, repeated
from unspin.train.memes import load_memes
from unspin.train.ptc import Article, load_split

log = logging.getLogger("unspin.train.span_head")

DIM = 2**16  # hashed sparse columns; the head file is (DIM + N_DENSE) x 14 float16, about 1.5 MB compressed
CS = (0.1, 0.3, 1.0)
TEMPERATURES = (1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0)
WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0)
BOOSTS = (0.0, 1.0, 2.0, 3.0, 4.0)


@dataclass(frozen=True)
class GoldSpan:
    """One distinct gold span of an article with every technique gold gives it."""

    article_id: str
    text: str
    start: int
    end: int
    labels: tuple[str, ...]


def gold_spans(articles: Sequence[Article]) -> list[GoldSpan]:
    out = []
    for a in articles:
        groups: dict[tuple[int, int], list[str]] = {}
        for tech, s, e in a.spans:
            groups.setdefault((s, e), []).append(tech)
        out.extend(GoldSpan(a.article_id, a.text, s, e, tuple(ts)) for (s, e), ts in groups.items())
    return out


def design(spans: Sequence[GoldSpan], labels: Sequence[str], expand: bool) -> tuple[object, np.ndarray]:
    """Sparse feature matrix and label indices; ``expand`` repeats a span once per gold label."""
    import scipy.sparse as sp

    rows, cols, vals, y = [], [], [], []
    for span in spans:
        idx, val = span_vector(span.text, span.start, span.end, DIM)
        for label in span.labels if expand else span.labels[:1]:
            rows += [len(y)] * len(idx)
            cols += idx
            vals += val
            y.append(labels.index(label))
    matrix = sp.csr_matrix((vals, (rows, cols)), shape=(len(y), DIM + N_DENSE), dtype=np.float64)
    return matrix, np.array(y)


def pooled_states(spans: Sequence[GoldSpan], layer: int) -> np.ndarray:
    """Mean of the technique encoder's states after ``layer`` over each span's word pieces."""
    from unspin.train.encoder_states import HIDDEN, EncoderStates

    encoder = EncoderStates(layer)
    cache: dict[str, tuple[list[tuple[int, int]], np.ndarray]] = {}
    out = np.zeros((len(spans), HIDDEN), np.float32)
    for i, span in enumerate(spans):
        if span.article_id not in cache:
            _, offsets, states = encoder(span.text)
            cache[span.article_id] = (offsets, states)
        offsets, states = cache[span.article_id]
        a, b = tokens_in(offsets, span.start, span.end)
        out[i] = states[a:b].mean(0) if b > a else states.mean(0)
    return out


def with_states(matrix: object, states: np.ndarray, scale: float) -> object:
    """``matrix`` with standardised encoder states (times ``scale``) as extra columns."""
    import scipy.sparse as sp

    return sp.hstack([matrix, sp.csr_matrix(states * scale)]).tocsr()


def states_experiment(
    train: Sequence[GoldSpan], dev: Sequence[GoldSpan], labels: Sequence[str], layer: int, boosted: Any
) -> dict[str, float]:
    """Dev TC of the head with encoder states as features (not shipped: the runtime head has none)."""
    from sklearn.linear_model import LogisticRegression

    x_train, y_train = design(train, labels, expand=True)
    x_dev, _ = design(dev, labels, expand=False)
    per_label = np.repeat(np.arange(len(train)), [len(s.labels) for s in train])
    s_train, s_dev = pooled_states(train, layer), pooled_states(dev, layer)
    mean, std = s_train.mean(0), s_train.std(0) + 1e-6
    s_train, s_dev = (s_train - mean) / std, (s_dev - mean) / std
    table = {}
    for scale in (0.0, 0.02, 0.05, 0.1):
        clf = LogisticRegression(C=0.1, max_iter=3000, class_weight="balanced")
        clf.fit(with_states(x_train, s_train[per_label], scale), y_train)
        head = np.full((len(dev), len(labels)), -30.0, np.float32)
        head[:, clf.classes_] = clf.decision_function(with_states(x_dev, s_dev, scale))
        grid = itertools.product(TEMPERATURES, WEIGHTS, BOOSTS)
        table[f"layer {layer} states x {scale}, head only"] = tc_f1(dev, head, labels)
        table[f"layer {layer} states x {scale}, best mix"] = max(
            tc_f1(dev, mix(boosted(b), head, t, w), labels) for t, w, b in grid
        )
        log.info("scale %s: %s", scale, {k: round(v, 4) for k, v in table.items() if f"x {scale}," in k})
    return table


def fit(matrix: object, y: np.ndarray, c: float, n_labels: int) -> tuple[np.ndarray, np.ndarray]:
    """Weights ``[DIM + N_DENSE, n_labels]`` and bias of a balanced multinomial logistic regression."""
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced")
    clf.fit(matrix, y)
    weights = np.zeros((DIM + N_DENSE, n_labels), np.float32)
    bias = np.full(n_labels, -30.0, np.float32)  # a label absent from train is never chosen
    weights[:, clf.classes_] = clf.coef_.T
    bias[clf.classes_] = clf.intercept_
    return weights, bias


def tc_f1(spans: Sequence[GoldSpan], scores: np.ndarray, labels: Sequence[str]) -> float:
    """TC micro-F1 when span ``i`` gets the top ``len(labels_i)`` techniques of ``scores[i]``."""
    gold: list[Label] = [(s.article_id, t, s.start, s.end) for s in spans for t in s.labels]
    pred: list[Label] = []
    for span, row in zip(spans, scores, strict=True):
        pred += [(span.article_id, labels[k], span.start, span.end) for k in np.argsort(-row)[: len(span.labels)]]
    return score_tc(pred, gold)[0].f1


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Train the span-level technique head on PTC train, tune on dev.")
    parser.add_argument("--data", required=True, type=Path, help="PTC folder, e.g. ../shared/data/ptc")
    parser.add_argument("--model", required=True, type=Path, help="technique model folder to add span_head.npz to")
    parser.add_argument("--dry-run", action="store_true", help="print the dev table, write nothing")
    parser.add_argument(
        "--encoder-states",
        type=int,
        default=None,
        metavar="LAYER",
        help="experiment: also score the head with the encoder's states after LAYER as features, and write nothing",
    )
    parser.add_argument("--memes", type=Path, default=None, help="also fit the head on these meme texts' spans")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    tagger = TechniqueTagger(args.model)
    labels = tagger.config.labels
    train = gold_spans(load_split(args.data, "train") + (load_memes(args.memes) if args.memes else []))
    dev_articles = load_split(args.data, "dev")
    dev = gold_spans(dev_articles)
    log.info(
        "%d train spans, %d dev spans; running the tagger over %d dev articles", len(train), len(dev), len(dev_articles)
    )
    outs = {a.article_id: tagger.outputs(a.text) for a in dev_articles}
    tagger_logits = np.zeros((len(dev), len(labels)), np.float32)
    for i, span in enumerate(dev):
        out = outs[span.article_id]
        a, b = tokens_in(out.offsets, span.start, span.end)
        tagger_logits[i] = out.tech_logits[a:b].mean(0) if b > a else out.tech_logits.mean(0)
    rep_mask = np.array([repeated(s.text, s.start, s.end) for s in dev])
    rep = labels.index("Repetition")

    def boosted(boost: float) -> np.ndarray:
        logits = tagger_logits.copy()
        logits[rep_mask, rep] += boost
        return logits

    table: dict[str, float] = {f"tagger, boost {b}": tc_f1(dev, boosted(b), labels) for b in BOOSTS}
    if args.encoder_states is not None:
        table.update(states_experiment(train, dev, labels, args.encoder_states, boosted))
        log.info("dev TC micro-F1:\n%s", "\n".join(f"  {k}: {v:.4f}" for k, v in table.items()))
        return
    x_train, y_train = design(train, labels, expand=True)
    x_dev, _ = design(dev, labels, expand=False)
    best: tuple[float, float, float, float, float] | None = None
    heads: dict[float, tuple[np.ndarray, np.ndarray]] = {}
    for c in CS:
        heads[c] = fit(x_train, y_train, c, len(labels))
        head_logits = (x_dev @ heads[c][0] + heads[c][1]).astype(np.float32)  # type: ignore[operator]
        table[f"head only, C {c}"] = tc_f1(dev, head_logits, labels)
        for t, w, b in itertools.product(TEMPERATURES, WEIGHTS, BOOSTS):
            f1 = tc_f1(dev, mix(boosted(b), head_logits, t, w), labels)
            if best is None or f1 > best[0]:
                best = (f1, c, t, w, b)
        log.info("C %s: head only %.4f; best mix so far %s", c, table[f"head only, C {c}"], best)
    assert best is not None
    f1, c, t, w, b = best
    table[f"mix: C {c}, T {t}, w {w}, boost {b}"] = f1
    log.info("dev TC micro-F1:\n%s", "\n".join(f"  {k}: {v:.4f}" for k, v in table.items()))
    if args.dry_run:
        return
    weights, bias = heads[c]
    SpanHead(weights, bias, labels, DIM, w, t).save(args.model / HEAD_FILE)
    config_path = args.model / "config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config["repetition_boost"] = b
    config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    log.info("wrote %s (C %s, T %s, w %s) and repetition_boost %s", args.model / HEAD_FILE, c, t, w, b)


if __name__ == "__main__":
    main()
