"""Lexical features of a span and the span-level technique head (pure Python + numpy).

The token tagger sees a 254-word-piece window and was trained on the same articles a head would
be trained on, so its logits on train are overconfident.  The span head therefore uses features
that cannot leak: hashed words, bigrams and character 4-grams of the span, the three words before
it and the two after it on its line, plus a few numbers (length, how often the span's text recurs
in the article, punctuation, capitalisation, where it sits in its line).  A multinomial logistic
regression over them is trained on PTC train (``unspin.train.span_head``); at inference its
log-probabilities are added, with a weight tuned on dev, to the tagger's tempered log-softmax.

Feature extraction is deterministic (``zlib.crc32``, never Python's salted ``hash``) and shared
by training and runtime, so the shipped weights mean the same thing in both places.
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from unspin.errors import ModelError

FloatArray = NDArray[np.float32]

#: Bump when the features change: a head trained on other features must not load silently.
FEATURE_VERSION = 1
HEAD_FILE = "span_head.npz"

_WORD = re.compile(r"\w+(?:['’]\w+)*")
_QUOTES = "\"“”‘’'«»"
DENSE_NAMES = (
    "log_chars",
    "log_words",
    "log_repeats",
    "repeated",
    "exclamation",
    "question",
    "line_question",
    "quote_inside",
    "quoted",
    "capital_share",
    "all_caps_share",
    "line_start",
    "line_end",
    "line_share",
    "first_line",
    "digits",
    "bias",
)
N_DENSE = len(DENSE_NAMES)


def words(text: str) -> list[str]:
    """Case-folded words of ``text`` (letters, digits, inner apostrophes)."""
    return _WORD.findall(text.casefold())


def _bucket(n: int) -> str:
    return str(n) if n <= 4 else "5-8" if n <= 8 else "9-16" if n <= 16 else "17+"


def repeat_count(text: str, start: int, end: int) -> int:
    """How often the span's stripped, case-folded text occurs in ``text`` (0 below 3 letters)."""
    needle = text[start:end].strip().casefold()
    if sum(ch.isalpha() for ch in needle) < 3:
        return 0
    return text.casefold().count(needle)


def sparse_keys(text: str, start: int, end: int) -> list[str]:
    """The named sparse features of a span (each present once, value 1)."""
    span = words(text[start:end])
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = words(text[line_start:start])
    after = words(text[end:line_end])
    keys = [f"w:{w}" for w in span]
    keys += [f"b:{a}_{b}" for a, b in itertools.pairwise(span)]
    if span:
        keys += [f"f:{span[0]}", f"l:{span[-1]}"]
    keys += [f"p{i}:{w}" for i, w in enumerate(reversed(before[-3:]), 1)]
    keys += [f"n{i}:{w}" for i, w in enumerate(after[:2], 1)]
    for word in span:  # character 4-grams generalise across inflections and rare words
        padded = f"<{word}>"
        keys += [f"g:{padded[i : i + 4]}" for i in range(max(len(padded) - 3, 1))]
    keys.append(f"len:{_bucket(len(span))}")
    return sorted(set(keys))


def dense_values(text: str, start: int, end: int) -> list[float]:
    """The numeric features of a span, in the order of :data:`DENSE_NAMES`, each roughly in [0, 3]."""
    piece = text[start:end]
    tokens = _WORD.findall(piece)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end]
    repeats = repeat_count(text, start, end)
    n_tok = max(len(tokens), 1)
    before = text[max(line_start, start - 2) : start]
    after = text[end : min(line_end, end + 2)]
    return [
        math.log1p(len(piece)) / 3.0,
        math.log1p(len(tokens)) / 2.0,
        math.log1p(max(repeats - 1, 0)),
        float(repeats >= 2),
        float("!" in piece),
        float("?" in piece),
        float("?" in line),
        float(any(q in piece for q in _QUOTES)),
        float(any(q in before for q in _QUOTES) and any(q in after for q in _QUOTES)),
        sum(t[0].isupper() for t in tokens) / n_tok,
        sum(t.isupper() and len(t) > 1 for t in tokens) / n_tok,
        float(not text[line_start:start].strip()),
        float(not text[end:line_end].strip(" .!?\"”’'")),
        len(piece.strip()) / max(len(line.strip()), 1),
        float(line_start == 0),
        float(any(ch.isdigit() for ch in piece)),
        1.0,
    ]


def feature_index(key: str, dim: int) -> int:
    """The hashed column of a sparse feature key (stable across processes and machines)."""
    return zlib.crc32(key.encode("utf-8")) % dim


def span_vector(text: str, start: int, end: int, dim: int) -> tuple[list[int], list[float]]:
    """Sparse feature vector of a span: column indices (hashed keys, then ``dim + i`` dense) and values."""
    counts: dict[int, float] = {}
    for key in sparse_keys(text, start, end):
        idx = feature_index(key, dim)
        counts[idx] = counts.get(idx, 0.0) + 1.0
    indices = list(counts)
    values = list(counts.values())
    for i, value in enumerate(dense_values(text, start, end)):
        if value:
            indices.append(dim + i)
            values.append(value)
    return indices, values


@dataclass(frozen=True)
class SpanHead:
    """A linear technique classifier over :func:`span_vector`, mixed with the tagger's logits.

    ``logits = log_softmax(tagger / temperature) + weight * log_softmax(head)``.
    """

    weights: FloatArray  # [dim + N_DENSE, n_labels]
    bias: FloatArray  # [n_labels]
    labels: tuple[str, ...]
    dim: int
    weight: float
    temperature: float

    @classmethod
    def load(cls, model_dir: Path, labels: tuple[str, ...]) -> SpanHead | None:
        """The head of ``model_dir``, or None when the folder has no ``span_head.npz``."""
        path = model_dir / HEAD_FILE
        if not path.is_file():
            return None
        try:
            with np.load(path, allow_pickle=False) as data:
                head = cls(
                    weights=data["weights"].astype(np.float32),
                    bias=data["bias"].astype(np.float32),
                    labels=tuple(str(x) for x in data["labels"]),
                    dim=int(data["dim"]),
                    weight=float(data["weight"]),
                    temperature=float(data["temperature"]),
                )
                version = int(data["feature_version"])
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"span head {str(path)!r} is unreadable or incomplete: {exc}") from None
        if version != FEATURE_VERSION or head.labels != labels:
            raise ModelError(
                f"span head {str(path)!r} does not fit this code or model: feature version {version} "
                f"(expected {FEATURE_VERSION}), labels {head.labels} (expected {labels}); retrain it with "
                "`python -m unspin.train.span_head`"
            )
        if head.weights.shape != (head.dim + N_DENSE, len(labels)) or head.bias.shape != (len(labels),):
            raise ModelError(
                f"span head {str(path)!r} has weights of shape {head.weights.shape} and bias {head.bias.shape}; "
                f"expected ({head.dim + N_DENSE}, {len(labels)}) and ({len(labels)},)"
            )
        return head

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
            labels=np.array(self.labels),
            dim=np.int64(self.dim),
            weight=np.float64(self.weight),
            temperature=np.float64(self.temperature),
            feature_version=np.int64(FEATURE_VERSION),
        )

    def head_logits(self, text: str, start: int, end: int) -> FloatArray:
        """The head's own technique logits for one span."""
        indices, values = span_vector(text, start, end, self.dim)
        out: FloatArray = (np.asarray(values, np.float32) @ self.weights[indices] + self.bias).astype(np.float32)
        return out

    def combine(self, tagger_logits: FloatArray, text: str, start: int, end: int) -> FloatArray:
        """Tagger logits mixed with the head's: the scores whose argmax is the span's technique."""
        return mix(tagger_logits, self.head_logits(text, start, end), self.temperature, self.weight)


def log_softmax(x: FloatArray) -> FloatArray:
    z = x - x.max(axis=-1, keepdims=True)
    out: FloatArray = (z - np.log(np.exp(z).sum(axis=-1, keepdims=True))).astype(np.float32)
    return out


def mix(tagger_logits: FloatArray, head_logits: FloatArray, temperature: float, weight: float) -> FloatArray:
    """``log_softmax(tagger / temperature) + weight * log_softmax(head)`` (works on [..., n_labels])."""
    return log_softmax(tagger_logits / temperature) + weight * log_softmax(head_logits)
