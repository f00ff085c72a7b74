"""Rules over the learnt cue list: predicate adjectives and nouns with their complement.

``Trump was confident that ...``, ``Clinton is critical of ...`` (the copula, the
adjective and its preposition are the cue; the copula's subject the source) and
``Pence's call for ...``, ``voiced concern about ...`` (the noun and its
preposition are the cue, after the light verb when there is one; the owner or
the light verb's subject is the source).  Which adjective or noun takes which
complement comes from :mod:`unspin.attribution.patterns`.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

from unspin.attribution.lexicon import DOBJ_CUES, LIGHT_VERBS, stance_of
from unspin.attribution.model import Found
from unspin.attribution.patterns import learnt_content, learnt_patterns
from unspin.attribution.spans import cue_offsets, source_of, source_phrase, subject_of, subtree_offsets, token_end

#: Subjects of a predicate adjective that name nobody ("it is unclear whether ...").
_EMPTY_SUBJECTS = frozenset({"it", "this", "that", "there", "what", "which"})


def _cue_end(word: Token, pattern: str, head: Token) -> int:
    """End of the cue: the word, or the preposition after it ("critical of", "call for")."""
    if pattern.startswith("prep:") and head.head.i > word.i:
        return token_end(head.head)
    return token_end(word)


def _object_cue(verb: Token) -> bool:
    """True when the light verb is a cue of its own with the object as content ("voiced concern")."""
    return verb.lemma_.lower() in DOBJ_CUES or "dobj" in learnt_patterns(verb)


def adjective_cues(doc: Doc) -> Iterator[Found]:
    """``X is confident that ...``, ``X was eager to ...``, ``X is critical of ...``."""
    for adj in doc:
        if adj.pos_ != "ADJ" or adj.dep_ != "acomp" or adj.head.i == adj.i:
            continue
        learnt = learnt_content(adj)
        if learnt is None or learnt[0] in {"parataxis", "dobj"}:
            continue
        pattern, head = learnt
        copula = adj.head
        subject = subject_of(copula)
        if subject is None or subject.lower_ in _EMPTY_SUBJECTS:
            continue
        content = subtree_offsets(head)
        if not content:
            continue
        start = cue_offsets(copula, [subject, adj])[0]
        found = Found(
            cue=(min(start, copula.idx), _cue_end(adj, pattern, head)),
            content=content,
            stance=stance_of(adj.lemma_),
            confidence=0.5,
            rule="adjective-cue",
            cue_token=adj.i,
        )
        source_of(copula, found)
        if found.source is not None:
            yield found


def noun_cues(doc: Doc) -> Iterator[Found]:
    """``X's criticism of ...``, ``X's call for ...``, ``X voiced concern about ...``."""
    for noun in doc:
        if noun.pos_ != "NOUN":
            continue
        learnt = learnt_content(noun)
        if learnt is None or learnt[0] in {"parataxis", "dobj"}:
            continue
        pattern, head = learnt
        content = subtree_offsets(head)
        if not content:
            continue
        found = Found(
            cue=(noun.idx, _cue_end(noun, pattern, head)),
            content=content,
            stance=stance_of(noun.lemma_),
            confidence=0.5,
            rule="learnt-noun-cue",
            cue_token=noun.i,
        )
        owner = next((c for c in noun.children if c.dep_ == "poss"), None)
        if owner is not None:
            found.source = source_phrase(owner)
            found.extra["head"] = (owner.idx, token_end(owner))
        elif noun.dep_ == "dobj" and noun.head.lemma_.lower() in LIGHT_VERBS and not _object_cue(noun.head):
            verb = noun.head
            found.cue = (cue_offsets(verb, [noun])[0], found.cue[1] if found.cue else token_end(noun))
            source_of(verb, found)
        if found.source is not None:
            yield found
