"""A touch-and-go set's motion with data lost in it: each bounce-to-bounce stretch with no data
lost is still integrated afresh from its landing and closed floor to floor.

Where a motion lost 0.1 s or more on the link, the closing rest's residual velocity goes into the
gaps (the acceleration there is unknown). That path found the landings but integrated the
whole motion as one, so over a touch-and-go set every bounce's aliased impact added its error:
altsim seed 3010 at 200 Hz (host-stamped, 0.5 s lost mid-set) had its level 3.9 m below the
floor by the sixth bounce, and six reps were lost.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from altsim import simulate_session  # noqa: E402

from analysis import analyze  # noqa: E402
from analysis.kinematics import STANDARD_GRAVITY, _velocity_to_rest, cumulative_trapezoid0  # noqa: E402
from imu.arrival_times import retime_recording, retiming_period_s  # noqa: E402


def test_a_clean_stretch_between_landings_closes_floor_to_floor() -> None:
    dt = 0.02
    # rest; a pull (0.9 m/s up, braked to a stop) and a drop onto the floor at 0.9 m/s (a
    # landing: the impact's spike); the same again; then data lost, and rest
    rep = np.concatenate([np.full(15, 3.0), np.full(15, -3.0), np.full(15, -3.0), [4.0 * STANDARD_GRAVITY]])
    a = np.concatenate([np.zeros(5), rep, rep, np.zeros(30)])
    a[52:55] += 0.5  # what the first bounce's aliased impact left in the second pull (m/s^2)
    gap = np.zeros(a.size, bool)
    gap[-25:-15] = True  # data lost after the last landing
    v, cuts = _velocity_to_rest(a, dt, gap, landings=True)
    v_whole, cuts_whole = _velocity_to_rest(a, dt, None, landings=True)  # (had nothing been lost)
    assert len(cuts) == 2 and cuts == cuts_whole
    # from the first landing to the second nothing was lost: the same velocity either way,
    # integrated from zero at the landing and closed floor to floor (no net rise)
    i0, i1 = cuts
    assert np.allclose(v[i0:i1], v_whole[i0:i1], atol=1e-12)
    h = cumulative_trapezoid0(np.append(v[i0:i1], 0.0), dt)
    assert abs(h[-1]) < 1e-9


def test_every_rep_of_the_set_is_found() -> None:
    s = simulate_session(3010, "bar", 200.0, "ble")
    assert s.summary["link"]["stamping"] == "host"
    # (as the replay of its recording runs it: imu.arrival_times)
    t = retime_recording(s.t, s.acc, s.gyro, retiming_period_s(200.0))
    found = analyze(t, s.acc, s.gyro, "bar").reps
    true = s.truth.reps
    assert len(found) == len(true) == 28
    for r, q in zip(found, true):
        assert abs(r.start_s - q.start_s) < 0.2 and abs(r.end_s - q.end_s) < 0.3
