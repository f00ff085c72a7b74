"""The shipped propaganda technique tagger: ONNX Runtime + tokenizers, no torch.

``TechniqueTagger.load()`` reads ``unspin/models/techniques`` (or another folder) once per
process; ``predict(text)`` returns character-exact :class:`~unspin.document.Span` objects
labelled with one of the 14 SemEval-2020 techniques and a calibrated score.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from unspin.document import Span
from unspin.errors import ModelError
from unspin.runtime import session_options
from unspin.techniques.decode import (
    FloatArray,
    average_windows,
    core_range,
    decode_spans,
    softmax,
    tokens_in,
    widen_to_words,
    window_starts,
)
from unspin.techniques.display import DisplayRule
from unspin.techniques.span_features import SpanHead, repeat_count

DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "techniques"
_CACHE: dict[Path, TechniqueTagger] = {}
_LOCK = threading.Lock()


@dataclass(frozen=True)
class ArticleOutputs:
    """Raw per-token outputs for one text: word-piece offsets, P(inside), technique logits."""

    text: str
    offsets: list[tuple[int, int]]
    p_inside: FloatArray
    tech_logits: FloatArray


@dataclass(frozen=True)
class TaggerConfig:
    """What ``config.json`` of a model folder holds."""

    labels: tuple[str, ...]
    window: int
    stride: int
    threshold: float
    merge_gap: int
    # Windows per encoder call.  1: the int8 graph quantizes its activations with one scale per
    # call, so a window batched with others gets outputs that depend on them; alone, a window's
    # outputs are its own, and the arena holds one window's activations (about 80 MiB less a worker).
    batch_size: int
    calibration: tuple[tuple[float, ...], tuple[float, ...]]
    repetition_boost: float = 0.0
    #: The boost when a span shown as its core is labelled by that core (None: ``repetition_boost``).
    #: A core is a word or two, and a short word recurs in most articles ("election" in an election
    #: story), so the boost tuned on gold spans labels too many cores Repetition for some models;
    #: ``unspin.train.core_boost`` chooses it out of fold on the shown spans' labels.
    core_repetition_boost: float | None = None
    display: DisplayRule = field(default_factory=DisplayRule)  # which spans a reader sees by default (``shown``)

    @classmethod
    def read(cls, path: Path) -> TaggerConfig:
        try:
            raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            cal = raw.get("calibration", {"x": [0.0, 1.0], "y": [0.0, 1.0]})
            return cls(
                labels=tuple(raw["labels"]),
                window=int(raw["window"]),
                stride=int(raw["stride"]),
                threshold=float(raw["threshold"]),
                merge_gap=int(raw.get("merge_gap", 25)),
                batch_size=int(raw.get("batch_size", 1)),
                calibration=(tuple(cal["x"]), tuple(cal["y"])),
                repetition_boost=float(raw.get("repetition_boost", 0.0)),
                core_repetition_boost=_optional_float(raw.get("core_repetition_boost")),
                display=DisplayRule.from_json(raw.get("display")),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"technique model config {str(path)!r} is unreadable or incomplete: {exc}") from None


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def repeated(text: str, start: int, end: int) -> bool:
    """True when the span's text (case-folded, at least 3 letters) occurs elsewhere in ``text``."""
    return repeat_count(text, start, end) >= 2


def window_markers(tokenizer: Any, model_dir: Path) -> tuple[int, int]:
    """The ids that open and close a window: BERT's [CLS]/[SEP] (the shipped MiniLM), or RoBERTa's and
    MPNet's <s>/</s> (a teacher exported as an optional model)."""
    for first, last in (("[CLS]", "[SEP]"), ("<s>", "</s>")):
        opening, closing = tokenizer.token_to_id(first), tokenizer.token_to_id(last)
        if opening is not None and closing is not None:
            return int(opening), int(closing)
    raise ModelError(f"the tokenizer of {str(model_dir)!r} has neither [CLS]/[SEP] nor <s>/</s>")


class TechniqueTagger:
    """Finds propaganda technique spans in a text."""

    def __init__(self, model_dir: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        for name in ("model.onnx", "tokenizer.json", "config.json"):
            if not (model_dir / name).is_file():
                raise ModelError(
                    f"technique model folder {str(model_dir)!r} lacks {name}; expected model.onnx, tokenizer.json "
                    "and config.json (train one with `unspin train techniques`)"
                )
        self.model_dir = model_dir
        self.config = TaggerConfig.read(model_dir / "config.json")
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self._cls, self._sep = window_markers(self.tokenizer, model_dir)
        labels = self.config.labels
        self._repetition_index = labels.index("Repetition") if "Repetition" in labels else None
        self.span_head = SpanHead.load(model_dir, labels)  # None: the tagger's logits alone label spans
        options = session_options()  # threads for this process's share of the cores, no spin-waiting
        try:
            self.session = ort.InferenceSession(
                str(model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelError(f"cannot load {str(model_dir / 'model.onnx')!r}: {exc}") from None

    @classmethod
    def load(cls, model_dir: str | Path | None = None) -> TechniqueTagger:
        """The tagger of ``model_dir`` (default: the shipped model), loaded once per process."""
        path = Path(model_dir).resolve() if model_dir else DEFAULT_MODEL_DIR
        with _LOCK:
            if path not in _CACHE:
                _CACHE[path] = cls(path)
            return _CACHE[path]

    @property
    def display_rule(self) -> DisplayRule:
        """Which spans a reader sees by default (the ``display`` block of ``config.json``)."""
        return self.config.display

    # -- model outputs ------------------------------------------------------
    def outputs(self, text: str) -> ArticleOutputs:
        """Per-token P(inside a span) and technique logits, averaged over overlapping windows."""
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        offsets = [(int(a), int(b)) for a, b in enc.offsets]
        n_labels = len(self.config.labels)
        if not offsets:
            return ArticleOutputs(text, [], np.zeros(0, np.float32), np.zeros((0, n_labels), np.float32))
        ids = enc.ids
        starts = window_starts(len(ids), self.config.window, self.config.stride)
        si_out: list[FloatArray] = []
        tech_out: list[FloatArray] = []
        for i in range(0, len(starts), self.config.batch_size):
            batch = np.array(
                [
                    [self._cls, *ids[s : s + self.config.window], self._sep]
                    for s in starts[i : i + self.config.batch_size]
                ],
                dtype=np.int64,
            )  # every window has the same length by construction of window_starts
            si_logits, tech_logits = self.session.run(None, {"input_ids": batch, "attention_mask": np.ones_like(batch)})
            si_out.extend(softmax(si_logits[:, 1:-1].astype(np.float32))[..., 1:])
            tech_out.extend(tech_logits[:, 1:-1].astype(np.float32))
        p_inside = average_windows(len(ids), starts, si_out)[:, 0]
        return ArticleOutputs(text, offsets, p_inside, average_windows(len(ids), starts, tech_out))

    # -- public API ---------------------------------------------------------
    def predict(self, text: str, threshold: float | None = None) -> list[Span]:
        """Technique spans of ``text``: label, calibrated score and the triggering words."""
        return self.spans_from(text, self.outputs(text), threshold)

    def spans_from(self, text: str, out: ArticleOutputs, threshold: float | None = None) -> list[Span]:
        """:meth:`predict` on outputs already computed (tuning reuses one pass for many thresholds)."""
        if not out.offsets:
            return []
        thr = self.config.threshold if threshold is None else threshold
        spans = []
        rule = self.config.display
        for raw in decode_spans(text, out.offsets, out.p_inside, thr, self.config.merge_gap):
            peak_probability = float(out.p_inside[raw.tok_start : raw.tok_end].max())
            core = (
                core_range(text, out.offsets, out.p_inside, raw.tok_start, raw.tok_end, rule.core_level)
                if rule.core_level is not None
                else None
            )
            # A span confident enough to be shown as its core is labelled by its core: the label
            # names what the reader sees ("nice fiction" is loaded language inside a longer span
            # labelled otherwise).  Lower-confidence spans are shown whole, labelled whole.
            labelled = core if core is not None and peak_probability >= rule.min_peak else (raw.start, raw.end)
            boost = self.config.core_repetition_boost if labelled == core else None
            probs = softmax(self.span_logits(out, *labelled, boost=boost))
            label_idx = int(np.argmax(probs))
            peak = self._peak(out, raw.tok_start, raw.tok_end, label_idx)
            attrs: dict[str, Any] = {
                "trigger": self._trigger(text, out, peak, raw.tok_start, raw.tok_end),
                "trigger_at": out.offsets[peak][0],
                "label_probability": round(float(probs[label_idx]), 4),
                # For the display rule (read and removed by ``techniques.display.present``):
                "peak_probability": round(peak_probability, 4),
            }
            if core is not None:
                attrs["core_at"] = core
                a, b = tokens_in(out.offsets, *core)
                attrs["core_score"] = round(self.calibrate(float(out.p_inside[a:b].mean())), 4)
            spans.append(Span(raw.start, raw.end, self.config.labels[label_idx], self.calibrate(raw.score), attrs))
        return spans

    def classify(self, text: str, spans: Sequence[tuple[int, int]], top_k: int = 1) -> list[list[tuple[str, float]]]:
        """The ``top_k`` techniques (with softmax probabilities) of each given span: the TC task."""
        return self.classify_from(self.outputs(text), spans, top_k)

    def classify_from(
        self, out: ArticleOutputs, spans: Sequence[tuple[int, int]], top_k: int = 1
    ) -> list[list[tuple[str, float]]]:
        """:meth:`classify` on outputs already computed."""
        result = []
        for start, end in spans:
            probs = softmax(self.span_logits(out, start, end))
            order = np.argsort(-probs)[:top_k]
            result.append([(self.config.labels[i], float(probs[i])) for i in order])
        return result

    def span_logits(self, out: ArticleOutputs, start: int, end: int, boost: float | None = None) -> FloatArray:
        """Technique logits of a span: the mean over its tokens, plus a boost for Repetition.

        The boost (``boost``, else the config's ``repetition_boost``) applies when the span's words
        occur again elsewhere in the text, which the windowed token head cannot see.  With a span
        head (``span_head.npz``) the result is mixed with the head's log-probabilities from the
        span's lexical features.
        """
        a, b = tokens_in(out.offsets, start, end)
        logits: FloatArray = out.tech_logits[a:b].mean(0) if b > a else out.tech_logits.mean(0)
        boost = self.config.repetition_boost if boost is None else boost
        if boost and self._repetition_index is not None and repeated(out.text, start, end):
            logits = logits.copy()
            logits[self._repetition_index] += boost
        if self.span_head is not None:
            logits = self.span_head.combine(logits, out.text, start, end)
        return logits

    def calibrate(self, score: float) -> float:
        """Map a span's mean token probability to the expected share of it that is propaganda."""
        xs, ys = self.config.calibration
        return float(np.interp(score, xs, ys))

    @staticmethod
    def _peak(out: ArticleOutputs, a: int, b: int, label_idx: int) -> int:
        """The token of ``[a, b)`` that pushes hardest towards the technique (and towards propaganda)."""
        return a + int(np.argmax(out.tech_logits[a:b, label_idx] + out.p_inside[a:b]))

    @staticmethod
    def _trigger(text: str, out: ArticleOutputs, peak: int, a: int, b: int) -> str:
        """The peak token's word plus its neighbours (the ``techniques`` stage narrows it to a phrase)."""
        lo, hi = max(a, peak - 1), min(b, peak + 2)
        start, end = widen_to_words(text, out.offsets[lo][0], out.offsets[hi - 1][1])
        return text[start:end]
