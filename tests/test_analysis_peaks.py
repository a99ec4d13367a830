"""The prominence peak finder against scipy.signal.find_peaks (the reference it replaces)."""

import numpy as np
import pytest
from scipy.signal import find_peaks

from analysis.peaks import find_prominent_peaks, local_maxima


def test_matches_scipy_on_random_walks_with_plateaus_and_padded_ends():
    rng = np.random.default_rng(0)
    for _ in range(800):
        x = np.cumsum(rng.normal(size=int(rng.integers(3, 150))))
        if rng.random() < 0.3:
            x = np.round(x)  # flat tops
        if rng.random() < 0.5:
            x = np.concatenate([[-np.inf], x, [-np.inf]])
        p = float(rng.uniform(0, 3))
        ref, _ = find_peaks(x, prominence=p)
        assert np.array_equal(find_prominent_peaks(x, p), ref)


def test_simple_cases():
    x = np.array([0.0, 1.0, 0.5, 3.0, 3.0, 3.0, 0.0])
    assert local_maxima(x.tolist()) == [1, 4]
    assert list(find_prominent_peaks(x, 0.6)) == [4]
    assert list(find_prominent_peaks(np.array([1.0, 2.0]), 0.1)) == []


def test_nan_is_refused():
    with pytest.raises(ValueError, match="NaN"):
        find_prominent_peaks(np.array([0.0, 1.0, np.nan, 0.0]), 0.1)
