"""Resolve an attribution's source to one entity of the ``entities`` layer.

"Putin", "the Russian President" and "he" are one person.  The entities stage
gives each mention a ``cluster`` and a ``canonical`` name, and
:func:`unspin.coref.resolve_mention` maps a span onto them; the source's head
word is tried first, then the whole source.  When that finds nothing the rules
here stand in: a named mention inside the source wins; a personal pronoun
takes the nearest person named before it; a description ("the Russian
President") takes the person it was written in front of earlier in the text
("Russian President Vladimir Putin"); "I" in an interview answer is the speaker, "you" in
an interviewer's question the interviewee who answers it.
Anything else stays unresolved (``None``), never guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from unspin.attribution.model import Found
from unspin.document import Document, Span
from unspin.entity_index import PersonIndex, SpanIndex

_NAMED_TYPES = ("PERSON", "ORG", "GPE", "NORP")
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
_SELF_PRONOUNS = frozenset({"i", "we", "me", "us"})
_RELATIVE = frozenset({"who", "which", "that"})
_DETERMINERS = re.compile(r"^(the|a|an|this|that|these|those)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Resolved:
    canonical: str | None
    cluster: int | None


UNRESOLVED = Resolved(None, None)


class SourceResolver:
    """Maps source spans of one document onto its entity clusters."""

    def __init__(
        self, text: str, entities: Sequence[Span], turns: Sequence[Span] = (), doc: Document | None = None
    ) -> None:
        self.doc = doc
        self.text = text
        self.entities = [e for e in entities if e.label in _NAMED_TYPES]
        self.turns = list(turns)
        # indexes: a long article has thousands of sources and entities (see unspin.entity_index)
        self.entity_index = SpanIndex(self.entities)
        self.turn_index = SpanIndex(self.turns)
        self.people = PersonIndex(self.entities)
        self.by_text: dict[str, Span] = {}
        for entity in self.entities:
            self.by_text.setdefault(text[entity.start : entity.end].lower(), entity)
            self.by_text.setdefault(str(entity.attrs.get("canonical", "")).lower(), entity)
        self.described: dict[str, Span | None] = {}

    def resolve(self, found: Found) -> Resolved:
        if found.source is None:
            return UNRESOLVED
        start, end = found.source
        words = self.text[start:end].strip()
        antecedent = found.extra.get("antecedent")
        if words.lower() in _RELATIVE and isinstance(antecedent, tuple):
            start, end = antecedent
            words = self.text[start:end].strip()
        head = found.extra.get("head")
        head_start, head_end = head if isinstance(head, tuple) else (end - 1, end)
        if self.doc is not None:
            hit = self._coref(head_start, head_end) or self._coref(start, end)
            if hit is not None:
                return hit
        if found.kind.startswith("interview_"):
            return self._speaker(found, words)
        return (
            self._named(head_start, head_end, ("PERSON", "ORG", "GPE"))
            or self._pronoun(start, words)
            or self._described(start, words)
            or self._named(start, end, ("PERSON", "ORG", "GPE"))
            or UNRESOLVED
        )

    def _coref(self, start: int, end: int) -> Resolved | None:
        """The entities stage's own resolution (:func:`unspin.coref.resolve_mention`), when it finds one."""
        from unspin.coref import resolve_mention

        assert self.doc is not None
        hit = resolve_mention(self.doc, start, end)
        return Resolved(hit[1], hit[0]) if hit is not None else None

    def _entity(self, span: Span) -> Resolved:
        cluster = span.attrs.get("cluster")
        canonical = span.attrs.get("canonical") or self.text[span.start : span.end]
        return Resolved(str(canonical), cluster if isinstance(cluster, int) else None)

    def _named(self, start: int, end: int, labels: tuple[str, ...]) -> Resolved | None:
        inside = [e for e in self.entity_index.overlapping(start, end) if e.label in labels]
        if not inside:
            return None
        # The head of an English noun phrase comes last: "Russian President Vladimir Putin".
        people = [e for e in inside if e.label == "PERSON"] or inside
        return self._entity(max(people, key=lambda e: e.end))

    def _pronoun(self, start: int, words: str) -> Resolved | None:
        lowered = words.lower()
        if lowered in _SELF_PRONOUNS:
            turn = self._turn_at(start)
            if turn is not None and turn.label == "answer":
                return self._by_name(str(turn.attrs.get("speaker", "")), start)
            return None
        if lowered == "you":
            return self._addressee(start)
        if lowered not in _PERSON_PRONOUNS:
            return None
        before = self.people.last_before(start)
        return self._entity(before) if before is not None else None

    def _addressee(self, start: int) -> Resolved | None:
        """ "you" in an interviewer's question is the interviewee who answers it (the next answer's speaker)."""
        turn = self._turn_at(start)
        if turn is None or turn.label != "question":
            return None
        first_after = bisect_left(self.turn_index.starts, turn.end)
        answer = next((t for t in self.turns[first_after:] if t.label == "answer"), None)
        return self._by_name(str(answer.attrs.get("speaker", "")), start) if answer is not None else None

    def _described(self, start: int, words: str) -> Resolved | None:
        description = _DETERMINERS.sub("", words)
        if len(description) < 3 or not description[:1].isalpha():
            return None
        person = self._described_person(description)
        return self._entity(person) if person is not None and person.start <= start else None

    def _described_person(self, description: str) -> Span | None:
        """The first person the text names right after ``description`` ("Russian President| Vladimir Putin").

        Searched once per description over the whole text (the caller checks that it comes before
        the source): a search per source would cost sources x text length."""
        if description not in self.described:
            pattern = re.compile(re.escape(description) + r"\s+", re.IGNORECASE)
            people: dict[int, Span] = {}
            for person in self.people.people.spans:
                people.setdefault(person.start, person)
            found = None
            for match in pattern.finditer(self.text):
                found = people.get(match.end())
                if found is not None:
                    break
            self.described[description] = found
        return self.described[description]

    def _turn_at(self, offset: int) -> Span | None:
        return self.turn_index.containing(offset)

    def _speaker(self, found: Found, label: str) -> Resolved:
        speaker = str(found.extra.get("speaker") or label)
        return self._by_name(speaker, found.start)

    def _by_name(self, name: str, near: int) -> Resolved:
        """The entity whose text or canonical name is ``name``; the name itself when no entity matches."""
        if not name:
            return UNRESOLVED
        entity = self.by_text.get(name.lower())
        return self._entity(entity) if entity is not None else Resolved(name, None)


def resolve_all(doc: Document, found: Sequence[Found]) -> list[Resolved]:
    """The resolved source of every attribution of ``doc``."""
    resolver = SourceResolver(doc.text, doc.layer("entities"), doc.layer("turns"), doc)
    return [resolver.resolve(item) for item in found]
