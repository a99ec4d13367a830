"""Back placement: a pause hold at the knee, after which the shoulders rise only a few cm to
the lockout while the trunk turns on towards upright, is a hold, not the lockout."""

from __future__ import annotations

from altsim_cases import true_and_found


def test_hold_with_a_small_rise_after_it_is_a_pause() -> None:
    """Altsim seed 3015, 100 Hz: held 2 s, then the shoulders rose 4 cm and the trunk turned on
    13 deg to the lockout. The hold was taken for the lockout (rep lockout 2.3 s early, no
    pause)."""
    true, found = true_and_found(3015, "back", 100.0, "clean")
    rep = next(r for r in true if abs(r.start_s - 698.87) < 0.05)
    (hold,) = rep.pauses
    (mine,) = [r for r in found if abs(r.start_s - rep.start_s) < 0.15]
    assert abs(mine.lockout_s - rep.lockout_s) <= 0.15
    (p,) = mine.pauses
    assert abs(p.start_s - hold.start_s) <= 0.3 and abs(p.end_s - hold.end_s) <= 0.1
