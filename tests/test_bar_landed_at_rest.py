"""The last rep of a touch-and-go set lands on the floor where its landing was not found
(analysis.kinematics `_landed_at_rest`, `_landed_unfound`).

The bounce that starts a touch-and-go rep is aliased at the grid rate and leaves the velocity off
by a constant; the last rep's landing, its impact missed by the grid or the link, is then not
found, and the rest after it closes the motion with the bar resting where no loaded bar rests:
1.5 m above the floor it bounced off (altsim 35, 31 samples/s), or 0.37 m up after a descent at
0.8 m/s (altsim 2019). In the floor's orientation, that rest is the floor: the motion is closed
floor to floor, landing where the bar stopped moving, and the rep is counted.
"""

from __future__ import annotations

import numpy as np
import pytest

from altsim_cases import true_and_found

from analysis.kinematics import STEADY_MIN_MISS_M, _landed_at_rest, _landed_unfound, cumulative_trapezoid0


@pytest.mark.parametrize(
    ("seed", "rate_hz", "link", "t_true"),
    [
        (35, 100.0, "ble", 38.52),  # the closing rest 1.47 m above the bounce
        (2019, 50.0, "clean", 549.59),  # 0.37 m above it, after a descent
    ],
)
def test_the_last_touch_and_go_rep_is_counted(seed: int, rate_hz: float, link: str, t_true: float) -> None:
    true, found = true_and_found(seed, "bar", rate_hz, link)
    assert len(found) == len(true)
    (q,) = [q for q in true if abs(q.start_s - t_true) < 0.1]
    (r,) = [r for r in found if abs(r.start_s - q.start_s) < 0.2]
    assert abs(r.end_s - q.end_s) < 0.3
    assert r.rom_m == pytest.approx(q.rom_m, abs=0.1)


def _bounce_rep(offset_mps: float, dt: float = 0.02) -> tuple[np.ndarray, np.ndarray]:
    """(vertical acceleration m/s^2, its integral from 0) of a rep from a bounce: up 0.5 m in 0.8
    s, down 0.5 m in 0.5 s, landing at 0.7 m/s with its impact unseen (the bar seems to keep
    that speed), 0.7 s on the floor; the bounce's aliased impact adds ``offset_mps`` to the
    velocity from the start."""
    t = np.arange(0.0, 2.0, dt)
    up = 0.5 / 0.8 * 2 * np.sin(np.pi * t / 0.8) ** 2
    u = t - 0.8
    down = -1.4 * np.sin(np.pi * u / 0.6)
    v = np.where(t < 0.8, up, np.where(t < 1.3, down, 0.0)) + offset_mps
    v[t >= 1.3] = -1.4 * np.sin(np.pi * 0.5 / 0.6) + offset_mps
    a = np.gradient(v, dt)
    return a, cumulative_trapezoid0(a, dt)


def test_a_rest_far_above_the_floor_after_a_descent_is_the_floor() -> None:
    a, v0 = _bounce_rep(0.6)
    gdir = np.tile([0.0, 0.0, -1.0], (a.shape[0], 1))
    closed = v0 - v0[-1]  # (the constant offset the rest shows)
    assert abs(float(cumulative_trapezoid0(closed, 0.02)[-1])) > STEADY_MIN_MISS_M
    assert _landed_at_rest(closed, 0.02, gdir, 0)
    v, cuts = _landed_unfound(a, 0.02, v0, [], True)
    h = cumulative_trapezoid0(v, 0.02)
    assert abs(h[cuts[-1]]) < 0.02  # back on the floor at the landing
    assert h.max() == pytest.approx(0.5, abs=0.1)
    # ... but not in another orientation (held in the hands, the shaft rolls), nor where the
    # "rest" came at the highest point of the motion (a steady descent looks still)
    tilted = gdir.copy()
    tilted[-1] = [0.0, np.sin(np.radians(5)), -np.cos(np.radians(5))]
    assert not _landed_at_rest(closed, 0.02, tilted, 0)
    rising = np.full(50, 0.3)
    assert not _landed_at_rest(rising, 0.02, gdir[:50], 0)
