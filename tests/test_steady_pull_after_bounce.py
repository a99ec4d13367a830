"""A steady pull right after a touch-and-go bottom looks still to the sensor. Integrated from the
bottom turn, the bar's velocity is uncertain by what the bounce's impact hides (clipped at the
sensor's full scale: metres a second), but after the floor's last impact the load goes up, not
down: while it has not come down since, it is at least as fast as it got faster since that
impact, and such a window is no rest."""

from __future__ import annotations

from altsim_cases import true_and_found


def test_pull_at_half_a_metre_a_second_after_a_steel_bounce_is_not_a_rest() -> None:
    """Altsim seed 3026, 200 Hz, steel plates, 8 g full scale: the second touch-and-go rep's
    pull went on at 0.5 m/s with little acceleration (40.8-41.0 s); that looked still and was
    taken for a rest, and the set's third rep (43.6-48.1 s) was lost."""
    true, found = true_and_found(3026, "bar", 200.0, "clean")
    first_set = [r for r in true if r.start_s < 60.0]
    assert len(first_set) == 5
    assert len([r for r in found if r.start_s < 60.0]) == 5
    third = first_set[2]
    assert [r for r in found if r.start_s < third.lockout_s < r.end_s]
