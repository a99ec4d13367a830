"""A touch-and-go bounce's ringing is not the bar landing again.

Integrated afresh from a bottom turn, the floor's impact rings on for a few samples: its dips
read as a descent, and the next spike of the same impact then looked like a landing (altsim
5002 at 50 Hz: a spike 0.14 s after the bounce). The closing rest at the lockout was then taken
for the bar lying on the floor since that "landing", 7 cm up instead of 35, and the rep was
lost. Spikes within LANDING_CLUSTER_GAP_S of each other from the turn on are its impact; a
landing is looked for only after them.
"""

from __future__ import annotations

import numpy as np
import pytest

from altsim_cases import assert_rep_found, true_and_found, true_rep_at
from analysis.kinematics import STANDARD_GRAVITY, _landings


@pytest.mark.parametrize(
    ("seed", "rate_hz", "link", "rep_start_s"),
    [
        (5002, 50.0, "clean", 58.17),
        (5019, 25.0, "clean", 52.10),
    ],
)
def test_the_rep_after_the_bounce_is_found(seed: int, rate_hz: float, link: str, rep_start_s: float) -> None:
    true, found = true_and_found(seed, "bar", rate_hz, link)
    assert_rep_found(found, true[true_rep_at(true, rep_start_s)])
    assert len(found) == len(true)


def test_ringing_after_the_turn_is_no_landing_but_a_later_one_is() -> None:
    dt = 0.02
    g = STANDARD_GRAVITY
    a = np.zeros(150)
    a[1:4] = -0.8 * g  # the bounce ringing from the turn on: a dip (-0.47 m/s), a spike
    a[5] = 1.5 * g
    a[20:30] = 3.0  # the pull
    a[50:60] = -3.0
    a[80:100] = -2.0  # the lowering, and the next landing
    a[110] = 2.5 * g
    cuts_turn = _landings(a, dt, from_impact=True)
    cuts_rest = _landings(a, dt)
    assert cuts_turn == [111]  # only the real landing
    assert cuts_rest == [6, 111]  # from a rest, the same dip and spike read as a landing
