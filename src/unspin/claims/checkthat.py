"""Read CLEF CheckThat! debate files: ``line<TAB>speaker<TAB>text[<TAB>label]``, one sentence a line."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from unspin.errors import ConfigError, InputError

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


#: Sentences of fewer words are too generic ("Thank you.") to tell two debates apart.
_EVENT_MIN_WORDS = 6
#: Two files are one event when this share of the smaller one's sentences is in the other:
#: copies of one debate under another name share 50-100 %, separate Trump rallies share at
#: most 3 % (stock lines repeated from speech to speech).
_EVENT_OVERLAP = 0.3
_NON_WORD = re.compile(r"\W+")


def _sentence_keys(texts: Sequence[str]) -> set[str]:
    keys = {_NON_WORD.sub(" ", t.lower()).strip() for t in texts}
    return {k for k in keys if len(k.split()) >= _EVENT_MIN_WORDS}


def event_groups(debates: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """The event each debate belongs to, keyed by debate name; the event is named by its first debate.

    The CheckThat! editions repeat debates under other names and sometimes other dates
    (2019 ``20160209_msnbc_dem`` is 2020 ``20160204_democrats_new_hampshire``), so two
    debates are one event when they share a date prefix or enough of their sentences
    (:data:`_EVENT_OVERLAP`).  Debates are taken in the order given; the first of an event
    names it, so a caller listing the 2019 edition first keeps the 2019 copy.
    """
    keys = {name: _sentence_keys(texts) for name, texts in debates.items()}
    dates = {name: m.group(1) for name in debates if (m := _DATE_PREFIX.match(name))}
    group: dict[str, str] = {}
    for name in debates:
        for earlier in list(group):
            if group[earlier] != earlier:
                continue
            smaller = min(len(keys[name]), len(keys[earlier]))
            shared = len(keys[name] & keys[earlier])
            same_date = name in dates and dates.get(earlier) == dates[name]
            if same_date or (smaller and shared / smaller >= _EVENT_OVERLAP):
                group[name] = earlier
                break
        else:
            group[name] = name
    return group


def grouped_folds(groups: Sequence[str], folds: int) -> list[tuple[list[int], list[int]]]:
    """``(train, test)`` index lists of ``folds`` folds; items of one group always share a fold.

    Groups are dealt to folds in sorted order, round robin, so the split is deterministic
    and no group is ever in the training and the test part of one fold at once.
    """
    names = sorted(set(groups))
    if folds < 2 or folds > len(names):
        raise ConfigError(f"folds must be between 2 and the number of groups ({len(names)}), got {folds}")
    fold_of = {name: i % folds for i, name in enumerate(names)}
    out = []
    for fold in range(folds):
        test = [i for i, g in enumerate(groups) if fold_of[g] == fold]
        train = [i for i, g in enumerate(groups) if fold_of[g] != fold]
        out.append((train, test))
    return out


def debate_files(root: Path) -> dict[str, Path]:
    """Training debates under ``root`` keyed by file stem, one per event.

    ``root`` is the ``checkworthy`` data folder (with ``clef2019/training`` and
    ``clef2020/training``) or any folder of ``.tsv`` files.  The 2020 edition
    repeats the 2019 debates under other names and dates, so debates are grouped by
    event (:func:`event_groups`) and the 2019 copy wins (its labels are the denser,
    task-1 ones).
    """
    folders = [root / "clef2019" / "training", root / "clef2020" / "training"]
    folders = [f for f in folders if f.is_dir()] or [root]
    paths: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(folder.glob("*.tsv")):
            paths.setdefault(path.stem, path)  # the same name in both editions: the 2019 copy
    if not paths:
        raise InputError(f"no CheckThat! .tsv debates under {root}; expected clef2019/training or clef2020/training")
    groups = event_groups({name: [d.text for d in read_debate(path)] for name, path in paths.items()})
    return {name: path for name, path in paths.items() if groups[name] == name}
