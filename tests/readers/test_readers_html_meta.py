"""Metadata of HTML pages: never an outlet, place, date fragment or CMS name as author or title."""

from __future__ import annotations

from pathlib import Path

import pytest

from unspin.api import analyze
from unspin.readers.html_meta import clean_author, clean_published, clean_title, split_tags
from unspin.render import get_renderer

PAGES = Path(__file__).parent / "pages"


def _metadata(name: str) -> dict[str, object]:
    return analyze(PAGES / name, until="clean").metadata


def test_an_outlet_with_a_date_fragment_is_no_author_and_tags_are_split() -> None:
    meta = _metadata("network-date-byline.html")
    assert "authors" not in meta  # "CBS News February" and "By CBS News February 3, 2024 / 5:05 PM EST"
    assert meta["title"] == "Senate passes stopgap budget bill"  # "- CBS News" taken off
    assert meta["outlet"] == "CBS News"
    assert meta["tags"] == ["politics", "budget", "Senate", "Congress"]
    assert meta["published"] == "2024-02-03"  # the page gives a date only: no time is made up


def test_an_organisation_as_author_is_dropped_and_the_page_time_is_kept() -> None:
    meta = _metadata("outlet-author.html")
    assert "authors" not in meta  # JSON-LD author "BBC News"
    assert meta["title"] == "Flood warnings issued across the north"
    assert meta["published"] == "2025-01-12T06:15:00+00:00"
    assert meta["tags"] == ["Weather", "Flooding"]


def test_places_outlets_fragments_and_cms_names_are_neither_author_nor_title() -> None:
    meta = _metadata("place-and-cms.html")
    assert "authors" not in meta  # "New York", "CNN", "Symple Ch"
    assert meta["title"] == "Subway fares to rise by ten cents in the autumn"  # not "escenic"


def test_a_person_with_the_outlet_after_a_comma_is_kept() -> None:
    meta = _metadata("interview-caption.html")
    assert meta["authors"] == ["Tom Fenwick"]
    assert meta["published"] == "2025-05-02T14:20:00+02:00"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("By Jane Roe", "Jane Roe"),
        ("Jane Roe, Updated 5:05 PM", "Jane Roe"),
        ("CBS News February", None),
        ("BBC News", None),
        ("New York", None),
        ("CNN", None),
        ("Reuters Staff", None),
        ("Symple Ch", None),
        ("escenic", None),
        ("Anh Ng", "Anh Ng"),
        ("https://example.org/jane", None),
    ],
)
def test_author_names(value: str, expected: str | None) -> None:
    assert clean_author(value, outlet="Example Wire") == expected


def test_titles_tags_and_dates() -> None:
    assert clean_title("Bill passes | Example Wire", "Example Wire") == "Bill passes"
    assert clean_title("Bill passes - The Guardian", None) == "Bill passes"  # an outlet of the shipped list
    assert clean_title("Escenic", None) is None and clean_title("CNN", None) is None
    assert (
        clean_title("Left - right - centre: a new map of the vote", None)
        == "Left - right - centre: a new map of the vote"
    )
    assert split_tags(["a, b; c", "B", "d"]) == ["a", "b", "c", "d"]
    assert clean_published("2024-02-03T00:00:00") == "2024-02-03"
    assert clean_published("2024-02-03T17:05:00Z") == "2024-02-03T17:05:00+00:00"
    assert clean_published("soon") is None


def test_a_date_without_a_time_is_shown_as_a_date() -> None:
    report = get_renderer("html")(analyze(PAGES / "network-date-byline.html", until="clean"))
    assert "3 February 2024" in report and "00:00" not in report


def test_ahead_of_trafilatura_on_the_same_pages() -> None:
    """What the extractor alone reports for these pages, and what unspin keeps instead."""
    import trafilatura

    def alone(name: str) -> dict[str, object]:
        found = trafilatura.bare_extraction((PAGES / name).read_text(encoding="utf-8"), with_metadata=True)
        assert found is not None
        return found if isinstance(found, dict) else found.as_dict()

    page = alone("network-date-byline.html")
    assert str(page["author"]).startswith("CBS News")  # an outlet and a date fragment as the author
    assert page["tags"] == ["politics, budget, Senate, Congress"]  # one comma-joined tag
    ours = _metadata("network-date-byline.html")
    assert "authors" not in ours and len(ours["tags"]) == 4  # type: ignore[arg-type]
    assert alone("place-and-cms.html")["title"] == "escenic"
    assert _metadata("place-and-cms.html")["title"] != "escenic"


def test_control_characters_and_broken_json_ld_do_not_reach_the_metadata() -> None:
    from unspin.readers.html_meta import merge_metadata

    page = (
        '<html><head><meta name="author" content="Jane\x02 Roe"><meta property="og:title" content="A\x07 title here">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script></head></html>'
    )
    assert merge_metadata({}, page) == {"title": "A title here", "authors": ["Jane Roe"]}
