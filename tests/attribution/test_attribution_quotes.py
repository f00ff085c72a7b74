"""The quote finder: marks, paragraphs, continued quotes."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from unspin.attribution.quotes import find_quotes, paragraph_bounds


def texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


def test_curly_and_straight_quotes_keep_their_marks() -> None:
    text = 'She said “we will win,” and he said "no chance" twice.'
    assert texts(text) == ["“we will win,”", '"no chance"']


def test_two_apostrophes_are_one_mark() -> None:
    text = "''We are ready,'' the mayor said."
    quotes = find_quotes(text)
    assert texts(text) == ["''We are ready,''"]
    start, end = quotes[0].inner(text)
    assert text[start:end] == "We are ready,"


def test_a_paragraph_left_open_continues_when_the_next_opens_with_a_mark() -> None:
    text = "“The first part goes on\n\n“and the second part ends here,” she said.\n\nNext paragraph."
    assert texts(text) == ["“The first part goes on\n\n“and the second part ends here,”"]
    assert find_quotes(text)[0].closed


def test_an_unclosed_quote_stops_at_its_paragraph() -> None:
    text = "He wrote “this never closes\n\nPlain text follows."
    quote = find_quotes(text)[0]
    assert text[quote.start : quote.end] == "“this never closes"
    assert not quote.closed


def test_a_straight_mark_before_a_space_does_not_open() -> None:
    assert texts('A 6" pipe and "a quote here" end.') == ['"a quote here"']


def test_paragraphs_split_at_blank_lines() -> None:
    text = "One.\n\nTwo.\n\n\nThree."
    assert [text[s:e] for s, e in paragraph_bounds(text)] == ["One.", "Two.", "Three."]


@given(st.text(alphabet='ab “”"\n.,', max_size=80))
def test_quotes_are_ordered_disjoint_and_open_with_a_mark(text: str) -> None:
    quotes = find_quotes(text)
    for quote in quotes:
        assert 0 <= quote.start < quote.end <= len(text)
        assert text[quote.start] in "“\"'«„"
        start, end = quote.inner(text)
        assert quote.start <= start <= end <= quote.end
    for first, second in itertools.pairwise(quotes):
        assert first.end <= second.start
