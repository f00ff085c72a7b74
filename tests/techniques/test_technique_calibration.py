"""Calibration: the isotonic fit used by tuning and the tagger's interpolation of it."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from unspin.train.tune import calibration_check, isotonic, span_precision


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


def test_calibration_check_fits_on_one_half_and_scores_the_other() -> None:
    rng = np.random.default_rng(0)
    raw = rng.uniform(0.1, 0.5, 400)
    precision = np.clip(raw * 1.6, 0, 1)  # the raw score is too low: a fitted map must lift it
    rows = [(f"art{i % 20}", float(r), float(p)) for i, (r, p) in enumerate(zip(raw, precision, strict=True))]
    check = calibration_check(rows)
    assert check["ece_raw"] > 0.1
    assert check["ece_in_sample"] < 0.02 and check["ece_cross_fitted"] < 0.05
    bins = check["bins"]
    assert isinstance(bins, list) and sum(b["spans"] for b in bins) == len(rows)
