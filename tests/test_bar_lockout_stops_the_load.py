"""A touch-and-go lockout stops the bar, whatever velocity the integration reads there.

Integrated from a touch-and-go bottom, the velocity carries what the bounce's aliased impact
left in it (altsim 5025 at 200 Hz: the turn found at the floor's first touch, the bar still
coming down, and the floor's stop then integrated as a rise: +0.33 m/s). At the lockout the
bar stood still for 0.15 s while the integration read a steady rise; the lowering after it
read -0.2 m/s for -0.6, looked still to the stillness detector (a steady speed does) and was
not refused as a rest (0.87 m/s of the velocity's uncertainty came from the bounce): the next
bottom was lost and two reps merged. After the pull decelerated from its fastest by 0.3 m/s or
more, at least a rep's rise above the floor, a vertical acceleration calm for 0.1 s is the
load stopped at its lockout, where the velocity read lies within what the integration could not
see (a steady pull looks calm too, but a clean integration knows its speed): the velocity is
zeroed there and the uncertainty with it.
"""

from __future__ import annotations

import pytest

from altsim_cases import assert_rep_found, true_and_found, true_rep_at


@pytest.mark.parametrize(
    ("seed", "rate_hz", "link", "rep_start_s"),
    [
        (5025, 200.0, "clean", 34.47),
        (4013, 100.0, "ble", None),  # (every rep of the set: 4 of 6 found before)
    ],
)
def test_the_rep_after_the_lockout_is_found(seed: int, rate_hz: float, link: str, rep_start_s: float | None) -> None:
    true, found = true_and_found(seed, "bar", rate_hz, link)
    if rep_start_s is None:
        assert len(found) == len(true)
        return
    i = true_rep_at(true, rep_start_s)
    for rep in true[i - 1 : i + 2]:  # (the rep and both its neighbours, no longer merged)
        assert_rep_found(found, rep)
