"""``doc.summary["voices"]``: who is quoted, how often, how many words each gets, with which cues."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from typing import Any

from unspin.claims.linking import Attribution, gather_attributions, shown_name
from unspin.document import Document, Span

_WORD = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:['’\-]\w+)*")  # "1,200" is one word
UNNAMED = "(unnamed)"
_DEMONSTRATIVES = frozenset({"this", "these", "those"})
#: Head nouns of topics and events: "the case raised questions" says something, nobody speaks.
_TOPICS = frozenset(
    {
        "case", "issue", "matter", "situation", "incident", "episode", "affair", "scandal", "controversy", "row",
        "saga", "decision", "move", "development", "news", "fact", "thing", "things",
    }
)  # fmt: skip
_OPENING_QUOTES = frozenset("\"“‘'«„‚")


def count_words(doc: Document, spans: Sequence[Span]) -> int:
    """Words in the union of ``spans``: an answer and a quote nested in it count once."""
    total, reach = 0, 0
    for span in sorted(spans, key=lambda s: s.start):
        start = max(span.start, reach)
        if span.end > start:
            total += len(_WORD.findall(doc.text[start : span.end]))
        reach = max(reach, span.end)
    return total


def _pooled(name: str) -> str:
    words = name.casefold().split()
    if words and words[0] in _DEMONSTRATIVES:
        return UNNAMED  # "This whole thing", "these figures": a topic, not somebody speaking
    if len(words) <= 3 and words[-1] in _TOPICS:
        return UNNAMED  # "the case", "the whole affair"
    return shown_name(name)


def quoted_words(text: str, content: Sequence[Span]) -> bool:
    """Whether a content is a quotation of its own: it opens with a quote mark, or one just before it."""
    if not content:
        return False
    start = content[0].start
    first = text[start : content[0].end].lstrip()[:1]
    before = text[:start].rstrip(" ")[-1:]
    return first in _OPENING_QUOTES or before in _OPENING_QUOTES


def own_content(text: str, attribution: Attribution, told_inside: Sequence[Attribution]) -> list[Span]:
    """The content of ``attribution`` less the quotations that another voice tells inside it.

    "Ford recalled that Jones told her: 'I never lose.'": the quote is Jones's words; Ford, who recalls
    it, is only the channel, and gets the words of her own account.  An unquoted report inside a
    content stays the teller's words: in 'Price said: "Our members want to know how ..."' all the
    words are Price's; her members said none of them."""
    if attribution.kind == "interview_question":
        return list(attribution.content)  # "Do you think ...?" asks; it tells nobody's words
    holes = sorted(
        (
            c
            for other in told_inside
            if other.source_name != attribution.source_name and quoted_words(text, other.content)
            for c in other.content
        ),
        key=lambda h: h.start,
    )
    pieces: list[Span] = []
    for part in attribution.content:
        start = part.start
        for hole in holes:
            if hole.end <= start or hole.start >= part.end:
                continue
            if hole.start > start:
                pieces.append(Span(start, hole.start, part.label))
            start = max(start, hole.end)
        if start < part.end:
            pieces.append(Span(start, part.end, part.label))
    return pieces


def _told_inside(attributions: Sequence[Attribution]) -> dict[str, list[Attribution]]:
    """For each attribution id, the attributions whose cue lies inside its content (sorted offsets, no
    pairwise scan: a long article has thousands of attributions)."""
    cued = sorted(((a.cue[0].start, a.cue[-1].end, a) for a in attributions if a.cue), key=lambda c: c[:2])
    starts = [c[0] for c in cued]
    out: dict[str, list[Attribution]] = {}
    for attribution in attributions:
        for part in attribution.content:
            for _, cue_end, other in cued[bisect_left(starts, part.start) : bisect_left(starts, part.end)]:
                if cue_end <= part.end and other.id != attribution.id:
                    out.setdefault(attribution.id, []).append(other)
    return out


#: "those people are said to have been taken ...": a report nobody is named for, passed on by whoever tells
#: it, which a fact-checker wants to see as such (an "(unnamed)" voice) even inside another voice's words.
_HEARSAY = re.compile(
    r"\b(?:said|reported|believed|alleged|rumou?red|thought|understood|known|claimed|feared|expected)\b",
    re.IGNORECASE,
)


def _hearsay(doc: Document, attribution: Attribution) -> bool:
    return any(_HEARSAY.search(doc.span_text(c)) for c in attribution.cue)


def voices(doc: Document, claims: Sequence[Span] = ()) -> list[dict[str, Any]]:
    """One entry per source, most words first.

    ``attributions`` counts attributions, ``words`` the words of their content,
    ``stances`` and ``kinds`` the cue stances and kinds used for that source,
    ``claims`` the check-worthy claims tied to it.  A quotation told inside a voice's content by
    another voice (a quote someone recalls) counts for the one quoted, not the one recalling; an
    unquoted report inside it stays the teller's words.
    Names differing only in case are one source, and so are the forms of one unresolved pronoun
    ("them" joins "they", shown as "they (unresolved)"); sources nobody named, and topics that
    "show" something ("This whole thing", "the case"), are pooled under ``(unnamed)``, unless they are
    told inside another voice's words (a passive with no agent in what someone said is part of what
    they said, not a voice) and are no hearsay ("are said to", "is reported to" stay).  Empty when the
    attribution layer is absent.
    """
    by_key: dict[str, list[Attribution]] = {}
    spelling: dict[str, str] = {}  # "They" and "they" are one voice, named as first written
    attributions = gather_attributions(doc)
    inside = _told_inside(attributions)
    nested = {a.id for told in inside.values() for a in told}
    for attribution in attributions:
        if attribution.source_name is None and attribution.id in nested and not _hearsay(doc, attribution):
            continue  # "... a trial in which participants would be asked to ...": the teller's words, no voice
        name = _pooled(attribution.source_name or UNNAMED)
        spelling.setdefault(name.casefold(), name)
        by_key.setdefault(name.casefold(), []).append(attribution)
    claim_counts = Counter(_pooled(str(c.attrs["source"])).casefold() for c in claims if c.attrs.get("source"))
    out: list[dict[str, Any]] = []
    for key, items in by_key.items():
        name = spelling[key]
        out.append(
            {
                "source": name,
                "attributions": len(items),
                "words": count_words(doc, [c for a in items for c in own_content(doc.text, a, inside.get(a.id, []))]),
                "stances": dict(Counter(a.stance for a in items).most_common()),
                "kinds": dict(Counter(a.kind for a in items).most_common()),
                "claims": claim_counts.get(key, 0),
            }
        )
    out.sort(key=lambda v: (-int(v["words"]), -int(v["attributions"]), str(v["source"])))
    return out
