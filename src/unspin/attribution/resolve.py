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

from spacy.tokens import Doc, Token

from unspin.attribution.descriptions import PERSON_BODIES, Descriptions, body_owner, maker_of
from unspin.attribution.followups import headline_sources, named_body_follow_ups, organisation_follow_ups
from unspin.attribution.model import Found
from unspin.attribution.pronouns import PronounResolver, fill_antecedents
from unspin.attribution.quotes import Quote, find_quotes
from unspin.attribution.spans import noun_phrase
from unspin.document import Document, Span
from unspin.entity_index import PersonIndex, SpanIndex
from unspin.nlp import DATELINE

_NAMED_TYPES = ("PERSON", "ORG", "GPE", "NORP")
#: Entity types that can speak; NORP ("British", "Democrats") is an adjective or a group.
_SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC")
_QUOTE_MARKS = '"“”‘’«»'
#: Pronouns that point at a group or a thing: the voice stays the pronoun, shown unresolved.
_OTHER_PRONOUNS = frozenset(
    {"they", "them", "their", "it", "its", "this", "these", "those", "one", "someone", "anyone", "everyone", "all"}
)
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
_SELF_PRONOUNS = frozenset({"i", "we", "me", "us"})
_BROKEN_NAME = re.compile(r"[\"“”]")
_QUOTED_SELF = frozenset({"i", "we", "me", "us", "my", "our"})
_QUOTED_OTHER = frozenset({"he", "she", "they", "him", "her", "them"})
_RELATIVE = frozenset({"who", "which", "that"})
_DETERMINERS = re.compile(r"^(the|a|an|this|that|these|those)\s+", re.IGNORECASE)
_INDEFINITE = re.compile(r"^(a|an|another|one)\s+", re.IGNORECASE)


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
        self.doc_entities = list(entities)
        self.all_entities = SpanIndex(self.doc_entities)
        self.cluster_labels: dict[object, set[str]] = {}
        for entity in self.doc_entities:
            self.cluster_labels.setdefault(entity.attrs.get("cluster"), set()).add(entity.label)
        self.turns = list(turns)
        self._pronouns: PronounResolver | None = None
        self._checked_parse: Doc | None = None
        self._descriptions: Descriptions | None = None
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
        if words.lower() in _RELATIVE:
            antecedent = found.extra.get("antecedent")
            if not isinstance(antecedent, tuple):
                return UNRESOLVED  # "which" with no noun to stand for is nobody
            start, end = antecedent
            words = self.text[start:end].strip()
        dateline = DATELINE.match(self.text, start, end)
        own_head = None
        if dateline is not None:
            # a wire dateline ("WASHINGTON -- President Obama said") is where the story was filed, not who
            # speaks: the source starts after its dash, and a dateline alone ("OSLO --") is nobody
            if not self.text[dateline.end() : end].strip():
                return UNRESOLVED
            start, own_head = dateline.end(), self._root_of(dateline.end(), end)
            words = self.text[start:end].strip()
        head_start, head_end = self._appositive_of(*(own_head or self._head(found, start, end)))
        head_words = self.text[head_start:head_end].lower()
        if head_words in _PERSON_PRONOUNS and not found.kind.startswith("interview_"):
            resolved = self._personal(head_start, found.content)
            if resolved == UNRESOLVED:
                self._describe(head_start, found)
            return resolved
        if head_words in _OTHER_PRONOUNS:
            if head_words == "they":
                self._describe(head_start, found)
            return UNRESOLVED  # "they", "it", "this": a group or a thing, never guessed as a name
        if self._several(head_start, start, end):
            return UNRESOLVED  # "Trump and Clinton": two voices, not one
        speaker = found.extra.get("speaker") if found.kind.startswith("interview_") else None
        if speaker and str(speaker) != words:
            return self._speaker(found, words)  # "MODERATOR (Helen Strand):", "A:" named in the introduction
        if self.doc is not None:
            # a lower-case noun ("veterans") is no name, whatever a cluster is called
            named = self.text[head_start:head_end][:1].isupper() or head_words in _SELF_PRONOUNS
            hit = self._name_at(head_start, head_end) or (self._coref(head_start, head_end) if named else None)
            if hit is not None:
                return hit
        if found.kind.startswith("interview_"):
            return self._speaker(found, words)
        return (
            self._pronoun(start, words)
            or self._described(start, words)
            or self._role(head_start)
            or self._maker(head_start, found)
            or self._body(head_start, found)
            or UNRESOLVED
        )

    def _appositive_of(self, head_start: int, head_end: int) -> tuple[int, int]:
        """A head set beside a name ("Future45, a super PAC that ...", "Smith, a spokesman") stands for
        that name: the name is the head then.  A person's own name stays the head, whatever the parse
        hangs it on ("WASHINGTON -- President Obama, dedicating ...": Obama, not the dateline)."""
        sdoc = self.parse()
        span = sdoc.char_span(head_start, head_end, alignment_mode="expand") if sdoc is not None else None
        if span is None or len(span) == 0:
            return head_start, head_end
        token = span.root
        beside_name = token.dep_ == "appos" and token.head.pos_ == "PROPN" and token.head.i < token.i
        own = self.all_entities.covering(token.idx, token.idx + len(token))
        if beside_name and not any(e.label == "PERSON" for e in own):
            return token.head.idx, token.head.idx + len(token.head)
        if token.pos_ == "NOUN" and not any(c.dep_ == "conj" for c in token.children):
            # "The energy regulator, Ofgem, said": the name set after the description.  Not a quoted title
            # ("Davis' commentary, "Melania, tell ...""), nor one of two voices ("the editor, Udo Ulfkotte,
            # and the CIA itself").
            for child in token.children:
                if child.dep_ != "appos" or child.pos_ != "PROPN" or not 0 < child.i - token.i <= 3:
                    continue
                between = self.text[token.idx + len(token) : child.idx + len(child) + 1]
                named = self.all_entities.covering(child.idx, child.idx + len(child))
                if not any(q in between for q in _QUOTE_MARKS) and any(e.label in _SPEAKER_TYPES for e in named):
                    return child.idx, child.idx + len(child)
        return head_start, head_end

    def _body(self, head_start: int, found: Found) -> Resolved | None:
        """ "the Clinton campaign", "her campaign" -> "Clinton campaign"; "the Saudi government" -> "Saudi
        government": a body of its own (no cluster), never its leader or country alone."""
        sdoc = self.parse()
        span = sdoc.char_span(head_start, head_start + 1, alignment_mode="expand") if sdoc is not None else None
        if span is None or len(span) == 0:
            return None
        owner = body_owner(span[0])
        if owner is None:
            return None
        noun = span[0].lower_
        if owner.lower_ in _PERSON_PRONOUNS:
            person = self._personal(owner.idx, found.content).canonical
        elif noun in PERSON_BODIES:
            hit = self._name_at(owner.idx, owner.idx + len(owner))
            person = hit.canonical if hit is not None and self.cluster_labels.get(hit.cluster) == {"PERSON"} else None
        else:
            covering = list(self.all_entities.covering(owner.idx, owner.idx + len(owner)))
            country = [e for e in covering if e.label in {"NORP", "GPE"}]
            return Resolved(f"{self.text[country[0].start : country[0].end]} {noun}", None) if country else None
        if not person or noun not in PERSON_BODIES:
            return None
        return Resolved(f"{person.split()[-1]} {noun}", None)

    def _maker(self, head_start: int, found: Found) -> Resolved | None:
        """A poll, statement or report speaks for the one the text says made it (descriptions.maker_of)."""
        sdoc = self.parse()
        span = sdoc.char_span(head_start, head_start + 1, alignment_mode="expand") if sdoc is not None else None
        maker = maker_of(span[0]) if span is not None and len(span) else None
        if maker is None:
            return None
        if maker.lower_ in _PERSON_PRONOUNS:
            resolved = self._personal(maker.idx, found.content)
            return resolved if resolved.canonical else None
        if any(c.dep_ == "conj" for c in maker.children):
            return None  # "The New York Times and Gannett's filing": two makers
        root = maker
        while root.dep_ == "compound" and root.head.i != root.i and root.head.pos_ == "PROPN":
            root = root.head  # "Washington Post-ABC News": the whole name
        hit = self._name_at(root.idx, root.idx + len(root))
        return hit if hit is not None and hit.canonical else None

    def _role(self, head_start: int) -> Resolved | None:
        """ "the senator", "the former mayor": the one person the text gave that role before (descriptions.py);
        in the headline, the one person the article gives it ("Minister defends ...")."""
        sdoc = self.parse()
        span = sdoc.char_span(head_start, head_start + 1, alignment_mode="expand") if sdoc is not None else None
        if sdoc is None or span is None or len(span) == 0:
            return None
        if self._descriptions is None:
            self._descriptions = Descriptions(sdoc, self.doc_entities)
        person = self._descriptions.resolve(span[0])
        if person is None and self._in_headline(head_start):
            person = self._descriptions.resolve_headline(span[0])
        return Resolved(person[1], person[0]) if person is not None else None

    def _in_headline(self, offset: int) -> bool:
        titles = self.doc.layer("title") if self.doc is not None and self.doc.has_layer("title") else []
        return any(t.start <= offset < t.end for t in titles)

    def _head(self, found: Found, start: int, end: int) -> tuple[int, int]:
        """The source's head word: the rule's own, else the parse's root of the source span."""
        head = found.extra.get("head")
        if isinstance(head, tuple):
            return head
        return self._root_of(start, end)

    def _root_of(self, start: int, end: int) -> tuple[int, int]:
        """The parse's root word of ``[start, end)`` (its last character without a parse)."""
        sdoc = self.parse()
        span = sdoc.char_span(start, end, alignment_mode="expand") if sdoc is not None else None
        if span is None or len(span) == 0:
            return end - 1, end
        return span.root.idx, span.root.idx + len(span.root)

    def parse(self) -> Doc | None:
        """The segment stage's spaCy parse of the text, when the document carries one."""
        sdoc = self.doc.cache.get("spacy") if self.doc is not None else None
        if not isinstance(sdoc, Doc):
            return None
        # Doc.text joins every token on each call: compare once per parse, not once per source (issue 18)
        if self._checked_parse is not sdoc:
            self._checked_parse = sdoc if sdoc.text == self.text else None
        return self._checked_parse

    def _several(self, head_start: int, start: int, end: int) -> bool:
        """Whether the source's head is coordinated with another speaker inside the source."""
        sdoc = self.parse()
        token = sdoc.char_span(head_start, head_start + 1, alignment_mode="expand") if sdoc is not None else None
        if token is None or len(token) == 0:
            return False
        names = list(self.all_entities.covering_offset(head_start))  # "Procter & Gamble" is one name
        return any(
            c.dep_ == "conj" and start <= c.idx < end and not any(e.start <= c.idx < e.end for e in names)
            for c in token[0].children
        )

    def _name_at(self, start: int, end: int) -> Resolved | None:
        """The named entity the head word belongs to: a name of a speaker's type ("British" in "the British
        government" is not the head, and a nationality or group is nobody's name)."""
        covering = list(self.all_entities.covering(start, end))
        if not covering:
            return None
        entity = min(covering, key=lambda e: e.end - e.start)
        return self.entity_of(entity) if entity.label in _SPEAKER_TYPES else None  # "77-year-old" (DATE) may be a role

    def _personal(self, start: int, reported: Sequence[tuple[int, int]]) -> Resolved:
        """ "he"/"she" through :mod:`unspin.attribution.pronouns`; "I" in an interview answer is its speaker."""
        pronouns, token = self._pronoun_at(start)
        person = pronouns.resolve(token, reported) if pronouns is not None and token is not None else None
        return Resolved(person[1], person[0]) if person is not None else UNRESOLVED

    def _describe(self, start: int, found: Found) -> None:
        """An unresolved "he" or "they" that stands for an unnamed "spokesman" or "researchers" is shown as
        those words (no name, no cluster: the antecedent is only what the reader is shown)."""
        pronouns, token = self._pronoun_at(start)
        if pronouns is None or token is None or "antecedent" in found.extra:
            return
        subject = pronouns.description(token)
        if subject is not None:
            found.extra["antecedent"] = noun_phrase(subject)

    def _pronoun_at(self, start: int) -> tuple[PronounResolver | None, Token | None]:
        """The pronoun resolver of this text (built once) and the parse's token at ``start``."""
        sdoc = self.parse()
        if sdoc is None:
            return None, None
        if self._pronouns is None:
            labels = {(t.attrs.get("speaker_start"), t.attrs.get("speaker_end")) for t in self.turns}
            self._pronouns = PronounResolver(sdoc, self.doc_entities, lambda e: (e.start, e.end) in labels)
        span = sdoc.char_span(start, start + 1, alignment_mode="expand")
        return self._pronouns, span[0] if span is not None and len(span) else None

    def _coref(self, start: int, end: int) -> Resolved | None:
        """The entities stage's own resolution (:func:`unspin.coref.resolve_mention`), when it finds one."""
        from unspin.coref import resolve_mention

        assert self.doc is not None
        hit = resolve_mention(self.doc, start, end)
        if hit is None:
            return None
        return Resolved(hit[1], hit[0]) if self.cluster_labels.get(hit[0], set()) & set(_SPEAKER_TYPES) else None

    def entity_of(self, span: Span) -> Resolved:
        """The resolution an entity span gives (its canonical name and cluster)."""
        cluster = span.attrs.get("cluster")
        canonical = span.attrs.get("canonical") or self.text[span.start : span.end]
        return Resolved(str(canonical), cluster if isinstance(cluster, int) else None)

    def _named(self, start: int, end: int, labels: tuple[str, ...]) -> Resolved | None:
        inside = [e for e in self.entity_index.overlapping(start, end) if e.label in labels]
        if not inside:
            return None
        # The head of an English noun phrase comes last: "Russian President Vladimir Putin".
        people = [e for e in inside if e.label == "PERSON"] or inside
        return self.entity_of(max(people, key=lambda e: e.end))

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
        return self.entity_of(before) if before is not None else None

    def _addressee(self, start: int) -> Resolved | None:
        """ "you" in an interviewer's question is the interviewee who answers it (the next answer's speaker)."""
        turn = self._turn_at(start)
        if turn is None or turn.label != "question":
            return None
        first_after = bisect_left(self.turn_index.starts, turn.end)
        answer = next((t for t in self.turns[first_after:] if t.label == "answer"), None)
        return self._by_name(str(answer.attrs.get("speaker", "")), start) if answer is not None else None

    def _described(self, start: int, words: str) -> Resolved | None:
        if _INDEFINITE.match(words):
            return None  # "A spokesman said": someone new, not the "Kremlin spokesman Dmitry Orlov" named before
        description = _DETERMINERS.sub("", words)
        if len(description) < 3 or not description[:1].isalpha():
            return None
        person = self._described_person(description)
        return self.entity_of(person) if person is not None and person.start <= start else None

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
        return self.entity_of(entity) if entity is not None else Resolved(name, None)


def resolve_all(doc: Document, found: Sequence[Found]) -> list[Resolved]:
    """The resolved source of every attribution of ``doc``."""
    resolver = SourceResolver(doc.text, doc.layer("entities"), doc.layer("turns"), doc)
    sdoc = resolver.parse()
    if sdoc is not None:
        fill_antecedents(sdoc, found)
    quotes = find_quotes(doc.text)
    resolved = quoted_third_person(doc.text, quotes, found, [resolver.resolve(item) for item in found])
    resolved = quoted_first_person(doc.text, quotes, found, resolved)
    organisations = [e for e in resolver.doc_entities if e.label == "ORG"]

    def cue_lemma(item: Found) -> str | None:
        return sdoc[item.cue_token].lemma_.lower() if sdoc is not None and item.cue_token is not None else None

    def proper(span: Span) -> bool:
        words = sdoc.char_span(span.start, span.end, alignment_mode="expand") if sdoc is not None else None
        return words is not None and len(words) > 0 and all(t.pos_ == "PROPN" for t in words)

    resolved = organisation_follow_ups(
        doc.text, quotes, found, resolved, organisations, resolver.cluster_labels, cue_lemma, resolver.entity_of, proper
    )
    bodies = [e for e in resolver.doc_entities if e.label in {"ORG", "NORP"}]
    resolved = named_body_follow_ups(doc.text, quotes, found, resolved, bodies, resolver.entity_of)
    title = doc.layer("title")[0] if doc.has_layer("title") and doc.layer("title") else None
    resolved = headline_sources(doc.text, (title.start, title.end) if title else None, found, resolved)
    # a name with a quotation mark in it ('Marcia "' of 'Marcia "Cia" Price') is a broken entity, not a name
    return [UNRESOLVED if r.canonical and _BROKEN_NAME.search(r.canonical) else r for r in resolved]


def _speaker_of(found: Sequence[Found], i: int) -> int | None:
    """The attribution that quotes ``found[i]``'s source: the narrowest other one whose content holds it."""
    start, end = found[i].source or (0, 0)
    holders = [
        j for j, other in enumerate(found) if j != i and any(cs <= start and end <= ce for cs, ce in other.content)
    ]
    return min(holders, key=lambda j: sum(ce - cs for cs, ce in found[j].content), default=None)


def _quoted_sources(text: str, quotes: Sequence[Quote], found: Sequence[Found], pronouns: frozenset[str]) -> list[int]:
    """Indexes of the attributions whose source is one of ``pronouns`` inside one of ``quotes``."""
    out = []
    for i, item in enumerate(found):
        if item.source is None or text[item.source[0] : item.source[1]].strip().lower() not in pronouns:
            continue
        if any(q.start <= item.source[0] and item.source[1] <= q.end for q in quotes):
            out.append(i)
    return out


def quoted_third_person(
    text: str, quotes: Sequence[Quote], found: Sequence[Found], resolved: list[Resolved]
) -> list[Resolved]:
    """ "He" / "she" / "they" inside a quotation is someone the quoted speaker talks about, never the
    speaker (who would say "I"): '"He told me, ...," Ferrand said' is not Ferrand telling. Such a pronoun
    that the resolver tied to the quote's own speaker is left unresolved."""
    for i in _quoted_sources(text, quotes, found, _QUOTED_OTHER):
        speaker = _speaker_of(found, i)
        if speaker is not None and resolved[i].canonical and resolved[i] == resolved[speaker]:
            resolved[i] = UNRESOLVED
    return resolved


def quoted_first_person(
    text: str, quotes: Sequence[Quote], found: Sequence[Found], resolved: list[Resolved]
) -> list[Resolved]:
    """ "I" / "we" inside a quotation speak for whoever is quoted: the attribution whose content holds the
    quote (the narrowest, when quotes nest: in "He told me, 'I have worked here ...'" the "I" is the
    one who told), resolved or not; never a person named elsewhere."""
    for i in _quoted_sources(text, quotes, found, _QUOTED_SELF):
        speaker = _speaker_of(found, i)
        resolved[i] = resolved[speaker] if speaker is not None else UNRESOLVED
        if speaker is not None and resolved[speaker] == UNRESOLVED and found[speaker].source is not None:
            # nobody named, but the same somebody: "I" is shown as the words of the one who speaks ("He")
            found[i].extra["antecedent"] = found[speaker].extra.get("antecedent") or found[speaker].source
    return resolved
