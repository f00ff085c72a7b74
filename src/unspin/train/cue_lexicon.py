"""Learn the attribution cue list from PolNeAR train: which word, with which complement, is a cue.

For every verb, noun and adjective of the train texts (spaCy parse) and every
complement it has (:func:`unspin.attribution.patterns.complements`: ``ccomp``,
``xcomp``, ``dobj``, ``prep:X``, ``parataxis``), count how often it occurs and how
often it is a gold cue whose gold content overlaps that complement.  A
``(lemma, pos, pattern)`` becomes a cue when it was one at least ``--min-count``
times and in at least ``--min-precision`` of its occurrences.  Only lemmas and
counts are written, never corpus text.

    PYTHONPATH=src .venv/bin/python -m unspin.train.cue_lexicon --data ../shared/data/polnear \\
        --out src/unspin/resources/attribution_cues.txt
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from spacy.tokens import Doc

from unspin.attribution.patterns import complements, pos_key
from unspin.config import Config

#: Chosen on two halves of train (learn on one half, score the rules on the other, both ways).
MIN_COUNT = 4
MIN_PRECISION = 0.25

Fragments = list[tuple[int, int]]
Event = tuple[Fragments, Fragments]  # (cue, content)
Key = tuple[str, str, str]

_SUFFIX = re.compile(r"^(?P<name>.+)_[0-9a-f]{4}$")


def read_events(text: str) -> list[Event]:
    """``(cue, content)`` fragments of each ``E`` line of a BRAT file (E lines may precede their T lines)."""
    spans: dict[str, Fragments] = {}
    events: list[list[str]] = []
    for line in text.splitlines():
        fields = line.split("\t")
        if re.match(r"T\d+$", fields[0]) and len(fields) > 1 and " " in fields[1]:
            offsets = fields[1].split(" ", 1)[1]
            spans[fields[0]] = [(int(a), int(b)) for a, b in (p.split() for p in offsets.split(";"))]
        elif line.startswith("E") and len(fields) > 1:
            events.append(fields[1].split()[1:])
    out: list[Event] = []
    for refs in events:
        roles = dict(ref.split(":", 1) for ref in refs if ":" in ref)
        cue = spans.get(roles.get("Cue", ""), [])
        if cue:
            out.append((cue, spans.get(roles.get("Content", ""), [])))
    return out


def count(sdoc: Doc, events: Sequence[Event], total: Counter[Key], hits: Counter[Key]) -> None:
    """Add one parsed text's occurrences and gold-cue hits of every (lemma, pos, pattern)."""
    contents_of: dict[int, list[Fragments]] = {}
    for cue, content in events:
        for tok in sdoc:
            if any(s <= tok.idx < e for s, e in cue):
                contents_of.setdefault(tok.i, []).append(content)
    for tok in sdoc:
        pos = pos_key(tok)
        if pos is None:
            continue
        lemma = tok.lemma_.lower()
        seen: set[str] = set()
        for pattern, head in complements(tok):
            if pattern in seen:
                continue
            seen.add(pattern)
            total[lemma, pos, pattern] += 1
            start, end = head.left_edge.idx, head.right_edge.idx + len(head.right_edge.text)
            contents = contents_of.get(tok.i, [])
            if any(s < end and start < e for content in contents for s, e in content):
                hits[lemma, pos, pattern] += 1


def select(total: Counter[Key], hits: Counter[Key], min_count: int, min_precision: float) -> list[Key]:
    keys = [k for k, h in hits.items() if h >= min_count and h / total[k] >= min_precision]
    return sorted(keys, key=lambda k: (-hits[k], k))


def gold_files(split: Path) -> dict[str, Path]:
    """Text name -> its first annotator's ``.ann`` (PolNeAR names them ``NAME_ANNOTATOR.ann``)."""
    by_text: dict[str, Path] = {}
    for ann in sorted((split / "attributions").glob("*.ann")):
        match = _SUFFIX.match(ann.stem)
        by_text.setdefault(match.group("name") if match else ann.stem, ann)
    return by_text


def mine(split: Path, model: str, names: Iterable[str] | None = None) -> tuple[Counter[Key], Counter[Key]]:
    from unspin.nlp import parse

    total: Counter[Key] = Counter()
    hits: Counter[Key] = Counter()
    golds = gold_files(split)
    for name in sorted(names if names is not None else golds):
        raw = (split / "text" / f"{name}.txt").read_text(encoding="utf-8")
        count(parse(raw, model), read_events(golds[name].read_text(encoding="utf-8")), total, hits)
    return total, hits


def write_table(path: Path, keys: Sequence[Key], total: Counter[Key], hits: Counter[Key], header: str) -> None:
    lines = [f"# {line}".rstrip() for line in header.splitlines()]
    lines += [f"{k[0]} {k[1]} {k[2]} {hits[k]} {total[k]}" for k in keys]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True, help="PolNeAR folder (with train/text, train/attributions)")
    parser.add_argument("--out", type=Path, required=True, help="cue list to write")
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    parser.add_argument("--min-precision", type=float, default=MIN_PRECISION)
    args = parser.parse_args(argv)
    total, hits = mine(args.data / "train", Config().spacy_model)
    keys = select(total, hits, args.min_count, args.min_precision)
    header = (
        "Attribution cues learnt from PolNeAR v1.0.0 TRAIN (840 texts, first annotator of each; lemmas and counts\n"
        "only) by unspin.train.cue_lexicon: lemma, part of speech, the complement holding the content, the\n"
        "times it was a gold cue with its content in that complement, the times it occurred.  Kept: at least\n"
        f"{args.min_count} gold cues and a cue in at least {args.min_precision:.0%} of occurrences (chosen on two"
        " halves of train).\n"
        "Patterns: ccomp (clause), xcomp (to-infinitive), dobj (object), prep:X (object of X), parataxis."
    )
    write_table(args.out, keys, total, hits, header)
    print(f"{len(keys)} cue patterns written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
