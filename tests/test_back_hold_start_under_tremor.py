"""A back's hold starts where the shoulders arrived at it, not where the trembling settled.

Altsim tuning seed 5020 at 200 Hz over BLE (177 readings/s): a slow pull (0.16 m/s at its
fastest) arrives at a hold below the knee at 43.31 s; the trembling under the bar then reads up
to 0.15 m/s in the shoulders' integrated velocity, and the "fastest point of the pull" fell
inside the hold: the hold started 0.39 s late. The arrival is the first stop from which the
shoulders rose less than a hold's rise (``hold_min_rise_m``) before the rest.

(Measured and not kept: where the velocity stopped falling, at half the pull's peak speed or
less, as a bar's lockout is found: altsim 5010 at 100 Hz over BLE, whose velocity carried a
0.18 m/s offset into the hold, started 0.64 s late and would start on time, but 51 holds of
altsim 5000-5039 and 62 of 0-39 would start more than 0.15 s early, 16 and 1 before.)
"""

from __future__ import annotations

import pytest

from altsim_cases import as_replayed
from analysis import analyze


@pytest.mark.parametrize(("seed", "rate_hz", "hold_start_s"), [(5020, 200.0, 43.31)])
def test_the_hold_starts_where_the_shoulders_arrived(seed: int, rate_hz: float, hold_start_s: float) -> None:
    s, t, target = as_replayed(seed, "back", rate_hz, "ble")
    found = analyze(t, s.acc, s.gyro, "back", target).reps
    (want,) = [p for r in s.truth.reps for p in r.pauses if abs(p.start_s - hold_start_s) < 0.01]
    (got,) = [p for r in found for p in r.pauses if p.start_s < want.end_s and p.end_s > want.start_s]
    assert abs(got.start_s - want.start_s) < 0.1
    assert abs(got.hold_s - want.hold_s) < 0.15
