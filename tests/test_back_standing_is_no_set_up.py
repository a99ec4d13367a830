"""A back sensor's standing posture is no set-up: no hold or top follows it on the shoulders'
integrated level alone, and no pull starts from a posture held still longer than any set-up.

Before the first rep the tracker knew no upright posture, and the lifter standing at the start
of a recording was the "floor". Its shoulders' level drifted a few tenths of a metre over
walking and standing about, so the set-up 40-80 deg further down was taken for a hold or a top
above that floor, and the first set came out upside down: its first rep lost (altsim 3032, a
touch-and-go set) or the whole set (altsim 3024: 3 touch-and-go reps; 3007 at 50 Hz: 2). A rest held longer than
any braced set-up (8 s, ``max_setup_s``) is the lifter standing or seated: it gives the upright
posture until the first rep's lockout does, and no pull starts from it (altsim 6: standing up
from a bench after 76 s seated and sitting down again was counted as a rep)."""

from __future__ import annotations

import pytest
from altsim_cases import true_and_found


@pytest.mark.parametrize("seed,rate,n_first_set", [(3032, 100.0, 7), (3024, 100.0, 3), (3007, 50.0, 2)])
def test_first_set_after_standing_still_is_found(seed, rate, n_first_set):
    trues, found = true_and_found(seed, "back", rate, "clean")
    first = [r for r in trues if r.set == 1]
    assert len(first) == n_first_set
    got = [f for f in found if first[0].start_s - 0.5 < f.start_s < first[-1].end_s]
    assert len(got) == len(first)
    for f, t in zip(got, first):
        assert f.start_s < t.lockout_s < f.end_s
        assert abs(f.lockout_s - t.lockout_s) < 0.3


def test_standing_up_from_a_seat_is_no_rep():
    trues, found = true_and_found(6, "back", 100.0, "clean")
    assert len(found) == len(trues)
    assert not [f for f in found if 400.0 < f.start_s < 407.0]
