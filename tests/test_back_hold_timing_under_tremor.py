"""A back's hold is timed from where the shoulders arrived at it to where the trunk left it,
through the trembling under the bar.

- Start. Altsim tuning seed 5020 at 200 Hz over BLE (177 readings/s): a slow pull (0.16 m/s at
  its fastest) arrives at a hold below the knee at 43.31 s; the trembling under the bar then
  reads up to 0.15 m/s in the shoulders' integrated velocity, and the "fastest point of the
  pull" fell inside the hold: the hold started 0.39 s late. The arrival is the first stop from
  which the shoulders rose less than a hold's rise (``hold_min_rise_m``) before the rest.
  (Measured and not kept: where the velocity stopped falling, at half the pull's peak speed or
  less, as a bar's lockout is found: altsim 5010 at 100 Hz over BLE, whose velocity carried a
  0.18 m/s offset into the hold, started 0.64 s late and would start on time, but 51 holds of
  altsim 5000-5039 and 62 of 0-39 would start more than 0.15 s early, 16 and 1 before.)
- End. Altsim tuning seed 2039 at 200 Hz over BLE (41 readings/s): a paused rep holds below the
  knee from 38.23 to 43.55 s while the trunk trembles (0.3-0.5 g at the upper back, 6-11 Hz).
  The link loses a reading here and there, and with it a lobe of the tremor: the shoulders'
  velocity integrated from the hold's rest stepped up by 0.1 m/s at each, and the shoulders
  "left" the hold at 42.23 s, 1.3 s early. The trunk, carried by the gyroscope, kept the hold's
  posture until the pull resumed, and the shoulders gained less than a pull gives them before
  it left. (A hold whose shoulders gained a pull's speed before the trunk turned keeps the
  velocity's end: a pull resumed by the knees, the trunk's angle kept, as off a hold just above
  the floor.)
"""

from __future__ import annotations

import pytest

from altsim_cases import as_replayed
from analysis import analyze


def _hold(seed: int, rate_hz: float, hold_start_s: float):
    """(the pause found, the true pause) of the hold that began at ``hold_start_s`` in altsim
    session ``seed`` over BLE, replayed."""
    s, t, target = as_replayed(seed, "back", rate_hz, "ble")
    found = analyze(t, s.acc, s.gyro, "back", target).reps
    (want,) = [p for r in s.truth.reps for p in r.pauses if abs(p.start_s - hold_start_s) < 0.01]
    (got,) = [p for r in found for p in r.pauses if p.start_s < want.end_s and p.end_s > want.start_s]
    return got, want


def test_the_hold_starts_where_the_shoulders_arrived() -> None:
    got, want = _hold(5020, 200.0, 43.31)
    assert abs(got.start_s - want.start_s) < 0.1
    assert abs(got.hold_s - want.hold_s) < 0.15


def test_the_hold_ends_where_the_trunk_left_it() -> None:
    got, want = _hold(2039, 200.0, 38.23)
    assert abs(got.end_s - want.end_s) < 0.15
    assert abs(got.hold_s - want.hold_s) < 0.15
