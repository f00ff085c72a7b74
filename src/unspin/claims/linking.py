"""Tie a claim to who stands behind it, and say how: asserted, denied, questioned or merely reported.

Pure functions over a :class:`~unspin.document.Document`'s ``attributions`` and
``turns`` layers (either may be missing) and its metadata.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from unspin.document import Document, Span
from unspin.words import content_words

#: Cue kinds through which a writer passes on someone else's words rather than quoting them.
REPORTING_KINDS = frozenset({"indirect", "according_to", "mixed"})
INTERVIEW_KINDS = frozenset({"interview_answer", "interview_question"})

# A clause that denies something itself, whoever says it ("It is not true that ...").
_DENIAL = re.compile(
    r"\b(?:deny|denies|denied|denying)\b"
    r"|\b(?:is|was|it's|that's)\s+(?:not\s+true|untrue|false|a\s+lie|fake\s+news)\b"
    r"|\bno\s+(?:evidence|truth|basis)\b"
    r"|\b(?:never\s+happened|baseless|unfounded|groundless)\b",
    re.IGNORECASE,
)


#: Relative and interrogative pronouns: without the noun they stand for, no name a reader could use.
_PRONOUNS_NAMING_NOBODY = frozenset(
    {"who", "which", "that", "whom", "whose", "what"}
    # "Nobody wants to put bills up", "Everyone knows ...": no one in particular speaks
    | {"nobody", "no one", "everyone", "everybody", "someone", "somebody", "anyone", "anybody", "none"}
)
#: A phrase headed by these is anybody at all ("Anyone with eyes can see ..."); "someone close to the
#: minister" is an anonymous source and stays.
_GENERIC_HEADS = frozenset({"anyone", "anybody", "everyone", "everybody", "nobody"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution of the layer, its roles gathered under its id."""

    id: str
    kind: str
    stance: str
    source_name: str | None
    content: tuple[Span, ...] = field(default_factory=tuple)
    cue: tuple[Span, ...] = field(default_factory=tuple)
    cue_words: str = ""

    def overlap(self, start: int, end: int) -> int:
        return sum(max(0, min(end, c.end) - max(start, c.start)) for c in self.content)

    def content_length(self) -> int:
        return sum(c.end - c.start for c in self.content)


class Attributions(list[Attribution]):
    """:func:`gather_attributions`' result: a list that also finds, by bisection, the attributions whose
    content overlaps a range (scanning all of them for every claim costs claims x attributions)."""

    _envelopes: tuple[list[int], list[int], list[int], int] | None = None

    def overlapping(self, start: int, end: int) -> list[Attribution]:
        """The attributions with content overlapping ``[start, end)``, in list order."""
        if self._envelopes is None:
            found = sorted(
                (min(c.start for c in a.content), max(c.end for c in a.content), i)
                for i, a in enumerate(self)
                if a.content
            )
            longest = max((e - s for s, e, _ in found), default=0)
            self._envelopes = ([s for s, _, _ in found], [e for _, e, _ in found], [i for _, _, i in found], longest)
        starts, ends, positions, longest = self._envelopes
        hits = [
            positions[k]
            for k in range(bisect_left(starts, start - longest), bisect_left(starts, end))
            if ends[k] > start
        ]
        return [self[i] for i in sorted(hits)]


def gather_attributions(doc: Document) -> Attributions:
    """Attributions of the document's layer (empty when the layer is absent)."""
    roles: dict[str, dict[str, list[Span]]] = {}
    first: dict[str, Span] = {}
    for span in doc.layer("attributions"):
        key = str(span.attrs.get("id", ""))
        roles.setdefault(key, {}).setdefault(span.label, []).append(span)
        first.setdefault(key, span)
    out = Attributions()
    for key, parts in roles.items():
        attrs = first[key].attrs
        out.append(
            Attribution(
                id=key,
                kind=str(attrs.get("kind", "indirect")),
                stance=str(attrs.get("stance", "neutral")),
                source_name=source_name(doc, attrs, parts.get("source", [])),
                content=tuple(parts.get("content", [])),
                cue=tuple(parts.get("cue", [])),
                cue_words=" ".join(doc.span_text(c) for c in parts.get("cue", [])),
            )
        )
    return out


#: A relative clause or description set off after the source's noun ("The association, which represents
#: 4,000 households,"): the reader is shown the noun, the clause stays in the source span.
#: What a source's words add after a comma about the source, not its name: a relative clause ("Japan,
#: which claims the islands"), or how it spoke ("A ministry official, speaking on condition of anonymity").
_RELATIVE_CLAUSE = re.compile(
    r",\s+(?:which|who|whom|whose|that|speaking|citing|asking|requesting|declining)\b.*$", re.DOTALL
)


#: An unresolved pronoun source is pooled under its subject form ("them" and "they" are one voice).
_SUBJECT_FORM = {
    "them": "they",
    "their": "they",
    "him": "he",
    "his": "he",
    "her": "she",
    "us": "we",
    "our": "we",
    "me": "I",
}
_PERSONAL_PRONOUNS = frozenset({"they", "he", "she", "it", "we", "i", "you"})
UNRESOLVED_MARK = " (unresolved)"


def shown_name(name: str) -> str:
    """A source name as reports show it: a bare pronoun left as a source is one the resolver could
    not tie to anyone (a resolved one carries its name), so it says so ("they (unresolved)") rather
    than stand in a voices table as if it were a name."""
    pooled = _SUBJECT_FORM.get(name.casefold(), name)
    return f"{pooled}{UNRESOLVED_MARK}" if pooled.casefold() in _PERSONAL_PRONOUNS else pooled


def source_name(doc: Document, attrs: Mapping[str, object], sources: Sequence[Span]) -> str | None:
    """The resolved canonical name, else the words of the noun a relative pronoun stands for, else the
    source words, else ``None`` (nobody named; also a bare "who" whose noun is unknown)."""
    resolved = attrs.get("resolved")
    if isinstance(resolved, str) and resolved.strip():
        return resolved.strip()
    start, end = attrs.get("antecedent_start"), attrs.get("antecedent_end")
    if isinstance(start, int) and isinstance(end, int) and end > start:
        return doc.text[start:end].strip()  # "which" is shown as the noun it stands for: "the Saudi government"
    words = _RELATIVE_CLAUSE.sub("", " ".join(doc.span_text(s).strip() for s in sources)).strip(" ,;:")
    if words.casefold() in _PRONOUNS_NAMING_NOBODY:
        return None  # a "who" whose noun was not found ("Who didn't see this coming?") names nobody
    first = words.split(maxsplit=1)[0].casefold() if words else ""
    if first in _GENERIC_HEADS:
        return None
    return words or None


#: An attribution whose content covers this share of a claim can speak for it.
MOSTLY = 0.6


_EVIDENCE_CUE = re.compile(r"\b(?:show|suggest|indicate|prove|demonstrate|confirm|reveal)\w*$", re.IGNORECASE)


def _evidence_of_a_thing(attribution: Attribution) -> bool:
    """An unresolved "it"/"they" that shows or suggests something: findings, figures, a report, not a voice."""
    source = (attribution.source_name or "").casefold()
    return source in {"it", "they", "them"} and bool(_EVIDENCE_CUE.search(attribution.cue_words))


def best_attribution(attributions: Sequence[Attribution], start: int, end: int) -> Attribution | None:
    """The narrowest attribution whose content covers most (MOSTLY) of ``[start, end)``: a claim inside an
    interview answer that says "those people are said to have ..." is passed on, not asserted; else the one
    covering the most of it (the narrower on a tie)."""
    candidates = attributions.overlapping(start, end) if isinstance(attributions, Attributions) else attributions
    covering = [(covered, a) for a in candidates if (covered := a.overlap(start, end)) > 0]
    mostly = [a for covered, a in covering if covered >= MOSTLY * (end - start)]
    if mostly:
        narrowest = min(mostly, key=lambda a: a.content_length())
        named = [a for a in mostly if not _evidence_of_a_thing(a)]
        if _evidence_of_a_thing(narrowest) and named:
            # "Greenpeace said they showed governments were ...": "they" are the findings, Greenpeace claims it
            return min(named, key=lambda a: a.content_length())
        return narrowest
    if not covering:
        return None
    return max(covering, key=lambda pair: (pair[0], -pair[1].content_length()))[1]


def turn_at(doc: Document, start: int, end: int) -> Span | None:
    """The interview turn containing ``[start, end)``, if any."""
    for turn in doc.layer("turns"):
        if turn.start <= start and end <= turn.end:
            return turn
    return None


def default_source(doc: Document) -> str | None:
    """Who stands behind unattributed text: the authors, else the outlet."""
    authors = doc.metadata.get("authors")
    if isinstance(authors, list) and authors:
        return ", ".join(str(a) for a in authors)
    outlet = doc.metadata.get("outlet")
    return str(outlet) if outlet else None


@dataclass(frozen=True, slots=True)
class Link:
    """Who stands behind a claim, through which attribution, and the claim's stance."""

    attribution: str | None
    source: str | None
    stance: str


def link_claim(doc: Document, attributions: Sequence[Attribution], start: int, end: int) -> Link:
    """Source and stance of the claim ``doc.text[start:end]``."""
    text = doc.text[start:end]
    turn = turn_at(doc, start, end)
    speaker = str(turn.attrs.get("speaker")) if turn is not None and turn.attrs.get("speaker") else None
    attribution = best_attribution(attributions, start, end)
    if attribution is not None and attribution.source_name is not None:
        source: str | None = shown_name(attribution.source_name)
    elif attribution is not None and speaker is None:
        source = None  # words the text gives someone it does not name: not the author's, whoever wrote it
    else:
        source = speaker or default_source(doc)
    return Link(
        attribution=attribution.id if attribution is not None else None,
        source=source,
        stance=claim_stance(text, attribution, speaker, source),
    )


def claim_stance(text: str, attribution: Attribution | None, speaker: str | None, source: str | None) -> str:
    """``denied`` > ``questioned`` > ``reported`` > ``asserted`` (first rule that applies)."""
    if (attribution is not None and attribution.stance == "denial") or _DENIAL.search(text):
        return "denied"
    if text.rstrip().rstrip("\"'”’)").endswith("?"):
        return "questioned"
    if (
        attribution is not None
        and attribution.kind in REPORTING_KINDS
        and (attribution.source_name is None or is_third_party(source, speaker))
    ):
        return "reported"  # someone else's words, or words nobody is named for ("are said to")
    return "asserted"


def is_third_party(source: str | None, speaker: str | None) -> bool:
    """A named source other than the person speaking (in an interview turn) is a third party."""
    if source is None:
        return False
    return speaker is None or source.casefold() != speaker.casefold()


# The content of a denial that points back at something already told ("denies the validity of the
# story", "rejected these claims", "denied it") rather than stating what is denied.
BACK_REFERENCE = re.compile(
    r"^(?:(?:the|any|all)\s+)?(?:(?:validity|truth|accuracy|veracity|substance)\s+of\s+)?"
    r"(?:the|this|that|these|those|such|its|their|his|her|any)?\s*"
    r"(?:(?:media|news|press|latest|recent|earlier|original)\s+)?"
    r"(?:story|stories|report|reports|claim|claims|allegation|allegations|accusation|accusations|charge|charges|"
    r"account|accounts|version|reporting|it|this|that|them)\s*[.!]?$",
    re.IGNORECASE,
)
_JUST_SAID = re.compile(r"^(?:it|this|that|these|those|them)\s*[.!]?$", re.IGNORECASE)


def just_said(content: str) -> bool:
    """A denial of "this" or "it" answers the sentence just before it, listed as a claim or not."""
    return bool(_JUST_SAID.match(content.strip()))


#: How far back (characters) a denial's "the story" may reach for the claim it disputes.
DISPUTE_REACH = 2500


@dataclass(frozen=True, slots=True)
class Dispute:
    """An attribution with a denial cue that contradicts a claim told earlier."""

    attribution: str
    source: str | None
    cue: str

    def as_dict(self) -> dict[str, str | None]:
        return {"attribution": self.attribution, "source": self.source, "cue": self.cue}


def disputed_claims(
    doc: Document, attributions: Sequence[Attribution], claims: Sequence[Span], *, most_checkworthy: bool = False
) -> dict[int, list[Dispute]]:
    """``{claim index: [disputes]}``: which claims a denial in the text contradicts.

    Only claims that end before the denial's cue, within :data:`DISPUTE_REACH` characters, are
    candidates.  A denial whose content points back ("denies the validity of the story") disputes
    the nearest of them (with ``most_checkworthy``, the one with the highest score, the nearest
    of equals: among unlisted sentences "the story" is the newsworthy one, not whatever sentence
    happens to stand last before the denial); one that says what it denies ("denied that its jets bombed the
    hospital") disputes the candidate holding most of its content words (at least
    :data:`SAME_WORDS` of them, and three).  A claim that holds the denial itself is denied, not
    disputed, and is never its own target.
    """
    found: dict[int, list[Dispute]] = {}
    for attribution in attributions:
        if attribution.stance != "denial" or not attribution.cue or not attribution.content:
            continue
        cue_start = min(c.start for c in attribution.cue)
        before = [
            i for i, claim in enumerate(claims) if claim.end <= cue_start and cue_start - claim.end <= DISPUTE_REACH
        ]
        content = " ".join(doc.span_text(c).strip() for c in attribution.content).strip()
        if just_said(content):  # "Northgate denied this": what was said last
            target = max(before, key=lambda i: claims[i].end, default=None)
        elif BACK_REFERENCE.match(content):
            named = _speech_named(content, [(i, doc.span_text(claims[i])) for i in before])
            target = max(named or before, key=lambda i: _back_reference_rank(claims[i], most_checkworthy), default=None)
        else:
            target = _restated(content, [(i, doc.span_text(claims[i])) for i in before])
        if target is not None:
            cue = " ".join(doc.span_text(c).strip() for c in attribution.cue)
            found.setdefault(target, []).append(Dispute(attribution.id, attribution.source_name, cue))
    return found


def _back_reference_rank(claim: Span, most_checkworthy: bool) -> tuple[float, int]:
    """How strongly a claim is "the story" a denial points back at (higher wins)."""
    return ((claim.score or 0.0) if most_checkworthy else 0.0, claim.end)


#: A back reference that names the act it answers ("rejected the accusation", "denied the allegations")
#: and the word stem that act is told with: the claim it answers is one that accuses, alleges, claims.
_SPEECH_ACTS = {"accusation": "accus", "allegation": "alleg", "claim": "claim", "charge": "charg"}


def _speech_named(content: str, candidates: Sequence[tuple[int, str]]) -> list[int]:
    """The candidates told with the act a back reference names ("Washington rejected the accusation":
    the sentence in which Moscow accused it), or none when it names no act or no candidate has one."""
    noun = next((n for n in _SPEECH_ACTS if re.search(rf"\b{n}s?\b", content, re.IGNORECASE)), None)
    if noun is None:
        return []
    stem = re.compile(rf"\b{_SPEECH_ACTS[noun]}\w*", re.IGNORECASE)
    return [i for i, text in candidates if stem.search(text)]


#: Share of a denial's content words an earlier claim must hold to be the claim it denies.
SAME_WORDS = 0.6


def _restated(content: str, candidates: Sequence[tuple[int, str]]) -> int | None:
    """The candidate claim that holds most of ``content``'s words, if it holds enough of them."""
    words = content_words(content)
    if len(words) < 3:
        return None
    best = max(candidates, key=lambda pair: (len(words & content_words(pair[1])), pair[0]), default=None)
    if best is None or len(words & content_words(best[1])) < SAME_WORDS * len(words):
        return None
    return best[0]
