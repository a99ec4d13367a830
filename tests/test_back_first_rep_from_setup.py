"""A back sensor's first rep of a touch-and-go set, found by the trunk's hinge from a held set-up.

Altsim (benchmarks/altsim) tuning seed 2000: an explosive set (the trunk turning at 150 deg/s,
1.7 g at the shoulders) whose shoulders' integrated height ran away by metres in the first
rep: no top by the level. The trunk turned through a hinge from the set-up, back towards where
the lifter stood before bending into it, and came back to the set-up's posture: a rep. Before,
that first rep was lost, and with it the whole set (the later reps had no rep bottom to start
from): 0 of 4 reps on every rate."""

from __future__ import annotations

import pytest
from altsim_cases import assert_same_reps, true_and_found


@pytest.mark.parametrize("rate,link", [(100.0, "clean"), (25.0, "clean"), (200.0, "ble")])
def test_a_first_rep_whose_height_ran_away_is_found_by_the_trunks_hinge_from_the_set_up(rate, link):
    true, found = true_and_found(2000, "back", rate, link)
    assert len(true) == 4 and not true[0].touch_and_go
    assert_same_reps(found, true, lockout_s=0.35, end_s=0.8)  # (bottoms found by the posture: early)
