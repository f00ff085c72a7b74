"""Read CLEF CheckThat! debate files: ``line<TAB>speaker<TAB>text[<TAB>label]``, one sentence a line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from unspin.errors import InputError

#: Debates of the two editions share a date prefix when they are the same event.
_DATE_PREFIX = re.compile(r"^(\d{8})_")


@dataclass(frozen=True, slots=True)
class DebateLine:
    """One sentence of a debate, with its gold label when the file has one."""

    line: int
    speaker: str
    text: str
    label: int | None = None


def parse_debate(content: str, name: str = "<input>") -> list[DebateLine]:
    """Parse the text of one debate file; :class:`InputError` names the bad line."""
    lines: list[DebateLine] = []
    for number, row in enumerate(content.splitlines(), start=1):
        if not row.strip():
            continue
        cols = row.rstrip("\r").split("\t")
        if len(cols) not in (3, 4):
            raise InputError(
                f"{name}:{number}: expected 3 or 4 tab-separated columns (line, speaker, text[, label]), "
                f"got {len(cols)}"
            )
        try:
            line = int(cols[0])
            label = int(cols[3]) if len(cols) == 4 and cols[3].strip() else None
        except ValueError:
            raise InputError(f"{name}:{number}: line number and label must be integers, got {cols[0]!r}") from None
        if label not in (None, 0, 1):
            raise InputError(f"{name}:{number}: label must be 0 or 1, got {label}")
        lines.append(DebateLine(line, cols[1], cols[2], label))
    if not lines:
        raise InputError(f"{name}: no debate lines found (expected line<TAB>speaker<TAB>text[<TAB>label])")
    return lines


def read_debate(path: Path) -> list[DebateLine]:
    """Read one debate file."""
    try:
        content = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"debate file not found: {path}") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"debate file {path} is not UTF-8: {exc}") from None
    return parse_debate(content, str(path))


def debate_files(root: Path) -> dict[str, Path]:
    """Training debates under ``root`` keyed by file stem, one per event.

    ``root`` is the ``checkworthy`` data folder (with ``clef2019/training`` and
    ``clef2020/training``) or any folder of ``.tsv`` files.  The 2020 edition
    repeats the 2019 debates under other names, so debates are de-duplicated by
    their date prefix; the 2019 copy wins (its labels are the denser, task-1 ones).
    """
    folders = [root / "clef2019" / "training", root / "clef2020" / "training"]
    folders = [f for f in folders if f.is_dir()] or [root]
    chosen: dict[str, Path] = {}
    seen_dates: set[str] = set()
    for folder in folders:
        for path in sorted(folder.glob("*.tsv")):
            match = _DATE_PREFIX.match(path.name)
            key = match.group(1) if match else path.stem
            if key in seen_dates:
                continue
            seen_dates.add(key)
            chosen[path.stem] = path
    if not chosen:
        raise InputError(f"no CheckThat! .tsv debates under {root}; expected clef2019/training or clef2020/training")
    return chosen
