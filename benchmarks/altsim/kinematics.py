"""From generalized coordinates on the fine grid to what an ideal IMU would read.

Sensor position p_s = (carrier point) + R_wb lever + offsets; world acceleration a = d2 p_s / dt2
by the compact central second difference (so double-summing it gives back p_s exactly);
specific force f_s = R_ws^T (a - g_vec) / g with g_vec = (0, 0, -9.80665) m/s^2 and
R_ws = R_wb R_bs (R_bs: the random mount); angular rate w_s = R_bs^T w_b, w_b from the analytic
Euler-rate formula. Output units: g and deg/s, sensor frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .bar_motion import BarGeometry
from .body import Body
from .profiles import G
from .rotations import body_rates_zyx, rotate_zyx, rotate_zyx_T


@dataclass
class FineMotion:
    """Ideal sensor signals on the fine grid. ``t`` (s), ``f_s`` specific force (g), ``w_s``
    angular rate (deg/s), ``pos`` sensor position (m, world), ``euler`` (yaw, pitch, roll) of
    the carrying body (rad, (N, 3)), ``mount`` R_bs."""

    t: np.ndarray
    f_s: np.ndarray
    w_s: np.ndarray
    pos: np.ndarray
    euler: np.ndarray
    mount: np.ndarray


def second_diff(p: np.ndarray, dt: float) -> np.ndarray:
    """(p[i+1] - 2 p[i] + p[i-1]) / dt^2 along axis 0, ends copied from their neighbours."""
    a = np.empty_like(p)
    a[1:-1] = (p[2:] - 2 * p[1:-1] + p[:-2]) / (dt * dt)
    a[0], a[-1] = a[1], a[-2]
    return a


def _finish(t: np.ndarray, pos: np.ndarray, eul: tuple[np.ndarray, np.ndarray, np.ndarray], mount: np.ndarray,
            dt: float) -> FineMotion:
    a = second_diff(pos, dt)
    a[:, 2] += G
    f_b = rotate_zyx_T(*eul, a)
    w_b = body_rates_zyx(*eul, dt)
    return FineMotion(t, (f_b @ mount) / G, np.degrees(w_b @ mount), pos, np.stack(eul, axis=1), mount)


def bar_sensor(ch: dict[str, np.ndarray], geo: BarGeometry, dt: float) -> FineMotion:
    """Ideal IMU on the bar (see :mod:`.bar_motion` for the channels)."""
    eul = (ch["yaw"], ch["tilt"], ch["spin"])
    pos = np.stack([ch["x"] + ch["ox"], ch["y"] + ch["oy"], ch["z"] + ch["oz"]], axis=1) + rotate_zyx(*eul, geo.lever)
    return _finish(ch["t"], pos, eul, geo.mount, dt)


def back_sensor(ch: dict[str, np.ndarray], body: Body, dt: float) -> FineMotion:
    """Ideal IMU between the shoulder blades (see :mod:`.body` for the channels)."""
    low = rotate_zyx(ch["yaw"], ch["pitch"], ch["roll"], np.array([0.0, 0.0, body.L1]))
    eul = (ch["yaw"] + ch["twist"], ch["pitch"] + ch["flex"], ch["roll"])
    up = rotate_zyx(*eul, np.array([-body.d, 0.0, body.L2]))
    pos = np.stack([ch["hx"] + ch["ox"], ch["hy"] + ch["oy"], ch["hz"] + ch["oz"]], axis=1) + low + up
    return _finish(ch["t"], pos, eul, body.mount, dt)
