"""Put the rules together: reported speech, direct quotes, interview turns.

Order matters: the parse-based rules run first; quotes they cover are absorbed
into their content (marks included); quotes left over look for a cue verb in
their own sentence, then continue the attribution just before them ("...," said
Caddell. "It is one of the things ..."), and only long ones stand alone without a
named source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from unspin.attribution import learnt
from unspin.attribution.lexicon import CUE_VERBS, stance_of
from unspin.attribution.model import Found, Offsets
from unspin.attribution.quotes import Quote, find_quotes, headline_quotes, inner_quotes
from unspin.attribution.rules import (
    according_to,
    cue_offsets,
    doc_text,
    inserted_cues,
    label_colons,
    noun_cues,
    source_of,
    verb_cues,
)
from unspin.coref import title_words
from unspin.document import Span

#: A quote of fewer words is a scare quote or a title, not speech.
MIN_QUOTE_WORDS = 3
#: A quote with no cue near it stands alone (source unknown) only from this many words.
MIN_FREE_QUOTE_WORDS = 8
_WORD = re.compile(r"\w")
#: A quote continues the quoted attribution before it across at most this many characters of narration
#: ('“It's fine,” Trump said of waterboarding. “And much tougher ...”').
MAX_CONTINUATION_GAP = 120
#: A cue verb with a complement of its own reports that, not a quote before it.
_OWN_CONTENT = frozenset({"ccomp", "xcomp"})


def find_attributions(sdoc: Doc, turns: Sequence[Span] = ()) -> list[Found]:
    """Every attribution of the parsed text, sorted by where it starts."""
    text = doc_text(sdoc)
    all_quotes = find_quotes(text)
    quotes = [q for q in all_quotes if _words(text, q) >= MIN_QUOTE_WORDS or _opens_split(text, q)]
    found = _dedupe(
        [
            *verb_cues(sdoc),
            *inserted_cues(sdoc),
            *according_to(sdoc),
            *noun_cues(sdoc),
            *learnt.adjective_cues(sdoc),
            *learnt.noun_cues(sdoc),
        ]
    )
    for item in found:
        _absorb_quotes(item, all_quotes)
    _take_recalled_quotes(text, found, all_quotes)
    _attach_free_quotes(sdoc, found, quotes)
    for item in found:
        if item.kind == "indirect":
            item.kind = _kind(text, item, quotes)
        if item.cue_token is not None and _negated(sdoc[item.cue_token]):
            item.stance = "neutral"  # "did not deny", "never confirmed": neither a denial nor an endorsement
    headlines = [
        Found(cue=colon, content=[quote], source=who, kind="direct", confidence=0.6, rule="headline-quote")
        for quote, colon, who in headline_quotes(text)
    ]
    # a cue inside such a quote ("'We were never told': ...") is the quoted words, not a report of its own
    found = [f for f in found if not any(_within(f.cue, h.content[0]) for h in headlines)] + headlines
    interview = interview_turns(text, turns)
    labelled = {item.cue for item in interview}
    found.extend(item for item in label_colons(sdoc) if item.cue not in labelled and not _covered_by(found, item))
    found.extend(interview)
    for item in found:
        if item.rule != "interview":
            _drop_label(text, item)
    return sorted(found, key=lambda f: (f.start, f.end))


_VOCATIVE = re.compile(r"\s*([A-Z][a-z]+),\s+(?=[A-Za-z])")
_ADDRESSES = frozenset({"sir", "madam", "ma'am"})


def _drop_label(text: str, item: Found) -> None:
    """A source never includes a label before a colon: in "Q: Minister, the European Union says ...", the
    speaker is the Union, not "Q"; a source that is only a label ("Interview: '...' says minister") is none."""
    if item.source is None:
        return
    start, end = item.source
    colon = text.rfind(":", start, end)
    if colon >= 0:
        start = colon + 1
    vocative = _VOCATIVE.match(text, start, end)
    if vocative is not None and vocative.group(1).lower() in title_words() | _ADDRESSES:
        start = vocative.end()  # "Minister, the European Union says ...": the minister is addressed
    while start < end and text[start].isspace():
        start += 1
    if start == item.source[0]:
        return
    if start >= end:
        item.source = None
        item.extra.pop("head", None)
        return
    item.source = (start, end)
    head = item.extra.get("head")
    if isinstance(head, tuple) and head[0] < start:
        item.extra["head"] = (start, max(start, head[1]))


def _negated(cue: Token) -> bool:
    return any(child.dep_ == "neg" for child in cue.children)


def _opens_split(text: str, quote: Quote) -> bool:
    """A short quote ending in a comma opens a quote split by its cue: "“Judge,” he said, “I have ...”"."""
    start, end = quote.inner(text)
    return end > start and text[end - 1] == ","


def _within(part: Offsets | None, outer: Offsets) -> bool:
    return part is not None and outer[0] <= part[0] and part[1] <= outer[1]


def _covered_by(found: Sequence[Found], item: Found) -> bool:
    """True when ``item``'s cue lies inside another attribution's source or cue."""
    assert item.cue is not None
    start, end = item.cue
    return any(
        part is not None and part[0] <= start and end <= part[1]
        for other in found
        for part in (other.source, other.cue)
    )


def _words(text: str, quote: Quote) -> int:
    start, end = quote.inner(text)
    return len(text[start:end].split())


def _dedupe(found: list[Found]) -> list[Found]:
    seen: set[int] = set()
    kept: list[Found] = []
    for item in found:
        if item.cue_token is not None and item.cue_token in seen:
            continue
        if item.cue_token is not None:
            seen.add(item.cue_token)
        kept.append(item)
    return kept


def _inside(start: int, end: int, quote: Quote) -> bool:
    return quote.start <= start and end <= quote.end


def _absorb_quotes(item: Found, quotes: Sequence[Quote]) -> None:
    """Widen content fragments to the whole quotation they overlap, marks included.

    Only when the cue stands outside the quote: a cue inside it ("I think ...")
    is the speaker quoting their own thought, and its content stays narrow.
    """
    if item.cue is None:
        return
    widened: list[Offsets] = []
    for start, end in item.content:
        for quote in quotes:
            if quote.start < end and start < quote.end and not _inside(*item.cue, quote):
                start, end = min(start, quote.start), max(end, quote.end)
        widened.append((start, end))
    item.content = _merge(widened)


#: Between a cue and the quote it introduces inside someone's quote: "He told me, '...'", "she said: '...'".
_RECALL_GAP = re.compile(r"\s*(?:(?:me|us|him|her|them|you)\b)?\s*[,:]?\s*")


def _take_recalled_quotes(text: str, found: Sequence[Found], quotes: Sequence[Quote]) -> None:
    """A cue inside a quotation that introduces a quote nested in it reports exactly that inner quote:
    in '"He told me, 'I have worked here ...,'" Ferrand said', "told" reports the single-quoted words
    (whose "I" is the union member's), and Ferrand's "said" the whole quotation."""
    for inner in inner_quotes(text, quotes):
        for item in found:
            if item.cue is None or not any(
                _inside(*item.cue, outer) for outer in quotes if _inside(inner.start, inner.end, outer)
            ):
                continue
            gap = _RECALL_GAP.fullmatch(text, item.cue[1], inner.start)
            touches = any(s < inner.end and inner.start < e for s, e in item.content)
            if gap is not None or (touches and item.cue[1] <= inner.start):
                item.content = [(inner.start, inner.end)]
                item.kind = "direct"


def _merge(parts: list[Offsets]) -> list[Offsets]:
    merged: list[Offsets] = []
    for start, end in sorted(parts):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _covered(found: Sequence[Found], quote: Quote) -> bool:
    """True when an attribution outside the quote already reports it.

    An attribution whose cue sits inside the quote ("I refuse to let hate win")
    is the speaker's own words, not a report of the quote.
    """
    return any(
        item.content_overlaps(quote.start, quote.end) and not (item.cue is not None and _inside(*item.cue, quote))
        for item in found
    )


def _attach_free_quotes(sdoc: Doc, found: list[Found], quotes: Sequence[Quote]) -> None:
    by_cue = {item.cue_token: item for item in found if item.cue_token is not None}
    for quote in quotes:
        if _covered(found, quote):
            continue
        verb = _nearest_cue_verb(sdoc, quote, quotes)
        if verb is not None and verb.i in by_cue and by_cue[verb.i].kind != "according_to":
            # A quote split by its cue: "The fact is," he said, "we will win."
            by_cue[verb.i].content = _merge([*by_cue[verb.i].content, (quote.start, quote.end)])
        elif verb is not None:
            item = Found(
                cue=cue_offsets(verb),
                content=[(quote.start, quote.end)],
                kind="direct",
                stance=stance_of(verb.lemma_),
                confidence=0.8,
                rule="quote-cue",
                cue_token=verb.i,
            )
            source_of(verb, item)
            found.append(item)
            by_cue[verb.i] = item
        else:
            _continue_or_stand_alone(doc_text(sdoc), found, quote)


def _nearest_cue_verb(sdoc: Doc, quote: Quote, quotes: Sequence[Quote]) -> Token | None:
    """The cue verb closest to the quote, outside every quote, in the sentences the quote touches."""
    sentences = {sdoc.char_span(quote.start, quote.start + 1, alignment_mode="expand")}
    sentences.add(sdoc.char_span(quote.end - 1, quote.end, alignment_mode="expand"))
    own = {piece.sent.start for piece in sentences if piece is not None}
    text = doc_text(sdoc)
    after = quote.end
    while after < len(text) and text[after] in " \t":
        after += 1
    if after < len(text) and text[after] != "\n":
        # '“Who do they think they are?” Trump said': the parser starts a new sentence after "?”".
        sentences.add(sdoc.char_span(after, after + 1, alignment_mode="expand"))
    colon = _colon_before(text, quote.start)
    if colon is not None:
        # "Trump tweeted:" then the quote, often in a paragraph of its own.
        sentences.add(sdoc.char_span(colon, colon + 1, alignment_mode="expand"))
    best: tuple[int, Token] | None = None
    for piece in sentences:
        if piece is None:
            continue
        for tok in piece.sent:
            if tok.pos_ != "VERB" or tok.lemma_.lower() not in CUE_VERBS:
                continue
            if any(q.start <= tok.idx < q.end for q in quotes):
                continue
            if piece.sent.start not in own and any(c.dep_ in _OWN_CONTENT for c in tok.children):
                continue  # '"... not cut." A spokeswoman declined to say where ...': the next sentence's own report
            distance = min(abs(tok.idx - quote.end), abs(quote.start - tok.idx))
            if best is None or distance < best[0]:
                best = (distance, tok)
    return best[1] if best else None


def _colon_before(text: str, start: int) -> int | None:
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return i if i >= 0 and text[i] == ":" else None


def _continue_or_stand_alone(text: str, found: list[Found], quote: Quote) -> None:
    before = [item for item in found if item.end <= quote.start and item.kind in {"direct", "mixed", "indirect"}]
    if before:
        last = max(before, key=lambda f: f.end)
        quoted = any(mark in text[s:e] for s, e in last.content for mark in ("“", '"', "''"))
        gap = text[last.end : quote.start]
        if quoted and (not _WORD.search(gap) or len(gap) <= MAX_CONTINUATION_GAP):
            last.content = _merge([*last.content, (quote.start, quote.end)])
            return
    if _words(text, quote) >= MIN_FREE_QUOTE_WORDS:
        found.append(Found(cue=None, content=[(quote.start, quote.end)], kind="direct", confidence=0.4, rule="quote"))


def _kind(text: str, item: Found, quotes: Sequence[Quote]) -> str:
    total = sum(e - s for s, e in item.content) or 1
    quoted = 0
    for start, end in item.content:
        for quote in quotes:
            quoted += max(0, min(end, quote.end) - max(start, quote.start))
    if quoted >= 0.9 * total:
        return "direct"
    return "mixed" if quoted > 0 else "indirect"


def interview_turns(text: str, turns: Sequence[Span]) -> list[Found]:
    """Each answer attributed to the interviewee, each question to the interviewer.

    The speaker's name is the source and the colon after it the cue (PolNeAR's
    convention for "Name: words"); without a colon the whole label is the cue.
    """
    found: list[Found] = []
    for turn in turns:
        label_start = turn.attrs.get("speaker_start")
        label_end = turn.attrs.get("speaker_end")
        if not isinstance(label_start, int) or not isinstance(label_end, int):
            continue
        source, cue = _speaker_label(text, label_start, label_end)
        body_start = max(turn.start, cue[1])
        while body_start < turn.end and (text[body_start].isspace() or text[body_start] == ":"):
            body_start += 1
        body_end = turn.end
        while body_end > body_start and text[body_end - 1].isspace():
            body_end -= 1
        if body_end <= body_start:
            continue
        kind = "interview_question" if turn.label == "question" else "interview_answer"
        found.append(
            Found(
                cue=cue,
                content=[(body_start, body_end)],
                source=source,
                kind=kind,
                confidence=0.95,
                rule="interview",
                extra={"speaker": turn.attrs.get("speaker"), "role": turn.attrs.get("role")},
            )
        )
    return found


def _speaker_label(text: str, start: int, end: int) -> tuple[Offsets, Offsets]:
    """(source, cue) of a speaker label, whether or not its offsets include the colon."""
    if end > start + 1 and text[end - 1] == ":":
        name_end = end - 1
        while name_end > start and text[name_end - 1].isspace():
            name_end -= 1
        return (start, name_end), (end - 1, end)
    colon = end
    while colon < len(text) and text[colon] in " \t":
        colon += 1
    if colon < len(text) and text[colon] == ":":
        return (start, end), (colon, colon + 1)
    return (start, end), (start, end)
