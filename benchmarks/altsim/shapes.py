"""Small signal-shape helpers on the simulator's uniform fine time grid.

All times in seconds, displacements in metres, accelerations in m/s^2. A segment of duration T
is sampled at local times ``dt, 2 dt, ..., m dt`` (m = round(T / dt)): the sample at local time 0 is
the last sample of the previous segment.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from scipy.interpolate import CubicHermiteSpline, CubicSpline, PchipInterpolator
from scipy.signal import butter, sosfiltfilt


def smoothstep(u: np.ndarray | float) -> np.ndarray:
    """C1 ramp 0 -> 1 on u in [0, 1] (3u^2 - 2u^3), clipped outside; zero slope at both ends."""
    u = np.clip(np.asarray(u, float), 0.0, 1.0)
    return u * u * (3.0 - 2.0 * u)


def smootherstep(u: np.ndarray | float) -> np.ndarray:
    """C2 ramp 0 -> 1 on u in [0, 1] (6u^5 - 15u^4 + 10u^3): zero slope and curvature at both ends."""
    u = np.clip(np.asarray(u, float), 0.0, 1.0)
    return u * u * u * (u * (6.0 * u - 15.0) + 10.0)


def grid(T: float, dt: float) -> np.ndarray:
    """Local sample times (s) of a segment of duration ``T``: dt, 2dt, ..., m dt (m >= 1)."""
    m = max(1, int(round(T / dt)))
    return dt * np.arange(1, m + 1)


def keyframes(times: Sequence[float], values: Sequence[float], u: np.ndarray) -> np.ndarray:
    """Shape-preserving C1 curve through keyframes (times s, values) with zero slope at both ends.

    Slopes at the inner keys are PCHIP's (a key that is a local extremum gets slope 0), so the curve
    does not overshoot; evaluated at local times ``u`` (clipped into [times[0], times[-1]]).
    """
    x = np.asarray(times, float)
    y = np.asarray(values, float)
    if len(x) == 2:
        return y[0] + (y[1] - y[0]) * smoothstep((u - x[0]) / (x[1] - x[0]))
    d = PchipInterpolator(x, y).derivative()(x)
    d[0] = d[-1] = 0.0
    return CubicHermiteSpline(x, y, d)(np.clip(u, x[0], x[-1]))


def onset_ring(t: np.ndarray, freq: float, acc_amp: float, tau: float, t_on: float | None = None) -> np.ndarray:
    """Displacement (m) of a damped oscillation whose acceleration peaks near ``acc_amp`` (m/s^2).

    x = A (1 - exp(-t/t_on)) exp(-t/tau) sin(2 pi f t), A = acc_amp / (2 pi f)^2; the onset factor
    keeps velocity continuous at t = 0 (no single-sample acceleration spike; default
    t_on = 1 / (pi f) so the onset adds no acceleration beyond ~acc_amp) and the last 30 % of
    ``t`` fade it smoothly to exactly 0 (truncating a ringing would leave a step in position).
    ``t`` >= 0 in s, uniformly spaced.
    """
    w = 2 * np.pi * freq
    t_on = 2.0 / w if t_on is None else t_on
    fade = 1 - smoothstep((t / t[-1] - 0.7) / 0.3) if len(t) > 1 else np.ones_like(t)
    return acc_amp / w**2 * (1 - np.exp(-t / t_on)) * np.exp(-t / tau) * np.sin(w * t) * fade


def taper(n: int, edge: int) -> np.ndarray:
    """Window of length n that rises 0 -> 1 over ``edge`` samples and falls back at the end (C1)."""
    w = np.ones(n)
    e = max(1, min(edge, n // 2))
    r = smoothstep(np.arange(e) / e)
    w[:e] = r
    w[n - e:] = np.minimum(w[n - e:], r[::-1])
    return w


def band_noise(rng: np.random.Generator, n: int, dt: float, f_lo: float, f_hi: float, rms: float) -> np.ndarray:
    """Zero-phase band-limited Gaussian noise (n samples at step dt) scaled to ``rms``."""
    if n < 8 or rms <= 0:
        return np.zeros(n)
    pad = int(2.0 / (f_lo * dt)) if f_lo > 0 else 0
    x = rng.normal(size=n + 2 * min(pad, 20000))
    nyq = 0.5 / dt
    sos = butter(2, [f_lo / nyq, min(f_hi / nyq, 0.95)], btype="band", output="sos")
    y = sosfiltfilt(sos, x)
    p = (len(y) - n) // 2
    y = y[p:p + n]
    s = float(np.std(y))
    return y * (rms / s) if s > 0 else y


def slow_noise(rng: np.random.Generator, n: int, dt: float, fc: float, rms: float, coarse_dt: float = 0.05) -> np.ndarray:
    """Smooth (C2) low-pass noise with corner ``fc`` Hz: filtered on a coarse grid, cubic-spline
    interpolated onto the fine grid (n samples, step dt), scaled to ``rms``."""
    if n < 2 or rms <= 0:
        return np.zeros(n)
    T = (n - 1) * dt
    m = int(T / coarse_dt) + 8
    x = rng.normal(size=m + 400)
    sos = butter(2, min(fc * 2 * coarse_dt, 0.9), btype="low", output="sos")
    y = sosfiltfilt(sos, x)[200:200 + m]
    y = (y - y.mean()) / (y.std() + 1e-12) * rms
    tc = coarse_dt * np.arange(m)
    return CubicSpline(tc, y)(dt * np.arange(n))
