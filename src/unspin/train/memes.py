"""Read the SemEval-2021 Task 6 meme texts (``../shared/data/memes``) as extra PTC-style training data.

The memes' 20 techniques are the 14 of PTC, some split finer ("Whataboutism", "Straw Man" and
"Red Herring" are one PTC label), plus three PTC does not have ("Smears", "Glittering
generalities", "Obfuscation"). Spans of those three are kept as *ignored* regions: the span
loss neither learns them as propaganda nor as plain text.  The memes are short (about 100
characters), so several are packed into one pseudo-article of at most ``pack_chars``
characters, separated by a blank line, which keeps the padding of a batch small.  Pure Python;
the memes are research data, read in place and never copied into the repository.
"""

from __future__ import annotations

import json
from pathlib import Path

from unspin.errors import InputError
from unspin.train.ptc import Article

#: Meme technique -> PTC label; ``None``: no PTC counterpart (its spans are ignored in training).
TO_PTC: dict[str, str | None] = {
    "Appeal to authority": "Appeal_to_Authority",
    "Appeal to fear/prejudice": "Appeal_to_fear-prejudice",
    "Bandwagon": "Bandwagon,Reductio_ad_hitlerum",
    "Reductio ad hitlerum": "Bandwagon,Reductio_ad_hitlerum",
    "Black-and-white Fallacy/Dictatorship": "Black-and-White_Fallacy",
    "Causal Oversimplification": "Causal_Oversimplification",
    "Doubt": "Doubt",
    "Exaggeration/Minimisation": "Exaggeration,Minimisation",
    "Flag-waving": "Flag-Waving",
    "Loaded Language": "Loaded_Language",
    "Name calling/Labeling": "Name_Calling,Labeling",
    "Repetition": "Repetition",
    "Slogans": "Slogans",
    "Thought-terminating cliché": "Thought-terminating_Cliches",
    "Whataboutism": "Whataboutism,Straw_Men,Red_Herring",
    "Misrepresentation of Someone's Position (Straw Man)": "Whataboutism,Straw_Men,Red_Herring",
    "Presenting Irrelevant Data (Red Herring)": "Whataboutism,Straw_Men,Red_Herring",
    "Glittering generalities (Virtue)": None,
    "Obfuscation, Intentional vagueness, Confusion": None,
    "Smears": None,
}
SEPARATOR = "\n\n"


def load_memes(path: Path, pack_chars: int = 900) -> list[Article]:
    """The memes of a ``*_task2.txt`` file packed into pseudo-articles, spans mapped to PTC labels."""
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read memes from {str(path)!r}: {exc}") from None
    articles: list[Article] = []
    current = Article(f"memes-{len(articles)}", "")
    for record in records:
        text = str(record["text"])
        if current.text and len(current.text) + len(SEPARATOR) + len(text) > pack_chars:
            articles.append(current)
            current = Article(f"memes-{len(articles)}", "")
        offset = len(current.text) + (len(SEPARATOR) if current.text else 0)
        current.text += (SEPARATOR if current.text else "") + text
        for label in record["labels"]:
            name = str(label["technique"])
            if name not in TO_PTC:
                raise InputError(f"unknown meme technique {name!r} in {str(path)!r}")
            technique = TO_PTC[name]
            start, end = offset + int(label["start"]), offset + int(label["end"])
            if technique is None:
                current.ignore.append((start, end))
            else:
                current.spans.append((technique, start, end))
    if current.text:
        articles.append(current)
    for article in articles:
        article.spans.sort(key=lambda s: (s[1], s[2]))
    return articles
