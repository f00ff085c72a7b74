"""Cue patterns learnt from PolNeAR train: a word with the complement that carries the content.

A *pattern* is a cue word's part of speech and the dependency that holds its
content: ``ccomp`` ("is confident that ..."), ``xcomp`` ("seemed to ..."), ``dobj``
("accused the senator ..."), ``prep:of`` ("criticism of ..."), ``parataxis``.  The
table of which lemma takes which pattern as a cue is data (``resources/
attribution_cues.txt``, written by :mod:`unspin.train.cue_lexicon`, which counts
these very patterns with :func:`complements`); the rules add the verbs,
predicate adjectives and nouns it lists to those of the hand-written lexicon.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from spacy.tokens import Token

from unspin.resources import word_list

#: Parts of speech a cue can have, as the table writes them (auxiliaries count as verbs).
POS_KEYS = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "ADJ": "ADJ"}


def pos_key(tok: Token) -> str | None:
    return POS_KEYS.get(tok.pos_)


def _marks(clause: Token, word: str, dep: str) -> bool:
    return any(c.dep_ == dep and c.lower_ == word for c in clause.children)


def complements(tok: Token) -> Iterator[tuple[str, Token]]:
    """``(pattern, token heading the content)`` for every complement of ``tok``, in order."""
    noun = tok.pos_ == "NOUN"
    for child in tok.children:
        dep = child.dep_
        if dep == "ccomp" or (dep == "acl" and noun and _marks(child, "that", "mark")):
            yield "ccomp", child
        elif (dep == "xcomp" or (dep == "acl" and noun)) and _marks(child, "to", "aux"):
            yield "xcomp", child
        elif dep == "dobj":
            yield "dobj", child
        elif dep == "prep":
            obj = next((c for c in child.children if c.dep_ in {"pobj", "pcomp"}), None)
            if obj is not None:
                yield f"prep:{child.lower_}", obj
    if tok.dep_ == "parataxis" and tok.head.i != tok.i:
        yield "parataxis", tok.head


@cache
def cue_table() -> dict[tuple[str, str], frozenset[str]]:
    """``(lemma, pos) -> patterns`` of the learnt cue list."""
    table: dict[tuple[str, str], set[str]] = {}
    for line in word_list("attribution_cues"):
        lemma, pos, pattern = line.split()[:3]
        table.setdefault((lemma, pos), set()).add(pattern)
    return {key: frozenset(value) for key, value in table.items()}


def learnt_patterns(tok: Token) -> frozenset[str]:
    pos = pos_key(tok)
    if pos is None:
        return frozenset()
    return cue_table().get((tok.lemma_.lower(), pos), frozenset())


def learnt_content(tok: Token) -> tuple[str, Token] | None:
    """The first complement of ``tok`` that the learnt table lists for its lemma, clause before object."""
    patterns = learnt_patterns(tok)
    if not patterns:
        return None
    found = [(pattern, child) for pattern, child in complements(tok) if pattern in patterns]
    if not found:
        return None
    order = {"ccomp": 0, "xcomp": 1, "dobj": 2}
    return min(found, key=lambda pc: (order.get(pc[0], 3), pc[1].i))


def predicate_end(verb: Token, obj: Token) -> int | None:
    """End of a learnt preposition after the object ("accused Smith *of lying*"), else None."""
    patterns = learnt_patterns(verb)
    end = None
    for pattern, child in complements(verb):
        if pattern.startswith("prep:") and pattern in patterns and child.i > obj.i:
            end = child.right_edge.idx + len(child.right_edge.text)
    return end
