"""A rest too brief or too unsteady to calibrate from keeps the old calibration's magnitude, in
the orientation the gyroscope carried to it, not the old calibration's gravity vector.

Altsim (benchmarks/altsim) tuning seed 2006, back sensor: a touch-and-go lockout held for an
instant read a specific force unlike any known rest of that orientation, and the rest took the
gravity of the last anchor, the rep's bottom, 65 deg away. The motion after it was integrated
against gravity in the wrong direction (tens of metres within seconds), and the set's last three
reps were lost."""

from __future__ import annotations

from altsim_cases import assert_same_reps, true_and_found


def test_a_touch_and_go_set_keeps_its_reps_after_a_brief_lockout_rest():
    true, found = true_and_found(2006, "back", 100.0, "clean")
    assert len(true) == 6 and sum(r.touch_and_go for r in true) == 5
    # (the bottoms of a back's touch-and-go reps are found by the trunk's posture, up to 1 s early)
    assert_same_reps(found, true, lockout_s=0.3, end_s=1.1)
