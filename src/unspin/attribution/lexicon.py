"""Cue words of attribution and the stance each one signals.

Lookups are by spaCy lemma (``"revealed"`` -> ``"reveal"``), so every inflection
of a verb shares one entry.  The stance says what the *reporter* signals about
the content by choosing the verb: ``neutral`` reports it, ``endorsing`` presents
it as fact (factive verbs), ``distancing`` presents it as the source's view only,
``denial`` reports the source rejecting it.
"""

from __future__ import annotations

from typing import Final

STANCES: Final = ("neutral", "endorsing", "distancing", "denial")


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


_NEUTRAL = _words(
    """
    say tell state add note explain write report announce describe comment remark respond reply answer
    continue recall tweet post declare argue suggest predict estimate ask wonder call urge warn caution
    mention observe point indicate testify repeat reiterate speak talk discuss cite quote brief
    believe think feel fear hope expect worry doubt want wish plan intend vow promise pledge threaten
    agree complain criticize praise accuse blame charge question demand propose recommend
    conclude decide guess imagine assume suspect consider know understand learn hear read
    endorse support back defend oppose describe cite seek attack mock denounce thank highlight emphasize
    slam blast condemn joke imply stress refer speak exclaim shout quip yell scream boast muse chant whisper
    cry sigh laugh ask label dub brand deem term
    refuse decline offer prefer view see assure remind challenge encourage remember lament tout decry
    outline portray recount echo applaud favor request unveil identify compare invoke
    """
)
_ENDORSING = _words(
    "reveal admit confirm show acknowledge find prove demonstrate establish disclose verify discover "
    "realize recognize concede"
)
_DISTANCING = _words("claim allege insist purport maintain contend assert profess")
_DENIAL = _words("deny reject dismiss refute dispute deflect rebut contradict disavow")


def _build() -> dict[str, str]:
    table = dict.fromkeys(sorted(_NEUTRAL), "neutral")
    # Later tables win, so a verb listed as neutral above and factive here is factive.
    table.update(dict.fromkeys(sorted(_ENDORSING), "endorsing"))
    table.update(dict.fromkeys(sorted(_DISTANCING), "distancing"))
    table.update(dict.fromkeys(sorted(_DENIAL), "denial"))
    return table


#: lemma -> stance, for every verb that can introduce reported content.
CUE_VERBS: Final[dict[str, str]] = _build()

#: Verbs whose reported content is a ``to``-infinitive ("vowing to execute").
XCOMP_CUES: Final = _words(
    "vow promise pledge threaten plan intend want hope expect refuse decline urge agree seek claim "
    "offer propose demand ask call prefer encourage remind"
)

#: Verbs that join the cue they govern ("continued to portray", "tried to answer", "has to say"): PolNeAR
#: marks them as part of the cue more often than as a cue of their own (counts of the two on PolNeAR train).
CHAIN_VERBS: Final = _words("continue go try have need begin fail struggle use tend set attempt manage")

#: Raising verbs: "Trump's voters appeared to turn out": the subject is part of the content, not a speaker
#: (PolNeAR train: 56 of 57 for appear, 45 of 50 for seem).  The subject of any passive cue is treated alike
#: ("the plant is expected to close", "Smith was accused of fraud": 440 of 594 in the content).
RAISING_VERBS: Final = _words("seem appear")

#: Verbs whose direct object is itself the content ("denies the validity of the story").
DOBJ_CUES: Final = _words(
    "deny reject dismiss refute dispute confirm reveal announce acknowledge admit disclose predict "
    "question criticize praise rebut contradict allege endorse support back defend oppose describe cite "
    "seek attack mock denounce thank highlight emphasize slam blast condemn mention propose recall "
    "offer prefer challenge tout decry outline recount echo applaud favor request unveil invoke lament estimate"
)

#: Verbs whose content is the object of a preposition: lemma -> preposition ("called for", "referring to").
PREP_CUES: Final[dict[str, str]] = {
    "call": "for",
    "refer": "to",
    "talk": "about",
    "speak": "about",
    "point": "to",
    "ask": "about",
    "comment": "on",
    "complain": "about",
    "warn": "about",
    "worry": "about",
}

#: Verbs that name something as something ("called the plan a disaster"): content is object + predicate.
NAMING_CUES: Final = _words("call label dub brand deem term consider see view portray describe")

#: Verbs that only count when they have a clause, never on a bare object ("he called his mother").
CLAUSE_ONLY: Final = _words("call know understand learn hear read consider find show decide ask wonder guess imagine")

#: Verbs that introduce only a direct quote ("he continued: ..."), never a reported clause.
QUOTE_ONLY: Final = _words("continue")

_NOUN_TABLE = {
    "neutral": "statement remark comment suggestion argument warning promise pledge view belief hope fear "
    "concern surprise doubt opinion assessment prediction estimate announcement report",
    "endorsing": "admission confirmation revelation acknowledgment finding",
    "distancing": "claim allegation assertion insistence contention",
    "denial": "denial rejection dismissal",
}

#: Nouns that carry reported content in a ``that`` clause ("his claim that ...").
NOUN_CUES: Final[dict[str, str]] = {
    noun: stance for stance, block in _NOUN_TABLE.items() for noun in sorted(_words(block))
}

#: Light verbs whose object noun is the real cue ("expressed his surprise that ...").
LIGHT_VERBS: Final = _words("express voice make issue raise share offer repeat reiterate")


#: Heads of objects that make "attack", "support", "back", "target" physical acts rather than speech
#: ("attacked Syrian forces", "supporting their proxy armies"; PolNeAR marks "attacked Clinton's plan").
PHYSICAL_OBJECTS: Final = _words(
    "force army troop soldier militant fighter rebel militia convoy base camp town city village position "
    "building hospital school ship vessel plane aircraft jet drone embassy checkpoint refugee civilian "
    "hostage area territory region border airport port bridge road facility plant depot tank weapon"
)


def stance_of(lemma: str) -> str:
    """Stance of a cue lemma; unknown cues (``according to``, a colon) report neutrally."""
    key = lemma.lower()
    return CUE_VERBS.get(key) or NOUN_CUES.get(key) or "neutral"


def is_cue_verb(lemma: str) -> bool:
    return lemma.lower() in CUE_VERBS
