"""``unspin analyze PATH|URL|- ...``: analyse articles and print or write one rendering each.

Output goes to stdout unless ``-o`` is given.  With several inputs ``-o`` names a
directory that receives one file per input (``NAME.json``, ``NAME.html``, ...);
per-corpus formats (``semeval``) are written as one combined file instead, and
``brat`` always writes ``NAME.ann`` files into the ``-o`` directory.  Several JSON
documents on stdout are JSON Lines: one compact document a line.

Every usage error (an unknown format or stage, a missing input file, an ``-o`` whose
folder does not exist) is found before any article is analysed and exits 2.  A
failing input among several is reported on one line and the others still run; the
exit code is that of the first failure.  Several inputs show progress on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from unspin.api import analyze
from unspin.cli.main import EXIT_CODES
from unspin.cli.progress import ArticleProgress
from unspin.config import Config
from unspin.document import Document
from unspin.errors import ConfigError, InputError, PipelineError, UnspinError
from unspin.pipeline import Pipeline
from unspin.readers import KINDS, STDIN
from unspin.readers.url import is_url

#: Formats whose outputs for several inputs make one file (rows for every article).
COMBINED_FORMATS = ("semeval", "labelstudio")
#: Formats that always write one file per input into a directory.
DIRECTORY_FORMATS = ("brat",)


@dataclass(frozen=True)
class Output:
    """Where the renderings go: stdout, one file, or a directory of one file per input."""

    render: Callable[[Document], str]
    extension: str
    path: Path | None
    per_input_files: bool
    needs: tuple[str, ...] | None = None  # the layers the format reads (None: all)


def add_parser(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "analyze",
        help="analyse articles (files, URLs or - for stdin) and render the result",
        description="Clean each article and find who says what, check-worthy claims and persuasion techniques. "
        "Several inputs to stdout in JSON are JSON Lines (one compact document a line); with -o DIR each input "
        "gets its own file. Progress goes to stderr: a bar on a terminal, else a line every 10 s.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="PATH|URL|-", help="text or HTML file, http(s) URL, or - for stdin")
    p.add_argument("--format", "-f", default="json", help="json (default), html, md, semeval, brat, labelstudio")
    p.add_argument("-o", "--output", metavar="OUT", help="output file; a directory with several inputs or brat")
    p.add_argument("--until", metavar="STAGE", help="stop after this pipeline stage (e.g. clean, segment)")
    p.add_argument("--kind", choices=KINDS, help="read every input as text, html or url instead of guessing")
    p.add_argument("--max-input-bytes", type=int, help="refuse inputs larger than this")
    p.add_argument("--fetch-timeout", type=float, dest="fetch_timeout_s", help="seconds to wait for a URL")
    p.add_argument(
        "--technique-model",
        metavar="DIR",
        help="technique model folder instead of the shipped one (e.g. the optional accurate model that "
        "scripts/build_accurate_model.sh builds)",
    )
    p.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="IP_OR_NET",
        help="non-public address or network a URL may reach (repeatable); loopback, private and link-local are "
        "refused otherwise",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    config = Config.from_options(
        max_input_bytes=args.max_input_bytes,
        fetch_timeout_s=args.fetch_timeout_s,
        technique_model_dir=args.technique_model,
    )
    _check_until(config, args.until)
    output = _plan_output(args.format, args.output, len(args.inputs))
    if args.inputs.count("-") > 1:
        raise ConfigError("stdin ('-') can be read only once; give it at most one time")
    sources = [_as_source(source) for source in args.inputs]  # every missing file named before any work
    if len(sources) > 1 and output.path is None and args.format == "json":
        output = replace(output, render=render_json_line)  # several documents on stdout: JSON Lines
    combined: list[str] = []
    names: set[str] = set()
    first_error = 0
    with ArticleProgress(len(sources), "unspin analyze") if len(sources) > 1 else nullcontext() as progress:
        for name, source in zip(args.inputs, sources, strict=True):
            try:
                # a URL on the command line is the explicit request to fetch it (str is text to the API)
                kind = "url" if isinstance(source, str) else args.kind
                doc = analyze(
                    source, kind=kind, config=config, until=args.until, allow_hosts=args.allow_host, needs=output.needs
                )
                warn_out_of_scope(doc, name)
                rendered = output.render(doc)
            except UnspinError as exc:
                if len(args.inputs) == 1:
                    raise
                print(f"unspin: error: {name}: {exc}", file=sys.stderr)
                first_error = first_error or exc.exit_code
                if progress is not None:
                    progress.advance(failed=True)
                continue
            if output.per_input_files:
                assert output.path is not None
                target = output.path / f"{_unique_name(_output_stem(name), names)}.{output.extension}"
                target.write_text(rendered, encoding="utf-8")
            else:
                combined.append(rendered)
            if progress is not None:
                progress.advance()
    _emit(_joined(args.format, combined), output.path)
    return first_error


def render_json_line(doc: Document) -> str:
    """``doc`` as one line of JSON Lines: compact, no newline inside, same content as ``--format json``."""
    from unspin.render import document_to_json

    return json.dumps(document_to_json(doc), ensure_ascii=False, separators=(",", ":")) + "\n"


def warn_out_of_scope(doc: Document, name: str) -> None:
    """Say on stderr when the article's language put the English-only layers out of scope."""
    note = doc.metadata.get("out_of_scope")
    if note:
        print(f"unspin: warning: {name}: {note}", file=sys.stderr)


def _check_until(config: Config, until: str | None) -> None:
    """An unknown ``--until`` is a usage error (exit 2), found before any input is read."""
    if until is None:
        return
    try:
        Pipeline.default(config, until=until)
    except PipelineError as exc:
        raise ConfigError(f"--until {until}: {exc}") from None


def _plan_output(fmt: str, out: str | None, n_inputs: int) -> Output:
    from unspin.render import renderer_info  # imported here: rendering loads templates and exporters

    info = renderer_info(fmt)
    path = Path(out) if out else None
    per_input = path is not None and fmt not in COMBINED_FORMATS
    per_input = per_input and (n_inputs > 1 or fmt in DIRECTORY_FORMATS or (path is not None and path.is_dir()))
    if fmt in DIRECTORY_FORMATS and path is None and n_inputs > 1:
        raise ConfigError(f"format {fmt!r} with several inputs needs -o DIR (one file per input)")
    if per_input:
        assert path is not None
        if path.exists() and not path.is_dir():
            raise ConfigError(f"-o {path} is a file; with several inputs (or {fmt!r}) it must be a directory")
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"-o {path}: cannot create this directory ({exc.strerror or exc})") from None
    elif path is not None:
        folder = path.parent
        if not folder.is_dir():
            raise ConfigError(f"-o {path}: the folder {folder} does not exist (create it, or give another path)")
        if not os.access(folder, os.W_OK):
            raise ConfigError(f"-o {path}: the folder {folder} is not writable")
    return Output(info.fn, info.extension.lstrip("."), path, per_input, info.needs)


def _as_source(value: str) -> str | Path | object:
    """Command-line inputs are files, URLs (a ``str``) or stdin (:data:`STDIN`), never inline text."""
    if value == "-":
        return STDIN
    if is_url(value):
        return value
    path = Path(value)
    if path.is_dir():
        raise InputError(
            f"{value} is a directory: give its files (e.g. {value}/*.txt), or use `unspin batch` for a corpus"
        )
    if not path.is_file():
        raise InputError(f"no such file: {value} (give a file path, an http(s) URL, or - for stdin)")
    return path


def _joined(fmt: str, renderings: list[str]) -> list[str]:
    """Several renderings as one, for formats whose files cannot simply be concatenated (a JSON list)."""
    from unspin.render import renderer_info

    combine = renderer_info(fmt).combine
    return [combine(renderings)] if combine is not None and renderings else renderings


def _emit(renderings: list[str], path: Path | None) -> None:
    if not renderings:
        return
    text = "".join(r if not r or r.endswith("\n") else r + "\n" for r in renderings)
    if path is None:
        sys.stdout.write(text)
    else:
        path.write_text(text, encoding="utf-8")


def _output_stem(source: str) -> str:
    if source == "-":
        return "stdin"
    if is_url(source):
        parsed = urlparse(source)
        last = Path(parsed.path).stem or parsed.netloc
        return re.sub(r"[^\w.-]+", "_", last) or "page"
    return Path(source).stem


def _unique_name(stem: str, taken: set[str]) -> str:
    """``stem``, or ``stem-2``, ``stem-3`` ... when two inputs share a name."""
    name, n = stem, 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}"
    taken.add(name)
    return name
