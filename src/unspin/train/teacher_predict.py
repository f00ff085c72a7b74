"""An ensemble of mpnet teachers' P(inside) on unlabelled texts, for a MiniLM student to learn from.

Distilling the teachers' P on the PTC train articles alone did not carry their span detection into
MiniLM (model card, "Distilling the mpnet teacher into MiniLM"): the student saw the same 371
articles the teachers did.  Here the teachers label *other* news texts (PolNeAR's), which the
student then trains on with the teachers' P(inside) as the only span target
(``unspin.train.techniques --unlabelled``).

Each teacher is a run of :mod:`unspin.train.teacher` (``run-*/epochN.pt`` beside its
``args.json``, which gives its frozen layers).  The unchanged lower layers are shared: the base
encoder runs once up to the lowest frozen layer, and each teacher's own top layers start from the
states at its frozen layer, rounded through float16 as the training cache stored them.  P is
averaged over the teachers and over the windows (side by side, as in dev scoring), then mapped
onto the student's word-pieces (:func:`unspin.train.teacher.to_student_pieces`).

The output ``.npz`` holds, for each text id, ``text/<id>`` (the text) and ``p/<id>`` (P per
student piece)::

    PYTHONPATH=src HF_HUB_OFFLINE=1 /work/trainvenv/bin/python -m unspin.train.teacher_predict \
        --texts ../shared/data/polnear/train/text --every 2 --out /work/cache/unlabelled/polnear.npz \
        --teachers /work/cache/teacher/run-9edced69c1d0/epoch3.pt /work/cache/teacher/run-98f4c0fcd89b/epoch3.pt
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from unspin.techniques.decode import average_windows, window_starts
from unspin.train.ptc import Article
from unspin.train.teacher import (
    TopTagger,
    additive_mask,
    load_encoder,
    mpnet_dir,
    special_ids,
    to_student_pieces,
)
from unspin.train.techniques import WINDOW, Encoded, base_model_path, load_tokenizer

log = logging.getLogger("unspin.train.teacher_predict")


def load_teachers(paths: list[str], model_dir: Path) -> list[tuple[int, TopTagger]]:
    """Each saved epoch with its frozen-layer count (from the run's ``args.json``), in eval mode."""
    teachers = []
    for path in map(Path, paths):
        frozen = int(json.loads((path.parent / "args.json").read_text())["frozen"])
        model = TopTagger(load_encoder(model_dir), frozen)
        model.load_state_dict(torch.load(path, map_location="cpu"), strict=False)
        teachers.append((frozen, model.eval()))
    return teachers


@torch.no_grad()
def base_states(encoder: Any, ids: torch.Tensor, mask: torch.Tensor, stops: set[int]) -> dict[int, torch.Tensor]:
    """The base encoder's output after layer ``k - 1`` for each ``k`` in ``stops`` (fp32)."""
    hidden = encoder.embeddings(input_ids=ids)
    bias = encoder.encoder.compute_position_bias(hidden)
    attn = additive_mask(mask, hidden.dtype)
    out = {0: hidden} if 0 in stops else {}
    for k, layer in enumerate(encoder.encoder.layer[: max(stops)], start=1):
        hidden = layer(hidden, attn, bias)[0]
        if k in stops:
            out[k] = hidden
    return out


@torch.no_grad()
def ensemble_p(
    encoder: Any, teachers: list[tuple[int, TopTagger]], doc: Encoded, ids: tuple[int, int], bf16: bool = True
) -> np.ndarray:
    """The teachers' mean P(inside) per teacher word-piece of one text (bf16: as the teachers were scored)."""
    starts = window_starts(len(doc.ids), WINDOW, WINDOW)
    windows = torch.tensor([[ids[0], *doc.ids[s : s + WINDOW], ids[1]] for s in starts])  # equal lengths
    mask = torch.ones_like(windows)
    states = base_states(encoder, windows, mask, {frozen for frozen, _ in teachers})
    total = np.zeros(len(doc.ids), np.float32)
    for frozen, model in teachers:
        cached = states[frozen].to(torch.float16).float()  # what the training cache held
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            si_logits, _ = model(cached, mask)
        outs = list(torch.softmax(si_logits[:, 1:-1].float(), -1)[..., 1:].numpy())
        total += average_windows(len(doc.ids), starts, outs)[:, 0]
    return total / len(teachers)


def predict_texts(args: argparse.Namespace) -> Path:
    model_dir = Path(args.model) if args.model else mpnet_dir()
    tok = load_tokenizer(str(model_dir))
    student = load_tokenizer(args.student_tokenizer or base_model_path())
    encoder = load_encoder(model_dir).eval()
    teachers = load_teachers(args.teachers, model_dir)
    files = sorted(Path(args.texts).glob("*.txt"))[:: args.every][: args.limit or None]
    if not files:
        raise SystemExit(f"error: no .txt files in {args.texts}")
    out: dict[str, np.ndarray] = {}
    t0 = time.time()
    for n, path in enumerate(files, start=1):
        text = path.read_text(encoding="utf-8")
        doc = Encoded(Article(path.stem, text), tok)
        if not doc.ids:
            continue
        p = ensemble_p(encoder, teachers, doc, special_ids(tok), args.bf16)
        pieces = [tuple(o) for o in student.encode(text, add_special_tokens=False).offsets]
        out[f"text/{path.stem}"] = np.array(text)
        out[f"p/{path.stem}"] = to_student_pieces(text, doc.offsets, p, pieces)  # type: ignore[arg-type]
        if n % 10 == 0:
            log.info("%d/%d texts, %.0fs", n, len(files), time.time() - t0)
    target = Path(args.out)
    target.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(target, **out)
    log.info("P(inside) of %d teachers on %d texts: %s", len(teachers), len(out) // 2, target)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--texts", required=True, help="folder of unlabelled .txt news texts")
    parser.add_argument("--teachers", nargs="+", required=True, help="run-*/epochN.pt files of unspin.train.teacher")
    parser.add_argument("--out", required=True, help="the .npz to write")
    parser.add_argument("--every", type=int, default=1, help="take every N-th text (sorted by name)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many texts (0: all)")
    parser.add_argument("--model", default=None, help="MPNet folder (default: the unpacked all-mpnet-base-v2)")
    parser.add_argument("--student-tokenizer", default=None, help="folder with the student's tokenizer.json")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--bf16", action=argparse.BooleanOptionalAction, default=True, help="bfloat16 autocast")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    torch.set_num_threads(args.threads)
    print(predict_texts(args))


if __name__ == "__main__":
    main()
