"""A description that stands for a person the text has named: "the senator", "the former mayor".

A reader ties "the former mayor" to Michael R. Bloomberg because the text said so earlier:
"Michael R. Bloomberg, the former mayor of New York", "Mayor Bill de Blasio", "Sen. Ted Cruz",
"The minister of the economy, Mr. Guajardo Villarreal".  So every person mention collects the
role nouns the parse ties to it (a title or noun written in front of the name, an apposition on
either side), and a description whose head noun is such a role takes the person who had that role
last before it, provided only one person had it (two senators named before "the senator" leave it
unresolved).  Only the head noun is compared: "the former mayor" is whoever was a mayor.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from unspin.document import Span

#: Abbreviated titles as the role noun they stand for; "justice" and "judge" are one role.
_ABBREVIATIONS = {
    "sen": "senator",
    "sens": "senator",
    "rep": "representative",
    "reps": "representative",
    "gov": "governor",
    "gen": "general",
    "lt": "lieutenant",
    "sec": "secretary",
    "secy": "secretary",
    "pres": "president",
    "supt": "superintendent",
    "justice": "judge",
    "congressman": "representative",
    "congresswoman": "representative",
}
_ROLE_DEPS = frozenset({"compound", "appos", "nmod", "amod"})
_DETERMINERS = frozenset({"the", "this", "that"})
#: "A State Department spokesman", "another official": an indefinite description brings in someone new,
#: never a person named before (the Kremlin spokesman of the previous paragraph is not the State
#: Department's), so it stays as written.
_INDEFINITES = frozenset({"a", "an", "another", "one", "some"})

Person = tuple[int, str]  # (cluster, canonical)


def role_of(token: Token) -> str:
    """A role noun in one spelling: "Sen." -> "senator", "Justice" -> "judge"; an age, "77-year-old"."""
    if token.lower_ == "old" and any(c.lower_ in {"year", "years"} for c in token.children):
        return "".join(t.text for t in token.subtree if t.dep_ != "det").lower()  # "77-year-old"
    word = token.lemma_.lower().strip(".")
    return _ABBREVIATIONS.get(word, word)


class Descriptions:
    """The roles the text gives each person, in text order, for resolving descriptions."""

    def __init__(self, sdoc: Doc, entities: Sequence[Span]) -> None:
        self.roles: list[tuple[int, str, Person, frozenset[str]]] = []  # (offset, role, person, role's names)
        self.names: dict[int, Person] = {}  # token index -> the person its name belongs to
        for entity in entities:
            cluster, canonical = entity.attrs.get("cluster"), entity.attrs.get("canonical")
            if entity.label != "PERSON" or not isinstance(cluster, int) or not canonical:
                continue
            span = sdoc.char_span(entity.start, entity.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            person = (cluster, str(canonical))
            for token in span:
                self.names[token.i] = person
            for role, names in _roles(span.root, range(span.start, span.end)).items():
                self.roles.append((entity.start, role, person, names))
        for token in sdoc:  # "Amara Okafor stayed. The 54-year-old surgeon had run ...": later, "the surgeon"
            if token.pos_ == "NOUN" and (aged := self._aged_subject(token)) is not None:
                self.roles.append((token.idx, role_of(token), aged, role_names(token)))
        self.roles.sort(key=lambda role: role[0])

    def resolve(self, head: Token) -> Person | None:
        """The one person who had ``head``'s role before it, or None."""
        for child in head.children:  # "The minister of the economy, Mr. Guajardo Villarreal,"
            if child.dep_ == "appos" and child.i in self.names and not any(c.dep_ == "conj" for c in child.children):
                return self.names[child.i]
        if head.pos_ not in {"NOUN", "ADJ"} or not any(
            c.lower_ in _DETERMINERS or c.dep_ == "poss" for c in head.children
        ):
            return None
        if any(c.lower_ in _INDEFINITES and c.dep_ in {"det", "nummod"} for c in head.children):
            return None
        role, names = role_of(head), role_names(head)
        people = {
            person
            for offset, had, person, had_names in self.roles
            if had == role and offset < head.idx and not (names and had_names and not names & had_names)
        }
        if len(people) == 1:
            return people.pop()
        return self._aged_subject(head) if not people else None

    def _aged_subject(self, head: Token) -> Person | None:
        """ "Gregor Havel has never held office. The 61-year-old shipping magnate announced ...": a
        description with an age that opens the sentence after one naming a single person is that person
        (the news habit of a second reference); anything less certain stays unresolved."""
        aged = any(c.pos_ == "ADJ" and role_of(c).endswith("-year-old") for c in head.children)
        sentence = head.sent
        if not aged or head.dep_ not in {"nsubj", "nsubjpass"} or sentence.start == 0:
            return None
        previous = head.doc[sentence.start - 1].sent
        named = {self.names[t.i] for t in previous if t.i in self.names}
        return named.pop() if len(named) == 1 else None

    def resolve_headline(self, head: Token) -> Person | None:
        """A headline's bare role ("Minister defends fuel tax rise"): the one person the article gives
        that role anywhere (a headline sums up what follows it), or None when none or several."""
        if head.pos_ not in {"NOUN", "PROPN"} or any(c.dep_ in {"compound", "poss", "amod"} for c in head.children):
            return None
        role = role_of(head)
        people = {person for offset, had, person, _ in self.roles if had == role and offset > head.idx}
        return people.pop() if len(people) == 1 else None


def role_names(head: Token) -> frozenset[str]:
    """The names of the body a role noun is tied to: {"kremlin"} for "Kremlin spokesman", {"state",
    "department"} for "the State Department spokesman"; empty for "the spokesman".  Places are left out:
    "the New Mexico district attorney" may be the "Taos County District Attorney" named before."""
    words = [c for c in head.children if c.dep_ == "compound"]
    words += [g for c in words for g in c.children if g.dep_ == "compound"]
    return frozenset(w.lower_ for w in words if w.pos_ == "PROPN" and w.ent_type_ not in _PLACE_TYPES)


_PLACE_TYPES = frozenset({"GPE", "LOC", "NORP"})


def _roles(root: Token, inside: range) -> dict[str, frozenset[str]]:
    """Role nouns written around a name ("Sen.", "Republican presidential nominee", ", the former mayor of
    ...") with the proper names each is tied to ("Kremlin" in "Kremlin spokesman Dmitry Orlov")."""
    roles: dict[str, frozenset[str]] = {}

    def add(role: str, names: frozenset[str] = frozenset()) -> None:
        roles[role] = roles.get(role, frozenset()) | names

    for child in root.children:
        if child.i in inside:
            continue
        if child.dep_ == "appos" and child.like_num and child.text.isdigit() and 1 < int(child.text) < 120:
            add(f"{child.text}-year-old")  # "Anna Berg, 64, said": "the 64-year-old" later
            continue
        if child.dep_ not in _ROLE_DEPS:
            continue
        if child.pos_ in {"NOUN", "PROPN"} and (child.dep_ == "appos" or child.i < root.i):
            add(role_of(child), role_names(child))
        elif child.pos_ == "ADJ" and child.i < root.i and role_of(child).endswith("-old"):
            add(role_of(child))  # "the 77-year-old Bernie Sanders"
        for c in child.children:
            if c.dep_ in {"compound", "conj", "amod"} and c.pos_ == "NOUN":
                add(role_of(c), role_names(c) | (role_names(child) if child.pos_ == "PROPN" else frozenset()))
            elif c.pos_ == "ADJ" and role_of(c).endswith("-old"):
                add(role_of(c))
    if root.dep_ == "appos" and root.head.pos_ in {"NOUN", "PROPN"}:
        add(role_of(root.head), role_names(root.head))  # "The minister of the economy, Mr. Guajardo Villarreal"
    return {r: n for r, n in roles.items() if r.replace("-", "").isalnum() and not r.isdigit()}  # "77-year-old" too


#: Things that carry someone's words: "a Bloomberg poll", "Ivana Trump's brief", "an analysis released by
#: the Department of Veterans Affairs" speak for whoever made them.  (A campaign, a government or an
#: administration is a body of its own, not its leader's words: "Clinton's campaign" stays unresolved.)
DOCUMENTS = frozenset(
    {
        "poll", "survey", "report", "statement", "brief", "submission", "filing", "letter", "memo", "tweet",
        "post", "column", "editorial", "op-ed", "book", "website", "study", "analysis", "ruling", "opinion",
        "lawsuit", "complaint", "ad", "advertisement", "email", "release", "transcript", "documentary", "film",
    }
)  # fmt: skip


def maker_of(head: Token) -> Token | None:
    """The word naming who made a document ``head`` ("Bloomberg" in "a Bloomberg poll", "her" in "her
    submission", "Department" in "released by the Department of ..."), or None."""
    if head.lemma_.lower() not in DOCUMENTS:
        return None
    for child in head.children:
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            return child
    for child in head.children:
        clause = child if child.dep_ == "acl" else None  # "an analysis released by ..."
        for holder in (child, *(clause.children if clause is not None else ())):
            if holder.dep_ == "agent" or (holder.dep_ == "prep" and holder.lower_ == "by"):
                return next((t for t in holder.children if t.dep_ == "pobj"), None)
    return None


#: Bodies named after a person ("the Clinton campaign", "her campaign", "the Obama administration")
#: or a country ("the Saudi government"): a voice of their own, named "Clinton campaign", never the
#: person or the country alone.
PERSON_BODIES = frozenset({"campaign", "administration", "camp", "team", "office"})
COUNTRY_BODIES = frozenset({"government", "military", "army", "embassy"})


def body_owner(head: Token) -> Token | None:
    """The word ``head``'s body is named after ("Clinton" in "Hillary Clinton's campaign", "her" in
    "her campaign", "Saudi" in "the Saudi government"), or None when ``head`` is no such body."""
    noun = head.lemma_.lower()
    if noun not in PERSON_BODIES | COUNTRY_BODIES:
        return None
    for child in head.children:
        if (
            child.dep_ in {"poss", "compound", "amod", "nmod"}
            and child.i < head.i
            and child.pos_ in {"PROPN", "PRON", "ADJ"}
        ):
            if any(c.dep_ == "conj" for c in child.children):
                return None  # "the Obama and Biden administrations"
            return child
    return None
