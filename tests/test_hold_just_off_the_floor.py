"""A pause hold 2-3 cm off the floor: where the bar lay still on the floor before the pull, the
rise to the hold is measured to a few mm (both ends are rests), so a hold sits as little as
``hold_min_rise_off_rest_m`` above it. Where the floor is a landing, whose impact leaves the
integrated level a few cm off, the larger ``hold_min_rise_m`` still applies."""

from __future__ import annotations

from altsim_cases import true_and_found


def test_hold_3_cm_off_a_resting_floor_is_a_pause() -> None:
    """Altsim seed 3005, 50 Hz: the bar, still on the floor for 2 s, is lifted 3.4 cm and held
    1.8 s. Its level rose 2.9 cm: the hold was taken for the floor, the rep started after it."""
    true, found = true_and_found(3005, "bar", 50.0, "clean")
    rep = next(r for r in true if abs(r.start_s - 213.26) < 0.05)
    (hold,) = rep.pauses
    mine = [r for r in found if abs(r.start_s - rep.start_s) < 0.15]
    assert len(mine) == 1, f"rep found starting at {[round(r.start_s, 2) for r in found if abs(r.start_s - 214.0) < 2]}"
    (p,) = mine[0].pauses
    assert abs(p.start_s - hold.start_s) <= 0.1 and abs(p.end_s - hold.end_s) <= 0.1


def test_no_hold_just_after_a_landing() -> None:
    """Altsim seed 27, 100 Hz: the bar landed (a rest at once) and settled; the rest after read
    2.4 cm higher, the landing's impact in the integration. The rep from there has no pause."""
    true, found = true_and_found(27, "bar", 100.0, "clean")
    rep = next(r for r in found if abs(r.start_s - 331.7) < 0.3)
    assert not rep.pauses
    assert not next(r for r in true if abs(r.start_s - rep.start_s) < 0.3).pauses
