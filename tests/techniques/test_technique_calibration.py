"""Calibration: the isotonic fit used by tuning and the tagger's interpolation of it."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from unspin.train.tune import isotonic, span_precision


def test_isotonic_pools_violators() -> None:
    xs, ys = isotonic(np.array([0.1, 0.2, 0.3, 0.4]), np.array([0.0, 1.0, 0.0, 1.0]))
    # (1, 0) at 0.2-0.3 is pooled into 0.5
    assert np.interp([0.1, 0.25, 0.4], xs, ys).tolist() == [0.0, 0.5, 1.0]


@given(st.lists(st.tuples(st.floats(0, 1), st.floats(0, 1)), min_size=1, max_size=40))
def test_isotonic_fit_is_non_decreasing_and_within_the_targets(pairs: list[tuple[float, float]]) -> None:
    x = np.array([p[0] for p in pairs])
    y = np.array([p[1] for p in pairs])
    kx, ky = isotonic(x, y)
    assert np.all(np.diff(kx) >= 0)
    assert np.all(np.diff(ky) >= -1e-12)
    assert y.min() - 1e-12 <= ky.min() and ky.max() <= y.max() + 1e-12


def test_span_precision_is_the_share_inside_gold() -> None:
    assert span_precision([(0, 5), (8, 10)], 3, 9) == 3 / 6
    assert span_precision([], 0, 4) == 0.0
