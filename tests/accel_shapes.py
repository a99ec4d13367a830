"""Vertical accelerations (m/s^2) of simple motions on a grid of step dt (s), for the tests that
build a bar's specific force by hand."""

from __future__ import annotations

import numpy as np


def half_sine(amp: float, dur: float, dt: float) -> np.ndarray:
    """A half sine of peak ``amp`` (m/s^2) lasting ``dur`` (s), sampled at the grid's midpoints."""
    k = int(round(dur / dt))
    return amp * np.sin(np.pi * (np.arange(k) + 0.5) / k)


def min_jerk(h: float, dur: float, dt: float) -> np.ndarray:
    """The acceleration of a minimum-jerk move of ``h`` (m, up positive) in ``dur`` (s), from rest
    to rest."""
    tau = np.arange(int(round(dur / dt))) * dt / dur
    return h / dur**2 * (60 * tau - 180 * tau**2 + 120 * tau**3)


def rise_m(acc: np.ndarray, dt: float) -> float:
    """The height (m) acceleration ``acc`` (m/s^2 on the grid) gains from rest."""
    return float(np.sum(np.cumsum(acc) * dt) * dt)
