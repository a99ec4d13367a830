"""A bar lowered steadily from the lockout looks still (the specific force is gravity's): the
"rest" taken for the lockout runs on through the descent, and the floor's impact comes right
after it, the bar then lying still having moved a few centimetres as integrated. Where the
integration came into that rest going down (after a bounce) it was already taken for the
landing. Now also from a lockout held still, where the bar then lies in the floor's orientation
and clearly nearer it than the lockout's (FLOOR_NEARER_DEG): a shaft rolls a little in the hands
at the top, and back on its plates it lies as it did before the pull.

Second simulator (benchmarks/altsim), tuning seeds: 36 at 200 Hz over BLE lost its single paused
rep, 2023 at 100 Hz over BLE merged a paused rep with the next. Guards: 5035 (the bar held at lockout, lying as it did
there after a jolt: no landing; its reps' ends were taken 2.6-3.4 s early in a form without the
orientation test) and own 30045 at 50 Hz over BLE (between sets, the two orientations within
0.03 deg of each other: one false rep in a form with no margin)."""

from __future__ import annotations

import pytest

from altsim_cases import replayed, true_rep_at
from analysis import analyze
from imu.arrival_times import retime_recording, retiming_period_s
from imu.simulator import simulate_session
from rep_checks import assert_rep_found, assert_same_reps


@pytest.mark.parametrize(("seed", "rate_hz", "start_s"), [(36, 200.0, 18.67), (2023, 100.0, 119.09)])
def test_steady_lowering_from_a_held_lockout_lands(seed, rate_hz, start_s):
    s, found = replayed(seed, "bar", rate_hz, "ble")
    true = list(s.truth.reps)
    assert len(found) == len(true)
    if start_s is not None:
        assert_rep_found(found, true[true_rep_at(true, start_s)], lockout_s=0.15, end_s=0.15)


def test_bar_held_at_lockout_through_a_jolt_has_not_landed():
    s, found = replayed(5035, "bar", 100.0, "clean")
    assert_same_reps(found, list(s.truth.reps), lockout_s=0.2, end_s=0.2)


def test_no_landing_where_floor_and_lockout_lie_alike():
    s = simulate_session(30045, "bar", 50.0, link="ble")
    t = retime_recording(s.t, s.acc, s.gyro, retiming_period_s(50.0, s.t))
    assert len(analyze(t, s.acc, s.gyro, "bar").reps) == len(s.truth.reps)
