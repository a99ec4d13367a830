"""Sensor kinematics from a pose model: specific force and body rate by exact-enough numerical
differentiation of an analytic (C2) pose.

World frame: z up, gravity -z. Sensor frame: the IMU's own axes. ``R_ws`` maps sensor-frame
vectors to the world frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from .rotations import log_so3

G = 9.80665  #: m/s^2 per g
_H = 5e-4  #: differentiation step (s); error ~ (2 pi f h)^2 / 12, < 1e-3 relative below 20 Hz


class PoseModel(Protocol):
    def pose(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sensor position (N, 3) in m (world) and orientation R_ws (N, 3, 3) at times t (s)."""
        ...


@dataclass(frozen=True)
class Kinematics:
    """True sensor state at times ``t`` (s).

    pos (m), vel (m/s), acc (m/s^2): sensor position derivatives, world frame.
    R_ws: orientation (sensor -> world). omega_s: angular rate (rad/s), sensor frame.
    specific_force_g: R_ws^T (acc + g z) / g, sensor frame (what an ideal accelerometer reads).
    """

    t: np.ndarray
    pos: np.ndarray
    vel: np.ndarray
    acc: np.ndarray
    R_ws: np.ndarray
    omega_s: np.ndarray

    @property
    def specific_force_g(self) -> np.ndarray:
        f = self.acc + np.array([0.0, 0.0, G])
        return np.einsum("nji,nj->ni", self.R_ws, f) / G

    @property
    def gyro_dps(self) -> np.ndarray:
        return np.degrees(self.omega_s)


def kinematics(model: PoseModel, t: np.ndarray, h: float = _H) -> Kinematics:
    """Evaluate ``model`` at t-h, t, t+h and differentiate (central differences)."""
    t = np.asarray(t, dtype=float)
    p0, r0 = model.pose(t - h)
    p1, r1 = model.pose(t)
    p2, r2 = model.pose(t + h)
    vel = (p2 - p0) / (2 * h)
    acc = (p2 - 2 * p1 + p0) / (h * h)
    # body rate: R(t+h) = R(t-h) exp([w] 2h) with w in the sensor frame
    omega = log_so3(np.einsum("nji,njk->nik", r0, r2)) / (2 * h)
    return Kinematics(t, p1, vel, acc, r1, omega)
