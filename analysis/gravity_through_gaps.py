"""Gravity's direction through a motion whose data the link lost in places.

Between two rests the gravity direction is carried by the integrated gyroscope. Where the link
lost data, the rate over the gap is interpolated between the samples either side, and whatever
the sensor turned in between that the interpolation misses is an orientation error from there
on: a back sensor that hinged 70 deg during a 0.3 s gap reads the rest of a touch-and-go set
tens of degrees off, from either rest.

Between gaps the gyroscope is as good as anywhere, so the error is a step at each gap. Each
stretch between gaps also measures gravity itself: the mean specific force over a stretch of T
seconds, expressed in the integration's reference frame, is gravity plus the mean acceleration,
which is the change of velocity over T; a body part or a bar changes speed by at most about
``DV_MPS`` (1 m/s), so that mean points along gravity to within about dv / (g T) rad. The
stretches' gravity directions (reference frame) are then smoothed as a random walk: a step at
each gap of about the angle the sensor could turn in it unseen (its length times the fastest
rate of the motion), measured by each stretch's mean specific force and, firmly, by the rests
at both ends (a forward Kalman filter and a Rauch-Tung-Striebel pass back, with one scalar
variance per stretch). A bar barely turns, so its gaps step by next to nothing and the gyroscope
keeps carrying it; a trunk in a set turns fast, and its stretches' own gravity takes over.
"""

from __future__ import annotations

import numpy as np

from .orientation import rotate_to_reference
from .units import STANDARD_GRAVITY

#: how much a lifted load or a lifter's trunk changes speed over a stretch (m/s): one standard
#: deviation of the mean acceleration's effect (a deadlift's bar and upper back peak near 1 m/s)
DV_MPS = 1.0
#: the rests' gravity directions: 1 deg, as one standard deviation (rad)
REST_SIGMA_RAD = np.radians(1.0)
#: the gyroscope offset left after calibration, deg/s, as one standard deviation: the drift
#: between stretches
RESIDUAL_OFFSET_DPS = 0.5


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """[(start, end)] inclusive index ranges of the True runs of mask (M,)."""
    d = np.diff(np.concatenate(([0], mask.view(np.int8), [0])))
    starts = (d == 1).nonzero()[0]
    ends = (d == -1).nonzero()[0] - 1
    return list(zip(starts.tolist(), ends.tolist()))


def gravity_through_gaps(
    q: np.ndarray, acc: np.ndarray, rate_dps: np.ndarray, gap: np.ndarray, g_a: np.ndarray, g_b_ref: np.ndarray, dt: float
) -> np.ndarray | None:
    """Gravity's unit direction (M, 3) in the reference frame of q (rest A's sensor frame), point
    by point, for a motion from rest A to rest B with lost data; None if no data was lost between
    two measured stretches (the gyroscope's blend between the rests is then all there is).

    q (M, 4): orientation relative to the first point (gyroscope integrated through the gaps);
    acc (M, 3) specific force, g, sensor frame; rate_dps (M,) offset-corrected rate, deg/s;
    gap (M,) bool, points interpolated across lost data; g_a (3,) unit gravity at rest A, sensor
    frame (= reference frame); g_b_ref (3,) unit gravity at rest B, in the reference frame.
    """
    pieces = _runs(~gap)
    if len(pieces) < 2:
        return None
    m = q.shape[0]
    f_ref = rotate_to_reference(q, acc)
    measured = rate_dps[~gap]
    max_rate = float(np.radians(measured.max())) if measured.size else 0.0
    # nodes: rest A (the first point), the measured stretches, rest B (the last point), each
    # with its index range and its measurement of gravity (unit, reference frame) and variance
    spans = [(0, 0)] + pieces + [(m - 1, m - 1)]
    n = len(spans)
    z = np.empty((n, 3))
    r = np.empty(n)
    z[0], r[0] = g_a, REST_SIGMA_RAD**2
    z[-1], r[-1] = g_b_ref, REST_SIGMA_RAD**2
    for p, (s, e) in enumerate(pieces, start=1):
        mean = f_ref[s : e + 1].mean(axis=0)
        norm = float(np.sqrt(mean @ mean))
        z[p] = mean / norm if norm > 0.0 else g_a
        r[p] = (DV_MPS / (STANDARD_GRAVITY * (e - s + 1) * dt)) ** 2 if norm > 0.0 else np.inf
    # the step from one node to the next: the turn a gap between them may hide, and the drift
    # of a residual gyroscope offset over the time between them
    step_var = np.zeros(n)
    for p in range(1, n):
        lost_s = max(0, spans[p][0] - spans[p - 1][1] - 1) * dt
        apart_s = 0.5 * ((spans[p][0] + spans[p][1]) - (spans[p - 1][0] + spans[p - 1][1])) * dt
        step_var[p] = (0.5 * lost_s * max_rate) ** 2 + (np.radians(RESIDUAL_OFFSET_DPS) * apart_s) ** 2
    # forward Kalman filter (isotropic: one variance for the three components of the direction)
    x_f, p_f = np.empty((n, 3)), np.empty(n)
    x_pred, p_pred = np.empty((n, 3)), np.empty(n)
    x, var = z[0].copy(), r[0]
    x_pred[0], p_pred[0], x_f[0], p_f[0] = x, var, x, var
    for p in range(1, n):
        var = var + step_var[p]
        x_pred[p], p_pred[p] = x, var
        k = var / (var + r[p]) if np.isfinite(r[p]) else 0.0
        x = x + k * (z[p] - x)
        var = (1.0 - k) * var
        x_f[p], p_f[p] = x, var
    # backward (Rauch-Tung-Striebel) smoothing pass
    x_s = x_f.copy()
    for p in range(n - 2, -1, -1):
        c = p_f[p] / p_pred[p + 1]
        x_s[p] = x_f[p] + c * (x_s[p + 1] - x_pred[p + 1])
    norms = np.sqrt(np.einsum("ij,ij->i", x_s, x_s))
    if not (norms > 0.5).all():
        # stretches that point gravity every which way (a sensor turned over while the link was
        # down, then shaken): their average says nothing; the gyroscope's blend is kept
        return None
    # each stretch takes its own; a gap's points move from the node before to the node after
    out = np.empty((m, 3))
    for p in range(1, n):
        (s0, e0), (s1, e1) = spans[p - 1], spans[p]
        if s1 > e0 + 1:
            w = (np.arange(e0 + 1, s1) - e0) / (s1 - e0)
            blend = (1.0 - w)[:, None] * x_s[p - 1] + w[:, None] * x_s[p]
            # (nodes far apart, a sensor turned over in the gap: the nearer node, not a blend
            # through nothing)
            short = np.einsum("ij,ij->i", blend, blend) < 0.25
            blend[short] = np.where((w[short] < 0.5)[:, None], x_s[p - 1], x_s[p])
            out[e0 + 1 : s1] = blend
        out[s1 : e1 + 1] = x_s[p]
    out[0] = x_s[0]
    out[-1] = x_s[-1]
    return out / np.sqrt(np.einsum("ij,ij->i", out, out))[:, None]
