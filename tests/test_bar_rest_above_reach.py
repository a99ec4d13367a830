"""A bar integrated from a bounce cannot rest higher than a lift takes it.

A touch-and-go rep's lowering is a steady descent: the specific force reads 1 g, the gyroscope
still, and the stillness detector sees a rest. The integration from the bounce knows the bar
goes down at 0.5 m/s, but the bounce's aliased impact left tenths of a m/s of uncertainty in it,
enough to cover that speed (altsim 5029 at 200 Hz: the lowering from 795.0 s taken for a rest,
the next bounce lost, two reps merged). Were the bar at rest there, the velocity read would have
been left by the last impact, and the bar would lie at least the height read less that velocity
times the time since: 0.8 m above the floor for reps that rise 0.4 m. No lift takes a bar half
again as high as the reps rise, so a rest read in a descent that would put it there is refused.
"""

from __future__ import annotations

import pytest

from altsim_cases import assert_rep_found, true_and_found, true_rep_at


@pytest.mark.parametrize(
    ("seed", "rate_hz", "link", "rep_start_s"),
    [
        (5029, 200.0, "clean", 795.77),
        (4005, 25.0, "clean", 108.54),
    ],
)
def test_the_rep_after_the_lowering_is_found(seed: int, rate_hz: float, link: str, rep_start_s: float) -> None:
    true, found = true_and_found(seed, "bar", rate_hz, link)
    i = true_rep_at(true, rep_start_s)
    for rep in true[i - 1 : i + 2]:  # (the rep and both its neighbours, no longer merged)
        assert_rep_found(found, rep)
