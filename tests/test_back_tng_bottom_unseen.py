"""Back sensor: a touch-and-go bottom that the motion's search missed.

Altsim tuning seed 8 at 50 Hz over BLE (host-stamped, 48 samples/s delivered): a set of two
touch-and-go reps. The search for the bottom between them (the trunk back in the set-up's
posture, the shoulders turning from falling to rising) missed it: the plates' jolt, aliased on
the sparse samples, spoilt the shoulders' integration, and the level read 35 cm lower at the
second lockout than at the first. With no bottom, the second lockout looked like a descent
that ended in the lockout's posture, not the floor's: neither rep was counted. Between the two
lockout rests the gyroscope carried the trunk back to within a few degrees of the set-up's
posture: the bottom was there, and both reps are found.
"""

from __future__ import annotations

from altsim_cases import true_and_found


def test_a_touch_and_go_bottom_the_search_missed_is_where_the_trunk_came_back_to_the_set_up():
    trues, found = true_and_found(8, "back", 50.0, "ble")
    true = [r for r in trues if 690.0 < r.start_s < 700.0]
    assert len(true) == 2
    got = [r for r in found if 690.0 < r.start_s < 700.0]
    assert len(got) == 2
    for r, t in zip(got, true):
        assert abs(r.start_s - t.start_s) < 0.2
        assert abs(r.lockout_s - t.lockout_s) < 0.2
        assert abs(r.end_s - t.end_s) < 0.2
