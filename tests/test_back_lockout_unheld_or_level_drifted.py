"""Back paused reps whose lockout or bottom the shoulders' integrated level does not show.

Altsim seed 5 at 200 Hz over a host-stamped BLE link (58 samples/s delivered): the trunk trembles
in each 1-3 s hold, and the level integrated through it is off by a rep's height either way. Two
kinds of rep were lost there; the trunk's inclination (from the gyroscope) shows both."""

from __future__ import annotations

from functools import cache

from altsim_cases import true_and_found


@cache  # (one analysis of the session for both tests)
def _seed_5() -> tuple[list[object], list[object]]:
    true, found = true_and_found(5, "back", 200.0, "ble")
    assert len(found) == len(true) == 19
    return true, found


def test_first_rep_whose_lockout_is_not_held_still() -> None:
    """The first rep (true start 30.20 s, lockout 33.42 s, hold 30.77-32.91 s): after the hold
    the lockout showed only as a turn 50 deg from the set-up, the level 2 cm under the hold's.
    The trunk had turned through a hinge towards where the lifter stood before bending into the
    set-up: that is the lockout (it used to count only from the last rep's bottom)."""
    true, found = _seed_5()
    t, f = true[0], found[0]
    assert abs(f.start_s - t.start_s) < 0.1
    assert abs(f.lockout_s - t.lockout_s) < 0.2
    assert len(f.pauses) == len(t.pauses) == 1
    assert abs(f.pauses[0].start_s - t.pauses[0].start_s) < 0.1


def test_reps_that_end_at_rest_with_the_level_drifted() -> None:
    """The last two reps of the third set (true starts 627.84 and 634.43 s): the trunk turns
    only 18-25 deg in this lifter's pull, and came to rest back in the bottom's posture while
    the integrated level still said 22 cm above the bottom. Both reps were lost (one long
    "lockout"); the posture, back within the bottom's, ends the rep."""
    true, found = _seed_5()
    for i in (14, 15):
        t, f = true[i], found[i]
        assert abs(f.start_s - t.start_s) < 0.1
        assert abs(f.end_s - t.end_s) < 0.3
        assert len(f.pauses) == len(t.pauses) == 1
