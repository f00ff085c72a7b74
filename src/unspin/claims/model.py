"""The shipped check-worthiness model: a linear model over :mod:`unspin.claims.features`, numpy only.

On disk (``unspin/models/checkworthy/``): ``weights.npz`` holds ``weights`` (float32,
one per feature) and ``bias``; ``vocab.json`` holds the feature names in the same
order plus the training metadata.  A score is ``sigmoid(bias + sum(value * weight))``
over the features the model knows; unknown features weigh nothing.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from unspin.claims.embedding import StaticEmbedding
from unspin.claims.features import document_features
from unspin.errors import ModelError

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "checkworthy"
WEIGHTS_FILE = "weights.npz"
VOCAB_FILE = "vocab.json"


@dataclass(frozen=True)
class CheckworthyModel:
    """Feature index, weights and bias of a logistic-regression check-worthiness model.

    With ``embedding`` and ``dense_weights`` the score also weighs the sentence's static
    embedding (:mod:`unspin.claims.embedding`), beside the mean of its neighbours' when
    ``dense_weights`` is twice the embedding's width: a second linear model whose logit is
    added to the sparse one.
    """

    index: Mapping[str, int]
    weights: np.ndarray
    bias: float
    meta: Mapping[str, Any] = field(default_factory=dict)
    embedding: StaticEmbedding | None = None
    dense_weights: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.weights.shape != (len(self.index),):
            raise ModelError(f"model has {len(self.index)} features but {self.weights.shape[0]} weights")
        if (self.embedding is None) != (self.dense_weights is None):
            raise ModelError("a check-worthiness model needs both a static embedding and its weights, or neither")
        dims = self.embedding.dims if self.embedding is not None else 0
        if self.dense_weights is not None and self.dense_weights.shape not in ((dims,), (2 * dims,)):
            raise ModelError(f"dense weights of shape {self.dense_weights.shape} fit no embedding of {dims} dims")

    def dense_logits(self, sentences: Sequence[str]) -> np.ndarray:
        """The embedding part of the logits (zeros without one)."""
        if self.embedding is None or self.dense_weights is None or not sentences:
            return np.zeros(len(sentences))
        emb = self.embedding.embed(sentences)
        if self.dense_weights.shape[0] == 2 * emb.shape[1]:
            emb = np.hstack([emb, neighbour_mean(emb)])
        out: np.ndarray = emb.astype(np.float64) @ self.dense_weights
        return out

    @property
    def listing_threshold(self) -> float:
        """The score from which a claim is listed, chosen by debate-grouped cross-validation at training."""
        value = self.meta.get("listing_threshold")
        if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
            raise ModelError(
                f"check-worthiness model has no listing_threshold in 0..1 (got {value!r}); retrain it with "
                "`unspin train checkworthy` or set claim_threshold in the configuration"
            )
        return float(value)

    def logits(self, features: Sequence[Mapping[str, float]]) -> np.ndarray:
        """Raw linear scores of feature dictionaries."""
        # One flat (row, column, value) list for the whole batch, then a single weighted bincount:
        # far cheaper than a numpy call per sentence.
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        index = self.index
        for row, feats in enumerate(features):
            for name, value in feats.items():
                col = index.get(name)
                if col is not None:
                    rows.append(row)
                    cols.append(col)
                    vals.append(value)
        contributions = np.asarray(vals, dtype=np.float64) * self.weights[np.asarray(cols, dtype=np.intp)]
        sums = np.bincount(np.asarray(rows, dtype=np.intp), weights=contributions, minlength=len(features))
        out: np.ndarray = sums + self.bias
        return out

    def score_features(self, features: Sequence[Mapping[str, float]]) -> np.ndarray:
        """Check-worthiness 0..1 of feature dictionaries."""
        scores: np.ndarray = 1.0 / (1.0 + np.exp(-self.logits(features)))
        return scores

    def score_sentences(self, sentences: Sequence[str]) -> np.ndarray:
        """Check-worthiness 0..1 of consecutive sentences of one document (neighbours are context)."""
        logits = self.logits(document_features(sentences)) + self.dense_logits(sentences)
        scores: np.ndarray = 1.0 / (1.0 + np.exp(-logits))
        return scores

    def save(self, directory: Path) -> None:
        """Write ``weights.npz`` and ``vocab.json`` (and the embedding's files, if any; used by the trainer)."""
        directory.mkdir(parents=True, exist_ok=True)
        names = sorted(self.index, key=self.index.__getitem__)
        arrays: dict[str, Any] = {"weights": self.weights.astype(np.float32), "bias": np.float64(self.bias)}
        if self.dense_weights is not None:
            arrays["dense_weights"] = self.dense_weights.astype(np.float32)
        np.savez_compressed(directory / WEIGHTS_FILE, **arrays)
        if self.embedding is not None:
            self.embedding.save(directory)
        payload = {"meta": dict(self.meta), "features": names}
        (directory / VOCAB_FILE).write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def load_model(directory: Path | str | None = None) -> CheckworthyModel:
    """Read a model directory; :class:`ModelError` names what is missing or broken."""
    path = Path(directory) if directory is not None else MODEL_DIR
    try:
        with np.load(path / WEIGHTS_FILE) as arrays:
            weights = np.asarray(arrays["weights"], dtype=np.float64)
            bias = float(arrays["bias"])
            dense = np.asarray(arrays["dense_weights"], np.float64) if "dense_weights" in arrays else None
        payload = json.loads((path / VOCAB_FILE).read_text(encoding="utf-8"))
        names = payload["features"]
    except FileNotFoundError as exc:
        raise ModelError(
            f"check-worthiness model file missing: {exc.filename}; expected {WEIGHTS_FILE} and {VOCAB_FILE} in {path}"
        ) from None
    except (KeyError, ValueError, OSError) as exc:
        raise ModelError(f"check-worthiness model in {path} is unreadable: {exc}") from None
    index = {name: i for i, name in enumerate(names)}
    embedding = StaticEmbedding.load(path) if dense is not None else None
    return CheckworthyModel(
        index=index, weights=weights, bias=bias, meta=payload.get("meta", {}), embedding=embedding, dense_weights=dense
    )


def neighbour_mean(emb: np.ndarray) -> np.ndarray:
    """Each row's neighbours' mean (the previous and the next row; zeros beyond the ends)."""
    padded = np.vstack([np.zeros((1, emb.shape[1]), emb.dtype), emb, np.zeros((1, emb.shape[1]), emb.dtype)])
    out: np.ndarray = (padded[:-2] + padded[2:]) / 2
    return out


_CACHE: dict[str, CheckworthyModel] = {}
_LOCK = threading.Lock()


def default_model() -> CheckworthyModel:
    """The shipped model, loaded once per process."""
    with _LOCK:
        if "default" not in _CACHE:
            _CACHE["default"] = load_model()
        return _CACHE["default"]
