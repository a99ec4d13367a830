"""Rotation helpers for the alternative simulator.

Conventions: right-handed frames, active rotations, angles in radians.
``R = Rz(yaw) @ Ry(pitch) @ Rx(roll)`` maps body-frame vectors into the world frame
(world z up). Arrays of angles have shape (N,), vectors (N, 3) or (3,).
"""

from __future__ import annotations

import numpy as np


def rotate_zyx(yaw: np.ndarray, pitch: np.ndarray, roll: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Return ``Rz(yaw) Ry(pitch) Rx(roll) v`` for each sample (body -> world)."""
    yaw, pitch, roll = (np.asarray(a, float) for a in (yaw, pitch, roll))
    v = np.broadcast_to(np.asarray(v, float), yaw.shape + (3,))
    x, y, z = v[..., 0], v[..., 1], v[..., 2]
    c, s = np.cos(roll), np.sin(roll)
    y, z = c * y - s * z, s * y + c * z
    c, s = np.cos(pitch), np.sin(pitch)
    x, z = c * x + s * z, -s * x + c * z
    c, s = np.cos(yaw), np.sin(yaw)
    x, y = c * x - s * y, s * x + c * y
    return np.stack([x, y, z], axis=-1)


def rotate_zyx_T(yaw: np.ndarray, pitch: np.ndarray, roll: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Return ``(Rz(yaw) Ry(pitch) Rx(roll))^T v`` for each sample (world -> body)."""
    yaw, pitch, roll = (np.asarray(a, float) for a in (yaw, pitch, roll))
    v = np.broadcast_to(np.asarray(v, float), yaw.shape + (3,))
    x, y, z = v[..., 0], v[..., 1], v[..., 2]
    c, s = np.cos(yaw), np.sin(yaw)
    x, y = c * x + s * y, -s * x + c * y
    c, s = np.cos(pitch), np.sin(pitch)
    x, z = c * x - s * z, s * x + c * z
    c, s = np.cos(roll), np.sin(roll)
    y, z = c * y + s * z, -s * y + c * z
    return np.stack([x, y, z], axis=-1)


def body_rates_zyx(yaw: np.ndarray, pitch: np.ndarray, roll: np.ndarray, dt: float) -> np.ndarray:
    """Body-frame angular velocity (rad/s, (N,3)) of ``Rz(yaw) Ry(pitch) Rx(roll)``.

    Analytic in the Euler-angle rates, which are taken by second-order central differences
    on the (fine, uniform, step ``dt`` s) grid: w_b = Rx^T Ry^T (0,0,yaw') + Rx^T (0,pitch',0) + (roll',0,0).
    """
    da, db, dc = (np.gradient(np.asarray(a, float), dt) for a in (yaw, pitch, roll))
    sb, cb = np.sin(pitch), np.cos(pitch)
    sc, cc = np.sin(roll), np.cos(roll)
    wx = dc - da * sb
    wy = cc * db + sc * da * cb
    wz = -sc * db + cc * da * cb
    return np.stack([wx, wy, wz], axis=-1)


def zyx_matrix(yaw: float, pitch: float, roll: float) -> np.ndarray:
    """3x3 matrix ``Rz(yaw) Ry(pitch) Rx(roll)`` for scalar angles."""
    return rotate_zyx(np.full(3, yaw), np.full(3, pitch), np.full(3, roll), np.eye(3)).T


def random_rotation(rng: np.random.Generator) -> np.ndarray:
    """Uniformly distributed random rotation matrix (from a uniform unit quaternion)."""
    q = rng.normal(size=4)
    q /= np.linalg.norm(q)
    w, x, y, z = q
    return np.array(
        [
            [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
            [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
            [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
        ]
    )


def exp_so3(w: np.ndarray) -> np.ndarray:
    """Rotation matrix of the rotation vector ``w`` (rad), Rodrigues' formula."""
    th = float(np.linalg.norm(w))
    k = np.array([[0.0, -w[2], w[1]], [w[2], 0.0, -w[0]], [-w[1], w[0], 0.0]])
    if th < 1e-12:
        return np.eye(3) + k
    return np.eye(3) + np.sin(th) / th * k + (1 - np.cos(th)) / th**2 * (k @ k)


def integrate_body_rates(t: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Orientation change ``R(t0)^T R(t_end)`` from body rates ``w`` (rad/s, (n,3)) at times ``t`` (s).

    Midpoint rule: each interval rotates by the mean rate of its two ends.
    """
    r = np.eye(3)
    for i in range(len(t) - 1):
        r = r @ exp_so3(0.5 * (w[i] + w[i + 1]) * (t[i + 1] - t[i]))
    return r


def rotation_angle(r: np.ndarray) -> float:
    """Angle (rad) of the rotation matrix ``r``."""
    return float(np.arccos(np.clip((np.trace(r) - 1.0) / 2.0, -1.0, 1.0)))
