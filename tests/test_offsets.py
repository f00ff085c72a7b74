import itertools

from hypothesis import given
from hypothesis import strategies as st

from unspin.offsets import OffsetMap, TextBuilder


def test_identity_map_returns_same_offsets() -> None:
    m = OffsetMap.identity(10)
    assert m.raw_span(2, 7) == (2, 7)
    assert m.is_verbatim(0, 10)


def test_copy_and_write_segments_map_back() -> None:
    raw = "Title\r\n\r\n  Body\u00a0text here.\r\n"
    b = TextBuilder(raw)
    b.copy(0, 5)  # "Title"
    b.write("\n\n", 5, 11)  # CRLF CRLF + indentation
    b.copy(11, 15)  # "Body"
    b.write(" ", 15, 16)  # no-break space
    b.copy(16, 26)  # "text here."
    text, m = b.build()
    assert text == "Title\n\nBody text here."
    body = text.index("Body")
    assert m.raw_span(body, body + 4) == (11, 15)
    assert raw[slice(*m.raw_span(body, len(text)))] == "Body\u00a0text here."
    assert m.is_verbatim(body, body + 4)
    assert not m.is_verbatim(body, body + 6)
    assert m.raw_span(5, 7) == (5, 11)


def test_adjacent_copies_merge_into_one_segment() -> None:
    b = TextBuilder("abcdef")
    b.copy(0, 3)
    b.copy(3, 6)
    _, m = b.build()
    assert len(m.segments) == 1


def test_json_round_trip() -> None:
    b = TextBuilder("a\r\nb")
    b.copy(0, 1)
    b.write("\n", 1, 3)
    b.copy(3, 4)
    _, m = b.build()
    again = OffsetMap.from_json(m.to_json(), m.raw_length)
    assert again.raw_span(0, 3) == m.raw_span(0, 3) == (0, 4)


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, list[tuple[str, int, int, str]]]:
    raw = draw(st.text(min_size=1, max_size=60))
    cuts = sorted({*draw(st.lists(st.integers(0, len(raw)), max_size=8)), 0, len(raw)})
    ops = []
    for a, b in itertools.pairwise(cuts):
        kind = draw(st.sampled_from(["copy", "write", "drop"]))
        ops.append((kind, a, b, draw(st.text(min_size=1, max_size=3))))
    return raw, ops


@given(edits())
def test_every_clean_span_maps_inside_raw_and_copies_match(case: tuple[str, list[tuple[str, int, int, str]]]) -> None:
    raw, ops = case
    builder = TextBuilder(raw)
    for kind, a, b, repl in ops:
        if kind == "copy":
            builder.copy(a, b)
        elif kind == "write":
            builder.write(repl, a, b)
    text, m = builder.build()
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            rs, re_ = m.raw_span(start, end)
            assert 0 <= rs <= re_ <= len(raw)
            if m.is_verbatim(start, end):
                assert raw[rs:re_] == text[start:end]
