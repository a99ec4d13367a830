"""A bar dropped at the end of a set bounces off its plates: that flight is no rep.

Dropped from the lockout, the bar lands at 3 m/s, bounces 15-20 cm up and lands again
(altsim 5006 at 50 Hz, 5010 at 200 Hz over BLE). The bounce has a rep's shape from the floor to a
top and back, 0.2 s up, and was counted. In flight the specific force reads near zero; from a
stop to the top of a lift it averages gravity's (the impulse), so a load near free fall over
two thirds of the way would need a pull of 3 g the rest of it: thrown, not lifted. A fast, light
pull coasts to its top for a third of its rise at most (the own simulator's 0.5 s pulls at 1.5
m/s), and stays a rep.
"""

from __future__ import annotations

import pytest

from altsim_cases import assert_rep_found, true_and_found


@pytest.mark.parametrize(
    ("seed", "rate_hz", "link", "drop_end_s"),
    [
        (5006, 50.0, "clean", 79.73),
        (5010, 200.0, "ble", 48.60),
    ],
)
def test_the_bounce_after_a_drop_is_not_counted(seed: int, rate_hz: float, link: str, drop_end_s: float) -> None:
    true, found = true_and_found(seed, "bar", rate_hz, link)
    assert len(found) == len(true)
    dropped = next(r for r in true if abs(r.end_s - drop_end_s) < 0.01)
    assert_rep_found(found, dropped)
    assert not [r for r in found if dropped.end_s - 0.05 < r.start_s < dropped.end_s + 1.0]
