"""Small hand-written word lists (outlets, organisations, places, titles) shipped with unspin.

Each list is a text file: one entry per line, ``#`` starts a comment line, ``|``
separates aliases of one name (the first is canonical).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

LIST_NAMES = ("outlets", "organisations", "places", "titles", "attribution_cues", "events")


def _lines(name: str) -> list[str]:
    if name not in LIST_NAMES:
        raise ValueError(f"unknown word list {name!r}; known lists: {', '.join(LIST_NAMES)}")
    text = files(__name__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@cache
def alias_groups(name: str) -> tuple[tuple[str, ...], ...]:
    """Groups of aliases, canonical name first: ``(("Islamic State", "Daesh", ...), ...)``."""
    return tuple(tuple(part.strip() for part in line.split("|") if part.strip()) for line in _lines(name))


@cache
def word_list(name: str) -> tuple[str, ...]:
    """Every entry (and alias) of a list, in file order."""
    return tuple(alias for group in alias_groups(name) for alias in group)
