"""Back sensor: a rep ends when the plates touch, not when the trunk stops turning.

Coming down, the trunk stops turning as the bar passes the knees; the knees bend on and the
shoulders keep going down until the plates touch. On the second simulator (altsim tuning seed
20, dead stops) the true sensor still fell at 0.2-0.5 m/s where the trunk had settled, and the
rep ends were found 0.26 s early (median; up to 0.43 s). The bottom is now where the shoulders
have shed most of the descent's speed, and a rep's end is where their velocity stops falling.

With the bottom taken later, a touch-and-go pull's integration starts at the bounce, and the
shoulders stalling early in the pull (the hips rising first) made a level "top" a few degrees
into the hinge that hid the real lockout (altsim seed 21: the last rep of each set lost). A top
that had not turned the trunk through a hinge gives way to the keypoint that did.
"""

from __future__ import annotations

import pytest
from altsim_cases import assert_same_reps, true_and_found


@pytest.mark.parametrize("rate,link", [(100.0, "clean"), (50.0, "ble")])
def test_dead_stop_back_reps_end_when_the_plates_touch(rate: float, link: str) -> None:
    trues, found = true_and_found(20, "back", rate, link)
    assert_same_reps(found, trues, lockout_s=0.3, end_s=0.15, start_s=0.15)


def test_touch_and_go_back_reps_keep_their_lockouts_after_a_stalled_start() -> None:
    trues, found = true_and_found(21, "back", 200.0, "clean")
    assert_same_reps(found, trues, lockout_s=0.3, end_s=0.25, start_s=0.1)
