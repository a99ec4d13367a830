"""A bar that comes down steadily from the lockout looks still; where the floor then stops it,
that "rest" was the descent, and the rep ends at the landing.

Altsim seed 18 (bar, touch-and-go, sensor low-pass filtered): the last rep of the second set
is lowered at a steady 0.46 m/s for 1.2 s. A bar moving at constant speed reads gravity, so
the stillness detector saw a rest; after the bounce that started the rep, whose aliased impact
leaves the velocity uncertain by 0.34 m/s, the integration (-0.44 m/s, right) could not
refuse it. The landing then came out of that "rest" with the integration at zero, no descent
measured, and the rep was lost. The floor's impact right after the rest, with the integration
having come into the rest going down from the bounce and the bar moving no further after it,
is a landing. At 25 Hz the landed rest also must not be merged into the "rest" before it as
one hold the detector broke in two."""

from __future__ import annotations

import pytest

from altsim_cases import true_and_found


@pytest.mark.parametrize("rate_hz, link", [(25.0, "clean"), (100.0, "clean"), (200.0, "ble")])
def test_last_rep_of_a_touch_and_go_set_lowered_steadily(rate_hz: float, link: str) -> None:
    true, found = true_and_found(18, "bar", rate_hz, link)
    assert len(found) == len(true) == 10
    last = found[-1]
    assert abs(last.start_s - true[-1].start_s) < 0.15
    assert abs(last.end_s - true[-1].end_s) < 0.3
