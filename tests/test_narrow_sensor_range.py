"""A cheap IMU left at its power-on full scale (the MPU-6050's is +-2 g and +-250 deg/s) clips
what a lift's impacts and a rolled bar exceed: landings and knocks read 2-6 g, a bar turned by
hand or a trunk at a touch-and-go lockout 250-310 deg/s. Clipped, a rest still reads gravity and
a pull its acceleration (well under 2 g), so the reps, their phases and their pauses are those
the full-range recording gives, but for the timing of a phase next to a clipped jolt.
(Measured on own tuning seeds 30000-30019 at 50/100/200 Hz over both links, clipped to +-2 g and
+-250 deg/s: the same exact counts, bar 113/120 and back 85/120, 0.3 % of the samples clipped.)
`repsense replay` and live sessions warn of such a range (analysis.saturation_check)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import analyze
from imu.simulator import simulate_session


@pytest.mark.parametrize("seed, placement", [(4, "bar"), (5, "bar"), (2, "back"), (4, "back")])
def test_reps_survive_a_2_g_250_dps_full_scale(seed: int, placement: str):
    s = simulate_session(seed, placement, 100.0, link="clean")
    acc, gyro = np.clip(s.acc, -2.0, 2.0), np.clip(s.gyro, -250.0, 250.0)
    assert (np.abs(s.acc) > 2.0).any()  # (the range bites: impacts clipped)
    full = analyze(s.t, s.acc, s.gyro, placement).reps
    clipped = analyze(s.t, acc, gyro, placement).reps
    assert len(full) == len(clipped) == len(s.truth.reps)
    for a, b in zip(full, clipped):
        assert abs(a.start_s - b.start_s) < 0.1 and abs(a.lockout_s - b.lockout_s) < 0.1
        # (an end next to a clipped jolt moves: own seed 4's back rep at 202.6 s ends 0.3 s later,
        # a 3.6 g jolt of the trunk stopping at its bottom cut at 2 g; the others within 0.1 s)
        assert abs(a.end_s - b.end_s) < 0.35
        assert len(a.pauses) == len(b.pauses)
        for p, q in zip(a.pauses, b.pauses):
            assert abs(p.hold_s - q.hold_s) < 0.1
