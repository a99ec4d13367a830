"""A back sensor's rep ends where the plates touch. Lowering a deadlift, the trunk is back in the
bottom posture as the bar passes the knees, and the knees then bend the last of the way down:
the shoulders go on down slowly with the trunk still, which looks still to the stillness
detector, and a rest there ended the rep early (the other simulator's back end-time p95 was
0.21-0.22 s on its tuning ranges). From a top, with the trunk settled back within the bottom
posture's tolerance, a rest is now refused while the shoulders have not shed most of the
descent's speed (bottom_shed_frac, from its lowest velocity: a steady offset of the integration
cancels), where the integration knows it (no data lost since the top), for bottom_wait_s at
most, as the bottom's search waits (without that cap a drifted integration held one rest of
altsim 5 off 0.46 s past its end: tests/test_back_lockout_unheld_or_level_drifted.py)."""

from __future__ import annotations

import pytest

from altsim_cases import replayed, true_rep_at
from rep_checks import assert_rep_found


@pytest.mark.parametrize("seed, start, end_s", [
    (12, 279.963, 0.1),  # touch-and-go reps ended 0.26, 0.35 and 0.27 s early
    (12, 283.69, 0.1),
    (12, 290.463, 0.1),
    (39, 73.939, 0.1),  # a paused rep, 0.31 s early
    (31, 578.289, 0.2),  # a paused rep, 0.45 s early (0.15 s now)
])
def test_reps_end_where_the_shoulders_stop_not_where_the_trunk_does(seed: int, start: float, end_s: float):
    s, found = replayed(seed, "back", 100.0, "clean")
    true = list(s.truth.reps)
    assert_rep_found(found, true[true_rep_at(true, start)], lockout_s=None, end_s=end_s)
