"""The ``structure`` stage: the title span and interview turns.

Title: the first paragraph, when the cleaner recorded it as ``metadata["title"]``
or it reads like a headline (short, one line, no closing full stop or colon).

Interview turns: a paragraph opening with a speaker label ("Tim Anderson: ...",
"Sputnik: ...", "Q: ...") starts a turn; the paragraphs after it without a label
belong to the same turn.  Labels count as an interview only when at least two
different speakers take at least three turns between them, so one dateline
("WASHINGTON: ...") or an "Update: ..." line never makes an interview.

The interviewer is, in this order: the speaker named like the outlet (metadata
or the outlet word list), the "Q" of a Q/A transcript, the speaker whose turns
are mostly questions, the subject of "X spoke to / talked to / interviewed Y"
before the first turn.  The interviewer's turns are labelled ``question``, the others
``answer``.  Without an identifiable interviewer no speaker is called one and
every turn is an ``answer`` by an ``interviewee``.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from unspin.clean.furniture import NOT_SPEAKER_LABELS
from unspin.config import Config
from unspin.coref import title_words
from unspin.document import Document, Span
from unspin.pipeline import register
from unspin.resources import word_list

_NAME_WORD = r"(?:[A-Z][\w'’.\-]*|de|da|van|von|der|al|el|bin|ibn|la|le)"
#: "Name Surname: text" - one to four name words (first capitalised), a colon, then text or the paragraph's end.
_SPEAKER = re.compile(
    rf"(?P<name>[A-Z][\w'’.\-]*(?:[ \u00a0]{_NAME_WORD}){{0,3}})"
    r"(?:[ \u00a0]\((?P<alias>[A-Z][\w'’.\-]*(?:[ \u00a0][A-Z][\w'’.\-]*){0,3})\))?"  # "MODERATOR (Helen Strand):"
    r"[ \u00a0]?:(?:[ \u00a0\t]+(?=\S)|[ \t]*$)"
)
#: Roles that label a transcript's turns even when they speak once ("MODERATOR:").
_ROLE_LABELS = frozenset({"moderator", "host", "interviewer", "presenter", "chair", "anchor", "narrator"})

_NOT_SPEAKERS = NOT_SPEAKER_LABELS
_QA_INTERVIEWER = frozenset({"q", "question", "interviewer"})
_QA_ANSWERER = frozenset({"a", "answer"})
_NAME_PHRASE = r"[A-Z][\w'’.\-]*(?:\s[A-Z][\w'’.\-]*){0,4}"
#: "Trade Minister Dario Velkov spoke to our correspondent Hanna Lind about ...": who answers, who asks.
_SPOKE_TO = re.compile(
    rf"(?P<who>{_NAME_PHRASE})\s+(?:has\s+|had\s+)?(?:spoke|spoken|talked|talks|speaks|sat down)\s+"
    rf"(?:exclusively\s+)?(?:to|with)\s+(?P<whom>[^.;:]*?)(?=\s+(?:about|on|in|for|after|before|at|during)\b|[,.;:]|$)"
)
_TRAILING_NAME = re.compile(r"(?:[A-Z][\w'’.\-]*\s){0,3}[A-Z][\w'’.\-]*$")
#: Words that mark the one who asks in "X spoke to Y": "Health reporter Dana Whitfield spoke to Grace
#: Mbeki" (X asks), "Dario Velkov spoke to our correspondent Hanna Lind" (Y asks).
_JOURNALIST = frozenset(
    {"reporter", "correspondent", "journalist", "editor", "presenter", "host", "interviewer", "columnist"}
    | {"writer", "anchor", "our"}
)
_INTERVIEW_CUE = re.compile(
    r"(?P<who>[A-Z][\w'’.\-]*(?:\s[A-Z][\w'’.\-]*){0,3})\s+(?:has\s+|had\s+)?"
    r"(?:spoke|spoken|talked|talks|speaks|interviewed|sat down|asked)\b"
)
_HEADLINE_MAX_CHARS = 160
_MIN_TURNS = 3


@dataclass(frozen=True, slots=True)
class _Label:
    paragraph: int
    name: str
    start: int  # offsets of the name (without the colon)
    end: int
    alias: str | None = None  # the name in brackets after a role: "MODERATOR (Helen Strand)"


def _speaker_label(text: str, start: int, end: int, outlets: frozenset[str]) -> tuple[str, int, int, str | None] | None:
    match = _SPEAKER.match(text, start, end)
    if match is None:
        return None
    name = match.group("name")
    first_word = name.split()[0].lower().strip(".")
    if first_word in _NOT_SPEAKERS and name.lower() not in _QA_INTERVIEWER:
        return None
    return name, match.start("name"), match.end("name"), match.group("alias")


def _is_caps(name: str) -> bool:
    return name.isupper() and len(name) > 3


def find_labels(doc: Document, outlets: frozenset[str]) -> list[_Label]:
    """Speaker labels at paragraph starts, or nothing when they don't make an interview."""
    labels = []
    for index, para in enumerate(doc.layer("paragraphs")):
        found = _speaker_label(doc.text, para.start, para.end, outlets)
        if found is not None:
            labels.append(_Label(index, *found))
    counts = Counter(label.name for label in labels)
    # An all-caps label counts once it recurs ("TRUMP:" in a transcript); once, it is a dateline ("WASHINGTON:"),
    # unless it names a role ("MODERATOR:") or an outlet.
    labels = [
        lb
        for lb in labels
        if not (
            _is_caps(lb.name) and counts[lb.name] < 2 and lb.name.lower() not in outlets | _ROLE_LABELS and not lb.alias
        )
    ]
    speakers = {label.name for label in labels}
    if len(speakers) < 2 or len(labels) < _MIN_TURNS:
        return []
    return labels


def _turn_is_question(text: str) -> bool:
    return text.rstrip().endswith("?")


def pick_interviewer(doc: Document, turns: list[tuple[_Label, int]], outlets: frozenset[str]) -> str | None:
    """The interviewer's speaker name, or None when nothing marks one (see the module docstring)."""
    names = list(dict.fromkeys(label.name for label, _ in turns))
    for name in names:
        if name.lower() in outlets or name.lower() in _QA_INTERVIEWER:
            return name
    share = {}
    for name in names:
        own = [(label, end) for label, end in turns if label.name == name]
        share[name] = sum(_turn_is_question(doc.text[label.end : end]) for label, end in own) / len(own)
    best = max(names, key=lambda n: share[n])
    if share[best] > 0.5:
        return best
    for match in _INTERVIEW_CUE.finditer(doc.text, 0, turns[0][0].start):
        who = match.group("who")
        for name in names:
            if who == name or who.endswith(" " + name) or name.endswith(" " + who):
                return name
    return None


_FIRST_OR_SECOND_PERSON = re.compile(r"\b(?:I|I'm|I've|me|my|we|we're|us|our|you|your)\b", re.IGNORECASE)


def _turn_spans(doc: Document, labels: list[_Label]) -> list[tuple[_Label, int]]:
    """Each label with the end offset of its turn (the last paragraph before the next label).

    The last turn runs to the end of the text, except after a transcript of one-paragraph turns,
    where paragraphs that say no "I", "we" or "you" are the reporter's closing lines ("The candidates
    are due to meet again on 12 December."), not the last speaker's."""
    paragraphs = doc.layer("paragraphs")
    out = []
    for i, label in enumerate(labels):
        last = labels[i + 1].paragraph - 1 if i + 1 < len(labels) else len(paragraphs) - 1
        out.append((label, paragraphs[last].end))
    one_paragraph_turns = all(b.paragraph == a.paragraph + 1 for a, b in itertools.pairwise(labels))
    final = labels[-1].paragraph
    trailing = [doc.span_text(p) for p in paragraphs[final + 1 :]]
    if one_paragraph_turns and trailing and not any(_FIRST_OR_SECOND_PERSON.search(t) for t in trailing):
        out[-1] = (labels[-1], paragraphs[final].end)
    return out


def find_turns(doc: Document, outlets: frozenset[str]) -> tuple[list[Span], dict[str, Any]]:
    """The ``turns`` spans and the ``interview`` metadata (empty when there is no interview)."""
    labels = find_labels(doc, outlets)
    if not labels:
        return [], {}
    turns = _turn_spans(doc, labels)
    interviewer = pick_interviewer(doc, turns, outlets)
    names = {**label_names(turns), **qa_names(doc, turns, outlets)}
    spans = []
    for index, (label, end) in enumerate(turns):
        asks = label.name == interviewer
        attrs = {
            "speaker": names.get(label.name, label.name),
            "role": "interviewer" if asks else "interviewee",
            "speaker_start": label.start,
            "speaker_end": label.end,
            "turn": index,
        }
        spans.append(
            Span(doc.layer("paragraphs")[label.paragraph].start, end, "question" if asks else "answer", attrs=attrs)
        )
    interviewer = names.get(interviewer, interviewer) if interviewer else None
    interviewees = list(dict.fromkeys(str(span.attrs["speaker"]) for span in spans if span.label == "answer"))
    meta: dict[str, Any] = {"interviewer": interviewer, "interviewee": interviewees[0] if interviewees else None}
    if len(interviewees) > 1:
        meta["interviewees"] = interviewees
    return spans, meta


def label_names(turns: list[tuple[_Label, int]]) -> dict[str, str]:
    """The name a reader should see for each label: the name in brackets after a role ("MODERATOR (Helen
    Strand)" -> "Helen Strand", for every turn of that label), else a surname in capitals in title case
    ("BAXTER" -> "Baxter"); roles and Q/A labels stay as written."""
    names: dict[str, str] = {}
    for label, _ in turns:
        if label.alias:
            names[label.name] = label.alias
        elif _is_caps(label.name) and label.name.lower() not in _ROLE_LABELS and label.name not in names:
            names[label.name] = label.name.title()
    return names


def qa_names(doc: Document, turns: list[tuple[_Label, int]], outlets: frozenset[str] = frozenset()) -> dict[str, str]:
    """The people behind the "Q" and "A" labels of a transcript, when the text before the first turn says
    who spoke to whom and which of the two is the journalist ("Trade Minister Dario Velkov spoke to our
    correspondent Hanna Lind"): {"A": "Dario Velkov", "Q": "Hanna Lind"}; "Health reporter Dana Whitfield
    spoke to Grace Mbeki" the other way round.  "X spoke to Y" alone says neither, so the labels stay
    labels, as they do when nothing names them; a title is not the name."""
    labels = {label.name for label, _ in turns}
    answerer = next((n for n in labels if n.lower() in _QA_ANSWERER), None)
    asker = next((n for n in labels if n.lower() in _QA_INTERVIEWER), None)
    if answerer is None:
        return {}
    match = _SPOKE_TO.search(doc.text, 0, turns[0][0].start)
    if match is None:
        return {}
    who = match.group("who")
    trailing = _TRAILING_NAME.search(match.group("whom"))
    whom = trailing.group() if trailing else None
    before = doc.text[max(0, match.start() - 40) : match.start()].lower().split()[-3:]
    who_asks = who.lower() in outlets or bool(_JOURNALIST & {w.strip(",.") for w in before + who.lower().split()})
    whom_asks = (whom or "").lower() in outlets or bool(_JOURNALIST & set(match.group("whom").lower().split()))
    if who_asks == whom_asks:
        return {}  # no journalist marked, or both: who asked is not said
    if who_asks:
        asker_name, answerer_name = who, whom
    else:
        asker_name, answerer_name = whom, who
    names = {answerer: _without_title(answerer_name)} if answerer_name else {}
    if asker is not None and asker_name:
        names[asker] = _without_title(asker_name)
    return names


def _without_title(phrase: str) -> str:
    """ "Trade Minister Dario Velkov" -> "Dario Velkov": the words after the last title word, if any."""
    words = phrase.split()
    last = max((i for i, w in enumerate(words) if w.lower().strip(".") in title_words()), default=-1)
    return " ".join(words[last + 1 :]) or phrase


def _looks_like_headline(text: str) -> bool:
    return 0 < len(text) <= _HEADLINE_MAX_CHARS and "\n" not in text and not text.endswith((".", ":", ",", ";"))


def find_title(doc: Document, turns: list[Span]) -> Span | None:
    """The first paragraph as the title when metadata says so or it looks like a headline.

    A headline may open with a label ("Bill Clinton: 'I Did The Right Thing'"); only a
    paragraph that starts an interview turn is no title.
    """
    paragraphs = doc.layer("paragraphs")
    if len(paragraphs) < 2:
        return None
    first = paragraphs[0]
    words = doc.span_text(first)
    title = doc.metadata.get("title")
    if isinstance(title, str) and title.strip():
        return first if " ".join(title.split()) == " ".join(words.split()) else None
    if any(turn.start == first.start for turn in turns):
        return None
    return first if _looks_like_headline(words) else None


def outlet_names(doc: Document) -> frozenset[str]:
    """Lower-cased outlet names: the document's own outlet and the shipped list."""
    names = {name.lower() for name in word_list("outlets")}
    outlet = doc.metadata.get("outlet")
    if isinstance(outlet, str) and outlet.strip():
        names.add(outlet.strip().lower())
    return frozenset(names)


@register("structure", requires=("paragraphs",), assigns=("title", "turns"))
def structure(doc: Document, config: Config) -> Document:
    """Find the title span and the interview turns."""
    turns, interview = find_turns(doc, outlet_names(doc))
    title = find_title(doc, turns)
    doc.set_layer("title", [Span(title.start, title.end, "title")] if title else [])
    doc.set_layer("turns", turns)
    if interview:
        doc.metadata["interview"] = interview
    return doc
