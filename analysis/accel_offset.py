"""Accelerometer offset from the rests seen so far (a calibration without a calibration routine).

Physics: a still sensor reads gravity plus its accelerometer offset b (g, sensor frame): m = g0 u + b,
with u the true gravity direction. To first order in b its magnitude is |m| = g0 + b . d, where
d = m / |m| is the direction it reads. Rests of different orientations (a lifter's back standing
and bent over, a bar rolled on the floor) therefore read different magnitudes, and those
differences give b along the directions the rests span. A 60 deg hinge with a 50 mg offset
changes the magnitude by about 0.05 g: integrated over a second of motion that is 0.5 m/s of
velocity error, unless the offset is taken out.

The fit is a ridge regression of the magnitudes on the directions: along directions the rests do
not span, b stays at zero (and does no harm: the motion between those rests does not go there).
"""

from __future__ import annotations

import math

import numpy as np

#: raw MEMS accelerometers are specified to +-80 mg; a fit far beyond that is not an offset
MAX_PLAUSIBLE_OFFSET_G = 0.15

_EYE3 = np.eye(3)  # the ridge term's identity, built once rather than per fit


def fit_accel_offset(rest_gravity: np.ndarray, ridge: float) -> np.ndarray | None:
    """Accelerometer offset (3,), g, sensor frame, from the mean specific forces (M, 3), g, of
    rests in different orientations; None with fewer than two rests or an implausible fit.

    ridge: weight of |b|^2 against the squared magnitude residuals (g^2); directions are unit
    vectors, so two rests a chord c apart determine b along their difference with weight c^2 / 2.
    """
    m = np.atleast_2d(np.asarray(rest_gravity, dtype=float))
    if m.shape[0] < 2:
        return None
    mag = np.sqrt(np.einsum("ij,ij->i", m, m))
    d = m / mag[:, None]
    # sum / count is what ndarray.mean computes, without its per-call dispatch (called per rest)
    dc = d - np.add.reduce(d, axis=0) / m.shape[0]
    yc = mag - np.add.reduce(mag) / m.shape[0]
    b = np.linalg.solve(dc.T @ dc + ridge * _EYE3, dc.T @ yc)
    # np.linalg.norm of a vector is sqrt(b . b); "not <=" also rejects a NaN or infinite fit
    if not math.sqrt(b.dot(b)) <= MAX_PLAUSIBLE_OFFSET_G:
        return None
    return b
