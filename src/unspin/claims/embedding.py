"""A static sentence embedding distilled from all-MiniLM-L6-v2: one vector a word, averaged, numpy only.

Each vocabulary word was run through the sentence encoder on its own
(:mod:`unspin.train.static_embedding`), reduced by PCA, weighted by how rare the word is
(smooth inverse frequency) and stored as int8 rows with a scale each.  A sentence's
embedding is the L2-normalised mean of its known words' rows: no encoder at run time,
a few microseconds a sentence, about 2 MB on disk instead of a second 23 MB encoder.

On disk (a model folder): ``word_vectors.npz`` with ``vectors`` (int8, words x dims) and
``scales`` (float32, one a word), and ``words.json``, the words in row order.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from unspin.claims.features import tokenize
from unspin.errors import ModelError

VECTORS_FILE = "word_vectors.npz"
WORDS_FILE = "words.json"


@dataclass(frozen=True)
class StaticEmbedding:
    """Word rows (already frequency-weighted) and the index of each word."""

    index: dict[str, int]
    vectors: np.ndarray  # float32, words x dims

    @property
    def dims(self) -> int:
        return int(self.vectors.shape[1])

    def embed(self, sentences: Sequence[str]) -> np.ndarray:
        """``[len(sentences), dims]`` float32, each row of unit length (zeros without a known word)."""
        out = np.zeros((len(sentences), self.dims), np.float32)
        index = self.index
        for row, text in enumerate(sentences):
            ids = [i for tok in tokenize(text) if (i := index.get(tok)) is not None]
            if ids:
                vec = self.vectors[ids].sum(0)
                norm = float(np.linalg.norm(vec))
                if norm > 0:
                    out[row] = vec / norm
        return out

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        scales = np.maximum(np.abs(self.vectors).max(1), 1e-12) / 127.0
        quantised = np.round(self.vectors / scales[:, None]).astype(np.int8)
        np.savez_compressed(directory / VECTORS_FILE, vectors=quantised, scales=scales.astype(np.float32))
        words = sorted(self.index, key=self.index.__getitem__)
        (directory / WORDS_FILE).write_text(json.dumps(words, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> StaticEmbedding:
        try:
            with np.load(directory / VECTORS_FILE) as arrays:
                vectors = arrays["vectors"].astype(np.float32) * arrays["scales"][:, None].astype(np.float32)
            words = json.loads((directory / WORDS_FILE).read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ModelError(
                f"static embedding file missing: {exc.filename}; "
                f"expected {VECTORS_FILE} and {WORDS_FILE} in {directory}"
            ) from None
        except (KeyError, ValueError, OSError) as exc:
            raise ModelError(f"static embedding in {directory} is unreadable: {exc}") from None
        if len(words) != vectors.shape[0]:
            raise ModelError(f"static embedding in {directory} has {len(words)} words but {vectors.shape[0]} rows")
        return cls({w: i for i, w in enumerate(words)}, vectors)
