"""A synthetic corpus in our own words: outlets, months, techniques, quotes and one travelling claim."""

from __future__ import annotations

import json
from pathlib import Path

OUTLETS = ("Daily Lantern", "Borduria Herald", "The Morning Post")
TRAVELLING = "The dam on the Rell river will flood 40 villages by March."

PARAGRAPHS = (
    "Alice Marsh said that the new budget adds 12 schools in the north.",
    "Critics called the plan a disaster for farmers.",
    "Bob Tran denied that the Water Ministry had closed 3 wells.",
    "The so-called experts never visited Borduria.",
    "Never in history has our great nation faced such traitors.",
    "Yesterday the Water Ministry confirmed that tests of the river are clean.",
    "Rain is expected over the weekend in the capital.",
)


def article(i: int) -> dict[str, str]:
    """Article ``i``: unique text, an outlet and a month; every fifth one carries the travelling claim."""
    outlet = OUTLETS[i % len(OUTLETS)]
    body = [f"Report number {i} from {outlet}."]
    body += [PARAGRAPHS[(i + k) % len(PARAGRAPHS)] for k in range(3)]
    if i % 5 == 0:
        variant = TRAVELLING if i % 10 == 0 else TRAVELLING.replace("The dam", "Officials warn the dam")
        body.append(variant)
    month = 1 + (i % 4)
    return {
        "id": f"art-{i}",
        "text": "\n\n".join(body),
        "outlet": outlet,
        "published": f"2024-{month:02d}-{1 + i % 27:02d}T09:00:00+00:00",
        "url": f"https://example.org/{i}",
    }


def write_jsonl(path: Path, n: int, extra: tuple[str, ...] = ()) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(article(i)) + "\n")
        for line in extra:
            fh.write(line + "\n")
    return path
