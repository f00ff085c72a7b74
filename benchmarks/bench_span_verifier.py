"""A span-level verifier for the display rule, out of fold over PTC dev articles (issue 13).

Each span the shipped tagger decodes on a dev article (threshold 0.3, shown as its core at 0.4)
gets features the runtime has: its peak and mean P(inside), the core's and the span's length,
the technique probabilities, and the encoder's last-layer states mean-pooled over the core and
over the span (the ONNX graph with that tensor added as an output). A logistic regression
learns whether at least half of the core lies in a gold span, trained on four article folds
and applied to the fifth; the spans are then shown by its score, and the SemEval SI scorer
gives P/R of what is shown, beside the plain peak gate scored the same way.

    PYTHONPATH=src HF_HUB_OFFLINE=1 /work/trainvenv/bin/python benchmarks/bench_span_verifier.py

Needs the training extra (onnx, scikit-learn) and ../shared; prints a Markdown table.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from unspin.evaluate.techniques import score_si
from unspin.techniques.decode import average_windows, core_range, decode_spans, softmax, tokens_in, window_starts
from unspin.train.ptc import load_split

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_checkworthy_cv import hidden_output_model

PTC = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ptc"
Row = tuple[str, int, int]


def unit(v: np.ndarray) -> np.ndarray:
    return v / (float(np.linalg.norm(v)) or 1.0)


def article_outputs(tagger: Any, session: Any, text: str) -> tuple[list[tuple[int, int]], np.ndarray, ...]:
    """Offsets, P(inside), technique logits and last-layer states per word-piece (windows side by side)."""
    enc = tagger.tokenizer.encode(text, add_special_tokens=False)
    offsets = [(int(a), int(b)) for a, b in enc.offsets]
    window = tagger.config.window
    starts = window_starts(len(enc.ids), window, window)
    si, tech, hidden = [], [], []
    for s in starts:
        ids = np.array([[tagger._cls, *enc.ids[s : s + window], tagger._sep]], dtype=np.int64)
        out = session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
        si.append(softmax(out[0][0, 1:-1].astype(np.float32))[:, 1:])
        tech.append(out[1][0, 1:-1])
        hidden.append(out[2][0, 1:-1])
    n = len(offsets)
    return (
        offsets,
        average_windows(n, starts, si)[:, 0],
        average_windows(n, starts, tech),
        average_windows(n, starts, hidden),
    )


def span_rows(data: Path) -> tuple[list[Row], np.ndarray, np.ndarray, np.ndarray, list[tuple[str, str, int, int]]]:
    import onnxruntime as ort

    from unspin.techniques.tagger import DEFAULT_MODEL_DIR, TechniqueTagger

    tagger = TechniqueTagger.load()
    with tempfile.TemporaryDirectory() as tmp:
        session = ort.InferenceSession(str(hidden_output_model(DEFAULT_MODEL_DIR, Path(tmp) / "hidden.onnx")))
        articles = load_split(data, "dev")
        gold = [(a.article_id, t, s, e) for a in articles for t, s, e in a.spans]
        gold_by: dict[str, list[tuple[int, int]]] = {}
        for aid, _, s, e in gold:
            gold_by.setdefault(aid, []).append((s, e))
        rows: list[Row] = []
        feats, credit, folds = [], [], []
        for index, article in enumerate(articles):
            offsets, p, tech, hidden = article_outputs(tagger, session, article.text)
            for raw in decode_spans(article.text, offsets, p, 0.3, 100):
                core = core_range(article.text, offsets, p, raw.tok_start, raw.tok_end, 0.4) or (raw.start, raw.end)
                i, j = tokens_in(offsets, *core)
                if j <= i:
                    continue
                probs = softmax(tech[i:j].mean(0))
                peak = float(p[raw.tok_start : raw.tok_end].max())
                head = [peak, float(p[i:j].mean()), np.log1p(j - i), np.log1p(raw.tok_end - raw.tok_start), probs.max()]
                whole = unit(hidden[raw.tok_start : raw.tok_end].mean(0))
                feats.append(np.concatenate([head, probs, unit(hidden[i:j].mean(0)), whole]))
                near = gold_by.get(article.article_id, [])
                inside = max((max(0, min(core[1], e) - max(core[0], s)) for s, e in near), default=0)
                credit.append(inside / (core[1] - core[0]))
                rows.append((article.article_id, *core))
                folds.append(index % 5)
    return rows, np.array(feats, np.float32), np.array(credit), np.array(folds), gold


def best_precision(rows: list[Row], score: np.ndarray, gold: list[Any], recall: float) -> tuple[float, float, int]:
    """The highest SI precision of the spans scoring above a cut, among cuts keeping recall >= ``recall``."""
    best = (0.0, 0.0, 0)
    for cut in np.quantile(score, np.linspace(0.3, 0.97, 40)):
        kept = [(aid, "", s, e) for (aid, s, e), v in zip(rows, score, strict=True) if v >= cut]
        m = score_si(kept, gold)
        if m.recall >= recall and m.precision > best[0]:
            best = (m.precision, m.recall, len(kept))
    return best


def main(argv: list[str] | None = None) -> int:
    from sklearn.linear_model import LogisticRegression

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=PTC)
    args = parser.parse_args(argv)
    if not (args.data / "dev-articles").is_dir():
        print(f"skipped: no PTC dev articles under {args.data}")
        return 0
    rows, x, credit, folds, gold = span_rows(args.data)
    labels = (credit >= 0.5).astype(int)
    hand = list(range(19))

    def out_of_fold(columns: list[int], c: float) -> np.ndarray:
        score = np.zeros(len(rows))
        for k in range(5):
            model = LogisticRegression(C=c, max_iter=3000).fit(x[folds != k][:, columns], labels[folds != k])
            score[folds == k] = model.decision_function(x[folds == k][:, columns])
        return score

    variants = {
        "peak P (the shipped rule's score)": x[:, 0],
        "verifier, run-time features, C=1": out_of_fold(hand, 1.0),
    }
    for c in (0.03, 0.1, 0.3):
        variants[f"verifier, + encoder states of core and span, C={c}"] = out_of_fold(list(range(x.shape[1])), c)
    print(f"{len(rows)} dev spans, {labels.mean():.2f} with at least half of the core in a gold span")
    print("| score that orders the spans | best P at R ≥ 0.20 (shown) | best P at R ≥ 0.15 (shown) |")
    print("|---|---|---|")
    for name, score in variants.items():
        p20, r20, n20 = best_precision(rows, score, gold, 0.20)
        p15, r15, n15 = best_precision(rows, score, gold, 0.15)
        print(f"| {name} | {p20:.3f} (R {r20:.3f}, {n20}) | {p15:.3f} (R {r15:.3f}, {n15}) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
