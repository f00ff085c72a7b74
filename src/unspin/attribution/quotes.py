"""Find direct quotations in a text: straight or curly double quotes, across paragraphs.

News style lets a quotation run over several paragraphs: each continued paragraph
opens with a quotation mark, and only the last one closes it.  So a paragraph that
opens a quote without closing it continues into the next paragraph when that one
opens with a quotation mark; otherwise the quote ends where its paragraph ends.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

OPENERS = '“"«„'
CLOSERS = '”"»“'
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=\s*[“\"«])")


@dataclass(frozen=True, slots=True)
class Quote:
    """``text[start:end]`` including its quotation marks (an unclosed one ends at its paragraph)."""

    start: int
    end: int
    closed: bool

    def inner(self, text: str) -> tuple[int, int]:
        """Offsets of the quoted words, without the marks and surrounding spaces."""
        start, end = self.start + 1, self.end - 1 if self.closed else self.end
        start += text.startswith("''", self.start)
        end -= self.closed and text.startswith("''", self.end - 2)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph: blocks separated by blank lines (or a line opening a quote)."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        bounds.append((pos, match.start()))
        pos = match.end()
    bounds.append((pos, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()]


def _scan(text: str, start: int, end: int, open_at: int | None) -> tuple[list[Quote], int | None]:
    """Closed quotes in ``text[start:end]``, and the start of a quote still open at ``end``.

    Two apostrophes (``''``) count as one straight quotation mark: some wires
    (the New York Times in PolNeAR) write every quotation mark that way.
    """
    quotes: list[Quote] = []
    i = start
    while i < end:
        double = text.startswith("''", i)
        ch = '"' if double else text[i]
        width = 2 if double else 1
        if open_at is None:
            if ch in OPENERS and _is_opening(text, i, width):
                open_at = i
        elif ch in CLOSERS and i > open_at + 1 and _is_closing(text, i):
            quotes.append(Quote(open_at, i + width, closed=True))
            open_at = None
        i += width
    return quotes, open_at


def _is_opening(text: str, i: int, width: int = 1) -> bool:
    # A straight quote opens when it starts a word; curly openers always open.
    if text[i] not in "\"'":
        return text[i] != "”"
    nxt = text[i + width] if i + width < len(text) else " "
    return not nxt.isspace()


def _is_closing(text: str, i: int) -> bool:
    if text[i] in "”»":
        return True
    if i == 0:
        return False
    prev = text[i - 1]
    return not prev.isspace()


def find_quotes(text: str) -> list[Quote]:
    """Every direct quotation of ``text``, in order, each with its marks."""
    quotes: list[Quote] = []
    carried: int | None = None  # start of a quote left open by the previous paragraph
    for start, end in paragraph_bounds(text):
        first = start + len(text[start:end]) - len(text[start:end].lstrip())
        if carried is not None and text[first] in OPENERS:
            # The quote continues: skip the re-opening mark and stay inside it.
            found, carried = _scan(text, first + 1, end, carried)
        else:
            if carried is not None:
                quotes.append(Quote(carried, _prev_end(text, start), closed=False))
            found, carried = _scan(text, start, end, None)
        quotes.extend(found)
    if carried is not None:
        quotes.append(Quote(carried, len(text.rstrip()), closed=False))
    return quotes


def _prev_end(text: str, start: int) -> int:
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


#: A single quotation mark opens a quote inside a quote when it starts a word after a space, a comma,
#: a colon or the outer mark ("He told me, 'I have ...'"); it closes one where a word ends and no word
#: follows ("... like this,'" or "... like this.' He"); a plural possessive ("members' pay") does not close.
_INNER_OPEN = re.compile(r"(?:(?<=[\s,:“\"])|^)['‘](?=\w)")
_INNER_CLOSE = re.compile(r"(?<=[\w.,!?])['’](?=[\s,.;:!?”\"]|$)")
_POSSESSIVE = re.compile(r"s['’] \w")


def inner_quotes(text: str, quotes: Sequence[Quote]) -> list[Quote]:
    """Quotes in single quotation marks nested in the double-quoted ``quotes`` of ``text``: the words a
    quoted speaker recalls someone else saying."""
    found: list[Quote] = []
    for quote in quotes:
        start, end = quote.inner(text)
        at = start
        while True:
            opener = _INNER_OPEN.search(text, at, end)
            if opener is None:
                break
            closer = next(
                (
                    m
                    for m in _INNER_CLOSE.finditer(text, opener.end(), end + 1 if quote.closed else end)
                    if not _POSSESSIVE.match(text, m.start() - 1)
                ),
                None,
            )
            if closer is None:
                break
            found.append(Quote(opener.start(), closer.end(), closed=True))
            at = closer.end()
    return found


#: A headline that quotes first and names the speaker after a colon (British style): "'We were never
#: told': a nurse on the ward closures", "“It is a scandal”: MPs react".  The speaker runs to "on",
#: "about", "over", a verb of saying or the line's end; single quotes count here (headlines use them).
_HEADLINE_QUOTE = re.compile(
    r"^[ \t]*(?P<quote>['‘“\"](?P<inner>[^\n]{3,}?)['’”\"]):[ \t]+"
    r"(?P<who>[^\n:'‘’“”\"]{2,60}?)(?=[ \t]+(?:on|about|over|says|say|react|reacts)\b|[ \t]*$)",
    re.MULTILINE,
)
_HEADLINE_MAX = 160


def headline_quotes(text: str) -> list[tuple[tuple[int, int], tuple[int, int], tuple[int, int]]]:
    """(quote with its marks, the colon, the speaker) of each short line in that form."""
    out = []
    for match in _HEADLINE_QUOTE.finditer(text):
        line_end = text.find("\n", match.start())
        if (len(text) if line_end < 0 else line_end) - match.start() > _HEADLINE_MAX:
            continue
        who = match.group("who")
        if len(who.split()) > 6 or not any(c.isalpha() for c in who):
            continue
        colon = match.end("quote")
        out.append(((match.start("quote"), colon), (colon, colon + 1), (match.start("who"), match.end("who"))))
    return out
