"""Gyroscope integration with unit quaternions, vectorised over a block of samples.

Convention: ``q`` (w, x, y, z) is the orientation of the sensor frame at sample k relative to the
sensor frame at a reference instant (sample 0), so a vector ``v_k`` in frame k is ``R(q) v_k`` in the
reference frame. Angular rates are in deg/s in the sensor frame; body-frame increments multiply on
the right: ``q_{k+1} = q_k * exp(omega_k * dt / 2)``.

The cumulative product is an associative scan, done in log2(N) vectorised passes (Hillis-Steele),
so a block of thousands of samples costs a few numpy calls; short blocks scan 4x4 product
matrices instead, which takes fewer calls per pass.
"""

from __future__ import annotations

import math

import numpy as np

IDENTITY = np.array([1.0, 0.0, 0.0, 0.0])


def quat_multiply(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Hamilton product p*q of (..., 4) arrays."""
    pw, px, py, pz = p[..., 0], p[..., 1], p[..., 2], p[..., 3]
    qw, qx, qy, qz = q[..., 0], q[..., 1], q[..., 2], q[..., 3]
    out = np.empty(p.shape if p.shape == q.shape else np.broadcast_shapes(p.shape, q.shape))
    out[..., 0] = pw * qw - px * qx - py * qy - pz * qz
    out[..., 1] = pw * qx + px * qw + py * qz - pz * qy
    out[..., 2] = pw * qy - px * qz + py * qw + pz * qx
    out[..., 3] = pw * qz + px * qy - py * qx + pz * qw
    return out


def _left_product_matrix(p: np.ndarray) -> np.ndarray:
    """The 4x4 matrix L with L @ q == p * q (Hamilton product) for a single quaternion p."""
    w, x, y, z = p
    return np.array([[w, -x, -y, -z], [x, w, -z, y], [y, z, w, -x], [z, -y, x, w]])


def cross3(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cross product of (..., 3) arrays (np.cross is slow on small blocks)."""
    out = np.empty(a.shape if a.shape == b.shape else np.broadcast_shapes(a.shape, b.shape))
    out[..., 0] = a[..., 1] * b[..., 2] - a[..., 2] * b[..., 1]
    out[..., 1] = a[..., 2] * b[..., 0] - a[..., 0] * b[..., 2]
    out[..., 2] = a[..., 0] * b[..., 1] - a[..., 1] * b[..., 0]
    return out


def quat_from_rotvec(rv: np.ndarray) -> np.ndarray:
    """Unit quaternions (N, 4) from rotation vectors (N, 3) in radians."""
    ang = np.sqrt(np.einsum('...i,...i->...', rv, rv))
    half = 0.5 * ang
    if np.count_nonzero(ang > 1e-8) == ang.size:
        # the usual case: no series term to select (called per motion block, so calls count;
        # count_nonzero is a cheaper "all" than ndarray.all on a few points)
        k = np.sin(half) / ang
    else:
        # sin(half)/ang with a series for tiny angles
        not_tiny = ang > 1e-8
        k = np.where(not_tiny, np.sin(half) / np.where(not_tiny, ang, 1.0), 0.5 - ang**2 / 48.0)
    return np.concatenate((np.cos(half)[..., None], rv * k[..., None]), axis=-1)


def _right_product_matrices(p: np.ndarray) -> np.ndarray:
    """(N, 4, 4) matrices R with R[k] @ q == q * p[k] (Hamilton product) for quaternions p (N, 4)."""
    # (the 16 entries of each row in one take along the components, then shaped 4x4: cheaper
    # than indexing with the 4x4 index array)
    return (p.take(_RIGHT_INDEX, axis=1) * _RIGHT_SIGN).reshape(-1, 4, 4)


# R(p) = [[w, -x, -y, -z], [x, w, z, -y], [y, -z, w, x], [z, y, -x, w]] for p = (w, x, y, z), row
# after row
_RIGHT_INDEX = np.array([0, 1, 2, 3, 1, 0, 3, 2, 2, 3, 0, 1, 3, 2, 1, 0])
_RIGHT_SIGN = np.array([1.0, -1, -1, -1, 1, 1, 1, -1, 1, -1, 1, 1, 1, 1, -1, 1])


#: below this many samples the scan runs on 4x4 matrices (fewer numpy calls per pass); above it
#: on quaternions (fewer flops)
_MATRIX_SCAN_MAX = 256


def integrate_gyro(gyro_dps: np.ndarray, dt: float, q0: np.ndarray = IDENTITY) -> np.ndarray:
    """Orientations (N, 4) after each of the N rate samples, starting from ``q0``.

    Sample k's rate is applied over [t_k, t_k + dt); output k is the orientation at t_k + dt.
    """
    n = gyro_dps.shape[0]
    dq = quat_from_rotvec(np.radians(gyro_dps) * dt)
    shift = 1
    if n <= _MATRIX_SCAN_MAX:
        # q_k = q0 * dq_0 * ... * dq_k = R(dq_k) ... R(dq_0) q0: a prefix product of matrices
        m = _right_product_matrices(dq)
        # each pass writes into whichever of two buffers the pass before did not (cheaper than a
        # concatenation per pass); they are C-ordered, as a concatenation's result is, because
        # numpy's matmul takes another code path, with other rounding, for other strides
        out, spare = np.empty(m.shape), np.empty(m.shape)
        while shift < n:
            out[:shift] = m[:shift]
            np.matmul(m[shift:], m[:-shift], out=out[shift:])
            m, out, spare = out, spare, out
            shift *= 2
        q = m @ q0
    else:
        q = dq
        while shift < n:
            q = np.concatenate([q[:shift], quat_multiply(q[:-shift], q[shift:])], axis=0)
            shift *= 2
        q = q @ _left_product_matrix(q0).T  # q0 * q for every row
    return q / np.sqrt(np.einsum('...i,...i->...', q, q))[..., None]


def rotate_to_reference(q: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Express sensor-frame vectors v (N,3) in the reference frame: R(q) v."""
    w = q[..., :1]
    u = q[..., 1:]
    t = 2.0 * cross3(u, v)
    return v + w * t + cross3(u, t)


def rotate_to_sensor(q: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Reference-frame vectors v (N, 3) expressed in the sensor frame at each unit quaternion of
    q (N, 4): R(q)^T v, the inverse of :func:`rotate_to_reference` (the rotation by the conjugate
    quaternion). For one fixed vector, :func:`fixed_vector_in_sensor` is cheaper."""
    return rotate_to_reference(q * _CONJUGATE, v)


_CONJUGATE = np.array([1.0, -1.0, -1.0, -1.0])  # times a unit quaternion (w, x, y, z): its inverse


def rotate_one_to_reference(q: np.ndarray, v: np.ndarray) -> np.ndarray:
    """:func:`rotate_to_reference` for one unit quaternion q (4,) and one
    vector v (3,): the same products and sums in the same order (same bits), in Python floats,
    which for one vector cost less than its numpy calls."""
    w, ux, uy, uz = q.tolist()
    vx, vy, vz = v.tolist()
    # t = 2 u x v; R(q) v = v + w t + u x t
    tx, ty, tz = 2.0 * (uy * vz - uz * vy), 2.0 * (uz * vx - ux * vz), 2.0 * (ux * vy - uy * vx)
    return np.array([
        vx + w * tx + (uy * tz - uz * ty),
        vy + w * ty + (uz * tx - ux * tz),
        vz + w * tz + (ux * ty - uy * tx),
    ])


def fixed_vector_in_sensor(q: np.ndarray, v: np.ndarray) -> np.ndarray:
    """One reference-frame vector v (3,) expressed in the sensor frame at each unit quaternion of
    q (N, 4): R(q)^T v (the inverse of :func:`rotate_to_reference`), in two numpy calls.

    For a fixed v, R(q)^T v is a quadratic form in q = (w, x, y, z); its coefficients (one 3-vector
    per product of two components, split evenly between the two symmetric slots) are applied to
    the outer products of the quaternions.
    """
    return fixed_vector_from_products(quat_products(q), v)


def quat_products(q: np.ndarray) -> np.ndarray:
    """(N, 16) the products of every two components of each quaternion of q (N, 4), first factor
    w, x, y, z, then the second: what :func:`fixed_vector_from_products` takes (several fixed
    vectors seen from the same orientations share them)."""
    return (q[:, :, None] * q[:, None, :]).reshape(-1, 16)


def fixed_vector_from_products(products: np.ndarray, v: np.ndarray) -> np.ndarray:
    """:func:`fixed_vector_in_sensor` from the quaternions' :func:`quat_products`."""
    a, b, c = np.asarray(v, dtype=float).tolist()
    coef = np.array([a, b, c, -a, -b, -c, 0.0])[_FIXED_VECTOR_COEF_INDEX]
    return products @ coef


# The coefficients of R(q)^T v, as indices into (a, b, c, -a, -b, -c, 0) for v = (a, b, c): one
# row per product of two quaternion components (first factor w, x, y, z, then the second), so
# the table is built with one indexing call rather than from nested lists on every call.
_A, _B, _C, _NA, _NB, _NC, _0 = range(7)
_FIXED_VECTOR_COEF_INDEX = np.array([
    # w                 x                  y                  z       (second factor), first factor w:
    [[_A, _B, _C], [_0, _C, _NB], [_NC, _0, _A], [_B, _NA, _0]],
    [[_0, _C, _NB], [_A, _NB, _NC], [_B, _A, _0], [_C, _0, _A]],  # x
    [[_NC, _0, _A], [_B, _A, _0], [_NA, _B, _NC], [_0, _C, _B]],  # y
    [[_B, _NA, _0], [_C, _0, _A], [_0, _C, _B], [_NA, _NB, _C]],  # z
]).reshape(16, 3)


def tilt_rate_dps(t: np.ndarray, acc: np.ndarray) -> tuple[float, float]:
    """How fast the direction of the specific force ``acc`` (N, 3; g, sensor frame) turns over
    times ``t`` (N,; s): the least-squares slope of its unit direction, in deg/s, and that
    slope's standard error (deg/s, from the scatter about the line). Over a rest the specific
    force is gravity, fixed in the world: a direction that turns is a sensor that turns."""
    if t.shape[0] < 3:
        return 0.0, float("inf")
    n = t.shape[0]
    u = acc / np.sqrt(np.einsum("ij,ij->i", acc, acc))[:, None]
    # (sum / count is what ndarray.mean computes, without its per-call dispatch)
    tc = t - np.add.reduce(t) / n
    sxx = float(tc @ tc)
    if sxx <= 0.0:
        return 0.0, float("inf")
    du = u - np.add.reduce(u, axis=0) / n
    slope = (tc @ du) / sxx
    resid = du - tc[:, None] * slope[None, :]
    # (math.sqrt and math.degrees round as np.sqrt and np.degrees do)
    se = math.sqrt(float(np.maximum.reduce(np.einsum("ij,ij->j", resid, resid))) / max(1, n - 2) / sxx)
    return math.degrees(math.sqrt(float(slope @ slope))), math.degrees(se)
