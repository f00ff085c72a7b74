"""The ``entities`` stage: spaCy's named entities, fixed by rules, clustered.

Fixes that hold beyond one article:

* news outlets (the document's own outlet and :mod:`unspin.resources` ``outlets``) and
  known organisations (Daesh, Hezbollah, SDF, NATO, ...) are ORG, never PERSON or GPE;
* known places are GPE (LOC for regions), and a PERSON right after a place preposition
  ("in", "near", "a town called") becomes GPE unless the name is a person elsewhere;
* person spans lose titles in front ("Professor") and verbs or lower-case words spaCy
  glued to the end ("Vladimir Putin revealed");
* interview speaker labels are entities (the outlet ORG, a person PERSON);
* title descriptions ("the Russian President", "the former governor") become PERSON mentions
  of the person last introduced with that title;
* listed events and laws (``events``: Brexit, Obamacare, ...) are EVENT, never a person;
* names the small model mislabels or misses are found from how the text uses them
  (:mod:`unspin.stages.people`: "Nadia Okafor ... remembers" is a person, not an ORG).

Each span carries ``cluster`` and ``canonical`` (see :mod:`unspin.coref`, which also
provides :func:`resolve_mention`, re-exported here).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import cache
from typing import TYPE_CHECKING

from unspin.config import Config
from unspin.coref import Mention, cluster_mentions, person_words, resolve_mention, title_words
from unspin.document import Document, Span
from unspin.errors import PipelineError
from unspin.nlp import DATELINE, doc_text
from unspin.pipeline import register
from unspin.resources import word_list
from unspin.stages import people

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

__all__ = ["entities", "resolve_mention"]

_CONTAINER_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"})
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|near|into|towards|toward|outside|across|throughout)\s+(?:the\s+)?"
    r"|\b(?:town|city|village|province|region|district|governorate|port|capital)\s+(?:of|called)\s+)$",
    re.IGNORECASE,
)
_TITLE_LOOKBACK = 80
_DETERMINERS = frozenset({"the", "a", "an", "this", "that"})
_TITLE_MODIFIERS = frozenset({"former", "then", "late", "current", "outgoing", "incoming", "acting"})


@cache
def _gazetteer() -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over every listed outlet, organisation, place and event; lower-cased name -> label.

    Matching ignores case ("Infowars" / "InfoWars") except for acronyms ("US" is not
    "us"); :func:`_gazetteer_mentions` keeps only matches that start with a capital.
    """
    labels: dict[str, str] = {}
    for entry in word_list("places"):
        name = entry.removeprefix("LOC:")
        labels.setdefault(name, "LOC" if entry.startswith("LOC:") else "GPE")
    for entry in (*word_list("outlets"), *word_list("organisations")):
        labels[entry] = "ORG"
    for entry in word_list("events"):
        labels[entry] = "EVENT"
    alternatives = [_case_pattern(a) for a in sorted(labels, key=len, reverse=True)]
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")
    return pattern, {name.lower(): label for name, label in labels.items()}


def _case_pattern(name: str) -> str:
    is_acronym = name.replace(".", "").isupper() and len(name) <= 6
    return re.escape(name) if is_acronym else f"(?i:{re.escape(name)})"


@cache
def _title_pattern() -> re.Pattern[str]:
    """ "the [former ][Adjective ]{0,2}Title" not followed by a name ("the Russian President", "the former
    governor")."""
    titles = sorted((t for t in word_list("titles") if not t.endswith(".")), key=len, reverse=True)
    alternation = "|".join(re.escape(t) for t in titles)
    return re.compile(
        rf"\b[Tt]he\s+(?:(?:former|then|late|current|outgoing|incoming|acting)\s+)?"
        rf"(?P<title>(?:[A-Z][\w\-]*\s+){{0,2}}(?i:{alternation}))\b(?!\s+[A-Z])(?!-)",
    )


def _spacy_doc(doc: Document) -> Doc:
    spacy_doc: Doc | None = doc.cache.get("spacy")
    if spacy_doc is None or doc_text(spacy_doc) != doc.text:
        raise PipelineError(
            "the entities stage needs doc.cache['spacy'] holding a parse of the text; run segment first"
        )
    return spacy_doc


def _trim_person(ent: SpacySpan) -> tuple[int, int] | None:
    """Token range of the name inside a PERSON span: titles in front, verbs/lower-case words after, dropped."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while end > start and (
        doc[end - 1].pos_ in {"VERB", "AUX", "PART"} or doc[end - 1].is_lower or doc[end - 1].is_quote
    ):
        end -= 1
    while start < end and doc[start].lower_.strip(".") in title_words():
        start += 1
    return (start, end) if end > start else None


def _titles_before(text: str, start: int) -> tuple[str, ...]:
    """Lower-cased title written just before a name: "Russian President" -> ("russian president",);
    "former governor Raymond Whitfield" -> ("former governor",) (a title may be lower case)."""
    before = text[max(0, start - _TITLE_LOOKBACK) : start]
    match = re.search(r"((?:[A-Za-z][\w.\-]*\s+){1,4})$", before)
    if match is None:
        return ()
    words = match.group(1).split()
    for i in range(len(words)):
        if all(w.lower().strip(".") in title_words() for w in words[i:]) and words[i:]:
            lead = [
                w
                for w in words[:i]
                if (w[0].isupper() or w.lower() in _TITLE_MODIFIERS)
                and w.lower().strip(".") not in title_words() | _DETERMINERS
            ]
            return (" ".join(w.lower() for w in [*lead[-2:], *words[i:]]),)
    return ()


def clause_pieces(ent: SpacySpan) -> list[SpacySpan]:
    """An entity cut at each comma whose two sides the parse does not join: such a comma ends a
    clause, not a name ("According to a new report by Politico, Democratic party insiders ..."
    gave one ORG "Politico, Democratic party").  The parts of a name with a comma in it
    ("Washington, D.C.", "Apple, Inc.", "Smith, Jones and Partners") hang on each other."""
    doc, pieces, start = ent.doc, [], ent.start
    commas = [i for i in range(ent.start + 1, ent.end - 1) if doc[i].text == ","]
    for i in commas:
        before, after = range(start, i), range(i + 1, ent.end)
        joined = any(doc[j].head.i in after for j in before) or any(doc[j].head.i in before for j in after)
        if not joined:
            pieces.append(doc[start:i])
            start = i + 1
    pieces.append(doc[start : ent.end])
    return pieces


def spacy_mentions(doc: Document, spacy_doc: Doc) -> list[Mention]:
    """spaCy entities as mentions (cut at clause commas), person spans trimmed to the name."""
    mentions = []
    for ent, label in ((piece, whole.label_) for whole in spacy_doc.ents for piece in clause_pieces(whole)):
        if label != "PERSON":
            mentions.append(Mention(ent.start_char, ent.end_char, label))
            continue
        trimmed = _trim_person(ent)
        if trimmed is None:
            continue
        span = spacy_doc[trimmed[0] : trimmed[1]]
        mentions.append(
            Mention(span.start_char, span.end_char, "PERSON", titles=_titles_before(doc.text, span.start_char))
        )
    return mentions


def _gazetteer_mentions(text: str, outlet: str | None) -> list[Mention]:
    pattern, labels = _gazetteer()
    found = [
        Mention(m.start(), m.end(), labels[m.group().lower()]) for m in pattern.finditer(text) if m.group()[0].isupper()
    ]
    if outlet:
        own = re.compile(r"(?<![\w-])" + re.escape(outlet) + r"(?![\w-])")
        found.extend(Mention(m.start(), m.end(), "ORG") for m in own.finditer(text))
    return found


class MentionIndex:
    """Mentions sorted by start, for overlap queries in logarithmic time (long texts have thousands)."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.items = sorted(mentions, key=lambda m: m.start)
        self.starts = [m.start for m in self.items]
        self.longest = max((m.end - m.start for m in self.items), default=0)

    def overlapping(self, start: int, end: int) -> list[Mention]:
        i = bisect_left(self.starts, start - self.longest)
        out = []
        while i < len(self.items) and self.starts[i] < end:
            if self.items[i].end > start:
                out.append(self.items[i])
            i += 1
        return out

    def add(self, mention: Mention) -> None:
        i = bisect_right(self.starts, mention.start)
        self.items.insert(i, mention)
        self.starts.insert(i, mention.start)
        self.longest = max(self.longest, mention.end - mention.start)

    def remove(self, mention: Mention) -> None:
        i = bisect_left(self.starts, mention.start)
        while self.items[i] is not mention:
            i += 1
        del self.items[i], self.starts[i]


def _apply_rule(index: MentionIndex, rule: Mention) -> None:
    """Let a listed name override the spaCy mentions it overlaps (see the module docstring)."""
    overlapping = index.overlapping(rule.start, rule.end)
    for other in overlapping:
        longer = (
            other.start <= rule.start and rule.end <= other.end and (other.end - other.start) > (rule.end - rule.start)
        )
        inside_name = other.label == "PERSON" and other.start < rule.start  # "Michael J. Fox" is no outlet
        if longer and (
            other.label in _CONTAINER_LABELS or other.label == rule.label or rule.label != "ORG" or inside_name
        ):
            return  # "the University of Sydney" keeps "Sydney"; "George Washington" stays a person
    for other in overlapping:
        index.remove(other)
        if other.label == "PERSON" and other.start == rule.start and other.end > rule.end:
            # "Sputnik Tim Anderson" -> ORG "Sputnik" + PERSON "Tim Anderson"
            index.add(Mention(rule.end + 1, other.end, "PERSON", titles=other.titles))
    index.add(rule)


def _relabel_places(text: str, mentions: list[Mention]) -> None:
    """PERSON after a place preposition becomes GPE, unless it is the surname of a fuller name elsewhere."""
    people = [m for m in mentions if m.label == "PERSON"]
    for mention in people:
        if not _PLACE_BEFORE.search(text, max(0, mention.start - 40), mention.start):
            continue
        if re.match(r"['’]s\b", text[mention.end : mention.end + 3]):
            continue  # "in Putin's view"
        name = text[mention.start : mention.end]
        named_elsewhere = any(name in text[p.start : p.end].split()[1:] for p in people)
        if not named_elsewhere:
            mention.label = "GPE"


def _relabel_surnames(text: str, mentions: list[Mention], listed: frozenset[tuple[int, int]]) -> None:
    """A one-word name that is a person's name is that person: "Orban's office", "the Trump campaign".

    ORG and NORP take any word of a person's name; a GPE only a surname of a fuller name
    (one stray PERSON "Washington" must not turn the city into a person).
    """
    people = [person_words(text[m.start : m.end]) for m in mentions if m.label == "PERSON"]
    any_word = {w for words in people for w in words}
    surnames = {w for words in people for w in words[1:]}
    for mention in mentions:
        if mention.label not in {"ORG", "GPE", "NORP"} or (mention.start, mention.end) in listed:
            continue
        words = person_words(text[mention.start : mention.end])
        if len(words) == 1 and words[0] in (surnames if mention.label == "GPE" else any_word):
            mention.label = "PERSON"


def _relabel_listed_surnames(text: str, spacy_doc: Doc, mentions: list[Mention]) -> None:
    """A listed one-word organisation that is the surname of a person the text names in full is that
    person where it stands as a noun of its own: "Michael R. Bloomberg ... Bloomberg said" is one voice,
    "a Bloomberg poll" (a modifier) stays the outlet."""
    surnames = {
        words[-1]
        for words in (person_words(text[m.start : m.end]) for m in mentions if m.label == "PERSON")
        if len(words) > 1
    }
    for mention in mentions:
        if mention.label != "ORG" or text[mention.start : mention.end] not in surnames:
            continue
        span = spacy_doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and len(span) == 1 and span[0].dep_ not in {"compound", "amod", "nmod"}:
            mention.label = "PERSON"


def _speaker_mentions(doc: Document, outlets: frozenset[str], mentions: list[Mention]) -> list[Mention]:
    """Speaker labels: an outlet is ORG; another name keeps spaCy's label, or is PERSON when spaCy saw none."""
    spacy_labels = {(m.start, m.end): m.label for m in mentions}
    out = []
    for turn in doc.layer("turns"):
        start, end = turn.attrs.get("speaker_start"), turn.attrs.get("speaker_end")
        if not isinstance(start, int) or not isinstance(end, int) or end - start < 2:
            continue  # "Q" / "A" name nobody
        if doc.text[start:end].lower() in outlets:
            out.append(Mention(start, end, "ORG", kind="speaker"))
        else:
            out.append(Mention(start, end, spacy_labels.get((start, end), "PERSON"), kind="speaker"))
    return out


def title_mentions(text: str, spacy_doc: Doc, taken: MentionIndex) -> list[Mention]:
    """ "the Russian President" as a PERSON description (not where a name already stands).

    The parse rules out a title word used as an adjective or modifier ("the general public").
    """
    out = []
    for match in _title_pattern().finditer(text):
        start, end = match.start("title"), match.end("title")
        if any(m.label == "PERSON" for m in taken.overlapping(start, end)):
            continue
        head = spacy_doc.char_span(start, end, alignment_mode="expand")
        if head is None or len(head) == 0 or head[-1].pos_ == "ADJ" or head[-1].dep_ in {"compound", "amod"}:
            continue
        out.append(
            Mention(match.start(), end, "PERSON", kind="title", titles=(" ".join(match["title"].lower().split()),))
        )
    return out


def _within_one_line(text: str, mention: Mention) -> Mention | None:
    """The mention trimmed of outer whitespace and cut to its longest line (a name never spans a line break)."""
    start, end = mention.start, mention.end
    pieces = []
    for line in re.finditer(r"[^\n]+", text[start:end]):
        piece = line.group()
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            pieces.append((start + line.start() + left, start + line.start() + right))
    if not pieces:
        return None
    mention.start, mention.end = max(pieces, key=lambda p: p[1] - p[0])
    return mention


def _dateline_place(text: str, mention: Mention) -> Mention:
    """A wire dateline the model tagged with its dash ("WASHINGTON -" as ORG) is the place the story was
    filed: the place's name alone, a GPE."""
    dateline = DATELINE.match(text, mention.start)
    at_line_start = mention.start == 0 or text[mention.start - 1] == "\n"
    if dateline is None or not at_line_start or mention.end > dateline.end():
        return mention
    name = text[mention.start : mention.end].rstrip(" -–—")
    if name and name.upper() == name:
        mention.end, mention.label = mention.start + len(name), "GPE"
    return mention


def find_mentions(doc: Document, spacy_doc: Doc) -> list[Mention]:
    """Every entity mention of the document, rules applied, not yet clustered."""
    outlet = doc.metadata.get("outlet") if isinstance(doc.metadata.get("outlet"), str) else None
    outlets = frozenset(n.lower() for n in word_list("outlets")) | ({outlet.lower()} if outlet else set())
    mentions = [m for m in (_within_one_line(doc.text, m) for m in spacy_mentions(doc, spacy_doc)) if m is not None]
    mentions = [_dateline_place(doc.text, m) for m in mentions]
    rules = [*_gazetteer_mentions(doc.text, outlet), *_speaker_mentions(doc, outlets, mentions)]
    index = MentionIndex(mentions)
    for rule in rules:
        _apply_rule(index, rule)
    mentions = index.items
    listed = frozenset((r.start, r.end) for r in rules)
    people.relabel_speaking_names(doc.text, spacy_doc, mentions, listed)
    for mention in people.full_name_mentions(doc.text, spacy_doc, mentions):
        index.add(mention)
    for mention in people.bare_surname_mentions(doc.text, spacy_doc, mentions):
        index.add(mention)
    _relabel_places(doc.text, mentions)
    _relabel_surnames(doc.text, mentions, listed)
    people.relabel_first_names(doc.text, spacy_doc, mentions, listed)
    _relabel_listed_surnames(doc.text, spacy_doc, mentions)
    people.relabel_company_names(doc.text, mentions, listed)
    descriptions = title_mentions(doc.text, spacy_doc, index)
    # a description swallows the adjective spaCy tagged inside it ("Russian" in "the Russian President")
    swallowed = {
        id(m) for d in descriptions for m in index.overlapping(d.start, d.end) if d.start <= m.start and m.end <= d.end
    }
    return [*(m for m in mentions if id(m) not in swallowed), *descriptions]


@register("entities", requires=("sentences",), assigns=("entities",), reads=("turns",))
def entities(doc: Document, config: Config) -> Document:
    """Named entities with ``cluster`` and ``canonical`` attributes."""
    mentions = find_mentions(doc, _spacy_doc(doc))
    canonical = cluster_mentions(doc.text, mentions)
    spans = [
        Span(m.start, m.end, m.label, attrs={"cluster": m.cluster, "canonical": canonical.get(m.cluster, "")})
        for m in mentions
        if m.cluster >= 0
    ]
    doc.set_layer("entities", _deduplicated(spans))
    return doc


def _deduplicated(spans: list[Span]) -> list[Span]:
    seen: set[tuple[int, int]] = set()
    out = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if (span.start, span.end) not in seen:
            seen.add((span.start, span.end))
            out.append(span)
    return out
