"""A bar carried to a rack and set on its hooks is no rep.

Altsim (benchmarks/altsim) tuning seed 16: after the last set the lifter picked the bar up,
walked 4.5 s with it and set it on a rack: a knock as it landed on the hooks, a 15 cm lift
and let go. The knock looked like a low turn where the bar landed, the lift like a short
pull: a 14th rep of 13."""

from __future__ import annotations

import pytest
from altsim_cases import true_and_found


@pytest.mark.parametrize("rate,link", [(25.0, "clean"), (100.0, "ble")])
def test_a_bar_carried_to_a_rack_is_no_rep(rate, link):
    true, found = true_and_found(16, "bar", rate, link)
    assert len(true) == 13
    assert len(found) == 13
    assert all(r.start_s < 340.0 for r in found)  # (the carry starts at 338.5 s)


def test_a_bar_lowered_onto_a_rack_after_a_walk_is_no_rep():
    """Altsim seed 15: the bar carried at hip height, lowered to the rack (a low turn, where the
    integration starts afresh) and lifted onto the hooks. That turn ends the walk: the motion
    that brought the bar there is kept with it, and carried it metres."""
    true, found = true_and_found(15, "bar", 100.0, "ble")
    assert len(true) == 24
    assert len(found) == 24
    assert all(r.start_s < 936.0 for r in found)  # (the carry starts at 936.4 s)
