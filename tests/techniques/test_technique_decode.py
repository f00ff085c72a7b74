"""Windowing and span decoding: pure numpy, no model."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from unspin.techniques.decode import average_windows, decode_spans, tokens_in, widen_to_words, window_starts


def word_offsets(text: str) -> list[tuple[int, int]]:
    """Whitespace tokens as (start, end), a stand-in for word-piece offsets."""
    offsets, pos = [], 0
    for word in text.split():
        start = text.index(word, pos)
        offsets.append((start, start + len(word)))
        pos = start + len(word)
    return offsets


@given(st.integers(1, 2000), st.integers(2, 300), st.integers(1, 300))
def test_windows_cover_every_token_and_end_on_the_last(n: int, size: int, stride: int) -> None:
    stride = min(stride, size)
    starts = window_starts(n, size, stride)
    covered = np.zeros(n, dtype=bool)
    for s in starts:
        covered[s : s + size] = True
    assert covered.all()
    assert starts[0] == 0
    assert min(starts[-1] + size, n) == n
    assert all(min(s + size, n) - s == min(size, n) for s in starts)  # equal lengths: batchable


def test_average_windows_means_overlaps() -> None:
    out = average_windows(4, [0, 2], [np.ones((3, 1), np.float32), 3 * np.ones((2, 1), np.float32)])
    assert out[:, 0].tolist() == [1.0, 1.0, 2.0, 3.0]


def test_decode_thresholds_merges_small_gaps_and_keeps_lines_apart() -> None:
    text = "a dirty rotten scheme of the elite\nTraitors everywhere"
    offs = word_offsets(text)  # a dirty rotten scheme of the elite | Traitors everywhere
    p = np.array([0.1, 0.9, 0.8, 0.2, 0.1, 0.1, 0.7, 0.9, 0.1], np.float32)
    spans = decode_spans(text, offs, p, threshold=0.5, merge_gap=25)
    assert [text[s.start : s.end] for s in spans] == ["dirty rotten scheme of the elite", "Traitors"]
    assert spans[0].score == np.float32(np.mean(p[1:7]))
    apart = decode_spans(text, offs, p, threshold=0.5, merge_gap=3)
    assert [text[s.start : s.end] for s in apart] == ["dirty rotten", "elite", "Traitors"]


def test_decode_extends_word_pieces_to_whole_words() -> None:
    text = "an unbelievable lie"
    offs = [(0, 2), (3, 5), (5, 15), (16, 19)]  # "un" + "believable"
    spans = decode_spans(text, offs, np.array([0, 0, 0.9, 0], np.float32), 0.5)
    assert [(s.start, s.end) for s in spans] == [(3, 15)]


def test_decode_trims_punctuation_at_the_edges_but_not_inside() -> None:
    text = "Yes, a total disaster, sad. Then"
    offs = [(0, 3), (3, 4), (5, 6), (7, 12), (13, 21), (21, 22), (23, 26), (26, 27), (28, 32)]
    p = np.array([0.1, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.1], np.float32)
    spans = decode_spans(text, offs, p, threshold=0.5)
    assert [text[s.start : s.end] for s in spans] == ["a total disaster, sad"]
    assert (spans[0].tok_start, spans[0].tok_end) == (2, 7)
    only_commas = decode_spans(text, offs, np.array([0, 0.9, 0, 0, 0, 0.9, 0, 0, 0], np.float32), 0.5, merge_gap=0)
    assert only_commas == []


def test_decode_of_all_low_probabilities_is_empty() -> None:
    text = "calm words only"
    assert decode_spans(text, word_offsets(text), np.zeros(3, np.float32), 0.5) == []


@given(st.text(alphabet="ab’ -\n“”é", min_size=1, max_size=60), st.data())
def test_widened_spans_stay_in_text_and_contain_the_input(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    ws, we = widen_to_words(text, start, end)
    assert 0 <= ws <= start < end <= we <= len(text)


def test_tokens_in_finds_overlapping_tokens() -> None:
    offs = [(0, 2), (3, 8), (9, 12)]
    assert tokens_in(offs, 4, 10) == (1, 3)
    assert tokens_in(offs, 2, 3) == (1, 1)  # only the gap: empty


def test_repeated_needs_a_second_occurrence_and_real_words() -> None:
    from unspin.techniques.tagger import repeated

    text = "Make it great again. They say: make IT great again! A. A."
    assert repeated(text, 0, 19)  # "Make it great again" occurs twice, case-folded
    assert not repeated(text, 21, 25)  # "They" once
    assert not repeated(text, 55, 57)  # "A." repeats but has under 3 letters


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 4)), max_size=30), st.integers(0, 80), st.integers(0, 80))
def test_tokens_in_matches_a_linear_scan(pieces: list[tuple[int, int]], start: int, length: int) -> None:
    offsets, cursor = [], 0
    for gap, width in pieces:  # word-pieces in text order, with spaces between some
        offsets.append((cursor + gap, cursor + gap + width))
        cursor += gap + width
    end = start + length
    inside = [i for i, (s, e) in enumerate(offsets) if s < end and e > start]
    a, b = tokens_in(offsets, start, end)
    assert list(range(a, b)) == inside


TOKENS = st.sampled_from(["Evil", "plot", ",", ".", ";", "-", "–", "foes", "’s", "“", "”", "\n", "!"])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(TOKENS, st.floats(0, 1)), min_size=1, max_size=30), st.sampled_from([0, 25, 100]))
def test_decoded_spans_are_inside_the_text_and_never_edged_by_clause_punctuation(
    tokens: list[tuple[str, float]], gap: int
) -> None:
    text, offsets = "", []
    for piece, _ in tokens:
        offsets.append((len(text), len(text) + len(piece)))
        text += piece + " "
    p = np.array([prob for _, prob in tokens], np.float32)
    for span in decode_spans(text, offsets, p, 0.5, gap):
        assert 0 <= span.start < span.end <= len(text)
        assert 0 <= span.tok_start < span.tok_end <= len(offsets)
        for edge in (span.tok_start, span.tok_end - 1):
            assert text[offsets[edge][0] : offsets[edge][1]] not in {",", ".", ";", "-", "–"}
