"""A session's first paused rep whose lockout the shoulders' level reads below its hold is
counted: the trunk turned towards upright, as the rest before the set showed it.

Altsim tuning seed 5020 (back, 100 Hz over a host-stamped BLE link, 51 readings/s): the first
rep of the session holds 1.6 s just below the knee (36.8-38.4 s). Integrated through the hold's
trembling, the shoulders' level read the lockout 17 cm below the hold, and the trunk had turned
74 deg from it: a rest turned through a hinge with the shoulders not risen is a new posture
(the lifter bending into a set-up) unless it turned towards upright, and before the first rep
only a lockout would have told where upright was. The lifter stood still for 21 s before the
set: a rest held longer than any set-up tells it too (as it does for the set-up's checks)."""

from __future__ import annotations

from altsim_cases import as_replayed
from analysis import analyze


def test_the_first_paused_rep_is_counted_with_its_hold() -> None:
    s, t, target = as_replayed(5020, "back", 100.0, "ble")
    found = analyze(t, s.acc, s.gyro, "back", target).reps
    want = s.truth.reps[0]
    (got,) = [r for r in found if abs(r.start_s - want.start_s) < 1.5]
    assert abs(got.lockout_s - want.lockout_s) < 0.15
    assert abs(got.end_s - want.end_s) < 0.3
    assert len(got.pauses) == 1
