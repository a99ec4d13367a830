"""A touch-and-go bounce's impact may ring spike, dip, spike at the grid rate.

A bumper plate's contact lasts 30-150 ms: a few grid points at 50 Hz, aliased. Integration
restarts at the bottom turn and zeroes the impact that follows it (the floor stopping the
load carries no lift). It zeroed only the run of spikes it began with, so a contact read as
spike, dip, spike left its second spike in the pull: 0.25 m/s too fast, which over the next rep
left the bar half a metre above the floor at the next bounce, too high to be a bottom, and two
reps went by as one.
"""

from __future__ import annotations

import numpy as np
import pytest

from altsim_cases import true_and_found

from analysis.kinematics import RING_START, impact_ringing

G = 9.80665


@pytest.mark.parametrize(
    ("a_mps2", "zeroed"),
    [
        # altsim 3002 at 100 Hz: spike, dip, spike (over 1 g), then the pull
        ([14.69, 4.30, 13.60, -0.22, 3.05], [1, 0, 1, 0, 0]),
        # the run of spikes alone, as before
        ([14.0, 12.0, 3.0, 6.5, 7.0], [1, 1, 0, 0, 0]),
        # altsim 3002 at 50 Hz: the bounce over at the turn; a dip, then the pull's own 0.9 g
        ([-1.89, 8.73, 9.73, 8.00, 11.41], [0, 0, 0, 0, 0]),
        # a spike after a dip that is not over 1 g is a pull
        ([12.0, 3.0, 8.0, 9.0, 9.5], [1, 0, 0, 0, 0]),
        # one dip only: the impact is over after the second run
        ([12.0, 3.0, 12.0, 2.0, 12.0], [1, 0, 1, 0, 0]),
    ],
)
def test_the_impact_after_a_bottom_turn(a_mps2: list[float], zeroed: list[int]) -> None:
    a = np.array(a_mps2)
    mask, _ = impact_ringing(a, 5)
    assert mask.astype(int).tolist() == zeroed
    # fed in blocks (live: a notification's few points), the same points
    for cut in range(1, a.shape[0]):
        first, phase = impact_ringing(a[:cut], 5, RING_START)
        rest, _ = impact_ringing(a[cut:], 5 - cut, phase)
        assert np.concatenate((first, rest)).astype(int).tolist() == zeroed


def test_only_the_points_of_the_window_are_looked_at() -> None:
    mask, _ = impact_ringing(np.full(8, 2.0 * G), 5)
    assert mask.tolist() == [True] * 5 + [False] * 3


@pytest.mark.parametrize("rate_hz", [50.0, 100.0])
def test_two_touch_and_go_reps_are_not_merged(rate_hz: float) -> None:
    """Altsim seed 3002 (bumper plates, clean link): at 100 Hz the rep from the bounce at 33.2 s
    was found with its next one as a single rep. At 50 Hz the bounce at 31.7 s is over at the
    turn, and a rule that zeroed every spike after a dip zeroed the pull's first 0.1 s there:
    -1 m/s off, and two reps merged the same way."""
    true, found = true_and_found(3002, "bar", rate_hz, "clean")
    assert len(found) == len(true) == 14
    for r in true[:6]:
        mine = [f for f in found if abs(f.start_s - r.start_s) < 0.15]
        assert len(mine) == 1
        assert abs(mine[0].lockout_s - r.lockout_s) < 0.15
        assert abs(mine[0].end_s - r.end_s) < 0.3
