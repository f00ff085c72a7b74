"""Score voice resolution: is the name a reader sees for a source the person or organisation who speaks?

The gold file (JSON Lines, one attribution source a line, written by the team on PolNeAR dev;
guideline in ``docs/voices-gold-guideline.md``) holds the text's name, the gold source's
character offsets into the raw text and the resolved ``speaker`` (``null`` for
"unresolvable"), never the article text::

    {"text": "NAME", "source": [[START, END]], "speaker": "Hillary Clinton", "also": ["..."]}

The pipeline runs up to ``attribution`` on each text; each gold source is matched to the
predicted attribution whose source overlaps it most.  Reported:

* **coverage**: share of gold sources that some predicted source overlaps;
* **shown as resolved**: share of covered sources whose attribution carries a ``resolved``
  name, and **resolved accuracy**: share of those whose name matches the gold speaker (a
  resolved name for an unresolvable source is wrong);
* **shown as unresolved**: share of covered sources with no ``resolved`` name (the reader
  sees the source's own words, marked unresolved).

Names match (:func:`names_match`) when, after dropping case, accents, dots, apostrophes, a
leading "the", a possessive and titles, they are equal, or one's words are a subset of the
other's and both end with the same word ("May" / "Theresa May", "Donald Trump" /
"Donald J. Trump", "Supreme Court" / "U.S. Supreme Court"), or the alias lists of
:mod:`unspin.resources` make them one organisation or place ("US" / "United States"), also
as the first words of a longer name ("U.N. Security Council" / "United Nations Security Council").
"Clinton campaign" is not "Hillary Clinton": the last words differ.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspin.errors import InputError

Fragments = tuple[tuple[int, int], ...]
_POSSESSIVE = re.compile(r"['’]s?$")
_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})
_PERSONAL = frozenset(
    {"i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "it", "its", "they", "them"}
    | {"their"}
)


@dataclass(frozen=True, slots=True)
class GoldVoice:
    text: str
    source: Fragments
    speaker: str | None  # None: unresolvable
    also: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PredictedSource:
    """One predicted attribution's source, in raw offsets, with the name it resolved to (or None)."""

    fragments: Fragments
    resolved: str | None
    words: str
    shown: str = ""  # the voice a reader sees: the resolved name, else the words standing for the source


@dataclass
class VoiceScore:
    gold: int = 0
    covered: int = 0
    resolved: int = 0
    resolved_right: int = 0
    resolved_wrong_unresolvable: int = 0  # a name given to a source the gold calls unresolvable
    errors: list[dict[str, Any]] = field(default_factory=list)  # resolved to a wrong name
    missed: list[dict[str, Any]] = field(default_factory=list)  # shown unresolved, though the gold names someone

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "covered": self.covered,
            "coverage": _ratio(self.covered, self.gold),
            "shown_resolved": self.resolved,
            "shown_resolved_share": _ratio(self.resolved, self.covered),
            "shown_unresolved_share": _ratio(self.covered - self.resolved, self.covered),
            "resolved_right": self.resolved_right,
            "resolved_accuracy": _ratio(self.resolved_right, self.resolved),
            "resolved_for_unresolvable": self.resolved_wrong_unresolvable,
        }


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


# -- names ---------------------------------------------------------------------------------------
def name_words(name: str) -> tuple[str, ...]:
    """Comparable words of a name: no accents, case, dots, apostrophes, leading "the", possessive, titles."""
    from unspin.coref import title_words

    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").casefold()
    for mark in (".", ",", "(", ")", '"', "“", "”"):
        folded = folded.replace(mark, " ")
    words = [_POSSESSIVE.sub("", w).replace("'", "").replace("’", "") for w in folded.split()]
    if words and words[0] == "the":
        words = words[1:]
    titles = title_words()
    kept = [w for w in words if w not in titles]
    return tuple(kept or words)


def names_match(predicted: str, gold: str, also: Sequence[str] = ()) -> bool:
    """Whether a resolved name is an accepted variant of the gold speaker (rule in the module docstring)."""
    return any(_one_match(predicted, candidate) for candidate in (gold, *also))


def _one_match(predicted: str, gold: str) -> bool:
    from unspin.coref import alias_keys, normalise

    p, g = name_words(predicted), name_words(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    if p[-1] == g[-1] and (set(p) <= set(g) or set(g) <= set(p)):
        return True
    aliases = alias_keys()
    key_p, key_g = _leading_alias(normalise(predicted)), _leading_alias(normalise(gold))
    return aliases.get(key_p, key_p) == aliases.get(key_g, key_g)


def _leading_alias(key: str) -> str:
    """A name key whose first words the alias lists spell another way, spelled their way:
    "un security council" -> "united nations security council"."""
    from unspin.coref import alias_keys

    aliases, words = alias_keys(), key.split()
    for k in (3, 2, 1):
        if len(words) > k and " ".join(words[:k]) in aliases:
            return " ".join([aliases[" ".join(words[:k])], *words[k:]])
    return key


# -- gold ----------------------------------------------------------------------------------------
def read_gold(path: Path) -> list[GoldVoice]:
    """The gold voices of a JSON Lines file (format in the module docstring)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read the voices gold file {path}: {exc.strerror}") from None
    out = []
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            fragments = tuple((int(s), int(e)) for s, e in record["source"])
            speaker = record["speaker"]
            text = str(record["text"])
            also = tuple(str(a) for a in record.get("also", ()))
        except (ValueError, KeyError, TypeError):
            raise InputError(
                f"{path}:{lineno}: expected a JSON object with 'text', 'source' [[START, END], ...] "
                "and 'speaker' (a name or null)"
            ) from None
        if speaker is not None and not isinstance(speaker, str):
            raise InputError(f"{path}:{lineno}: 'speaker' must be a name or null, not {speaker!r}")
        if not fragments or any(s >= e for s, e in fragments):
            raise InputError(f"{path}:{lineno}: 'source' needs START < END pairs, got {record['source']!r}")
        out.append(GoldVoice(text, fragments, speaker, also))
    if not out:
        raise InputError(f"{path} holds no gold voices")
    return out


# -- scoring ---------------------------------------------------------------------------------------
def _overlap(a: Fragments, b: Fragments) -> int:
    return sum(max(0, min(e, oe) - max(s, os)) for s, e in a for os, oe in b)


def score_voices(gold: Iterable[GoldVoice], predicted: Mapping[str, Sequence[PredictedSource]]) -> VoiceScore:
    """Match each gold source to the predicted source overlapping it most, and count (see module docstring)."""
    score = VoiceScore()
    for item in gold:
        score.gold += 1
        candidates = [(p, _overlap(item.source, p.fragments)) for p in predicted.get(item.text, ())]
        candidates = [(p, n) for p, n in candidates if n > 0]
        if not candidates:
            continue
        score.covered += 1
        best = max(candidates, key=lambda pn: pn[1])[0]
        if best.resolved is None:
            if item.speaker is not None:
                score.missed.append(_listing(item, best))
            continue
        score.resolved += 1
        right = item.speaker is not None and names_match(best.resolved, item.speaker, item.also)
        if right:
            score.resolved_right += 1
            continue
        if item.speaker is None:
            score.resolved_wrong_unresolvable += 1
        score.errors.append(_listing(item, best))
    return score


def _listing(item: GoldVoice, best: PredictedSource) -> dict[str, Any]:
    return {
        "text": item.text,
        "source": [list(f) for f in item.source],
        "gold": item.speaker,
        "resolved": best.resolved,
        "predicted_words": best.words,
    }


# -- running the pipeline ----------------------------------------------------------------------------
def predicted_sources(raw: str, name: str, config: Any = None) -> list[PredictedSource]:
    """Run the pipeline up to ``attribution`` on ``raw``; every attribution's source in raw offsets."""
    from unspin.claims.linking import source_name
    from unspin.config import Config
    from unspin.document import Document, Source
    from unspin.pipeline import Pipeline

    doc = Pipeline.default(config or Config(), until="attribution")(Document(raw, Source(kind="text", name=name)))
    out = []
    for span in doc.layer("attributions"):
        if span.label != "source":
            continue
        resolved = span.attrs.get("resolved")
        out.append(
            PredictedSource(
                (doc.raw_span(span),),
                resolved if isinstance(resolved, str) and resolved.strip() else None,
                doc.span_text(span).strip(),
                source_name(doc, span.attrs, [span]) or "",
            )
        )
    return out


def bare_pronoun_voices(predicted: Iterable[PredictedSource]) -> dict[str, int]:
    """How many sources a reader sees as a bare relative pronoun ("which"), or as a personal pronoun
    marked unresolved ("he", "they")."""
    shown = [p.shown.casefold() for p in predicted]
    return {
        "relative": sum(name in _RELATIVE for name in shown),
        "personal": sum(name in _PERSONAL for name in shown),
    }


def evaluate_voices(gold_path: Path, polnear: Path) -> dict[str, Any]:
    """Run the pipeline on every text the gold file names (``polnear/text/NAME.txt``) and score it."""
    gold = read_gold(gold_path)
    folder = polnear / "text" if (polnear / "text").is_dir() else polnear
    predicted: dict[str, list[PredictedSource]] = {}
    for name in sorted({g.text for g in gold}):
        path = folder / f"{name}.txt"
        try:
            raw = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read {path} (named by the gold file): {exc.strerror}") from None
        predicted[name] = predicted_sources(raw, name)
    score = score_voices(gold, predicted)
    everything = [p for items in predicted.values() for p in items]
    return {
        **score.as_dict(),
        "texts": len(predicted),
        "predicted_sources": len(everything),
        "bare_pronoun_voices": bare_pronoun_voices(everything),
        "errors": score.errors,
        "missed": score.missed,
    }


# -- command line ---------------------------------------------------------------------------------
def add_eval_parser(sub: Any) -> None:
    """Add ``voices`` to the subparsers of ``unspin eval``."""
    parser = sub.add_parser(
        "voices",
        help="score voice resolution against a gold file of resolved speakers (PolNeAR texts)",
        description=__doc__.split("\n\n")[0] if __doc__ else None,
    )
    parser.add_argument("--gold", required=True, type=Path, help="JSON Lines gold voices (text, source, speaker)")
    parser.add_argument("--polnear", required=True, type=Path, help="PolNeAR split folder holding text/NAME.txt")
    parser.add_argument(
        "--errors", action="store_true", help="also list every wrongly resolved source, and those left unresolved"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.set_defaults(func=run_eval)


def format_table(result: Mapping[str, Any], errors: bool = False) -> str:
    rows = [
        f"texts: {result['texts']}, gold sources: {result['gold']}",
        f"coverage (a predicted source overlaps): {result['coverage']:.3f} ({result['covered']})",
        f"shown as resolved: {result['shown_resolved_share']:.3f} ({result['shown_resolved']})",
        f"shown as unresolved: {result['shown_unresolved_share']:.3f}",
        f"resolved accuracy: {result['resolved_accuracy']:.3f}"
        f" ({result['resolved_right']} / {result['shown_resolved']})",
        f"named though unresolvable: {result['resolved_for_unresolvable']}",
        f"of all {result['predicted_sources']} predicted sources in these texts, shown as a bare relative pronoun:"
        f" {result['bare_pronoun_voices']['relative']}, as an unresolved personal pronoun:"
        f" {result['bare_pronoun_voices']['personal']}",
    ]
    if errors:
        for title, key in (("wrong", "errors"), ("unresolved, gold names someone", "missed")):
            rows.append(f"{title}:")
            rows += [
                f"  {e['text']} {e['source']}: {e['predicted_words']!r} -> {e['resolved']!r}, gold {e['gold']!r}"
                for e in result[key]
            ]
    return "\n".join(rows)


def run_eval(args: argparse.Namespace) -> int:
    result = evaluate_voices(args.gold, args.polnear)
    print(json.dumps(result, indent=2) if args.json else format_table(result, args.errors))
    return 0
