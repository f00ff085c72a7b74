"""Technique spans snapped to the words and phrases a reader sees (issue 13, lever 3).

The tagger decodes spans from word-pieces, so a span can begin or end on a function word
("… Syrians if they") or stop inside a noun phrase ("… not a real, genuine").  PTC annotators
mark whole phrases, so a span is snapped to the segment stage's parse: its edges move to word
boundaries, function words hanging at either edge are dropped, and an edge that falls inside a
noun chunk is pushed out to the chunk's edge.  Only the parse already computed is read (the
``Document``'s ``tokens`` layer and ``cache["spacy"]``); nothing is parsed again.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: Parts of speech that never carry a technique on their own and never end a phrase a reader
#: accepts ("if", "they", "the", "is", "of").  Adverbs, adjectives, nouns, verbs and numbers do.
FUNCTION_POS = frozenset({"ADP", "AUX", "CCONJ", "DET", "PART", "PRON", "SCONJ", "PUNCT", "SYM", "INTJ", "SPACE"})

#: Used when no parse is at hand (a Document built by hand): the commonest English function words.
_FUNCTION_WORD_LIST = (
    "a an the and or but nor so yet if then than that this these those which who whom whose what when "
    "where while as of in on at by for with from to into onto over under about after before since until "
    "is am are was were be been being do does did has have had will would shall should can could may "
    "might must it its it's they them their he him his she her we us our you your i me my not no "
    "there here also just very too"
)
FUNCTION_WORDS = frozenset(_FUNCTION_WORD_LIST.split())

#: The longest extension the snap makes, in characters, so a span never swallows a long list.
MAX_PHRASE_EXTENSION = 40


@dataclass(frozen=True)
class Word:
    """A token of the parse: its offsets and whether it is a function word."""

    start: int
    end: int
    function: bool


def words_from_parse(spacy_doc: Any) -> list[Word]:
    """The words of a spaCy ``Doc`` (spaces left out), function words marked by their part of speech."""
    return [
        Word(t.idx, t.idx + len(t), t.pos_ in FUNCTION_POS or not any(ch.isalnum() for ch in t.text))
        for t in spacy_doc
        if not t.is_space
    ]


def phrases_from_parse(spacy_doc: Any) -> list[tuple[int, int]]:
    """The noun chunks of a spaCy ``Doc`` as character ranges."""
    try:
        return [(c.start_char, c.end_char) for c in spacy_doc.noun_chunks]
    except (ValueError, NotImplementedError):  # a pipeline without a parser has no noun chunks
        return []


def words_from_tokens(text: str, tokens: Sequence[tuple[int, int]]) -> list[Word]:
    """Words from bare token offsets (no parse): function words by the closed list above."""
    out = []
    for start, end in tokens:
        piece = text[start:end]
        acronym = len(piece) > 1 and piece.isupper()  # "US" is a country, not "us"
        function = piece.lower() in FUNCTION_WORDS and not acronym
        out.append(Word(start, end, function or not any(ch.isalnum() for ch in piece)))
    return out


def snap(
    start: int, end: int, words: Sequence[Word], phrases: Sequence[tuple[int, int]] = ()
) -> tuple[int, int] | None:
    """``[start, end)`` on word boundaries, without edge function words, edges outside noun chunks.

    ``words`` and ``phrases`` are in text order.  Returns None when no content word is left
    (a span that was only "what" or "the US is it"'s function words is no span to show).
    """
    starts = [w.start for w in words]
    first = max(bisect_right(starts, start) - 1, 0)
    inside = []
    for w in words[first:]:
        if w.start >= end:
            break
        if w.end > start:
            inside.append(w)
    while inside and inside[0].function:
        inside.pop(0)
    while inside and inside[-1].function:
        inside.pop()
    if not inside:
        return None
    new_start, new_end = inside[0].start, inside[-1].end
    for p_start, p_end in phrases:
        if p_start >= new_end:
            break
        if p_start < new_start < p_end and new_start - p_start <= MAX_PHRASE_EXTENSION:
            new_start = _first_content(words, p_start, new_start)
        if p_start < new_end < p_end and p_end - new_end <= MAX_PHRASE_EXTENSION:
            new_end = _last_content(words, new_end, p_end)
    return new_start, new_end


def _first_content(words: Sequence[Word], p_start: int, limit: int) -> int:
    """Where a noun chunk's content begins: its determiners and pronouns in front stay out."""
    for w in words:
        if w.start >= limit:
            break
        if w.start >= p_start and not w.function:
            return w.start
    return limit


def _last_content(words: Sequence[Word], limit: int, p_end: int) -> int:
    """Where a noun chunk's content ends, at or after ``limit``: a function word never ends a span."""
    end = limit
    for w in words:
        if w.start >= p_end:
            break
        if w.start >= limit and w.end <= p_end and not w.function:
            end = w.end
    return end
