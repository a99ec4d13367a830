"""Gyroscope integration with unit quaternions, vectorised over a block of samples.

Convention: ``q`` (w, x, y, z) is the orientation of the sensor frame at sample k relative to the
sensor frame at a reference instant (sample 0), so a vector ``v_k`` in frame k is ``R(q) v_k`` in the
reference frame. Angular rates are in deg/s in the sensor frame; body-frame increments multiply on
the right: ``q_{k+1} = q_k * exp(omega_k * dt / 2)``.

The cumulative product is an associative scan, done in log2(N) vectorised passes (Hillis-Steele),
so a block of thousands of samples costs a few numpy calls.
"""

from __future__ import annotations

import numpy as np

IDENTITY = np.array([1.0, 0.0, 0.0, 0.0])


def quat_multiply(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Hamilton product p*q of (..., 4) arrays."""
    pw, px, py, pz = p[..., 0], p[..., 1], p[..., 2], p[..., 3]
    qw, qx, qy, qz = q[..., 0], q[..., 1], q[..., 2], q[..., 3]
    out = np.empty(np.broadcast_shapes(p.shape, q.shape))
    out[..., 0] = pw * qw - px * qx - py * qy - pz * qz
    out[..., 1] = pw * qx + px * qw + py * qz - pz * qy
    out[..., 2] = pw * qy - px * qz + py * qw + pz * qx
    out[..., 3] = pw * qz + px * qy - py * qx + pz * qw
    return out


def _cross(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cross product of (..., 3) arrays (np.cross is slow on small blocks)."""
    out = np.empty(np.broadcast_shapes(a.shape, b.shape))
    out[..., 0] = a[..., 1] * b[..., 2] - a[..., 2] * b[..., 1]
    out[..., 1] = a[..., 2] * b[..., 0] - a[..., 0] * b[..., 2]
    out[..., 2] = a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]
    return out


def quat_from_rotvec(rv: np.ndarray) -> np.ndarray:
    """Unit quaternions (N, 4) from rotation vectors (N, 3) in radians."""
    ang = np.sqrt(np.einsum('...i,...i->...', rv, rv))
    half = 0.5 * ang
    # sin(half)/ang with a series for tiny angles
    k = np.where(ang > 1e-8, np.sin(half) / np.where(ang > 1e-8, ang, 1.0), 0.5 - ang**2 / 48.0)
    return np.concatenate([np.cos(half)[..., None], rv * k[..., None]], axis=-1)


def integrate_gyro(gyro_dps: np.ndarray, dt: float, q0: np.ndarray = IDENTITY) -> np.ndarray:
    """Orientations (N, 4) after each of the N rate samples, starting from ``q0``.

    Sample k's rate is applied over [t_k, t_k + dt); output k is the orientation at t_k + dt.
    """
    n = gyro_dps.shape[0]
    q = quat_from_rotvec(np.radians(gyro_dps) * dt)
    shift = 1
    while shift < n:
        q = np.concatenate([q[:shift], quat_multiply(q[:-shift], q[shift:])], axis=0)
        shift *= 2
    q = quat_multiply(np.broadcast_to(q0, q.shape), q)
    return q / np.sqrt(np.einsum('...i,...i->...', q, q))[..., None]


def rotate_to_reference(q: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Express sensor-frame vectors v (N,3) in the reference frame: R(q) v."""
    w = q[..., :1]
    u = q[..., 1:]
    t = 2.0 * _cross(u, v)
    return v + w * t + _cross(u, t)


def rotate_to_sensor(q: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Express reference-frame vectors v in the sensor frame: R(q)^T v."""
    qc = q * np.array([1.0, -1.0, -1.0, -1.0])
    return rotate_to_reference(qc, v)
