"""Split raw text into lines that remember their raw offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

#: Trimmed from line ends: all Unicode whitespace (no-break spaces, NEL, ...) and the invisible
#: characters the cleaner drops (zero-width spaces and joiners, word joiner, BOM, soft hyphen).
_LEADING = re.compile(r"^[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
_TRAILING = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+$")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass(slots=True)
class Line:
    """One raw line: ``raw[start:end]`` is its text without surrounding whitespace."""

    index: int
    start: int
    end: int
    text: str
    kind: str = "body"  # body, or the reason it is furniture
    value: Any = field(default=None)

    @property
    def blank(self) -> bool:
        return self.start == self.end


def split_lines(raw: str) -> list[Line]:
    """Lines of ``raw`` (any of CRLF, CR, LF endings), each trimmed of surrounding whitespace."""
    lines: list[Line] = []
    for match in _LINE.finditer(raw):
        if match.start() == match.end():
            break  # the empty match at the very end
        body = match.group().rstrip("\r\n")
        leading = _LEADING.match(body)
        lead = leading.end() if leading else 0
        stripped = _TRAILING.sub("", body[lead:])
        start = match.start() + lead
        lines.append(Line(len(lines), start, start + len(stripped), stripped))
    return lines
