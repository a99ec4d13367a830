"""The accelerometer offset fitted from rests, and the motion integration that uses it."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from analysis.accel_offset import fit_accel_offset
from analysis.kinematics import Rest, segment_motion

OFFSET = np.array([0.05, -0.06, 0.04])  # g, within the +-80 mg of a raw MEMS part


def reading_at_rest(rot: Rotation) -> np.ndarray:
    """What a still sensor with OFFSET reads when the world-to-sensor rotation is ``rot``."""
    return rot.inv().apply([0.0, 0.0, 1.0]) + OFFSET


def test_offset_recovered_from_well_spread_rests():
    rots = Rotation.random(12, random_state=3)
    m = np.array([reading_at_rest(r) for r in rots])
    b = fit_accel_offset(m, ridge=1e-4)
    assert b is not None
    assert np.allclose(b, OFFSET, atol=0.006)  # first order in the offset: |b|^2 / 2 ~ 4 mg


def test_two_rests_give_the_offset_along_their_difference_only():
    base = Rotation.from_euler("xyz", [10, -20, 30], degrees=True)
    hinge = Rotation.from_euler("x", 60, degrees=True) * base
    m = np.array([reading_at_rest(base), reading_at_rest(hinge)])
    b = fit_accel_offset(m, ridge=0.01)
    assert b is not None
    d = m / np.linalg.norm(m, axis=1)[:, None]
    # the magnitude difference between the two rests is reproduced (shrunk a little by the ridge)
    diff = np.linalg.norm(m[0]) - np.linalg.norm(m[1])
    assert b @ (d[0] - d[1]) == pytest.approx(diff, rel=0.1)
    # nothing is invented across the difference
    along = (d[0] - d[1]) / np.linalg.norm(d[0] - d[1])
    assert np.linalg.norm(b - (b @ along) * along) < 1e-9


def test_no_fit_from_one_rest_or_an_implausible_one():
    assert fit_accel_offset(np.array([[0.0, 0.0, 1.03]]), 0.01) is None
    # magnitudes 0.7 and 1.3 g a right angle apart: no 80 mg offset does that
    assert fit_accel_offset(np.array([[0.0, 0.0, 0.7], [1.3, 0.0, 0.0]]), 0.01) is None


def test_hinge_through_upright_between_two_bent_rests_stays_level():
    """A back sensor that hinges from bent-over to upright and back, rotating in place: without
    the offset, the change of the gravity magnitude read upright is taken for acceleration (0.14 m
    of height error here, after the drift removal); with the offset fitted from the two rest
    orientations it is not."""
    dt = 0.01
    upright = Rotation.from_euler("xyz", [5, 0, 20], degrees=True)  # sensor -> world
    n_rest, n_move = 100, 300
    tilt = np.concatenate([np.zeros(n_rest), 60 * np.sin(np.linspace(0, np.pi, n_move)) ** 2, np.zeros(n_rest)])
    rots = [Rotation.from_euler("xyz", [5, 60 - a, 20], degrees=True) for a in tilt]
    acc = np.array([reading_at_rest(r) for r in rots])
    # body rates over each step (rots map sensor to world); a grid point's rate is the mean of
    # the steps on either side (what segment_motion's trapezoid rule expects)
    steps = np.degrees((Rotation.concatenate(rots[:-1]).inv() * Rotation.concatenate(rots[1:])).as_rotvec()) / dt
    gyro = np.vstack([steps[:1], 0.5 * (steps[1:] + steps[:-1]), steps[-1:]])
    t = np.arange(len(acc)) * dt
    i0, i1 = n_rest - 1, n_rest + n_move
    ra = Rest(0, i0, 0.0, t[i0], acc[:i0 + 1].mean(axis=0), np.zeros(3))
    rb = Rest(i1, len(t) - 1, t[i1], t[-1], acc[i1:].mean(axis=0), np.zeros(3))
    upright_rest = reading_at_rest(upright)
    b = fit_accel_offset(np.array([ra.gravity, upright_rest]), ridge=0.01)
    sl = slice(i0, i1 + 1)
    plain = segment_motion(t[sl], acc[sl], gyro[sl], np.zeros(3), ra, rb, dt, i0)
    fitted = segment_motion(t[sl], acc[sl], gyro[sl], np.zeros(3), ra, rb, dt, i0, acc_offset=b)
    assert np.abs(plain.height).max() > 0.1
    assert np.abs(fitted.height).max() < 0.01
    assert np.abs(fitted.velocity).max() < 0.01
