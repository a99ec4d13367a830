"""Where the link lost data, a bar's horizontal travel is not made up from the interpolation.

A motion's horizontal travel (kinematics.horizontal_travel) tells a bar carried somewhere and
set down from a rep. The grid fills a link's stall by interpolating the specific force; a
second of interpolated tilt, integrated twice, read as 0.58 m of travel for a paused rep lifted
straight up (altsim 4012 at 100 Hz over BLE: the link stalled for 1.0 s at its lockout; the bar
moved 4 cm), and the rep was dropped as carried. Lost points, like impacts, carry no horizontal
velocity.
"""

from __future__ import annotations

import numpy as np

from altsim_cases import assert_rep_found, true_and_found, true_rep_at

from analysis.kinematics import horizontal_travel

DT = 0.01


def _motion_with_tilted_stretch(n: int, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(q, acc, gdir) of a sensor that does not turn, reading gravity (1 g, +z) but for points
    lo..hi-1, where it reads 0.1 g sideways too (what an interpolation between two tilted
    readings may read)."""
    q = np.tile([1.0, 0.0, 0.0, 0.0], (n, 1))
    gdir = np.tile([0.0, 0.0, 1.0], (n, 1))
    acc = np.tile([0.0, 0.0, 1.0], (n, 1))
    acc[lo:hi, 0] = 0.1
    return q, acc, gdir


def test_lost_points_carry_no_horizontal_velocity() -> None:
    q, acc, gdir = _motion_with_tilted_stretch(200, 50, 150)
    seen = horizontal_travel(q, acc, gdir, DT)
    assert seen.max() > 0.1  # (a second of 0.1 g sideways, the velocity made zero at both ends)
    lost = np.zeros(200, bool)
    lost[50:150] = True
    assert horizontal_travel(q, acc, gdir, DT, lost).max() < 1e-9


def test_the_paused_rep_through_a_stall_is_kept() -> None:
    true, found = true_and_found(4012, "bar", 100.0, "ble")
    assert len(true) == 4
    assert len(found) == 4
    assert_rep_found(found, true[true_rep_at(true, 112.00)], lockout_s=None)
