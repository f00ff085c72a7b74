"""An mpnet teacher, or several on one shared trunk, as a technique model folder the runtime reads.

Issue 13's fallback for a teacher the MiniLM student cannot match: an optional model built on the
user's machine (``scripts/build_accurate_model.sh``), its size and speed stated.  :func:`export`
writes the whole all-mpnet-base-v2 encoder (its frozen lower layers and each teacher's trained
top, with the heads) to ONNX at a window of up to 256 pieces, quantizes it to int8 as the shipped
model is (dynamic, per channel), and makes ``out`` a model folder (``model.onnx``, mpnet's
tokenizer, the shipped config; no span head until :mod:`unspin.train.span_head` fits one).

Teachers frozen at different depths disagree more than two seeds at the same depth (PTC dev, raw
SI of the averaged outputs: frozen 9 + frozen 9, 0.455; frozen 6 + frozen 9, 0.471), and their
frozen layers are the same pretrained weights, so :class:`Ensemble` runs those once and branches
each teacher's top off at its depth.  Needs torch and transformers (the train extras).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import torch

from unspin.techniques.tagger import DEFAULT_MODEL_DIR
from unspin.train.export import quantize
from unspin.train.teacher import TopTagger, additive_mask, load_encoder, mpnet_dir

SEQ = 256
NAMES = ("input_ids", "attention_mask", "si_logits", "tech_logits")


def load_teacher(epoch: Path, model_dir: Path | None = None) -> tuple[int, TopTagger]:
    """One teacher run's epoch: its frozen depth and its trained top (on its own encoder copy,
    since loading a top overwrites the encoder layers it shares)."""
    frozen = int(json.loads((epoch.parent / "args.json").read_text())["frozen"])
    top = TopTagger(load_encoder(model_dir or mpnet_dir()), frozen)
    top.load_state_dict(torch.load(epoch, map_location="cpu"), strict=False)
    return frozen, top.eval().requires_grad_(False)


class Ensemble(torch.nn.Module):
    """Teachers on one pretrained trunk: the frozen layers run once, each top branches off at its depth.

    The teachers' frozen lower layers are the same pretrained weights, so two teachers frozen at 6
    and 9 layers cost 6 + 6 + 3 + 3 = 18 layers a window rather than 24.  The outputs are what the
    runtime tagger reads: ``si_logits`` whose softmax is the teachers' mean P(inside), and
    ``tech_logits``, the mean of their log-softmaxed technique scores.  One teacher exports
    exactly as before (its logits untouched).
    """

    def __init__(self, trunk: torch.nn.Module, teachers: list[tuple[int, TopTagger]]) -> None:
        super().__init__()
        self.trunk = trunk  # registered, so the shared weights export once as initializers
        self.depths = [d for d, _ in teachers]
        self.tops = torch.nn.ModuleList([t for _, t in teachers])

    def forward(self, ids: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        encoder = self.trunk.encoder
        hidden = self.trunk.embeddings(input_ids=ids)
        bias = encoder.compute_position_bias(hidden)
        attn = additive_mask(mask, hidden.dtype)
        outs, depth = [], 0
        for target, top in sorted(zip(self.depths, self.tops, strict=True), key=lambda x: x[0]):
            for layer in encoder.layer[depth:target]:
                hidden = layer(hidden, attn, bias)[0]
            depth = target
            outs.append(top(hidden.to(torch.float16).float(), mask))  # as the teachers' cache held them
        if len(outs) == 1:
            return outs[0]
        p = torch.stack([torch.softmax(si, -1)[..., 1] for si, _ in outs]).mean(0).clamp(1e-6, 1 - 1e-6)
        si_logits = torch.stack([torch.log1p(-p), torch.log(p)], -1)
        tech = torch.stack([torch.log_softmax(t, -1) for _, t in outs]).mean(0)
        return si_logits, tech


def export(epochs: list[Path], out: Path, model_dir: Path | None = None) -> Path:
    """Export one teacher, or several on a shared trunk (:class:`Ensemble`), to int8 ``out/model.onnx``."""
    model_dir = model_dir or mpnet_dir()
    trunk = load_encoder(model_dir).eval().requires_grad_(False)
    whole = Ensemble(trunk, [load_teacher(e, model_dir) for e in epochs]).eval()
    out.mkdir(parents=True, exist_ok=True)
    fp32, int8 = out / "teacher-fp32.onnx", out / "model.onnx"
    ids = torch.ones((1, SEQ), dtype=torch.long)
    with torch.no_grad():
        torch.onnx.export(
            whole, (ids, torch.ones_like(ids)), str(fp32), input_names=list(NAMES[:2]),
            output_names=list(NAMES[2:]), dynamic_axes={n: {0: "batch", 1: "seq"} for n in NAMES},
            opset_version=17, dynamo=False,
        )  # fmt: skip
    quantize(fp32, int8)
    fp32.unlink()
    fp32.with_suffix(".onnx.data").unlink(missing_ok=True)
    write_folder(out, int8, len(epochs), model_dir)
    return int8


def write_folder(out: Path, model: Path, teachers: int = 1, model_dir: Path | None = None) -> None:
    """Make ``out`` a technique model folder the runtime reads (``unspin eval techniques --model``):
    the teacher as ``model.onnx``, mpnet's tokenizer, the shipped config (threshold and display
    rule still the shipped model's until tuned), and no span head (the tagger's logits label spans)."""
    if model.name != "model.onnx":
        model.replace(out / "model.onnx")
    shutil.copy((model_dir or mpnet_dir()) / "tokenizer.json", out / "tokenizer.json")
    config = json.loads((DEFAULT_MODEL_DIR / "config.json").read_text())
    config["base_model"] = "all-mpnet-base-v2, top layers fine-tuned on PTC (unspin.train.teacher)" + (
        f", {teachers} teachers averaged on one trunk" if teachers > 1 else ""
    )
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
