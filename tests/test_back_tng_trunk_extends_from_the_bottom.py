"""A back's touch-and-go bottom is where the trunk, back in the bottom posture after the
lockout, extends again at a pull's rate, whatever the shoulders' integrated velocity says.

The bottom of a touch-and-go rep was found where the shoulders' integrated velocity turned up, or
where the trunk settled. Over a lossy link the integration of a bounce can run away: altsim
seed 3031 (back, 200 Hz over a host-stamped BLE link delivering 52 samples/s) had the
shoulders' velocity fall to -4.7 m/s over an 8-rep touch-and-go set, so it never turned up, the
trunk never settled, and the height (drifted 19 m) showed no turns: 6 of its reps were lost.
The trunk's inclination, carried by the gyroscope, went through every rep cleanly. Only on the
motion's first way down: where a bottom went unseen before, the rests that close the motion
make its turns (taken at a later bottom, the turns of the forward integration alone were lost:
altsim 2009 at 50 Hz over BLE lost 7 reps that way, a guard here).

The recordings are replayed as `repsense replay` would (altsim_cases.replayed)."""

from __future__ import annotations

import pytest
from altsim_cases import replayed


@pytest.mark.parametrize("seed,rate,lo,hi", [
    (3031, 200.0, 236.0, 256.0),
    (2017, 200.0, 0.0, 1e9),
    (6, 200.0, 0.0, 1e9),
    (2009, 50.0, 195.0, 216.0),  # (guard: found before too)
])
def test_touch_and_go_reps_found_by_the_trunk_extending_again(seed, rate, lo, hi):
    s, found = replayed(seed, "back", rate, "ble")
    trues = [r for r in s.truth.reps if lo <= r.start_s <= hi]
    found = [r for r in found if lo - 0.5 <= r.start_s <= hi]
    assert len(found) == len(trues)
    for f, t in zip(found, trues):
        # each found rep holds its true rep's lockout (the phases' timing over this link is
        # rough: the trunk is back in the bottom posture up to 0.9 s after the plates touched)
        assert f.start_s < t.lockout_s < f.end_s
