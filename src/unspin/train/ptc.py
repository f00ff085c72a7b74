"""Read the Propaganda Techniques Corpus (SemEval-2020 Task 11) from ../shared/data/ptc.

Pure Python; no torch.  The corpus is research data without an open licence: it is read in
place and never copied into the repository.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from unspin.errors import InputError


@dataclass
class Article:
    article_id: str
    text: str
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # (technique, start, end)
    ignore: list[tuple[int, int]] = field(default_factory=list)  # regions the span loss skips (extra data only)


def article_id(path: Path) -> str:
    """``article123.txt`` -> ``123``; any other name -> its stem."""
    match = re.fullmatch(r"article(\d+)", path.stem)
    return match.group(1) if match else path.stem


def load_split(data_dir: Path, split: str) -> list[Article]:
    """Articles of ``split`` ("train" or "dev") with their technique spans, sorted by id."""
    articles_dir = data_dir / f"{split}-articles"
    labels_file = data_dir / f"{split}-task-flc-tc.labels"
    if not articles_dir.is_dir() or not labels_file.is_file():
        raise InputError(
            f"no PTC {split} split under {str(data_dir)!r}: expected {articles_dir.name}/ and {labels_file.name}"
        )
    spans: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for line in labels_file.read_text(encoding="utf-8").splitlines():
        if line.strip():
            aid, tech, start, end = line.split("\t")
            spans[aid].append((tech, int(start), int(end)))
    articles = []
    for path in sorted(articles_dir.glob("*.txt")):
        aid = article_id(path)
        text = path.read_text(encoding="utf-8")
        articles.append(Article(aid, text, sorted(spans.get(aid, []), key=lambda s: (s[1], s[2]))))
    return articles
