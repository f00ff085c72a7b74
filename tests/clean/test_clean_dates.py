"""Datelines: the glued and spelled-out timestamp shapes news pages leave behind."""

from __future__ import annotations

import pytest

from unspin.clean import parse_dateline


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("22:33 GMT17 May 2021", "2021-05-17T22:33:00+00:00"),
        ("Updated 10:15 EST, March 3, 2020", "2020-03-03T10:15:00-05:00"),
        ("May 17, 2021 at 3:04 pm", "2021-05-17T15:04:00"),
        ("2021-05-17T22:33:00Z", "2021-05-17T22:33:00+00:00"),
        ("2021-05-17 08:00:00+03:00", "2021-05-17T08:00:00+03:00"),
        ("Published: 17.05.2021 | 10:00 CET", "2021-05-17T10:00:00+01:00"),
        ("Monday, 3 March 2020", "2020-03-03"),
        ("Posted on June 1st, 2019 at 11:59 p.m. EDT", "2019-06-01T23:59:00-04:00"),
        ("Mar. 3, 2020, 12:05 a.m. ET", "2020-03-03T00:05:00"),  # ET: daylight saving unknown, no offset guessed
    ],
)
def test_timestamp_lines_give_iso_8601(line: str, iso: str) -> None:
    dateline = parse_dateline(line)
    assert dateline is not None
    assert dateline.iso == iso


def test_updated_is_flagged() -> None:
    assert parse_dateline("Updated 10:15 EST, March 3, 2020").updated  # type: ignore[union-attr]
    assert not parse_dateline("17 May 2021").updated  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "line",
    [
        "The vote is on May 17, 2021.",
        "May 2021",
        "12:30",
        "2020",
        "31 February 2021",
        "25:10 GMT 1 May 2021",
        "Listen Live",
    ],
)
def test_lines_that_are_not_only_a_timestamp(line: str) -> None:
    assert parse_dateline(line) is None
