"""Rotation helpers (vectorized numpy). Matrices map body-frame vectors to the world frame.

All angles in radians unless a name says ``_deg``. Rotation matrices have shape (..., 3, 3).
"""

from __future__ import annotations

import numpy as np


def rot_x(a: np.ndarray) -> np.ndarray:
    """Rotation by angle ``a`` (rad, shape (N,)) about x; returns (N, 3, 3)."""
    a = np.asarray(a, dtype=float)
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([o, z, z], -1), np.stack([z, c, -s], -1), np.stack([z, s, c], -1)], -2)


def rot_y(a: np.ndarray) -> np.ndarray:
    """Rotation about y (positive ``a`` turns +z towards +x)."""
    a = np.asarray(a, dtype=float)
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([c, z, s], -1), np.stack([z, o, z], -1), np.stack([-s, z, c], -1)], -2)


def rot_z(a: np.ndarray) -> np.ndarray:
    """Rotation about z (positive ``a`` turns +x towards +y)."""
    a = np.asarray(a, dtype=float)
    c, s = np.cos(a), np.sin(a)
    o, z = np.ones_like(a), np.zeros_like(a)
    return np.stack([np.stack([c, -s, z], -1), np.stack([s, c, z], -1), np.stack([z, z, o], -1)], -2)


def quat_to_matrix(q: np.ndarray) -> np.ndarray:
    """Unit quaternion(s) (w, x, y, z), shape (..., 4), to rotation matrix (..., 3, 3)."""
    q = np.asarray(q, dtype=float)
    q = q / np.linalg.norm(q, axis=-1, keepdims=True)
    w, x, y, z = q[..., 0], q[..., 1], q[..., 2], q[..., 3]
    return np.stack(
        [
            np.stack([1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)], -1),
            np.stack([2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)], -1),
            np.stack([2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)], -1),
        ],
        -2,
    )


def random_quaternion(rng: np.random.Generator) -> tuple[float, float, float, float]:
    """A rotation drawn uniformly over SO(3) (w, x, y, z), w >= 0."""
    q = rng.normal(size=4)
    q /= np.linalg.norm(q)
    if q[0] < 0:
        q = -q
    return tuple(float(v) for v in q)  # type: ignore[return-value]


def log_so3(r: np.ndarray) -> np.ndarray:
    """Rotation vector (rad, (..., 3)) of rotation matrices (..., 3, 3); accurate near identity."""
    tr = np.trace(r, axis1=-2, axis2=-1)
    cos = np.clip((tr - 1.0) / 2.0, -1.0, 1.0)
    ang = np.arccos(cos)
    v = np.stack([r[..., 2, 1] - r[..., 1, 2], r[..., 0, 2] - r[..., 2, 0], r[..., 1, 0] - r[..., 0, 1]], -1) / 2.0
    sin = np.sin(ang)
    small = ang < 1e-4
    factor = np.where(small, 1.0 + ang**2 / 6.0, ang / np.where(small, 1.0, sin))
    return v * factor[..., None]


def exp_so3(w: np.ndarray) -> np.ndarray:
    """Rotation matrices (..., 3, 3) of rotation vectors (..., 3) (Rodrigues)."""
    w = np.asarray(w, dtype=float)
    ang = np.linalg.norm(w, axis=-1)
    small = ang < 1e-8
    safe = np.where(small, 1.0, ang)
    k = w / safe[..., None]
    kx, ky, kz = k[..., 0], k[..., 1], k[..., 2]
    zero = np.zeros_like(kx)
    kk = np.stack([np.stack([zero, -kz, ky], -1), np.stack([kz, zero, -kx], -1), np.stack([-ky, kx, zero], -1)], -2)
    s = np.where(small, 0.0, np.sin(ang))[..., None, None]
    c = np.where(small, 0.0, 1.0 - np.cos(ang))[..., None, None]
    eye = np.broadcast_to(np.eye(3), kk.shape)
    return eye + s * kk + c * (kk @ kk)
