"""Coreference-light: group entity mentions into clusters and resolve a mention to one.

No model, a few rules that hold in news text:

* a person's surname (or a shorter part of the name) joins the cluster of the fuller
  name ("Putin" -> "Vladimir Putin"); when two people of the text share it ("Bill Clinton",
  "Hillary Clinton"), the bare "Clinton" is nobody's for sure and stays a voice of its own;
* a title-only description ("the Russian President") joins the person last introduced
  with that title ("Russian President Vladimir Putin", "President Putin");
* other names cluster by a normalised key: "the United States", "US" and "U.S." through
  the alias lists in :mod:`unspin.resources`, acronyms ("Syrian Democratic Forces" /
  "SDF"), possessives and a leading "the" stripped;
* :func:`resolve_mention` maps any span (a name, a title description, a pronoun) to a
  cluster: personal pronouns take the closest person named before them (gender is not
  tracked), and "I"/"we" inside an interview turn take the turn's speaker.

The canonical name of a cluster is its longest proper name, without title or "the"; a
listed organisation or place also counts its listed name ("US" -> "United States").
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from unspin.document import Document, Span
from unspin.entity_index import PersonIndex, SpanIndex, WordSetIndex
from unspin.resources import alias_groups, word_list

#: Entity types whose mentions name something (the rest, dates and numbers, cluster by text).
NAME_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
SELF_PRONOUNS = frozenset({"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves"})
#: "Donald Trump" is not "Donald Trump Jr.": a generational suffix keeps two people apart.
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_ACRONYM_SKIP = frozenset({"of", "the", "and", "for", "in", "on", "de"})
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


@dataclass(slots=True)
class Mention:
    """One entity mention while the entities stage builds its layer."""

    start: int
    end: int
    label: str
    kind: str = "name"  # "name", "title" (a description such as "the Russian President") or "speaker"
    titles: tuple[str, ...] = ()  # lower-cased titles written in front of a person's name
    cluster: int = -1


@cache
def title_words() -> frozenset[str]:
    """Lower-cased words of the shipped titles ("president", "prime", "minister", ...)."""
    return frozenset(word.lower() for title in word_list("titles") for word in title.split())


@cache
def alias_keys() -> Mapping[str, str]:
    """Normalised alias -> normalised canonical name, over outlets, organisations and places."""
    table: dict[str, str] = {}
    for name in ("outlets", "organisations", "places"):
        for group in alias_groups(name):
            canonical = normalise(group[0].removeprefix("LOC:"))
            for alias in group:
                table.setdefault(normalise(alias.removeprefix("LOC:")), canonical)
    return table


@cache
def listed_names() -> Mapping[str, str]:
    """Normalised canonical name -> its spelling in the word lists ("united states" -> "United States")."""
    return {
        normalise(group[0].removeprefix("LOC:")): group[0].removeprefix("LOC:")
        for name in ("outlets", "organisations", "places")
        for group in alias_groups(name)
    }


def normalise(name: str) -> str:
    """Key of a non-person name: no leading "the", no possessive, no dots, lower case."""
    name = _POSSESSIVE.sub("", _LEADING_THE.sub("", name.strip()))
    return " ".join(name.replace(".", "").split()).lower()


def acronym(name: str) -> str:
    """Initials of the capitalised words: "Syrian Democratic Forces" -> "sdf" ("" for one word)."""
    words = [w for w in _LEADING_THE.sub("", name).split() if w.lower() not in _ACRONYM_SKIP]
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return ""
    return "".join(w[0] for w in words).lower()


def person_words(name: str) -> tuple[str, ...]:
    """Name words of a person mention without titles or possessive: ("Vladimir", "Putin")."""
    words = [_POSSESSIVE.sub("", w) for w in name.split()]
    return tuple(w for w in words if w and w.lower().strip(".") not in title_words())


def display_name(text: str, mention: Mention) -> str:
    """The mention as a canonical-name candidate: no title, no "the", no possessive."""
    surface = text[mention.start : mention.end]
    if mention.label == "PERSON":
        return " ".join(person_words(surface))
    return " ".join(_POSSESSIVE.sub("", _LEADING_THE.sub("", surface.strip())).split())


class _Clusters:
    def __init__(self) -> None:
        self.count = 0

    def new(self) -> int:
        self.count += 1
        return self.count - 1


def _cluster_people(text: str, people: list[Mention], ids: _Clusters) -> None:
    """Full names first, then a shorter mention joins the fuller name containing it; when two
    people of the text share it ("Clinton" beside "Bill Clinton" and "Hillary Clinton") it is
    nobody's for sure: such mentions form a cluster of their own, named as written."""
    by_word: dict[str, list[tuple[frozenset[str], Mention]]] = {}  # a name word -> names holding it
    shared: dict[frozenset[str], int] = {}  # a name part two people share -> its own cluster
    for mention in sorted(people, key=lambda m: (-len(person_words(text[m.start : m.end])), m.start)):
        words = frozenset(w.lower() for w in person_words(text[mention.start : mention.end]))
        if not words:
            continue
        candidates = by_word.get(next(iter(words)), [])
        matches = [m for key, m in candidates if words <= key and not (key - words) & _NAME_SUFFIXES]
        people_matched = {m.cluster for m in matches if m.cluster not in shared.values()}
        if len(people_matched) > 1:
            mention.cluster = shared.setdefault(words, ids.new())
        elif matches:
            mention.cluster = next(iter(people_matched)) if people_matched else matches[0].cluster
        else:
            mention.cluster = ids.new()
        for word in words:
            by_word.setdefault(word, []).append((words, mention))


#: The words after a company's own name ("Nordlys Energy", "Vestas Wind Systems", "Acme Holdings plc"); the
#: people stage also reads them: "Nordlys Energy said" is a company, not a person named Energy.
COMPANY_WORDS = frozenset(
    {
        "energy", "group", "holdings", "bank", "capital", "partners", "industries", "systems", "technologies",
        "motors", "motor", "airlines", "airline", "airways", "pharmaceuticals", "pharma", "inc", "ltd", "plc",
        "corp", "corporation", "company", "co", "llc", "international", "foods", "oil", "gas", "petroleum",
        "power", "mining", "steel", "telecom", "telecoms", "insurance", "securities", "financial", "resources",
        "chemicals", "electric", "electronics", "software", "logistics", "shipping", "ventures", "investments",
        "wind", "solar", "solutions", "semiconductor", "robotics", "aerospace",
    }
)  # fmt: skip


def _cluster_names(text: str, names: list[Mention], ids: _Clusters) -> None:
    """Cluster non-person names by normalised key, alias table and acronym."""
    aliases = alias_keys()
    by_key: dict[str, int] = {}
    keyed = []
    for mention in names:
        key = normalise(text[mention.start : mention.end])
        keyed.append((mention, aliases.get(key, key), acronym(text[mention.start : mention.end])))
    for _mention, key, _ in keyed:
        if key not in by_key:
            by_key[key] = ids.new()
    for _mention, key, initials in keyed:  # "Syrian Democratic Forces" takes over "SDF"
        if initials and initials in by_key and initials != key:
            by_key[initials] = by_key[key]
    # "Nordlys" after "Nordlys Energy": an organisation's first word alone is that organisation, when
    # exactly one longer organisation name is that word and company words ("CNN" is no short form of
    # "CNN Communications", nor of a headline tagged ORG; "Apple" none of "Apple Music").
    organisations = {key for mention, key, _ in keyed if mention.label == "ORG"}
    for mention, key, _ in keyed:
        name = text[mention.start : mention.end]
        if mention.label == "ORG" and " " not in key and not name.isupper():
            longer = {k for k in organisations if k.startswith(key + " ") and set(k.split()[1:]) <= COMPANY_WORDS}
            if len(longer) == 1:
                by_key[key] = by_key[longer.pop()]
    for mention, key, _ in keyed:
        mention.cluster = by_key[key]


def resolve_titles(mentions: Sequence[Mention]) -> None:
    """Give each title description the cluster of the person last introduced with that title.

    The same title wins over a longer or shorter one: "the president" goes to the last
    "President X" before any "Fox News President Y"; "the Russian President" to the last
    "Russian President X", else to a "President X".
    """
    people = [m for m in mentions if m.label == "PERSON" and m.kind == "name" and m.titles]
    for mention in mentions:
        if mention.kind != "title" or not mention.titles:
            continue
        wanted = mention.titles[0]
        before = [p for p in people if p.start < mention.start]
        exact = [p for p in before if wanted in p.titles]  # "the president" prefers "President Trump"
        close = exact or [p for p in before if any(_title_matches(wanted, title) for title in p.titles)]
        mention.cluster = close[-1].cluster if close else -1


def _title_matches(wanted: str, title: str) -> bool:
    """One title ends the other: "russian president" ~ "president", "prime minister" ~ "hungarian prime
    minister"; but "us president" is not "russian president"."""
    return title == wanted or title.endswith(" " + wanted) or wanted.endswith(" " + title)


def cluster_mentions(text: str, mentions: list[Mention]) -> dict[int, str]:
    """Assign ``cluster`` to every mention (titles left unresolved stay -1); returns canonical names."""
    mentions.sort(key=lambda m: (m.start, m.end))
    ids = _Clusters()
    people = [m for m in mentions if m.label == "PERSON" and m.kind != "title"]
    _cluster_people(text, people, ids)
    _cluster_names(text, [m for m in mentions if m.label != "PERSON"], ids)
    resolve_titles(mentions)
    names: dict[int, list[str]] = {}
    in_body: set[str] = set()  # names written below the first line (the headline)
    headline_end = text.find("\n") if "\n" in text else len(text)
    for mention in mentions:
        if mention.cluster >= 0 and mention.kind != "title":
            candidates = _name_candidates(text, mention)
            names.setdefault(mention.cluster, []).extend(candidates)
            if mention.start > headline_end:
                in_body.update(candidates)
    canonical: dict[int, str] = {}
    for cluster, candidates in names.items():
        # The longest name, but a transcript's "BAXTER:" never beats a "Baxter" written in the text.
        kept = [n for n in candidates if n in in_body or not _overrun(n, candidates)] or candidates
        canonical[cluster] = max(kept, key=_name_rank)  # the first of equals, in text order
    return _renumber(mentions, canonical)


def _overrun(name: str, names: list[str]) -> bool:
    """A headline's name that runs two words or more past another name of its cluster: the title-case
    "Stacey Abrams Ends Challenges" beside the body's "Stacey Abrams" (a name written in the body, like
    "Aung San Suu Kyi", is a name whatever its length)."""
    words = name.split()
    return any(len(words) - len(other.split()) >= 2 and name.startswith(other + " ") for other in names)


def _name_rank(name: str) -> tuple[bool, int]:
    return (name != name.upper(), len(name))


def _name_candidates(text: str, mention: Mention) -> list[str]:
    """The mention's own name, after the word lists' spelling of it ("US" -> "United States" first).

    The listed spelling comes first so that it wins a tie, and every document names a
    listed organisation or place the same way (what corpus statistics group by).
    """
    own = display_name(text, mention)
    if mention.label == "PERSON":
        return [own]
    listed = listed_names().get(alias_keys().get(normalise(own), ""))
    return [listed, own] if listed else [own]


def _renumber(mentions: list[Mention], canonical: dict[int, str]) -> dict[int, str]:
    """Cluster ids in order of first mention, 0, 1, 2, ..."""
    order: dict[int, int] = {}
    for mention in mentions:
        if mention.cluster >= 0 and mention.cluster not in order:
            order[mention.cluster] = len(order)
    for mention in mentions:
        mention.cluster = order.get(mention.cluster, -1)
    return {order[old]: name for old, name in canonical.items() if old in order}


# -- resolving a mention after the entities stage ---------------------------------------------


def _entity_result(span: Span) -> tuple[int, str] | None:
    cluster, canonical = span.attrs.get("cluster"), span.attrs.get("canonical")
    if isinstance(cluster, int) and isinstance(canonical, str):
        return cluster, canonical
    return None


class _EntityLookup:
    """The entities and turns of one document, indexed (see :mod:`unspin.entity_index`)."""

    def __init__(self, doc: Document, entities: Sequence[Span]) -> None:
        self.entities = entities
        self.index = SpanIndex(entities)
        self.turns = SpanIndex(doc.layer("turns"))
        self.people = PersonIndex(entities, _speaker_labels(doc))
        self.person_words = WordSetIndex()
        self.last_by_key: dict[str, int] = {}
        keys = alias_keys()
        for position, entity in enumerate(entities):
            canonical = str(entity.attrs.get("canonical", ""))
            if entity.label == "PERSON":
                self.person_words.add(position, {w.lower() for w in canonical.split()})
            else:
                key = normalise(canonical)
                self.last_by_key[keys.get(key, key)] = position

    @classmethod
    def of(cls, doc: Document) -> _EntityLookup:
        """The lookup of ``doc``'s current entities layer (built once, kept in ``doc.cache``)."""
        entities = doc.layer("entities")
        lookup = doc.cache.get("entity_lookup")
        if not isinstance(lookup, _EntityLookup) or lookup.entities is not entities:
            lookup = doc.cache["entity_lookup"] = cls(doc, entities)
        return lookup


def _named_inside(lookup: _EntityLookup, start: int, end: int) -> Span | None:
    """The entity at ``[start, end)``: covering it, or the last name inside it (the head comes last)."""
    covering = list(lookup.index.covering(start, end))
    if covering:
        return min(covering, key=lambda e: e.end - e.start)
    inside = [e for e in lookup.index.inside(start, end) if e.label in NAME_TYPES]
    people = [e for e in inside if e.label == "PERSON"] or inside
    return max(people, key=lambda e: e.end) if people else None


def _speaker_labels(doc: Document) -> set[tuple[int, int]]:
    return {
        (t.attrs["speaker_start"], t.attrs["speaker_end"]) for t in doc.layer("turns") if "speaker_start" in t.attrs
    }


def _turn_speaker(lookup: _EntityLookup, offset: int) -> tuple[int, str] | None:
    turn = lookup.turns.containing(offset)
    if turn is None:
        return None
    label = _named_inside(lookup, turn.attrs["speaker_start"], turn.attrs["speaker_end"])
    if label is not None:
        return _entity_result(label)
    return _by_name(lookup, str(turn.attrs.get("speaker", "")))


def _by_name(lookup: _EntityLookup, name: str) -> tuple[int, str] | None:
    """The last entity named ``name``: a person whose canonical name has all its words, or another
    entity with the same alias key."""
    words = frozenset(w.lower() for w in person_words(name))
    best = lookup.person_words.last_with_all(words)
    key = normalise(name)
    if key:
        best = max(best, lookup.last_by_key.get(alias_keys().get(key, key), -1))
    return _entity_result(lookup.entities[best]) if best >= 0 else None


def resolve_mention(doc: Document, start: int, end: int) -> tuple[int, str] | None:
    """``(cluster, canonical)`` of the entity that ``doc.text[start:end]`` refers to, or None.

    A name or title description found by the entities stage resolves to its cluster;
    "he"/"she"/"his"... to the closest person named before (speaker labels of an
    interview skipped); "I"/"we"/"my"... inside an interview turn to its speaker; any
    other text to the cluster whose name it matches.  None means no referent was found.
    """
    lookup = _EntityLookup.of(doc)
    words = doc.text[start:end].strip()
    # An all-capital word of two or more letters is an acronym ("US"), never the pronoun "us".
    lowered = "" if len(words) > 1 and words.isupper() else words.lower()
    if lowered in SELF_PRONOUNS:
        return _turn_speaker(lookup, start)
    if lowered in PERSON_PRONOUNS:
        before = lookup.people.last_before(start)
        return _entity_result(before) if before is not None else None
    found = _named_inside(lookup, start, end)
    if found is not None:
        return _entity_result(found)
    return _by_name(lookup, words) if words else None
