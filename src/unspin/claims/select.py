"""Which scored units become claims, and the text of a unit that is scored.

A unit is a sentence, or a clause of a long sentence: an interviewee's run-on answer
("... they are close allies – Saudi Arabia has been financing Daesh from the beginning.")
holds several claims, and the accusation at its end deserves its own score and rank.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from unspin.document import Document, Span
from unspin.nlp import DATELINE

_WORD = re.compile(r"\w+")
#: Fewer words than this is a reply ("That's right.") or a heading, never a claim on its own.
MIN_WORDS = 4
#: A sentence is cut into clauses only from this many words: shorter ones are one claim.
MIN_SPLIT_WORDS = 25
#: Where one clause ends and the next begins: a spaced dash (en, em or a hyphen typed for one) or a semicolon.
_CLAUSE_BREAK = re.compile(r"\s+[–—-]{1,2}\s+|;\s+")
#: A piece opening with one of these leans on the clause before it ("– which is an area ...").
_LEANS_BACK = re.compile(
    r"(?:which|who|whom|whose|where|when|while|and|but|or|as|because|so|than|that)\b", re.IGNORECASE
)


def claim_span(doc: Document, sentence: Span) -> tuple[int, int]:
    """The sentence without an interview speaker label ("Tim Anderson: ") or surrounding spaces."""
    start, end = sentence.start, sentence.end
    for turn in doc.layer("turns"):
        label_end = turn.attrs.get("speaker_end")
        if isinstance(label_end, int) and start <= label_end <= end and turn.start <= start < turn.end:
            start = label_end
            while start < end and doc.text[start] in ":-–— \t\n":
                start += 1
            break
    while start < end and doc.text[start].isspace():
        start += 1
    while end > start and doc.text[end - 1].isspace():
        end -= 1
    return start, end


def claim_units(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut into clauses at dashes and semicolons, or whole when short or not cut.

    A piece too short to be a claim, or one that leans on the clause before it, stays
    joined to that clause, so every unit stands on its own and the units tile the span
    (separators aside) in order.
    """
    if len(_WORD.findall(text, start, end)) < MIN_SPLIT_WORDS:
        return [(start, end)]
    units: list[tuple[int, int]] = []
    piece_start = start
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        units.append((piece_start, match.start()))
        piece_start = match.end()
    units.append((piece_start, end))
    merged: list[tuple[int, int]] = []
    for unit in units:
        if merged and (not is_candidate(text[unit[0] : unit[1]]) or _LEANS_BACK.match(text, unit[0])):
            merged[-1] = (merged[-1][0], unit[1])
        else:
            merged.append(unit)
    if len(merged) > 1 and not is_candidate(text[merged[0][0] : merged[0][1]]):
        merged[:2] = [(merged[0][0], merged[1][1])]
    return merged


def is_candidate(text: str) -> bool:
    """Enough words to claim something, and not a wire dateline alone ("MOSCOW, June 3 (Reuters) -"),
    which says where a story was filed."""
    return len(_WORD.findall(text)) >= MIN_WORDS and DATELINE.fullmatch(text.strip() + " ") is None


#: A question mark closing the unit, perhaps inside closing quotes or brackets.
_QUESTION_END = re.compile(r"\?[\s\"'”’»)\]]*$")


def is_question(text: str) -> bool:
    """A unit that ends asking ("Did the plan work?") claims nothing a fact-checker can check."""
    return bool(_QUESTION_END.search(text))


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def headlines(doc: Document) -> tuple[list[tuple[int, int]], set[str]]:
    """Where headlines are: the ``title`` layer's spans, and the words of ``metadata["title"]`` and
    ``metadata["related"]`` (a related headline left in the body is matched by its words)."""
    spans = [(s.start, s.end) for s in doc.layer("title")] if doc.has_layer("title") else []
    texts: list[object] = [doc.metadata.get("title")]
    related = doc.metadata.get("related")
    if isinstance(related, list):
        texts += [r.get("text") if isinstance(r, dict) else r for r in related]
    return spans, {k for t in texts if isinstance(t, str) and (k := _key(t))}


def is_headline(text: str, start: int, end: int, where: tuple[list[tuple[int, int]], set[str]]) -> bool:
    """A unit inside a title span, or one whose words are a headline's words."""
    spans, keys = where
    return any(a <= start and end <= b for a, b in spans) or _key(text) in keys


def rank_claims(scores: Sequence[float], candidates: Sequence[bool]) -> list[int]:
    """Indices of the candidates, best first; ties keep text order, so the ranking is deterministic."""
    return sorted((i for i, ok in enumerate(candidates) if ok), key=lambda i: (-scores[i], i))
