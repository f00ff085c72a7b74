"""Greedy "model soup": average the weights of fine-tuned taggers while dev keeps improving.

All candidates must start from the same base encoder (runs of one sweep do); their weights then
stay close enough that a plain average is itself a good model, often better than any one of
them, at no cost at inference (Wortsman et al., 2022).  Candidates are tried best first; one
joins the soup only when the average with it scores higher on dev (``max SI F1 over thresholds
+ tc_weight x TC``).  Dev picks the soup, so its dev figures are optimistic, like the sweep's::

    python -m unspin.train.soup --sweep runs/sweep --out runs/soup.pt --data ../shared/data/ptc --device cuda
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
from pathlib import Path

import torch

from unspin.train.ptc import load_split
from unspin.train.sweep import rank
from unspin.train.techniques import Encoded, TechniqueTagger, base_model_path, evaluate_dev, load_tokenizer

log = logging.getLogger("unspin.train.soup")


def candidates(sweep: Path, limit: int, tc_weight: float) -> list[Path]:
    """Each run's best epoch, best run first."""
    names = sorted(p.name for p in sweep.iterdir() if p.is_dir())
    seen: set[str] = set()
    out = []
    for row in rank(sweep, names, tc_weight):
        if row["run"] not in seen:
            seen.add(row["run"])
            out.append(sweep / row["run"] / f"epoch{row['epoch']}.pt")
    return out[:limit]


def average(states: list[dict[str, torch.Tensor]]) -> dict[str, torch.Tensor]:
    return {k: sum(s[k].float() for s in states) / len(states) for k in states[0]}  # type: ignore[misc]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sweep", type=Path, required=True, help="a sweep's --out folder")
    parser.add_argument("--out", type=Path, required=True, help="where to write the soup's checkpoint")
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--base", default=None)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--limit", type=int, default=16, help="candidates to try")
    parser.add_argument("--tc-weight", type=float, default=0.25)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    model_dir = args.base or base_model_path()
    tok = load_tokenizer(model_dir)
    cls_id, sep_id = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
    dev = [Encoded(a, tok) for a in load_split(args.data, "dev")]
    model = TechniqueTagger(model_dir).to(torch.device(args.device))
    scratch = Path(tempfile.mkdtemp()) / "dev.npz"

    def score(state: dict[str, torch.Tensor]) -> tuple[float, dict[str, float]]:
        model.load_state_dict(state)
        result = evaluate_dev(model, dev, cls_id, sep_id, scratch)
        si = max(v for k, v in result.items() if k.startswith("si@"))
        return si + args.tc_weight * result["tc"], result

    pool = candidates(args.sweep, args.limit, args.tc_weight)
    chosen = [torch.load(pool[0], map_location=args.device)]
    best, result = score(chosen[0])
    history = [{"added": str(pool[0]), "score": best, **result}]
    log.info("start %s: %.4f %s", pool[0], best, result)
    for path in pool[1:]:
        state = torch.load(path, map_location=args.device)
        trial, result = score(average([*chosen, state]))
        log.info("try %s: %.4f %s", path, trial, result)
        if trial > best:
            chosen.append(state)
            best = trial
            history.append({"added": str(path), "score": trial, **result})
    torch.save(average(chosen), args.out)
    args.out.with_suffix(".json").write_text(json.dumps(history, indent=1))
    log.info("soup of %d: %.4f", len(chosen), best)


if __name__ == "__main__":
    main()
