"""Who "he" or "she" is, when a reader can tell, and nobody when a reader could not.

News prose keeps its topic as the subject of its main clauses: "Ham went on to explain ...
'It was demoralizing,' he said."  So a personal pronoun that speaks takes:

1. in its own sentence, the main subject written before it (a person, or a pronoun already
   resolved), when no other person is named between the two outside quotation marks;
   another person named before it, with no main subject before it, when that person is the
   only one named there;
2. otherwise the main subject of the nearest earlier sentence whose main subject is a person
   (or a "he"/"she" resolved the same way), looking back over at most three sentences of
   narration (sentences wholly inside a quotation are skipped: the people named in a quote are
   not the ones the narration goes on about), provided the sentences passed over name no other
   person.

A person whose mentions carry "Mr." is never "she", one with "Mrs.", "Ms." or "Miss" never "he".
When none of this gives one person the pronoun stays unresolved: a pronoun shown as such is
better than a quote credited to the wrong name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from unspin.attribution.model import Found
from unspin.attribution.quotes import find_quotes
from unspin.attribution.spans import asked_subject, noun_phrase
from unspin.document import Span
from unspin.entity_index import SpanIndex

MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
_LOOK_BACK = 3
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
#: A main clause: the root, a parenthetical "X says", the clause that is the root's subject ("What Mr. Obama
#: has seen are ...").
_MAIN = frozenset({"ROOT", "parataxis", "csubj"})
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.?\s+$")

Person = tuple[int, str]  # (cluster, canonical)


class PronounResolver:
    """Resolves he/she tokens of one parsed document to person clusters of its ``entities``."""

    def __init__(self, sdoc: Doc, entities: Sequence[Span], skip: Callable[[Span], bool] = lambda _: False) -> None:
        self.sdoc = sdoc
        text = sdoc.text
        self.quotes = [(q.start, q.end) for q in find_quotes(text)]
        self.quote_starts = [q[0] for q in self.quotes]
        self.people = [
            e
            for e in entities
            if e.label == "PERSON"
            and isinstance(e.attrs.get("cluster"), int)
            and e.attrs.get("canonical")
            and not skip(e)
        ]
        self.index = SpanIndex(self.people)  # offset lookups: a long article names thousands of people
        self.by_word: dict[str, set[Person]] = {}
        for e in self.people:
            for word in str(e.attrs["canonical"]).split():
                self.by_word.setdefault(word, set()).add(self._as_person(e))
        self.gender: dict[int, set[str]] = {}
        for e in self.people:
            match = _HONORIFIC.search(text, max(0, e.start - 6), e.start)
            if match is not None:
                self.gender.setdefault(int(e.attrs["cluster"]), set()).add("m" if match.group(1) == "Mr" else "f")
        self._memo: dict[int, Person | None] = {}
        self._reported: list[tuple[int, int]] = []

    # -- helpers -------------------------------------------------------------------------------
    def _quoted(self, start: int, end: int) -> bool:
        i = bisect_right(self.quote_starts, start) - 1  # quotations do not overlap: only the last one before
        return i >= 0 and end <= self.quotes[i][1]

    def _hidden(self, start: int, end: int) -> bool:
        """Inside a quotation or the words the pronoun's own cue reports: no subject of the narration there.
        (A person named there still stands between, so a doubtful pronoun stays unresolved.)"""
        return self._quoted(start, end) or any(rs <= start and end <= re_ for rs, re_ in self._reported)

    def _person_at(self, token: Token) -> Person | None:
        """The person a subject token names: the token itself, or an apposition of it; a proper noun the
        entities stage missed ("Ham" after "Norman Ham") by the one person whose name holds it."""
        appositions = [t for c in token.children if c.dep_ == "appos" for t in c.subtree]
        for tok in (token, *appositions):
            for e in self.index.covering_offset(tok.idx):
                return self._as_person(e)
            if tok.pos_ == "PROPN":
                owners = self.by_word.get(tok.text, set())
                if len(owners) == 1:
                    return next(iter(owners))
        return None

    def _named_between(self, start: int, end: int, hidden: bool = False) -> set[int]:
        """Clusters of the people named in ``[start, end)`` outside quotations (and, with ``hidden``, outside
        the words the pronoun's cue reports)."""
        outside = self._hidden if hidden else self._quoted
        return {int(e.attrs["cluster"]) for e in self.index.inside(start, end) if not outside(e.start, e.end)}

    def _main_subject(self, sent: SpacySpan, before: int | None = None) -> Token | None:
        """The subject of the sentence's main clause outside quotation marks (the first one naming a person
        when there are several: "Climate change, Mr. Obama often says, is ...")."""
        subjects = [
            tok
            for tok in sent
            if (before is None or tok.idx < before)
            and tok.dep_ in _SUBJECTS
            and tok.head.dep_ in _MAIN
            and not self._hidden(tok.idx, tok.idx + len(tok))
        ]
        people = [tok for tok in subjects if tok.lower_ in MALE | FEMALE or self._person_at(tok) is not None]
        if not subjects:
            # "Harwood, asked about his future, said ...": the root's subject is the name the parser gave "asked"
            shared = asked_subject(sent.root)
            if (
                shared is not None
                and (before is None or shared.idx < before)
                and not self._hidden(shared.idx, shared.idx + 1)
            ):
                return shared
            return self._name_before_misread_verb(sent, before)
        return (people or subjects)[0]

    def _name_before_misread_verb(self, sent: SpacySpan, before: int | None) -> Token | None:
        """ "Okafor disputes that figure.": the parser read the verb as a noun (the name its modifier, or
        the name the root and the verb its object) and found no subject; the person's name that opens
        the sentence is its subject."""
        first = sent[0]
        head = first.head
        if (before is not None and first.idx >= before) or first.pos_ != "PROPN":
            return None
        misread = first.dep_ == "ROOT" or (
            first.dep_ == "compound"
            and head.dep_ == "ROOT"
            and head.pos_ == "NOUN"
            and not any(c.dep_ in {"det", "poss"} for c in head.children)
        )
        return first if misread and self._person_at(first) is not None else None

    def _agrees(self, person: Person, pronoun: str) -> bool:
        known = self.gender.get(person[0], set())
        wanted = "m" if pronoun in MALE else "f"
        return not known or wanted in known

    def _subject_referent(self, subject: Token, pronoun: str) -> tuple[bool, Person | None]:
        """Whether a main subject can be the pronoun's person (a noun or "they" cannot), and who it is."""
        lowered = subject.lower_
        if lowered in MALE | FEMALE:
            if (lowered in MALE) != (pronoun in MALE):
                return False, None
            return True, self._resolve_once(subject)
        person = self._person_at(subject)
        return person is not None, person

    # -- the rule ------------------------------------------------------------------------------
    def resolve(self, token: Token, reported: Sequence[tuple[int, int]] = ()) -> Person | None:
        """The person ``token`` (he/she/his/her ...) refers to, or None when a reader could not tell.

        ``reported`` are the content spans of the pronoun's own attribution: like a quotation, the
        words it reports ("Brexit will be hard, she said") are not the narration that names her."""
        if reported:
            self._reported = list(reported)
            try:
                return self._resolve_once(token)
            finally:
                self._reported = []
        return self._resolve_once(token)

    def _resolve_once(self, token: Token) -> Person | None:
        if token.i not in self._memo:
            self._memo[token.i] = None  # a cycle resolves to nobody
            found = self._resolve(token)
            self._memo[token.i] = found if found is not None and self._agrees(found, token.lower_) else None
        return self._memo[token.i]

    def _resolve(self, token: Token) -> Person | None:
        pronoun = token.lower_
        sent = token.sent
        subject = self._main_subject(sent, before=token.idx)
        if subject is not None and subject.i != token.i:
            if self._named_between(subject.idx + len(subject), token.idx) - self._own(subject):
                return None
            return self._subject_referent(subject, pronoun)[1]
        before = self._named_between(sent.start_char, token.idx, hidden=True)
        if len(before) > 1:
            return None
        if len(before) == 1:
            cluster = next(iter(before))
            return next(
                self._as_person(e)
                for e in self.index.inside(sent.start_char, token.idx)
                if e.attrs["cluster"] == cluster
            )
        return self._earlier(sent, pronoun, token.idx)

    @staticmethod
    def _as_person(entity: Span) -> Person:
        return int(entity.attrs["cluster"]), str(entity.attrs["canonical"])

    def _own(self, subject: Token) -> set[int]:
        person = self._person_at(subject)
        return {person[0]} if person is not None else set()

    def _earlier(self, sent: SpacySpan, pronoun: str, end: int) -> Person | None:
        """The main subject of the nearest earlier sentence of narration that names a person."""
        passed = 0
        index = sent.start - 1
        while passed < _LOOK_BACK and index >= 0:
            earlier = self.sdoc[index].sent
            index = earlier.start - 1
            if self._hidden(earlier.start_char, earlier.end_char) or not earlier.text.strip():
                continue
            passed += 1
            subject = self._main_subject(earlier)
            if subject is None:
                continue
            is_person, person = self._subject_referent(subject, pronoun)
            if not is_person:
                continue
            if person is None or self._named_between(earlier.end_char, end) - {person[0]}:
                return None
            return person
        return None

    # -- a person the text describes but does not name ----------------------------------------
    def description(self, token: Token) -> Token | None:
        """The unnamed person a pronoun stands for ("A Westgrid spokesman told us ... '...,' he said"; "Researchers
        at the university followed 212,000 adults. They found ..."): the head of the main subject of the
        pronoun's own sentence before it, else of the sentence just before, when it is a noun for people that
        agrees with the pronoun and nobody at all is named between the two.  Only for a pronoun that is itself
        the main subject outside any quotation: in "His lawyer said he would not answer", "he" is the client."""
        if token.dep_ not in _SUBJECTS or token.head.dep_ not in _MAIN or self._quoted(token.idx, token.idx + 1):
            return None
        subject = self._main_subject(token.sent, before=token.idx)
        if subject is None or subject.i == token.i:
            subject = self._previous_subject(token.sent)
        if subject is None or not _describes(subject, token.lower_):
            return None
        named_between = next(iter(self.index.inside(subject.idx, token.idx)), None)  # quoted or not
        return subject if named_between is None else None

    def _previous_subject(self, sent: SpacySpan) -> Token | None:
        """The main subject of the sentence just before (none when that one is inside a quotation)."""
        if sent.start == 0:
            return None
        earlier = self.sdoc[sent.start - 1].sent
        return None if self._hidden(earlier.start_char, earlier.end_char) else self._main_subject(earlier)


#: Nouns for people, so that a pronoun may stand for "a spokesman" or "researchers" (men and women apart).
_PEOPLE_NOUNS = frozenset(
    {
        "spokesperson", "official", "officer", "researcher", "scientist", "author", "expert", "analyst",
        "economist", "doctor", "lawyer", "prosecutor", "witness", "resident", "worker", "student", "teacher",
        "source", "aide", "adviser", "advisor", "diplomat", "engineer", "forecaster", "campaigner", "activist",
        "protester", "leader", "member", "representative", "executive", "manager", "director", "minister",
        "secretary", "chair", "president", "governor", "mayor", "senator", "judge", "investigator", "inspector",
        "nurse", "surgeon", "farmer", "owner", "employee", "staffer", "organiser", "organizer", "volunteer",
        "victim", "survivor", "parent", "neighbour", "neighbor",
    }
)  # fmt: skip
_MEN_NOUNS = frozenset({"spokesman", "chairman", "man", "father", "husband", "son", "brother", "congressman"})
_WOMEN_NOUNS = frozenset(
    {"spokeswoman", "chairwoman", "woman", "mother", "wife", "daughter", "sister", "congresswoman"}
)


def _describes(subject: Token, pronoun: str) -> bool:
    """A common noun for people that the pronoun can stand for (number and, where the noun has one, sex)."""
    lemma = subject.lemma_.lower()
    if subject.pos_ != "NOUN" or lemma not in _PEOPLE_NOUNS | _MEN_NOUNS | _WOMEN_NOUNS:
        return False
    if pronoun in {"they", "them"}:
        return subject.tag_ == "NNS"
    if subject.tag_ == "NNS":
        return False
    return not (lemma in _MEN_NOUNS and pronoun in FEMALE) and not (lemma in _WOMEN_NOUNS and pronoun in MALE)


RELATIVE = frozenset({"who", "which", "that", "whom"})


def fill_antecedents(sdoc: Doc, found: Sequence[Found]) -> None:
    """Give every relative-pronoun source the noun phrase it stands for, when the rule that found the
    attribution did not ("many of whom", a passive's "by whom"): the pronoun's clause hangs on it."""
    for item in found:
        if item.source is None or "antecedent" in item.extra:
            continue
        span = sdoc.char_span(*item.source, alignment_mode="expand")
        if span is None:
            continue
        pronouns = [t for t in span if t.lower_ in RELATIVE and t.tag_ in {"WP", "WDT", "WP$"}]
        if not pronouns:
            continue
        clause = next((t for t in pronouns[0].ancestors if t.dep_ in {"relcl", "acl"}), None)
        if clause is not None and clause.head.i < pronouns[0].i and clause.head.pos_ in {"NOUN", "PROPN", "PRON"}:
            item.extra["antecedent"] = noun_phrase(clause.head)
            if span.text.strip().lower() in RELATIVE:
                item.extra["head"] = (clause.head.idx, clause.head.idx + len(clause.head))
