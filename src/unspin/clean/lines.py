"""Split raw text into lines that remember their raw offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

#: Whitespace trimmed from line ends: spaces, tabs, no-break and zero-width spaces, BOMs.
TRIM = " \t\f\v\u00a0\u1680\u202f\u205f\u3000\ufeff" + "".join(chr(c) for c in range(0x2000, 0x200C))
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
        lead = len(body) - len(body.lstrip(TRIM))
        stripped = body.strip(TRIM)
        start = match.start() + lead
        lines.append(Line(len(lines), start, start + len(stripped), stripped))
    return lines
