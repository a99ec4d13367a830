"""Near-maximal pulls (0.11-0.19 m/s mean concentric velocity) taken for a rest part of the way up.

An accelerometer on a bar grinding up at a steady 0.05-0.2 m/s reads gravity alone, as at rest;
only the integration from the floor knows the bar moves. Two ways the last rep of such a set was
lost (own simulator, tuning seeds):

- On a clean link the integrated speed at the sticking point fell to 0.05 m/s, under the
  0.06 m/s a slow pull was told from a rest by until the thirteenth session of 2026-12-07
  (now 0.04 m/s; the integration's own error, a tenth of the velocity changes it summed, is
  0.02 m/s over such a pull).
- Over a BLE link that lost the lift-off, the integration had no speed to refuse the rest
  by. From that "rest" the lowering ended 0.6-1.3 m under the floor the bar stood on, with no
  impact turn to say it landed: the rest after it is where it lay (no bar goes through the
  floor), and closed floor to floor from that "rest" the level rose a rep's height: the rep,
  which left the floor where that "rest" began.
"""

from __future__ import annotations

import numpy as np
import pytest

from analysis import analyze
from analysis.batch import stream_events
from analysis.reps import Keypoint, RepTracker
from analysis.settings import AnalyzerSettings
from analysis.streaming import StreamingAnalyzer
from imu.simulator import simulate_session
from rep_checks import assert_rep_found

UP = np.array([0.0, 0.0, 1.0])


def test_a_rest_far_below_the_floor_has_landed() -> None:
    tr = RepTracker(AnalyzerSettings())  # (a bar's: no trunk rotation)
    tr.add_keypoint(Keypoint("rest", 10.0, 12.0, 0.0, UP))
    k = Keypoint("rest", 16.0, None, -1.0, UP)
    tr.add_keypoint(k)
    assert k.landed
    # (a rest near the floor's level is left as the integration found it)
    near = Keypoint("rest", 20.0, None, -1.1, UP)
    tr.add_keypoint(near)
    assert not near.landed


def _true_and_found(seed: int, rate: float, link: str, t0: float, t1: float) -> tuple[list, list]:
    s = simulate_session(seed, "bar", rate, link=link)
    true = [r for r in s.truth.reps if t0 < r.start_s < t1]
    found = [r for r in analyze(s.t, s.acc, s.gyro, "bar").reps if t0 < r.start_s < t1]
    return true, found


@pytest.mark.parametrize("rate", [100.0, 200.0])
def test_a_grind_slowing_to_five_cm_a_second_is_no_rest(rate: float) -> None:
    """Tuning seed 30026: three near-maximal reps (0.13, 0.12, 0.11 m/s); the third slows to
    0.05 m/s at its sticking point."""
    true, found = _true_and_found(30026, rate, "clean", 290.0, 320.0)
    assert len(true) == 3 and true[-1].mean_concentric_velocity_mps < 0.12
    assert len(found) == 3
    assert_rep_found(found, true[-1], lockout_s=None, end_s=0.3)
    assert found[-1].mean_concentric_velocity_mps == pytest.approx(true[-1].mean_concentric_velocity_mps, abs=0.03)


@pytest.mark.parametrize(
    ("seed", "t0", "t1", "lockout_s"),
    [
        # (the lockout from the closure, 0.1 s off here)
        (30001, 278.0, 302.0, 0.3),
        # (here the lowering's integration is too far off for the closure's top to be the
        # lockout: 1.2 s late; the count and the start are right)
        (30030, 205.0, 222.0, None),
    ],
)
def test_a_slow_pull_whose_lift_off_the_link_lost_is_closed_floor_to_floor(
    seed: int, t0: float, t1: float, lockout_s: float | None
) -> None:
    true, found = _true_and_found(seed, 100.0, "ble", t0, t1)
    assert len(true) in (2, 3) and true[-1].mean_concentric_velocity_mps < 0.2
    assert len(found) == len(true)
    # (the "rest" began just after the lift-off the link lost)
    assert_rep_found(found, true[-1], lockout_s=lockout_s, end_s=0.15, start_s=0.45)


def test_a_grind_is_judged_alike_fed_in_blocks_of_any_size() -> None:
    """Tuning seed 30030: a grind's still-looking stretch judged at once (replay's blocks of
    thousands of samples) used the velocity changes summed and the top speed up to its first
    point for all of it; fed 5 samples at a time (live) they grew along it, and the rests, the
    lockout and the speeds of the rep came out otherwise (0.06 s; 0.04 m of range). Each point is
    now judged by those up to itself."""
    s = simulate_session(30030, "bar", 100.0, link="clean")
    batch = analyze(s.t, s.acc, s.gyro, "bar", 2.0).to_dict()
    live = StreamingAnalyzer("bar", 2.0)
    stream_events(live, s.t, s.acc, s.gyro, 5)
    assert live.result().to_dict() == batch
