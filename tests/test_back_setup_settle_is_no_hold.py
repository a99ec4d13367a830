"""Back sensor: a set-up that settles after the descent into it is the floor, not a hold.

altsim tuning seed 2009 (touch-and-go): the lifter comes down into the set-up without stopping
(a bottom turn), then settles for 2.5 s (hips and chest moving a few cm) before the first
pull. The shoulders' level, integrated through the settle, came out 12 cm above the turn when
the sensor at last looked still (truly 0), so that rest was taken for a hold just off the
floor: the set's first rep started 2.7 s early, with a false 1.2 s pause. The trunk, though,
was still in the turn's posture (1.3 deg): the rest is the floor the pull starts from (a hold
just off the floor turns the trunk, see test_rep_tracker).
"""

from __future__ import annotations

from altsim_cases import assert_same_reps, true_and_found


def test_first_touch_and_go_rep_starts_after_the_set_up_settled() -> None:
    trues, found = true_and_found(2009, "back", 100.0, "clean")
    assert_same_reps(found, trues, lockout_s=0.3, end_s=0.3, start_s=0.3)
    assert not any(r.pauses for r in found)
