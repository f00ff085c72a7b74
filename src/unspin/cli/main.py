"""Entry point of the ``unspin`` command.

Each subcommand lives in its own module exposing ``add_parser(subparsers)``; the
parser it adds sets ``func`` to a callable ``(args) -> int``.  Every
:class:`~unspin.errors.UnspinError` becomes one line on stderr and its exit code,
never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from unspin import __version__
from unspin.errors import UnspinError

#: Exit codes, shown by ``--help`` and listed in the README (each comes from one class of unspin.errors).
EXIT_CODES = """exit codes:
  0    success
  1    an unexpected error, or a file that could not be written
  2    usage error or unusable input: an unknown option, format or --until stage, a missing
       file, an -o folder that does not exist, an empty, binary or too-large input
  3    a URL could not be fetched
  4    a pipeline of stages that cannot run (--stages in the wrong order)
  5    a shipped model is missing or failed to load
  6    the corpus store could not be opened or written
  130  interrupted (Ctrl-C)
With several inputs a failing one is reported on stderr, the others still run, and the exit
code is that of the first failure. Every error is one line on stderr, never a traceback."""

#: Subcommand modules under ``unspin.cli``; a missing optional extra names itself when used.
COMMAND_MODULES = ("analyze", "eval", "train", "checkworthy", "batch", "corpus", "labelstudio", "serve")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="unspin",
        description="Show the spin in news articles.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"unspin {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"unspin.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("unspin.cli"):
                continue  # subcommand not built yet
            raise
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        code: int = args.func(args)
        return code
    except UnspinError as exc:
        print(f"unspin: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:  # a file that cannot be written (disk full, permissions): the user's to fix
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"unspin: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("unspin: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into a program that stopped reading (``| head``): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
