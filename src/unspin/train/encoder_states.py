"""Hidden states of the shipped technique encoder at any layer, read from its int8 ONNX (training only).

The ONNX graph names every layer's output; adding one of them as a graph output lets experiments
use the encoder's states as features without torch or a second encoder.  Windows are laid side
by side, of the size the model folder's ``config.json`` gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspin.techniques.decode import window_starts
from unspin.techniques.tagger import DEFAULT_MODEL_DIR, TaggerConfig

HIDDEN = 384


def layer_output(layer: int) -> str:
    return f"/model/encoder/encoder/layer.{layer}/output/LayerNorm/LayerNormalization_output_0"


@dataclass
class EncoderStates:
    """Word pieces and the states after ``layer`` (0-5) for any text."""

    layer: int
    model_dir: Path = DEFAULT_MODEL_DIR
    threads: int = 2

    def __post_init__(self) -> None:
        import onnx
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model = onnx.load(str(self.model_dir / "model.onnx"))
        model.graph.output.append(
            onnx.helper.make_tensor_value_info(layer_output(self.layer), onnx.TensorProto.FLOAT, None)
        )
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        self.session: Any = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
        self.tokenizer: Any = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.window = TaggerConfig.read(self.model_dir / "config.json").window
        self.cls_id, self.sep_id = self.tokenizer.token_to_id("[CLS]"), self.tokenizer.token_to_id("[SEP]")

    def __call__(self, text: str) -> tuple[list[int], list[tuple[int, int]], np.ndarray]:
        """Word-piece ids, their character offsets, and states ``[n_pieces, 384]`` (float32)."""
        enc = self.tokenizer.encode(text, add_special_tokens=False)
        states = np.zeros((len(enc.ids), HIDDEN), np.float32)
        for s in window_starts(len(enc.ids), self.window, self.window):
            ids = np.array([[self.cls_id, *enc.ids[s : s + self.window], self.sep_id]], np.int64)
            out = self.session.run([layer_output(self.layer)], {"input_ids": ids, "attention_mask": np.ones_like(ids)})
            window = out[0][0, 1:-1]
            states[s : s + len(window)] = window
        return list(enc.ids), [(int(a), int(b)) for a, b in enc.offsets], states
