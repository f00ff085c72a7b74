"""An organisation that goes on speaking as "it" or "the company" (business news' commonest voice).

"Nordlys Energy said on Thursday it would cut 1,200 jobs. The company said in a statement that the
cuts would fall mainly on its factories ... It blamed higher interest rates ..." is one voice, not
three ("Nordlys Energy", "The company", "It (unresolved)").  The resolver never guesses "it" (a
thing or a group as often as an organisation), so this pass ties such a source only where the text
leaves no choice: the last source before it resolved to an organisation, within a couple of
sentences, with no other organisation named and nobody else speaking in between, and the source
itself outside any quotation (inside a quote "it" is the speaker's business).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from unspin.attribution.model import Found
from unspin.attribution.quotes import Quote
from unspin.document import Span
from unspin.words import content_words

if TYPE_CHECKING:
    from unspin.attribution.resolve import Resolved

#: How far back (characters from the organisation's source to this one) the organisation still speaks.
REACH = 600
_ORGANISATION_NOUNS = (
    "company|firm|group|maker|manufacturer|carmaker|airline|bank|lender|insurer|retailer|operator|producer|"
    "supplier|developer|business|corporation|conglomerate|utility|chain|giant|startup|start-up|publisher|broadcaster|"
    "club|charity"
)
#: What an organisation does when it speaks.  "It refers to the share of ..." (a term) or "it's
#: supposed to curb ..." (a plan) take other verbs: measured on PolNeAR dev, those were the wrong ties.
SPEECH_LEMMAS = frozenset(
    {
        "say", "tell", "add", "announce", "state", "claim", "warn", "blame", "call", "write", "report", "project",
        "estimate", "believe", "expect", "predict", "argue", "insist", "deny", "confirm", "accuse", "urge",
        "promise", "pledge", "note", "explain", "acknowledge", "admit", "describe", "forecast", "reply", "respond",
        "comment", "decline", "criticize", "criticise", "reject", "welcome", "disclose", "reveal", "publish", "find",
    }
)  # fmt: skip
#: "it", "the company", "the Norwegian company", "the turbine maker": at most two words before the noun.
_FOLLOW_UP = re.compile(rf"it|the(?:\s+[\w-]+){{0,2}}\s+(?:{_ORGANISATION_NOUNS})", re.IGNORECASE)


def organisation_follow_ups(
    text: str,
    quotes: Sequence[Quote],
    found: Sequence[Found],
    resolved: list[Resolved],
    organisations: Sequence[Span],
    labels_of: Mapping[object, set[str]],
    cue_lemma: Callable[[Found], str | None],
    entity_of: Callable[[Span], Resolved],
    proper: Callable[[Span], bool],
) -> list[Resolved]:
    """``resolved`` with each unresolved "it" / "the company" source tied to the organisation that spoke just
    before; the first source of the text, when it is "the club" (not "it"), to the one organisation the text
    named before it ("Eastport United have apologised ... The club said ...")."""
    order = sorted((item.source[0], i) for i, item in enumerate(found) if item.source is not None)
    last: int | None = None  # the organisation that spoke last, when nobody spoke after it
    last_org: int | None = None  # the organisation that spoke last, whoever spoke after it
    for rank, (_, i) in enumerate(order):
        start, end = found[i].source or (0, 0)
        words = text[start:end].strip()
        follows = (
            not resolved[i].canonical
            and cue_lemma(found[i]) in SPEECH_LEMMAS
            and _FOLLOW_UP.fullmatch(words) is not None
            and not any(q.start <= start and end <= q.end for q in quotes)
        )
        pronoun = words.lower() == "it"
        if follows and rank == 0 and not pronoun:
            named = _organisations_named_before(text, start, found[i].content, organisations, proper)
            if len(named) == 1:
                resolved[i] = entity_of(named[0])
        # "it" follows only the organisation that spoke last; "the club" may follow it past a person
        # who spoke in between ("... chief executive Fiona Marsh said ... The club said ..."), never
        # past another organisation named.
        anchor, reach = (last, REACH) if pronoun else (last_org, 3 * REACH)
        if follows and anchor is not None and not pronoun and _other_kind(resolved[anchor].canonical, words):
            anchor = None  # "Southgate Crown Court heard ... the bank said": a court is no bank
        if follows and anchor is not None and not resolved[i].canonical:
            previous_end = (found[anchor].source or (0, 0))[1]
            other = any(
                previous_end <= o.start < start and o.attrs.get("cluster") != resolved[anchor].cluster
                for o in organisations
            )
            if not other and start - previous_end <= reach:
                resolved[i] = resolved[anchor]
        speaks_as_organisation = bool(resolved[i].canonical) and "ORG" in labels_of.get(resolved[i].cluster, set())
        last = i if speaks_as_organisation else None
        last_org = i if speaks_as_organisation else last_org
    return resolved


def _other_kind(name: str | None, follow_up: str) -> bool:
    """The organisation's name says it is a body of another kind than the follow-up's noun: "Southgate
    Crown Court" is no "the bank", "Riverside Council" no "the company"."""
    kind = (name or "").split()[-1:]
    return bool(kind) and _BODY_KIND.fullmatch(kind[0]) is not None and kind[0].lower() != follow_up.split()[-1].lower()


def _organisations_named_before(
    text: str,
    start: int,
    content: Sequence[tuple[int, int]],
    organisations: Sequence[Span],
    proper: Callable[[Span], bool],
) -> list[Span]:
    """The distinct organisations named shortly before ``start`` by a proper name of several words or an
    acronym ("Eastport United", "BBC"; "Households" tagged ORG is none), outside what is reported."""
    named: dict[object, Span] = {}
    for o in organisations:
        name = text[o.start : o.end]
        if (
            o.end <= start
            and start - o.end <= 2 * REACH
            and proper(o)
            and (" " in name or name.isupper())
            and not any(a <= o.start and o.end <= b for a, b in content)
        ):
            named.setdefault(o.attrs.get("cluster"), o)
    return list(named.values())


def headline_sources(
    text: str, title: tuple[int, int] | None, found: Sequence[Found], resolved: list[Resolved]
) -> list[Resolved]:
    """A headline's source is the body's source of the same report: "Central bank ... warns inflation fight
    'not over'" is the Bank of England that "warned that the fight against inflation was 'not over'".

    An unresolved source inside the title takes the resolution (or, unresolved, the words) of the body
    attribution whose content shares the most content words with its own, when that is at least two
    words and 60 % of the headline content's."""
    if title is None:
        return resolved
    inside = [
        i for i, f in enumerate(found) if f.source and title[0] <= f.source[0] < title[1] and not resolved[i].canonical
    ]
    body = [j for j, f in enumerate(found) if f.source and f.source[0] >= title[1]]
    for i in inside:
        own = content_words(" ".join(text[a:b] for a, b in found[i].content))
        if len(own) < 2:
            continue
        shared = {j: len(own & content_words(" ".join(text[a:b] for a, b in found[j].content))) for j in body}
        best = max(shared, key=lambda j: (shared[j], -j), default=None)
        if best is None or shared[best] < max(2, 0.6 * len(own)):
            continue
        if resolved[best].canonical:
            resolved[i] = resolved[best]
        else:  # shown in the body source's words, which come after it
            found[i].extra["antecedent"] = found[best].extra.get("antecedent") or found[best].source
            found[i].extra["headline"] = True
    return resolved


#: Bodies a text names in full once and then as "the council", "the ministry": the noun ends the name.
_BODY_NOUNS = (
    "council|ministry|department|agency|authority|union|party|court|committee|board|commission|university|"
    "hospital|school|museum|police|service|trust|foundation|institute|association|federation|league|club"
)
_BODY_FOLLOW_UP = re.compile(rf"the(?:\s+[\w-]+){{0,2}}\s+(?P<noun>{_BODY_NOUNS})", re.IGNORECASE)
_BODY_KIND = re.compile(_BODY_NOUNS, re.IGNORECASE)


def named_body_follow_ups(
    text: str,
    quotes: Sequence[Quote],
    found: Sequence[Found],
    resolved: list[Resolved],
    organisations: Sequence[Span],
    entity_of: Callable[[Span], Resolved],
) -> list[Resolved]:
    """``resolved`` with each unresolved "the council" source tied to the one organisation named before it
    whose name ends in that noun ("Riverside Council has admitted ... the council said"), when no other
    organisation or group is named between the two (after "The Green Party won ... The Conservatives
    blamed ...", "The party said" is the Conservatives').  Two councils named before it leave it
    unresolved, and so does a source inside a quotation.  ``organisations`` are the ORG and NORP mentions."""
    for i, item in enumerate(found):
        if item.source is None or resolved[i].canonical:
            continue
        start, end = item.source
        match = _BODY_FOLLOW_UP.fullmatch(text[start:end].strip())
        if match is None or any(q.start <= start and end <= q.end for q in quotes):
            continue
        noun = match["noun"].lower()
        named: dict[object, Span] = {}  # each body's last mention before the source
        for o in organisations:
            words = text[o.start : o.end].split()
            if o.end <= start and len(words) > 1 and words[-1].lower() == noun and o.label == "ORG":
                named[o.attrs.get("cluster")] = o
        if len(named) != 1:
            continue
        body = next(iter(named.values()))
        if not any(body.end <= o.start < start and o.attrs.get("cluster") != body.attrs.get("cluster")
                   for o in organisations):  # fmt: skip
            resolved[i] = entity_of(body)
    return resolved
