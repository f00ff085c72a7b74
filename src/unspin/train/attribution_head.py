"""Experiment (not shipped): a learned source / cue / content tagger on PolNeAR, stacked on the rules.

PolNeAR gives every token at most one role, so attribution is a tag sequence: ``O`` and
``B-``/``I-`` of source, cue and content.  This module measures whether a learned tagger lifts
the rule engine, in two sizes that could ship beside the technique model:

* ``frozen``: the shipped technique encoder's hidden states after ``--layer`` (read from its
  int8 ONNX, no second encoder at runtime) feed two fresh transformer layers initialised from
  MiniLM's last two (about 3.5 MB in int8);
* ``full``: all of MiniLM fine-tuned (a second 23 MB encoder: over the 30 MB model budget, so
  this is the ceiling of the idea, not a candidate).

With ``--rules-train``/``--rules-dev`` (BRAT folders written by ``benchmarks/bench_attribution.py
--write``) the rule engine's own tags are an input embedding, so the tagger learns corrections
to the rules rather than starting from nothing.  Each epoch prints dev exact / overlap F1 per
role, scored like ``unspin eval attribution`` (first annotator of each text)::

    PY=/work/trainvenv/bin/python; export PYTHONPATH=src HF_HUB_OFFLINE=1
    .venv/bin/python benchmarks/bench_attribution.py ../shared/data/polnear/train/text --write runs/rules-train
    .venv/bin/python benchmarks/bench_attribution.py ../shared/data/polnear/dev/text --write runs/rules-dev
    $PY -m unspin.train.attribution_head features --data ../shared/data/polnear --out runs/attr-feat
    $PY -m unspin.train.attribution_head train --feat runs/attr-feat --mode frozen \
        --rules-train runs/rules-train --rules-dev runs/rules-dev --out runs/attr-head

Results are in ``docs/model-card-attribution.md`` ("A learned tagger on top of the rules").
"""

from __future__ import annotations

import argparse
import logging
import random
import time
from pathlib import Path
from typing import Any

import numpy as np

from unspin.evaluate.attribution import ROLES, Counts, RoleSpan, annotations_by_text, read_ann, score_role
from unspin.train.encoder_states import HIDDEN

log = logging.getLogger("unspin.train.attribution_head")

WINDOW = 254  # word pieces per training window, as the technique model reads articles

TAGS = ("O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content")
BEGIN = {"source": 1, "cue": 3, "content": 5}
ROLE_OF_BEGIN = {v: k for k, v in BEGIN.items()}


# -- data -----------------------------------------------------------------------
def role_tags(offsets: list[tuple[int, int]], spans: list[RoleSpan]) -> np.ndarray:
    """BIO tag per word piece; every fragment of a span starts with its ``B-``."""
    tags = np.zeros(len(offsets), np.int64)
    for span in spans:
        for start, end in span.fragments:
            inside = [i for i, (a, b) in enumerate(offsets) if a < end and start < b]
            for n, i in enumerate(inside):
                tags[i] = BEGIN[span.role] + (n > 0)
    return tags


def first_annotations(split_dir: Path) -> dict[str, Path]:
    """Text name -> its first annotator's ``.ann`` (as the scorer's ``--duplicates first``)."""
    return {name: paths[0] for name, paths in annotations_by_text(split_dir).items()}


def cache_features(data: Path, out: Path, layer: int, model_dir: Path | None = None) -> None:
    """Word pieces, gold tags and the technique encoder's states after ``layer``, per text and split."""
    from unspin.train.encoder_states import EncoderStates

    out.mkdir(parents=True, exist_ok=True)
    encoder = EncoderStates(layer) if model_dir is None else EncoderStates(layer, model_dir)
    for split in ("train", "dev"):
        rows = []
        for text_id, ann in first_annotations(data / split).items():
            text = (data / split / "text" / f"{text_id}.txt").read_text(encoding="utf-8")
            ids, offsets, states = encoder(text)
            gold = role_tags(offsets, read_ann(ann))
            rows.append((text_id, states.astype(np.float16), np.array(offsets, np.int32), gold, ids))
        np.save(out / f"{split}.npy", np.array(rows, dtype=object), allow_pickle=True)
        log.info("%s: %d texts, %d word pieces", split, len(rows), sum(len(r[4]) for r in rows))


def rule_tags(rows: Any, folder: Path | None) -> dict[str, np.ndarray]:
    """The rule engine's BIO tags per text (all ``O`` without a folder or a file)."""
    out = {}
    for text_id, _, offsets, gold, _ in rows:
        path = folder / f"{text_id}.ann" if folder else None
        spans = read_ann(path) if path is not None and path.is_file() else []
        out[text_id] = role_tags([tuple(o) for o in offsets], spans) if spans else np.zeros(len(gold), np.int64)
    return out


# -- decoding -------------------------------------------------------------------
def allowed_transitions() -> np.ndarray:
    """``[prev, cur]``: an ``I-x`` only follows ``B-x`` or ``I-x``."""
    ok = np.zeros((len(TAGS), len(TAGS)), bool)
    for prev in range(len(TAGS)):
        for cur in range(len(TAGS)):
            ok[prev, cur] = cur % 2 == 1 or cur == 0 or prev in (cur, cur - 1)
    return ok


def viterbi(log_probs: np.ndarray) -> list[int]:
    """The best tag path that respects :func:`allowed_transitions`."""
    trans = np.where(allowed_transitions(), 0.0, -1e9)
    score = np.where([t == 0 or t % 2 == 1 for t in range(len(TAGS))], log_probs[0], -1e9)
    back = np.zeros(log_probs.shape, np.int64)
    for t in range(1, len(log_probs)):
        cand = score[:, None] + trans
        back[t] = cand.argmax(0)
        score = cand.max(0) + log_probs[t]
    path = [int(score.argmax())]
    for t in range(len(log_probs) - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


def tag_spans(tags: list[int], offsets: list[tuple[int, int]], text: str) -> list[RoleSpan]:
    """Role spans of a tag path, widened to whole words."""
    spans: list[list[Any]] = []
    for i, tag in enumerate(tags):
        if tag in ROLE_OF_BEGIN:
            spans.append([ROLE_OF_BEGIN[tag], offsets[i][0], offsets[i][1]])
        elif tag and spans and i and tags[i - 1] in (tag, tag - 1):
            spans[-1][2] = offsets[i][1]
    out = []
    for role, start, end in spans:
        while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
            start -= 1
        while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
            end += 1
        out.append(RoleSpan(role, ((start, end),)))
    return out


def regroup_contents(learned: list[RoleSpan], rules: list[RoleSpan]) -> list[RoleSpan]:
    """Learned content pieces that fall in one multi-fragment rule content become one span."""
    contents = [s for s in learned if s.role == "content"]
    out = [s for s in learned if s.role != "content"]
    used: set[int] = set()
    for rule in rules:
        if rule.role != "content" or len(rule.fragments) < 2:
            continue
        group = [i for i, s in enumerate(contents) if i not in used and s.overlaps(rule)]
        if len(group) >= 2:
            used.update(group)
            out.append(RoleSpan("content", tuple(sorted(f for i in group for f in contents[i].fragments))))
    return out + [s for i, s in enumerate(contents) if i not in used]


def score(pred: dict[str, list[RoleSpan]], gold: dict[str, list[RoleSpan]]) -> dict[str, dict[str, float | int]]:
    totals = {role: Counts() for role in ROLES}
    for text_id, spans in gold.items():
        for role in ROLES:
            mine = [s for s in pred.get(text_id, []) if s.role == role]
            totals[role].add(score_role(mine, [s for s in spans if s.role == role]))
    return {role: counts.as_dict() for role, counts in totals.items()}


def describe(result: dict[str, dict[str, float | int]]) -> str:
    return " | ".join(f"{r} exact {v['exact_f1']:.3f} overlap {v['overlap_f1']:.3f}" for r, v in result.items())


# -- model and training ----------------------------------------------------------
def build_model(mode: str) -> Any:
    """``frozen``: two MiniLM layers over cached hidden states; ``full``: all of MiniLM over word pieces."""
    import torch
    from torch import nn
    from transformers import AutoModel

    from unspin.train.techniques import base_model_path

    class Tagger(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            base = AutoModel.from_pretrained(base_model_path())
            self.base = base if mode == "full" else None
            self.layers = nn.ModuleList(list(base.encoder.layer[-2:])) if mode == "frozen" else None
            self.rule_tag = nn.Embedding(len(TAGS), HIDDEN)
            nn.init.normal_(self.rule_tag.weight, std=0.02)
            self.drop = nn.Dropout(0.1)
            self.out = nn.Linear(HIDDEN, len(TAGS))

        def forward(self, x: Any, mask: Any, rules: Any) -> Any:
            if self.base is not None:  # x: word-piece ids
                emb = self.base.embeddings.word_embeddings(x) + self.rule_tag(rules)
                h = self.base(inputs_embeds=emb, attention_mask=mask).last_hidden_state
            else:  # x: cached hidden states
                h = x + self.rule_tag(rules)
                extended = (1.0 - mask[:, None, None, :].float()) * -1e4
                for layer in self.layers:
                    out = layer(h, attention_mask=extended)
                    h = out[0] if isinstance(out, tuple) else out
            return self.out(self.drop(h))

    torch.manual_seed(13)
    return Tagger()


def windows(rows: Any, rules: dict[str, np.ndarray], mode: str) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    out = []
    for text_id, hidden, _, gold, ids in rows:
        x = np.asarray(ids, np.int64) if mode == "full" else hidden
        for s in range(0, len(gold), WINDOW):
            out.append((x[s : s + WINDOW], gold[s : s + WINDOW], rules[text_id][s : s + WINDOW]))
    return out


def batch(items: list[tuple[np.ndarray, np.ndarray, np.ndarray]], mode: str) -> tuple[Any, Any, Any, Any]:
    import torch

    length = max(len(y) for _, y, _ in items)
    x = np.zeros(
        (len(items), length) if mode == "full" else (len(items), length, HIDDEN),
        np.int64 if mode == "full" else np.float32,
    )
    y = np.full((len(items), length), -100, np.int64)
    mask = np.zeros((len(items), length), np.int64)
    rules = np.zeros((len(items), length), np.int64)
    for i, (xi, yi, ri) in enumerate(items):
        x[i, : len(yi)], y[i, : len(yi)], mask[i, : len(yi)], rules[i, : len(yi)] = xi, yi, 1, ri
    return torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(mask), torch.from_numpy(rules)


def predict(model: Any, rows: Any, rules: dict[str, np.ndarray], mode: str) -> dict[str, np.ndarray]:
    import torch

    model.eval()
    out = {}
    with torch.no_grad():
        for row in rows:
            parts = []
            for item in windows([row], rules, mode):
                x, _, mask, r = batch([item], mode)
                parts.append(torch.log_softmax(model(x, mask, r), -1)[0].numpy())
            out[row[0]] = np.concatenate(parts) if parts else np.zeros((0, len(TAGS)), np.float32)
    model.train()
    return out


def dev_report(rows: Any, log_probs: dict[str, np.ndarray], data: Path, rules_dev: Path | None) -> dict[str, str]:
    """Dev F1 of the rules, the tagger alone and the tagger with multi-fragment contents regrouped."""
    gold = {t: read_ann(p) for t, p in first_annotations(data / "dev").items()}
    rules = {
        t: read_ann(rules_dev / f"{t}.ann") if rules_dev and (rules_dev / f"{t}.ann").is_file() else [] for t in gold
    }
    learned = {}
    for text_id, _, offsets, _, _ in rows:
        text = (data / "dev" / "text" / f"{text_id}.txt").read_text(encoding="utf-8")
        lp = log_probs[text_id]
        learned[text_id] = tag_spans(viterbi(lp), [tuple(o) for o in offsets], text) if len(lp) else []
    regrouped = {t: regroup_contents(learned[t], rules[t]) for t in learned}
    return {
        "rules": describe(score(rules, gold)),
        "tagger": describe(score(learned, gold)),
        "tagger, contents regrouped": describe(score(regrouped, gold)),
    }


def train(args: argparse.Namespace) -> None:
    import torch
    from torch import nn

    torch.set_num_threads(args.threads)
    random.seed(13)
    train_rows = np.load(args.feat / "train.npy", allow_pickle=True)
    dev_rows = np.load(args.feat / "dev.npy", allow_pickle=True)
    rules_train, rules_dev = rule_tags(train_rows, args.rules_train), rule_tags(dev_rows, args.rules_dev)
    model = build_model(args.mode)
    items = windows(train_rows, rules_train, args.mode)
    head = [*model.out.parameters(), *model.rule_tag.parameters()]
    body = [p for n, p in model.named_parameters() if not n.startswith(("out.", "rule_tag."))]
    opt = torch.optim.AdamW([{"params": body, "lr": args.lr}, {"params": head, "lr": args.lr * 10}], weight_decay=0.01)
    steps = args.epochs * -(-len(items) // args.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, s / (0.06 * steps)) * max(0.0, 1 - s / steps))
    loss_fn = nn.CrossEntropyLoss(ignore_index=-100)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    for epoch in range(args.epochs):
        random.shuffle(items)
        for i in range(0, len(items), args.batch):
            x, y, mask, r = batch(items[i : i + args.batch], args.mode)
            loss = loss_fn(model(x, mask, r).reshape(-1, len(TAGS)), y.reshape(-1))
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
        log_probs = predict(model, dev_rows, rules_dev, args.mode)
        for name, line in dev_report(dev_rows, log_probs, args.data, args.rules_dev).items():
            log.info("epoch %d (%.0f s) %s: %s", epoch, time.time() - started, name, line)
        torch.save(model.state_dict(), args.out / f"epoch{epoch}.pt")


def save_encoder(checkpoint: Path, out: Path) -> None:
    """The MiniLM of a ``--mode full`` checkpoint as a Hugging Face folder, to start the technique
    tagger from (``unspin.train.techniques --base OUT``): attribution as an intermediate task."""
    import shutil

    import torch
    from transformers import AutoModel

    from unspin.train.techniques import base_model_path

    state = torch.load(checkpoint, map_location="cpu")
    encoder = {k.removeprefix("base."): v for k, v in state.items() if k.startswith("base.")}
    if not encoder:
        raise SystemExit(f"{checkpoint} holds no full encoder: train it with --mode full")
    model = AutoModel.from_pretrained(base_model_path())
    model.load_state_dict(encoder)
    model.save_pretrained(str(out))
    for name in ("tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copy(Path(base_model_path()) / name, out / name)
    log.info("wrote %s", out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    feats = sub.add_parser("features", help="cache word pieces, gold tags and encoder states")
    feats.add_argument("--data", type=Path, required=True, help="PolNeAR folder (train/, dev/)")
    feats.add_argument("--out", type=Path, required=True)
    feats.add_argument("--layer", type=int, default=3, help="technique encoder layer whose output is cached (0-5)")
    feats.add_argument("--model", type=Path, default=None, help="technique model folder (default: the shipped one)")
    fit = sub.add_parser("train", help="train the tagger and print dev F1 per epoch")
    fit.add_argument("--feat", type=Path, required=True)
    fit.add_argument("--data", type=Path, default=Path("../shared/data/polnear"))
    fit.add_argument("--mode", choices=("frozen", "full"), default="frozen")
    fit.add_argument("--rules-train", type=Path, default=None)
    fit.add_argument("--rules-dev", type=Path, default=None)
    fit.add_argument("--epochs", type=int, default=3)
    fit.add_argument("--lr", type=float, default=1e-4)
    fit.add_argument("--batch", type=int, default=16)
    fit.add_argument("--threads", type=int, default=2)
    fit.add_argument("--out", type=Path, required=True)
    enc = sub.add_parser("encoder", help="save a --mode full checkpoint's encoder for the technique trainer")
    enc.add_argument("--checkpoint", type=Path, required=True)
    enc.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    if args.command == "features":
        cache_features(args.data, args.out, args.layer, args.model)
    elif args.command == "encoder":
        save_encoder(args.checkpoint, args.out)
    else:
        train(args)


if __name__ == "__main__":
    main()
