"""From per-token model outputs to character spans (numpy only; shared by training and runtime).

An article is cut into overlapping windows of word-pieces; window outputs are averaged where
they overlap, tokens whose propaganda probability reaches the threshold become spans, spans are
widened to whole words and merged across small gaps on the same line.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float32]


@dataclass(frozen=True)
class RawSpan:
    """A decoded span: character offsets into the text, mean token probability, token range."""

    start: int
    end: int
    score: float
    tok_start: int
    tok_end: int


def window_starts(n_tokens: int, size: int, stride: int) -> list[int]:
    """First token of each window so that every token is covered and the last window ends the text."""
    if n_tokens <= size:
        return [0]
    starts = list(range(0, n_tokens - size, stride))
    starts.append(n_tokens - size)
    return starts


def average_windows(n_tokens: int, starts: Sequence[int], outputs: Sequence[FloatArray]) -> FloatArray:
    """Average window outputs (each ``[len, k]``) back onto the article's ``n_tokens`` positions."""
    width = outputs[0].shape[-1]
    total = np.zeros((n_tokens, width), dtype=np.float32)
    count = np.zeros((n_tokens, 1), dtype=np.float32)
    for start, out in zip(starts, outputs, strict=True):
        total[start : start + len(out)] += out
        count[start : start + len(out)] += 1
    averaged: FloatArray = (total / np.maximum(count, 1)).astype(np.float32)
    return averaged


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch in "'’-"


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend a character span so that it neither starts nor ends inside a word."""
    while start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        start -= 1
    while end < len(text) and _is_word_char(text[end]) and end > 0 and _is_word_char(text[end - 1]):
        end += 1
    return start, end


def decode_spans(
    text: str,
    offsets: Sequence[tuple[int, int]],
    p_inside: FloatArray,
    threshold: float,
    merge_gap: int = 25,
) -> list[RawSpan]:
    """Turn per-token probabilities into whole-word spans, merged across gaps ≤ ``merge_gap`` on one line."""
    runs = _runs_above(text, offsets, p_inside, threshold)
    merged: list[tuple[int, int]] = []
    for a, b in runs:
        if merged and _small_gap(text, offsets[merged[-1][1] - 1][1], offsets[a][0], merge_gap):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    spans = []
    for a, b in merged:
        a, b = _trim_edge_punctuation(text, offsets, a, b)
        if a >= b:
            continue
        start, end = widen_to_words(text, offsets[a][0], offsets[b - 1][1])
        spans.append(RawSpan(start, end, float(np.mean(p_inside[a:b])), a, b))
    return spans


#: No PTC train span (6,128) starts or ends with one of these: a span's edge token made only of
#: them is the tagger reaching past a clause, not part of the technique.
EDGE_PUNCTUATION = frozenset(".,;:-–")


def _trim_edge_punctuation(text: str, offsets: Sequence[tuple[int, int]], a: int, b: int) -> tuple[int, int]:
    """Token range ``[a, b)`` without leading or trailing tokens made only of :data:`EDGE_PUNCTUATION`."""

    def is_edge(i: int) -> bool:
        piece = text[offsets[i][0] : offsets[i][1]]
        return bool(piece) and all(ch in EDGE_PUNCTUATION for ch in piece)

    while a < b and is_edge(a):
        a += 1
    while b > a and is_edge(b - 1):
        b -= 1
    return a, b


def _runs_above(
    text: str, offsets: Sequence[tuple[int, int]], p_inside: FloatArray, threshold: float
) -> list[tuple[int, int]]:
    """Token ranges ``[a, b)`` of consecutive tokens at or above the threshold, never across a line break."""
    runs: list[tuple[int, int]] = []
    run_start = -1
    for i, p in enumerate(p_inside):
        line_break = run_start >= 0 and "\n" in text[offsets[i - 1][1] : offsets[i][0]]
        if run_start >= 0 and (p < threshold or line_break):
            runs.append((run_start, i))
            run_start = -1
        if p >= threshold and run_start < 0:
            run_start = i
    if run_start >= 0:
        runs.append((run_start, len(p_inside)))
    return runs


def _small_gap(text: str, prev_end: int, next_start: int, merge_gap: int) -> bool:
    return next_start - prev_end <= merge_gap and "\n" not in text[prev_end:next_start]


def core_range(
    text: str, offsets: Sequence[tuple[int, int]], p_inside: FloatArray, a: int, b: int, level: float
) -> tuple[int, int]:
    """Characters of the core of token range ``[a, b)``: the run around its most probable token with P ≥ ``level``.

    The run always holds the most probable token (even below ``level``) and is widened to whole
    words; the display shows it instead of the whole span (SemEval precision credits the share
    of a shown span that is inside gold, and the core is where the tagger is surest).
    """
    p = p_inside[a:b]
    lo = hi = int(np.argmax(p))
    while lo > 0 and p[lo - 1] >= level:
        lo -= 1
    while hi + 1 < len(p) and p[hi + 1] >= level:
        hi += 1
    return widen_to_words(text, offsets[a + lo][0], offsets[a + hi][1])


def tokens_in(offsets: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """Token range ``[a, b)`` whose characters overlap ``[start, end)`` (empty range if none).

    ``offsets`` are an article's word-pieces in text order, so their starts and ends never
    decrease and both bounds are binary searches (a linear scan per span was a few per cent
    of the tagger's time).
    """
    a = bisect.bisect_right(offsets, start, key=lambda offset: offset[1])
    b = bisect.bisect_left(offsets, end, lo=a, key=lambda offset: offset[0])
    return a, b


def softmax(x: FloatArray, axis: int = -1) -> FloatArray:
    z = x - x.max(axis=axis, keepdims=True)
    e = np.exp(z)
    out: FloatArray = e / e.sum(axis=axis, keepdims=True)
    return out
