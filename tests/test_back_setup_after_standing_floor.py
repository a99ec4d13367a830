"""A back sensor's set-up after a reach from standing is a new posture, not a pull going on.

Altsim (benchmarks/altsim) tuning seed 2005: the lifter stood at ease (taken for the floor),
reached for chalk (a rest 5 deg from it at its level: a hold just off the floor, by the rule
for paused reps), then bent 50 deg into the set-up. That set-up was kept as the pull's next
stop, so the first rep's lockout, back in the standing posture at the standing level, ended the
"pull" below its hold: the first rep of the set was lost. A rest turned through a hinge from the
hold, with the shoulders not risen and not towards the last lockout, is a new posture."""

from __future__ import annotations

import pytest
from altsim_cases import assert_same_reps, true_and_found


@pytest.mark.parametrize("rate,link", [(50.0, "clean"), (25.0, "clean"), (200.0, "ble")])
def test_a_set_up_bent_into_after_a_reach_keeps_the_first_rep(rate, link):
    true, found = true_and_found(2005, "back", rate, link)
    assert len(true) == 3 and not true[0].touch_and_go
    assert_same_reps(found, true, lockout_s=0.3, end_s=0.5)
    # (at 25 Hz the set-up's settling, the trunk turning 6 deg with the shoulders not risen,
    # reads as a hold just off the floor, and the first rep starts 2.4 s early)
    checked = found[1:] if rate == 25.0 else found
    assert_same_reps(checked, true[len(found) - len(checked):], lockout_s=0.3, end_s=0.5, start_s=0.3)
