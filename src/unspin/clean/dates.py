"""Recognise lines that are only a timestamp (a dateline) and read the time they give.

Handles the shapes scraped news pages leave behind, glued or not:
"22:33 GMT17 May 2021", "Updated 10:15 EST, March 3, 2020", "May 17, 2021 at 3:04 pm",
"2021-05-17T22:33:00Z", "Published: 17.05.2021 | 10:00 CET".

The result is ISO 8601: with the offset when the line names a zone, without one
when it does not (no zone is guessed), and a bare date when no time is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

#: Zone abbreviations news sites use, in hours east of UTC; ``None`` where daylight saving
#: makes the offset ambiguous ("ET"), so no offset is written rather than a guessed one.
_ZONES: dict[str, float | None] = {
    "gmt": 0.0, "utc": 0.0, "z": 0.0, "bst": 1.0, "cet": 1.0, "cest": 2.0, "eet": 2.0, "eest": 3.0,
    "msk": 3.0, "est": -5.0, "edt": -4.0, "cst": -6.0, "cdt": -5.0, "mst": -7.0, "mdt": -6.0,
    "pst": -8.0, "pdt": -7.0, "et": None, "pt": None, "aest": 10.0, "aedt": 11.0, "jst": 9.0,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ZONE = r"(?P<zone>" + "|".join(sorted((z for z in _ZONES if z != "z"), key=len, reverse=True)) + r"|[+-]\d{2}:?\d{2})"
_TIME = re.compile(
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?\s*(?:" + _ZONE + r")?",
    re.I,
)
_DATES = (
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*" + _MONTH + r",?\s*(?P<year>\d{4})", re.I),
    re.compile(_MONTH + r"\s*(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s*(?P<year>\d{4})", re.I),
    re.compile(r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})", re.I),
    re.compile(r"(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{4})", re.I),
)
_ISO = re.compile(
    r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"(?:\.\d+)?(?P<zone>Z|[+-]\d{2}:?\d{2})?",
    re.I,
)
#: Words and separators allowed between the date and time parts of a dateline.
_FILLER = re.compile(
    r"(?:\s+|[|,·•/()\[\]–—-]|:|\b(?:updated|last\s+updated|published|first\s+published|posted|modified|on|at)\b)",
    re.I,
)
_UPDATED = re.compile(r"\b(?:updated|modified)\b", re.I)
_WEEKDAY = re.compile(r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\b\.?", re.I)


@dataclass(frozen=True)
class Dateline:
    """A timestamp line: its ISO 8601 value and whether it announced an update."""

    iso: str
    updated: bool


def parse_dateline(line: str) -> Dateline | None:
    """The timestamp a line consists of, or ``None`` when the line holds anything else."""
    pos, found_date, found_time, zone = 0, None, None, None
    while pos < len(line):
        step = _consume(line, pos)
        if step is None:
            return None
        pos, kind, match = step
        if match is None:
            continue
        if kind == "iso" and found_date is None:
            found_date, found_time, zone = _date_of(match), match, match.group("zone")
        elif kind == "date" and found_date is None:
            found_date = _date_of(match)
        elif kind == "time" and found_time is None:
            found_time, zone = match, match.group("zone")
    if found_date is None:
        return None
    return Dateline(_iso(found_date, found_time, zone), bool(_UPDATED.search(line)))


def _consume(line: str, pos: int) -> tuple[int, str, re.Match[str] | None] | None:
    """Advance past one filler, weekday, ISO timestamp, date or time at ``pos``."""
    for kind, pattern in (("filler", _FILLER), ("filler", _WEEKDAY), ("iso", _ISO)):
        match = pattern.match(line, pos)
        if match and match.end() > pos:
            return match.end(), kind, match if kind == "iso" else None
    for pattern in _DATES:
        match = pattern.match(line, pos)
        if match and _date_of(match) is not None:
            return match.end(), "date", match
    match = _TIME.match(line, pos)
    if match and _valid_time(match):
        return match.end(), "time", match
    return None


def _date_of(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    month = _MONTHS[groups["month"].lower()] if groups.get("month") else int(groups["mon"])
    try:
        return date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None


def _valid_time(match: re.Match[str]) -> bool:
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    limit = 12 if match.group("ampm") else 23
    return hour <= limit and minute <= 59


def _iso(day: date | None, time: re.Match[str] | None, zone: str | None) -> str:
    assert day is not None
    if time is None:
        return day.isoformat()
    hour = int(time.group("hour"))
    ampm = (time.groupdict().get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    second = int(time.group("second") or 0)
    stamp = datetime(day.year, day.month, day.day, hour, int(time.group("minute")), second)
    offset = _offset(zone)
    if offset is None:
        return stamp.isoformat()
    return stamp.replace(tzinfo=offset).isoformat()


def _offset(zone: str | None) -> timezone | None:
    if not zone:
        return None
    zone = zone.lower()
    if zone in _ZONES:
        hours = _ZONES[zone]
        return None if hours is None else timezone(timedelta(hours=hours))
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
