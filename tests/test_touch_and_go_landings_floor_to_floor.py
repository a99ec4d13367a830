"""A touch-and-go landing ends where the floor stopped the load, measured from floor to floor.

Between two landings the load goes from the floor back to the floor, so the mean velocity the
integration gives that stretch is its offset there. Measured instead from the velocity just
after the landing before, one landing found late (the aliased impact too small, the cluster
of spikes running on into the pull's own acceleration) made the next one late too, and a late
landing cuts a touch-and-go rep's pull in two.
"""

from __future__ import annotations

import numpy as np
import pytest

from altsim_cases import assert_rep_found, true_and_found

from analysis.kinematics import _landings

DT = 0.02


def _touch_and_go_motion() -> tuple[np.ndarray, np.ndarray]:
    """(t, vertical acceleration m/s^2): a pull from rest, two touch-and-go reps; the first
    bounce's impact aliased 0.2 m/s short, the second measured right."""
    t = np.arange(0.0, 5.6, DT)
    v = np.zeros_like(t)

    def pull(t0: float, dur: float) -> None:  # 0.5 m up, minimum jerk (peak 0.8 g for 0.6 s)
        tau = (t - t0) / dur
        m = (tau > 0) & (tau < 1)
        v[m] = 0.5 / dur * (30 * tau[m] ** 2 - 60 * tau[m] ** 3 + 30 * tau[m] ** 4)

    def descent(t0: float) -> None:  # 0.5 m down in 1 s, touching the floor at 0.4 m/s
        tau = t - t0
        m = (tau > 0) & (tau <= 1)
        v[m] = -0.4 * tau[m] - 0.3 * np.pi / 2 * np.sin(np.pi * tau[m])

    pull(0.3, 1.0)
    descent(1.5)
    pull(2.5, 0.6)
    descent(3.3)
    pull(4.3, 0.6)
    a = np.gradient(v, DT)
    for t_hit, short in ((2.5, 0.2), (4.3, 0.0)):  # the impact: one spike point
        k = int(round(t_hit / DT))
        jump = v[k + 1] - v[k - 1]
        a[k - 1 : k + 2] = 0.0
        a[k] = (jump - short) / DT
    return t, a


def test_a_landing_after_a_late_one_ends_at_its_impact() -> None:
    t, a = _touch_and_go_motion()
    assert a[int(2.6 / DT) : int(2.9 / DT)].max() > 0.75 * 9.80665  # the pull's own spikes
    found = [float(t[i]) for i in _landings(a, DT)]
    assert len(found) == 2
    # the first, whose impact was aliased short, runs into the pull (nothing to tell it by)
    assert found[0] == pytest.approx(2.6, abs=0.03)
    # the second ends at the pull's first spike after its impact (4.38 s: the impact's own point
    # counts half its area), not 0.14 s into the pull (4.44 s) as the first one made it
    assert 4.3 < found[1] <= 4.4


@pytest.mark.parametrize("rate_hz", [25.0, 200.0])
def test_the_last_touch_and_go_rep_of_a_set_is_found(rate_hz: float) -> None:
    """Altsim seed 3010 (bumper plates): the second set's touch-and-go reps went by in one
    motion with a landing at each bottom, each found later than the one before, the last 0.26 s
    into its rep's pull; its lockout rest then read as a landing and the rep was lost."""
    true, found = true_and_found(3010, "bar", rate_hz, "clean")
    assert len(found) == len(true) == 28
    last = [r for r in true if 470.0 < r.start_s < 490.0][-1]
    assert_rep_found(found, last, lockout_s=0.15, end_s=0.3)
