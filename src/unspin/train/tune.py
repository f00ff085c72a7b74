"""Tune the shipped technique model on PTC dev: span threshold, score calibration, dev scores.

Runs the exported ONNX model through the runtime tagger (exactly what users run), sweeps the
span threshold for the best SI F1, fits an isotonic map from a span's mean token probability to
its precision (the share of its characters inside gold spans), and writes both into
``config.json`` plus every dev score into ``dev_scores.json``::

    PYTHONPATH=src /work/trainvenv/bin/python -m unspin.train.tune \
        --model src/unspin/models/techniques --data ../shared/data/ptc
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
from pathlib import Path
from typing import Any

import numpy as np

from unspin.evaluate.techniques import Label, merge_intervals, report, score_si
from unspin.techniques.decode import decode_spans
from unspin.techniques.tagger import ArticleOutputs, TechniqueTagger
from unspin.train.ptc import Article, load_split

log = logging.getLogger("unspin.train.tune")

MERGE_GAPS = (0, 10, 25, 50, 100)  # characters between two runs on one line that still merge


def isotonic(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pool-adjacent-violators: the non-decreasing fit of y on sorted x, as (x, y) knots."""
    order = np.argsort(x)
    xs, ys = x[order], y[order]
    blocks: list[list[float]] = []  # [sum_y, count, x_min, x_max]
    for xi, yi in zip(xs, ys, strict=True):
        blocks.append([float(yi), 1.0, float(xi), float(xi)])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, c, lo, hi = blocks.pop()
            blocks[-1] = [blocks[-1][0] + s, blocks[-1][1] + c, blocks[-1][2], hi]
    knots_x, knots_y = [], []
    for s, c, lo, hi in blocks:
        knots_x += [lo, hi]
        knots_y += [s / c, s / c]
    return np.array(knots_x), np.array(knots_y)


def span_precision(article_gold: list[tuple[int, int]], start: int, end: int) -> float:
    inside = sum(max(0, min(end, ge) - max(start, gs)) for gs, ge in article_gold)
    return inside / max(end - start, 1)


def sweep(articles: list[Article], outs: list[ArticleOutputs], gold: list[Label], merge_gap: int) -> dict[float, float]:
    scores = {}
    for thr in np.arange(0.2, 0.701, 0.025):
        pred = [
            (a.article_id, "", s.start, s.end)
            for a, o in zip(articles, outs, strict=True)
            for s in decode_spans(a.text, o.offsets, o.p_inside, float(thr), merge_gap)
        ]
        scores[round(float(thr), 3)] = score_si(pred, gold).f1
    return scores


def span_scores(
    articles: list[Article], outs: list[ArticleOutputs], thr: float, merge_gap: int
) -> list[tuple[str, float, float]]:
    """(article id, raw score, precision) of every decoded dev span."""
    rows = []
    for a, o in zip(articles, outs, strict=True):
        gold = merge_intervals((s, e) for _, s, e in a.spans)
        for s in decode_spans(a.text, o.offsets, o.p_inside, thr, merge_gap):
            rows.append((a.article_id, s.score, span_precision(gold, s.start, s.end)))
    return rows


def knots(raw: np.ndarray, target: np.ndarray) -> dict[str, list[float]]:
    """The isotonic map of ``target`` on ``raw``, thinned to at most 24 knots plus the ends."""
    kx, ky = isotonic(raw, target)
    keep = np.unique(np.linspace(0, len(kx) - 1, min(len(kx), 24)).round().astype(int))
    xs = [0.0, *kx[keep].round(4).tolist(), 1.0]
    ys = [float(ky[keep][0]), *ky[keep].round(4).tolist(), float(ky[keep][-1])]
    return {"x": xs, "y": ys}


CALIBRATION_BINS = ((0.0, 0.2), (0.2, 0.3), (0.3, 0.4), (0.4, 0.5), (0.5, 0.7), (0.7, 1.01))


def calibration_check(rows: list[tuple[str, float, float]]) -> dict[str, Any]:
    """Calibration measured out of sample: fit on one half of the dev articles, score the other.

    Returns the bins (calibrated score range, spans, mean calibrated score, mean precision), the
    same bins of the raw scores, and the expected calibration error (span-weighted mean
    |score - precision| over the bins) of the raw scores and of the map, cross-fitted and in-sample.
    """
    ids = sorted({r[0] for r in rows})
    half = {aid: i % 2 for i, aid in enumerate(ids)}
    raw = np.array([r[1] for r in rows])
    target = np.array([r[2] for r in rows])
    fold = np.array([half[r[0]] for r in rows])
    crossed = np.zeros(len(rows))
    for k in (0, 1):
        cal = knots(raw[fold != k], target[fold != k])
        crossed[fold == k] = np.interp(raw[fold == k], cal["x"], cal["y"])
    whole = knots(raw, target)
    in_sample = np.interp(raw, whole["x"], whole["y"])
    return {
        "bins": _bins(crossed, target),
        "bins_raw": _bins(raw, target),
        "ece_cross_fitted": _ece(crossed, target),
        "ece_in_sample": _ece(in_sample, target),
        "ece_raw": _ece(raw, target),
    }


def _bins(score: np.ndarray, target: np.ndarray) -> list[dict[str, float]]:
    out = []
    for lo, hi in CALIBRATION_BINS:
        m = (score >= lo) & (score < hi)
        if m.any():
            out.append(
                {
                    "range": f"{lo:.1f}-{min(hi, 1.0):.1f}",
                    "spans": int(m.sum()),
                    "mean_score": round(float(score[m].mean()), 3),
                    "mean_precision": round(float(target[m].mean()), 3),
                }
            )
    return out


def _ece(score: np.ndarray, target: np.ndarray) -> float:
    total = 0.0
    for lo, hi in CALIBRATION_BINS:
        m = (score >= lo) & (score < hi)
        total += float(m.sum()) * abs(float(score[m].mean()) - float(target[m].mean())) if m.any() else 0.0
    return round(total / max(len(score), 1), 4)


def main() -> None:
    parser = argparse.ArgumentParser(description="Tune threshold and calibration of the technique model on dev.")
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--limit", type=int, default=0, help="only the first N dev articles (smoke tests)")
    parser.add_argument("--dry-run", action="store_true", help="print scores, write nothing")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    model_dir = Path(args.model)
    tagger = TechniqueTagger.load(model_dir)
    articles = load_split(Path(args.data), "dev")[: args.limit or None]
    outs = [tagger.outputs(a.text) for a in articles]
    gold: list[Label] = [(a.article_id, t, s, e) for a in articles for t, s, e in a.spans]
    by_gap = {gap: sweep(articles, outs, gold, gap) for gap in MERGE_GAPS}
    merge_gap = max(by_gap, key=lambda g: max(by_gap[g].values()))
    sweep_scores = by_gap[merge_gap]
    thr = max(sweep_scores, key=lambda t: sweep_scores[t])
    log.info("best SI F1 by merge gap: %s", json.dumps({g: round(max(v.values()), 4) for g, v in by_gap.items()}))
    log.info("SI F1 by threshold (gap %d): %s; best %.3f", merge_gap, json.dumps(sweep_scores), thr)
    rows = span_scores(articles, outs, thr, merge_gap)
    cal = knots(np.array([r[1] for r in rows]), np.array([r[2] for r in rows]))
    check = calibration_check(rows)
    if check["ece_cross_fitted"] >= check["ece_raw"]:
        log.info("the fitted map does not beat raw scores out of sample: raw scores are kept (identity map)")
        cal = {"x": [0.0, 1.0], "y": [0.0, 1.0]}
    boost = best_repetition_boost(tagger, articles, outs, gold)
    config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    config.update(threshold=thr, merge_gap=merge_gap, calibration=cal, repetition_boost=boost)
    if not args.dry_run:
        (model_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    # A fresh tagger, not the cached one, so that it applies the calibration just fitted.
    tuned = TechniqueTagger(model_dir) if not args.dry_run else tagger
    tuned.config = dataclasses.replace(tuned.config, merge_gap=merge_gap, repetition_boost=boost)
    pred = [
        (a.article_id, s.label, s.start, s.end)
        for a, o in zip(articles, outs, strict=True)
        for s in tuned.spans_from(a.text, o, thr)
    ]
    scores = report(pred, gold)
    scores["tc"], scores["tc_per_technique"] = tc_scores(tuned, articles, outs, gold)
    scores["threshold"] = thr
    scores["merge_gap"] = merge_gap
    scores["si_by_threshold"] = sweep_scores
    scores["calibration_check"] = check
    log.info("calibration on dev, cross-fitted over two halves: %s", json.dumps(check))
    log.info("dev SI %s TC %s FLC %s", scores["si"], scores["tc"], scores["flc"])
    if not args.dry_run:
        (model_dir / "dev_scores.json").write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")


def best_repetition_boost(
    tagger: TechniqueTagger, articles: list[Article], outs: list[ArticleOutputs], gold: list[Label]
) -> float:
    """The Repetition boost (one scalar) that gives the best TC micro-F1 on dev."""
    by_boost = {}
    for boost in (0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0):
        tagger.config = dataclasses.replace(tagger.config, repetition_boost=boost)
        by_boost[boost] = tc_scores(tagger, articles, outs, gold)[0]["f1"]  # type: ignore[index]
    log.info("TC micro-F1 by repetition boost: %s", json.dumps(by_boost))
    return max(by_boost, key=lambda b: by_boost[b])


def tc_scores(
    tagger: TechniqueTagger, articles: list[Article], outs: list[ArticleOutputs], gold: list[Label]
) -> tuple[object, object]:
    from unspin.evaluate.techniques import score_tc

    pred: list[Label] = []
    for a, out in zip(articles, outs, strict=True):
        groups: dict[tuple[int, int], int] = {}
        for _, s, e in a.spans:
            groups[(s, e)] = groups.get((s, e), 0) + 1
        keys = list(groups)
        for (s, e), ranked in zip(
            keys, tagger.classify_from(out, keys, top_k=max(groups.values(), default=1)), strict=True
        ):
            pred.extend((a.article_id, label, s, e) for label, _ in ranked[: groups[(s, e)]])
    micro, per = score_tc(pred, gold)
    return micro.as_dict(), {t: p.as_dict() for t, p in per.items()}


if __name__ == "__main__":
    main()
