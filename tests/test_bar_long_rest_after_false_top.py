"""Tuning seed 30058 over BLE at 50 Hz: handling the bar before the second set lifted it 17 cm
(a "top"), where it then lay still for 12 s before the set's first pull. Nobody stands at a
lockout that long, but the tracker only noticed at the next keypoint: meanwhile the bottom-turn
finder took the pull for the descent of a rep, found a "bottom" at its lockout, and the set's
first rep was lost. The rest is the floor as soon as it ends. (The session as drawn before heavy
sets joined the mix.)"""

from __future__ import annotations

import pytest

from analysis import analyze
from imu.simulator import random_session_spec, simulate_session
from rep_checks import assert_same_reps


@pytest.mark.parametrize("rate", [50.0, 200.0])
def test_first_pull_after_a_long_rest_at_a_false_top_is_a_rep(rate: float):
    s = simulate_session(30058, "bar", rate, link="ble", spec=random_session_spec(30058, "bar", heavy_sets=False))
    true = [r for r in s.truth.reps if 150.0 < r.start_s < 172.0]
    assert len(true) == 3
    reps = [r for r in analyze(s.t, s.acc, s.gyro, "bar").reps if 150.0 < r.start_s < 172.0]
    assert_same_reps(reps, true, lockout_s=0.15, end_s=0.15, start_s=0.15)
