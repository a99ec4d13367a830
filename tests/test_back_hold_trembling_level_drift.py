"""A back's hold broken for a second or two by trembling is one hold wherever the trunk never
left its posture, whatever the shoulders' level integrated through the break says.

Altsim seed 2023 (back, 100 Hz over BLE, 5 s pauses): in the second rep's hold the rest broke
for 1.9 s; the trunk turned at most 0.8 deg meanwhile, but the shoulders' level integrated
through the trembling rose 0.29 m, more than a second stop on the way up would (twice
``hold_min_rise_m``), so the hold was reported as two (2.44 s and 1.23 s) instead of one of
5.06 s. Where the trunk stayed within half the posture's sway (2.5 deg) all through the break,
the level no longer splits it. The recording is replayed as `repsense replay` would
(altsim_cases.replayed)."""

from __future__ import annotations

from altsim_cases import replayed


def test_hold_broken_by_trembling_is_one_hold() -> None:
    s, found = replayed(2023, "back", 100.0, "ble")
    true = next(r for r in s.truth.reps if 45.0 < r.start_s < 47.0)
    (pause,) = true.pauses
    (rep,) = [r for r in found if abs(r.start_s - true.start_s) < 0.5]
    (got,) = rep.pauses
    assert abs(got.start_s - pause.start_s) < 0.2
    assert abs(got.hold_s - pause.hold_s) < 0.2


def test_pull_from_a_set_up_ends_where_the_trunk_is_back_in_its_posture() -> None:
    """The same session at 50 Hz: the hold merged, its level is the one the trembling left (0.3 m
    low), and the lockout's level came out at the set-up's. The bottom the trunk found (back in
    the set-up's posture after a hinge) ends the rep whatever the levels say, as it already did
    after a rep's bottom; the rep had been lost."""
    s, found = replayed(2023, "back", 50.0, "ble")
    assert len(found) == len(s.truth.reps)
    true = next(r for r in s.truth.reps if 185.0 < r.start_s < 187.0)
    (rep,) = [r for r in found if abs(r.start_s - true.start_s) < 0.5]
    assert abs(rep.lockout_s - true.lockout_s) < 0.3
    assert abs(rep.end_s - true.end_s) < 0.3
