"""``unspin eval TASK``: score predictions (or run a model) against gold data.

Each task lives in ``unspin.evaluate.<task>`` and exposes ``add_eval_parser(sub)``, which adds
its sub-subcommand and sets ``func``.  Adding a task is one line in :data:`EVAL_MODULES`.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any

EVAL_MODULES = (
    "unspin.evaluate.techniques",
    "unspin.evaluate.attribution",
    "unspin.evaluate.checkworthy",
    "unspin.evaluate.voices",
)


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser("eval", help="score a model or predictions against gold data")
    tasks = parser.add_subparsers(dest="eval_task", metavar="TASK")
    for name in EVAL_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # task not written yet
            raise
        module.add_eval_parser(tasks)
    parser.set_defaults(func=_missing_task(parser))


def _missing_task(parser: argparse.ArgumentParser) -> Any:
    def run(args: argparse.Namespace) -> int:
        parser.print_help()
        return 2

    return run
