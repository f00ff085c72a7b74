"""``unspin labelstudio config|import``: the Label Studio side of the annotation round trip.

``unspin analyze FILES --format labelstudio -o tasks.json`` writes the tasks; ``config`` prints
the labelling config of the project to import them into; ``import`` turns the project's JSON
export back into PTC technique labels and PolNeAR-style BRAT files.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "labelstudio",
        help="Label Studio round trip: the labelling config, and importing corrected annotations",
        description="Correct unspin's predictions in Label Studio and train on them. 1) unspin analyze FILES "
        "--format labelstudio -o tasks.json; 2) create a project with the config of `unspin labelstudio config` "
        "and import tasks.json; 3) annotate, export the project as JSON; 4) unspin labelstudio import "
        "EXPORT.json -o DIR; 5) unspin train techniques --data DIR, unspin eval techniques|attribution --gold ...",
    )
    sub = p.add_subparsers(dest="labelstudio_command", metavar="SUBCOMMAND", required=True)
    config = sub.add_parser(
        "config",
        help="print the labelling config (XML) matching `analyze --format labelstudio` tasks",
        description="Print the Label Studio labelling config: the 14 PTC technique labels with the report's "
        "colours, Source/Cue/Content attribution labels and relations that tie an attribution together.",
    )
    config.set_defaults(func=_config)
    imp = sub.add_parser(
        "import",
        help="turn a Label Studio JSON export into PTC technique labels and PolNeAR-style BRAT files",
        description="Write, for each task with an annotation (a ground-truth one, else the latest): "
        "DIR/SPLIT-articles/article<ID>.txt, DIR/SPLIT-task-flc-tc.labels (article_id, technique, start, end), "
        "DIR/SPLIT/text/<ID>.txt and DIR/SPLIT/attributions/<ID>.ann (BRAT). Offsets index the task text exactly.",
    )
    imp.add_argument(
        "export", type=Path, metavar="EXPORT.json", help="the project's export in Label Studio's JSON format"
    )
    imp.add_argument("-o", "--output", type=Path, required=True, metavar="DIR", help="folder to write into")
    imp.add_argument(
        "--split", choices=("train", "dev"), default="train", help="which split the files are named for (default train)"
    )
    imp.set_defaults(func=_import)


def _config(args: argparse.Namespace) -> int:
    from unspin.render.labelstudio import labelling_config

    sys.stdout.write(labelling_config())
    return 0


def _import(args: argparse.Namespace) -> int:
    from unspin.annotation.labelstudio import import_export
    from unspin.errors import ConfigError

    if args.output.exists() and not args.output.is_dir():
        raise ConfigError(f"-o {args.output} is a file; give a folder to write the labels and texts into")
    summary = import_export(args.export, args.output, args.split)
    for warning in summary.warnings:
        print(f"unspin: warning: {warning}", file=sys.stderr)
    print(
        f"{summary.texts} of {summary.tasks} tasks annotated: {summary.technique_labels} technique labels, "
        f"{summary.attributions} attributions written to {args.output} ({args.split} split)"
    )
    return 0
