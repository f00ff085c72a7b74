"""``unspin train TASK``: train a model from ../shared/data (needs the ``train`` extra: torch)."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path
from typing import Any

from unspin.errors import ConfigError


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("train", help="train a model (needs `pip install -e .[train]`)")
    tasks = parser.add_subparsers(dest="train_task", metavar="TASK")
    tech = tasks.add_parser("techniques", help="train the propaganda technique tagger on PTC")
    tech.add_argument("--data", required=True, type=Path, help="PTC folder, e.g. ../shared/data/ptc")
    tech.add_argument("--out", required=True, type=Path, help="run folder: checkpoints, dev outputs, log")
    tech.add_argument("--epochs", type=int, default=2)
    tech.add_argument("--lr", type=float, default=7e-5)
    tech.add_argument("--threads", type=int, default=2)
    tech.add_argument("--seed", type=int, default=13)
    tech.set_defaults(func=run_techniques)
    head = tasks.add_parser(
        "techniques-head", help="fit the span-level technique head on PTC train and tune its mixing on dev"
    )
    head.add_argument("--data", required=True, type=Path, help="PTC folder, e.g. ../shared/data/ptc")
    head.add_argument("--model", required=True, type=Path, help="technique model folder to add span_head.npz to")
    head.set_defaults(func=run_techniques_head)
    cw = tasks.add_parser("checkworthy", help="train the check-worthiness model on CLEF CheckThat! debates")
    cw.add_argument("--data", required=True, type=Path, help="checkworthy folder, e.g. ../shared/data/checkworthy")
    cw.add_argument("--out", required=True, type=Path, help="model folder to write (weights.npz, vocab.json)")
    cw.add_argument(
        "--embedding",
        type=Path,
        help="static embedding folder (python -m unspin.train.static_embedding) for the shipped recipe; "
        "without it, the sparse model alone",
    )
    cw.set_defaults(func=run_checkworthy)
    parser.set_defaults(func=lambda args: (parser.print_help(), 2)[1])


def require_torch() -> None:
    """Raise a clear error when the training extra is missing."""
    missing = [m for m in ("torch", "transformers") if importlib.util.find_spec(m) is None]
    if missing:
        raise ConfigError(f"training needs {', '.join(missing)}, which is not installed: run `pip install -e .[train]`")


def run_techniques(args: argparse.Namespace) -> int:
    if not args.data.is_dir():
        raise ConfigError(f"--data {str(args.data)!r} is not a folder; expected the PTC folder (../shared/data/ptc)")
    require_torch()
    from unspin.train import techniques  # imported lazily: torch is heavy and optional

    argv = ["--data", str(args.data), "--out", str(args.out), "--epochs", str(args.epochs), "--lr", str(args.lr)]
    argv += ["--threads", str(args.threads), "--seed", str(args.seed)]
    techniques.main(argv)
    return 0


def run_techniques_head(args: argparse.Namespace) -> int:
    if not args.data.is_dir():
        raise ConfigError(f"--data {str(args.data)!r} is not a folder; expected the PTC folder (../shared/data/ptc)")
    if not (args.model / "config.json").is_file():
        raise ConfigError(f"--model {str(args.model)!r} is not a technique model folder (it lacks config.json)")
    if importlib.util.find_spec("sklearn") is None:
        raise ConfigError("training the span head needs scikit-learn: run `pip install -e .[train]`")
    from unspin.train import span_head  # imported lazily: scikit-learn is optional

    span_head.main(["--data", str(args.data), "--model", str(args.model)])
    return 0


def run_checkworthy(args: argparse.Namespace) -> int:
    if not args.data.is_dir():
        raise ConfigError(f"--data {str(args.data)!r} is not a folder; expected ../shared/data/checkworthy")
    if importlib.util.find_spec("sklearn") is None:
        raise ConfigError("training the check-worthiness model needs scikit-learn: run `pip install -e .[train]`")
    from unspin.train import checkworthy  # imported lazily: scikit-learn is optional

    argv = ["--data", str(args.data), "--out", str(args.out)]
    if args.embedding is not None:
        argv += ["--embedding", str(args.embedding)]
    return checkworthy.main(argv)
