"""People the small NER model mislabels or misses, found from how the text uses their names.

spaCy's small English model knows common Anglo names; an unfamiliar one ("Nadia Okafor", "Ivo
Stanek", "Havel") comes out as ORG or GPE, or not at all, and then no voice resolves to it.  Two
rules, each on evidence the sentence itself gives:

* a two- or three-word name that the parse makes the subject of a speech verb ("Nadia Okafor ...
  remembers", "Havel's campaign manager, Ivo Stanek, dismissed") is a person, unless a word of it
  names an organisation ("Lakeport University said");
* a capitalised pair "Gregor Havel" is a person's name when its last word, standing alone, is the
  subject of a speech verb elsewhere ("Havel told a trade magazine"); the one-word mentions then
  follow it (:func:`unspin.stages.entities._relabel_surnames`);
* a surname standing alone where the model tagged nothing ("Okafor disputes that figure") is the
  person the text named in full ("Dr. Amara Okafor"), when the parse reads it as a proper noun of its
  own (not a modifier: "the Okafor family") and no one else the text names has that surname.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from unspin.attribution.lexicon import CUE_VERBS
from unspin.coref import COMPANY_WORDS, Mention, title_words

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Words that make a name an organisation's or a place's, whatever verb it takes.
ORG_WORDS = frozenset(
    {
        "university", "college", "school", "academy", "council", "ministry", "department", "party", "union",
        "group", "company", "corporation", "corp", "inc", "ltd", "llc", "plc", "association", "institute",
        "agency", "bank", "court", "committee", "commission", "bureau", "office", "foundation", "fund", "times",
        "post", "news", "press", "church", "army", "navy", "police", "club", "society", "center", "centre",
        "authority", "board", "league", "federation", "alliance", "coalition", "front", "movement", "network",
        "service", "services", "airlines", "airways", "international", "county", "city", "state", "states",
        "government", "assembly", "parliament", "senate", "congress", "house", "team", "labs", "media", "holdings",
        "partners", "capital", "republic", "kingdom", "federal", "national", "hospital", "trust", "channel",
        "radio", "tv", "television", "journal", "magazine", "review", "herald", "tribune", "gazette", "daily",
        "weekly"
    }
) | COMPANY_WORDS  # fmt: skip
_SUBJECT = frozenset({"nsubj", "nsubjpass"})
#: Labels the small model gives unfamiliar names ("Teresa Alvarez told reporters" came out WORK_OF_ART).
_MISTAKEN = frozenset({"ORG", "GPE", "LOC", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT"})
_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?$")
_PAIR = re.compile(r"(?<![\w.])([A-Z][a-z]+(?:-[A-Z][a-z]+)?) ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w-])")


def _words(name: str) -> list[str]:
    return re.findall(r"[\w'’-]+", name.replace("''", " "))


def _speaks(token: Token) -> bool:
    """The token is the subject of a speech verb, or a name set beside such a subject ("his manager, Ivo
    Stanek, dismissed")."""
    if token.dep_ in _SUBJECT and token.head.lemma_.lower() in CUE_VERBS:
        return True
    head = token.head
    return token.dep_ == "appos" and head.dep_ in _SUBJECT and head.head.lemma_.lower() in CUE_VERBS


def _looks_like_a_name(words: list[str]) -> bool:
    return all(
        _NAME_WORD.match(w) and w.lower() not in ORG_WORDS and w.lower().strip(".") not in title_words() for w in words
    )


def relabel_speaking_names(
    text: str, spacy_doc: Doc, mentions: list[Mention], listed: frozenset[tuple[int, int]]
) -> None:
    """A multi-word name of proper nouns (tagged ORG, GPE, WORK_OF_ART, ...) that is the subject of a
    speech verb is a person."""
    for mention in mentions:
        if mention.label not in _MISTAKEN or (mention.start, mention.end) in listed:
            continue
        words = text[mention.start : mention.end].split()
        titled = len(words) >= 2 and words[0].lower().strip(".") in title_words()
        if titled:
            words = words[1:]  # "Mrs Pike said": a title and a surname are a person
        if not (1 if titled else 2) <= len(words) <= 3 or not _looks_like_a_name(words):
            continue
        span = spacy_doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and len(span) and all(t.pos_ == "PROPN" for t in span) and _speaks(span.root):
            mention.label = "PERSON"  # every word a proper noun: "Many Americans have heard" is no name


def full_name_mentions(text: str, spacy_doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "Gregor Havel" where no mention stands, when "Havel" alone speaks elsewhere in the text."""
    speaking: set[str] = set()
    for mention in mentions:
        name = text[mention.start : mention.end]
        span = spacy_doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if mention.label == "NORP" or " " in name or not _NAME_WORD.match(name):
            continue  # "Americans" speak as a group, not as someone's surname
        if span is not None and len(span) == 1 and _speaks(span[0]):
            speaking.add(name)
    named = {
        text[m.start : m.end].split()[-1] for m in mentions if m.label == "PERSON" and " " in text[m.start : m.end]
    }
    speaking -= named  # someone already has that surname in full: a second full name would split them
    if not speaking:
        return []
    taken = sorted((m.start, m.end) for m in mentions if " " in text[m.start : m.end])
    out = []
    for match in _PAIR.finditer(text):
        (start, end), first, last = match.span(), match.group(1), match.group(2)
        if last not in speaking or not _looks_like_a_name([first, last]):
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        pair = spacy_doc.char_span(start, end, alignment_mode="expand")
        if pair is None or not all(t.pos_ == "PROPN" for t in pair):
            continue  # "Many Havels", "Dear Havel": a word before the name that is no name
        out.append(Mention(start, end, "PERSON"))
    return out


def relabel_first_names(text: str, spacy_doc: Doc, mentions: list[Mention], listed: frozenset[tuple[int, int]]) -> None:
    """A one-word GPE or DATE that is the first name or the surname of a person the text names in full,
    and the subject of its clause, is that person: "Gregor has created 3,000 jobs", "May told the
    Commons" (the month, to the model); "in Jordan", "in May" stay a place and a date."""
    names = [_words(text[m.start : m.end]) for m in mentions if m.label == "PERSON"]
    first_names = {words[0] for words in names if len(words) > 1}
    surnames = {words[-1] for words in names if len(words) > 1}
    for mention in mentions:
        if mention.label not in {"GPE", "DATE"} or (mention.start, mention.end) in listed:
            continue
        word = text[mention.start : mention.end]
        if word not in (first_names if mention.label == "GPE" else first_names | surnames):
            continue
        span = spacy_doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and len(span) == 1 and span[0].dep_ in _SUBJECT:
            mention.label = "PERSON"


def bare_surname_mentions(text: str, spacy_doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """ "Okafor" where no mention stands, when one person of the text is named in full with that surname:
    without it, "She says ..." after "Okafor disputes that figure." skips her for the last woman named."""
    full = [_words(text[m.start : m.end]) for m in mentions if m.label == "PERSON"]
    owners: dict[str, set[str]] = {}
    for words in full:
        if len(words) > 1 and _looks_like_a_name(words[-1:]):
            owners.setdefault(words[-1], set()).add(" ".join(words))
    surnames = {name for name, people in owners.items() if len(people) == 1}
    if not surnames:
        return []
    taken = sorted((m.start, m.end) for m in mentions)
    out = []
    for match in re.finditer(r"(?<![\w.'’-])(" + "|".join(map(re.escape, sorted(surnames))) + r")(?![\w-])", text):
        if any(s < match.end() and match.start() < e for s, e in taken):
            continue
        span = spacy_doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if span is not None and len(span) == 1 and span[0].pos_ == "PROPN" and not _modifies(span[0]):
            out.append(Mention(match.start(), match.end(), "PERSON"))
    return out


def _modifies(token: Token) -> bool:
    """The name modifies a noun ("the Okafor family"); a bare root the parser took for that noun ("Okafor
    disputes that figure": "disputes" as a noun) is the name's verb, and the name stands on its own."""
    if token.dep_ not in {"compound", "amod", "nmod"}:
        return False
    head = token.head
    return head.dep_ != "ROOT" or any(c.dep_ in {"det", "poss"} for c in head.children)


#: Company words that are seldom anyone's surname ("Power", "Steel", "Wind" are): a "person" ending in
#: one is a company the small model mistook ("Halden Pharma", "Nordlys Energy").
_FIRM_ENDINGS = COMPANY_WORDS - {"power", "steel", "wind", "solar", "oil", "gas", "electric", "motor", "co"}


def relabel_company_names(text: str, mentions: list[Mention], listed: frozenset[tuple[int, int]]) -> None:
    """A PERSON of two or three words ending in a company word is an organisation, and so is its
    first word standing alone ("Halden Pharma ... Halden declined to comment")."""
    firms: set[str] = set()
    for mention in mentions:
        words = _words(text[mention.start : mention.end])
        candidate = mention.label == "PERSON" and (mention.start, mention.end) not in listed and 2 <= len(words) <= 3
        if candidate and words[-1].lower() in _FIRM_ENDINGS and _NAME_WORD.match(words[0]):
            mention.label = "ORG"
            firms.add(words[0])
    for mention in mentions:
        if mention.label == "PERSON" and text[mention.start : mention.end] in firms:
            mention.label = "ORG"
