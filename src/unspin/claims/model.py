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

from unspin.claims.features import document_features
from unspin.errors import ModelError

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "checkworthy"
WEIGHTS_FILE = "weights.npz"
VOCAB_FILE = "vocab.json"


@dataclass(frozen=True)
class CheckworthyModel:
    """Feature index, weights and bias of a logistic-regression check-worthiness model."""

    index: Mapping[str, int]
    weights: np.ndarray
    bias: float
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.weights.shape != (len(self.index),):
            raise ModelError(f"model has {len(self.index)} features but {self.weights.shape[0]} weights")

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
        return self.score_features(document_features(sentences))

    def save(self, directory: Path) -> None:
        """Write ``weights.npz`` and ``vocab.json`` (used by the trainer)."""
        directory.mkdir(parents=True, exist_ok=True)
        names = sorted(self.index, key=self.index.__getitem__)
        np.savez_compressed(
            directory / WEIGHTS_FILE, weights=self.weights.astype(np.float32), bias=np.float64(self.bias)
        )
        payload = {"meta": dict(self.meta), "features": names}
        (directory / VOCAB_FILE).write_text(json.dumps(payload, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def load_model(directory: Path | str | None = None) -> CheckworthyModel:
    """Read a model directory; :class:`ModelError` names what is missing or broken."""
    path = Path(directory) if directory is not None else MODEL_DIR
    try:
        with np.load(path / WEIGHTS_FILE) as arrays:
            weights = np.asarray(arrays["weights"], dtype=np.float64)
            bias = float(arrays["bias"])
        payload = json.loads((path / VOCAB_FILE).read_text(encoding="utf-8"))
        names = payload["features"]
    except FileNotFoundError as exc:
        raise ModelError(
            f"check-worthiness model file missing: {exc.filename}; expected {WEIGHTS_FILE} and {VOCAB_FILE} in {path}"
        ) from None
    except (KeyError, ValueError, OSError) as exc:
        raise ModelError(f"check-worthiness model in {path} is unreadable: {exc}") from None
    index = {name: i for i, name in enumerate(names)}
    return CheckworthyModel(index=index, weights=weights, bias=bias, meta=payload.get("meta", {}))


_CACHE: dict[str, CheckworthyModel] = {}
_LOCK = threading.Lock()


def default_model() -> CheckworthyModel:
    """The shipped model, loaded once per process."""
    with _LOCK:
        if "default" not in _CACHE:
            _CACHE["default"] = load_model()
        return _CACHE["default"]
