"""Two motion segments of a rep meet at one grid point that both hold, so the rep's time axis
has that time twice. A hold's end extended from there divided by the zero step between them, and
the whole analysis of the session died with a ZeroDivisionError."""

from __future__ import annotations

import numpy as np

from altsim_cases import true_and_found
from analysis.metrics import _stop_zero


def test_stop_between_two_points_at_one_time_is_that_time() -> None:
    t = np.array([0.0, 0.02, 0.04, 0.04, 0.06, 0.08])
    v = np.array([0.0, 0.0, 0.01, 0.03, 0.08, 0.15])  # m/s, leaving a hold
    assert _stop_zero(t, v, 2, 3) == 0.04


def test_altsim_session_with_a_repeated_point_is_analysed() -> None:
    """Altsim seed 31, back, 100 Hz over BLE (59 samples/s delivered): the crash above."""
    true, found = true_and_found(31, "back", 100.0, "ble")
    assert abs(len(found) - len(true)) <= 1
    for f in found:
        assert any(t.start_s - 0.5 < f.lockout_s < t.end_s + 0.5 for t in true)
