"""A collar sensor's sleeve spins 10-40 deg through a pull. An orientation carried through that
turn with a gyroscope a few per cent off (scale, axes) is off in proportion to the turn, and
gravity leaks into the horizontal acceleration in step with it: integrated, tenths of a metre
of "travel" for a bar lifted straight up (0.6 m on one public collar recording, more than the
0.5 m a rep may travel). ``horizontal_travel(turn_free=True)``, asked only where the sleeve is
known to spin, takes out what goes in step with the turn; a bar carried off without turning
keeps its travel."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.kinematics import SegmentMotion, horizontal_travel
from analysis.orientation import quat_from_rotvec, rotate_to_sensor

G = 9.80665
DT = 0.01


def _motion(carry_m: float, spin_deg: float, gyro_scale: float) -> tuple[np.ndarray, ...]:
    """A 3 s motion from rest to rest: the bar up 0.5 m and back down, carried ``carry_m`` along
    the floor meanwhile, the sensor spinning ``spin_deg`` about the (horizontal) shaft as it
    goes; the orientation as a gyroscope reading ``gyro_scale`` times the rate carries it.
    Returns (q, acc g, gravity direction) as horizontal_travel takes them."""
    t = np.arange(0.0, 3.0 + DT / 2, DT)
    tau = t / t[-1]
    s = 10 * tau**3 - 15 * tau**4 + 6 * tau**5
    z, x = 0.5 * np.sin(np.pi * tau) ** 2, carry_m * s
    az, ax = np.gradient(np.gradient(z, t), t), np.gradient(np.gradient(x, t), t)
    f_world = np.column_stack([ax / G, np.zeros_like(t), az / G + 1.0])
    shaft = np.array([0.6, 0.8, 0.0])
    turn = np.radians(spin_deg) * s[:, None] * shaft
    q_est = quat_from_rotvec(gyro_scale * turn)
    acc = rotate_to_sensor(quat_from_rotvec(turn), f_world)
    up = rotate_to_sensor(q_est, np.tile([0.0, 0.0, 1.0], (len(t), 1)))
    return q_est, acc, up


@pytest.mark.parametrize("spin_deg", [15.0, 30.0])
def test_a_lift_through_a_spin_with_a_gyroscope_off_by_6_percent_travels_nowhere(spin_deg: float) -> None:
    q, acc, up = _motion(0.0, spin_deg, 1.06)
    assert horizontal_travel(q, acc, up, DT).max() > 0.15  # the leak, integrated
    assert horizontal_travel(q, acc, up, DT, turn_free=True).max() < 0.01


def test_a_carry_that_does_not_turn_keeps_its_travel() -> None:
    q, acc, up = _motion(2.0, 0.0, 1.06)
    assert horizontal_travel(q, acc, up, DT, turn_free=True).max() == pytest.approx(2.0, abs=0.01)


def test_a_motion_computes_its_turn_free_travel_once_and_apart() -> None:
    q, acc, up = _motion(0.0, 30.0, 1.06)
    calls = []

    def travel(turn_free: bool = False) -> np.ndarray:
        calls.append(turn_free)
        return horizontal_travel(q, acc, up, DT, turn_free=turn_free)

    n = len(q)
    t = np.arange(n) * DT
    seg = SegmentMotion(0, 0.0, t, np.zeros(n), np.zeros(n), up, np.zeros(n), np.zeros(n), travel=travel)
    assert seg.horizontal_travel_until(np.inf) > 0.15
    assert seg.horizontal_travel_until(np.inf, turn_free=True) < 0.01
    assert seg.horizontal_travel_until(np.inf) > 0.15 and seg.horizontal_travel_until(np.inf, turn_free=True) < 0.01
    assert calls == [False, True]
