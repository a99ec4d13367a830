"""Two motion segments of a rep meet at one grid point that both hold, so the rep's time axis
has that time twice. A hold's end extended from there divided by the zero step between them, and
the whole analysis of the session died with a ZeroDivisionError."""

from __future__ import annotations

import numpy as np

from altsim_cases import true_and_found
from analysis.metrics import _plateau_time, _stop_zero
from analysis.settings import AnalyzerSettings


def test_stop_between_two_points_at_one_time_is_that_time() -> None:
    t = np.array([0.0, 0.02, 0.04, 0.04, 0.06, 0.08])
    v = np.array([0.0, 0.0, 0.01, 0.03, 0.08, 0.15])  # m/s, leaving a hold
    assert _stop_zero(t, v, 2, 3) == 0.04


def test_plateau_after_a_repeated_point_is_found_as_without_it() -> None:
    """The lockout's plateau search takes the grid step from its first two points: the same
    zero step there divided by zero too."""
    t = np.arange(0.0, 1.0, 0.02)
    v = np.maximum(0.8 - 2.0 * t, 0.05)  # m/s, slowing into a lockout
    idx = np.arange(1, t.shape[0])
    want = _plateau_time(t, v, idx, 0.8, AnalyzerSettings())
    t2, v2 = np.insert(t, 1, t[1]), np.insert(v, 1, v[1])  # point 1 held twice
    got = _plateau_time(t2, v2, np.arange(1, t2.shape[0]), 0.8, AnalyzerSettings())
    assert want is not None and got == want


def test_altsim_session_with_a_repeated_point_is_analysed() -> None:
    """Altsim seed 31, back, 100 Hz over BLE (59 samples/s delivered): the crash above."""
    true, found = true_and_found(31, "back", 100.0, "ble")
    assert abs(len(found) - len(true)) <= 1
    for f in found:
        assert any(t.start_s - 0.5 < f.lockout_s < t.end_s + 0.5 for t in true)
