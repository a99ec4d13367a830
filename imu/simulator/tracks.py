"""Smooth scalar signals of time, evaluated vectorized at arbitrary times.

* :class:`Track` — piecewise quintic Hermite through knots (t, value, velocity, acceleration):
  C2 everywhere, so a position track has a continuous acceleration. Knots with zero velocity and
  acceleration give minimum-jerk rest-to-rest moves; equal consecutive values give holds.
* :class:`Bursts` — short one-sided decaying oscillations (knocks, impacts); C2 at the onset.
* :func:`oscillation` — sums of sinusoids (tremor, sway, gait), usually multiplied by a Track
  used as an envelope.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

# Quintic Hermite basis in powers s^0..s^5 (rows: p0, v0*T, a0*T^2, p1, v1*T, a1*T^2).
_BASIS = np.array(
    [
        [1, 0, 0, -10, 15, -6],
        [0, 1, 0, -6, 8, -3],
        [0, 0, 0.5, -1.5, 1.5, -0.5],
        [0, 0, 0, 10, -15, 6],
        [0, 0, 0, -4, 7, -3],
        [0, 0, 0, 0.5, -1, 0.5],
    ],
    dtype=float,
)


class Track:
    """A C2 scalar signal built from knots appended in time order.

    Before the first knot the signal holds the first value, after the last one the last value
    (the last knot should be at rest: velocity and acceleration 0).
    """

    def __init__(self, value: float = 0.0, t0: float = 0.0) -> None:
        self._t: list[float] = [float(t0)]
        self._p: list[float] = [float(value)]
        self._v: list[float] = [0.0]
        self._a: list[float] = [0.0]
        self._coef: np.ndarray | None = None

    # ----------------------------------------------------------------- building
    @property
    def end_t(self) -> float:
        """Time of the last knot (s)."""
        return self._t[-1]

    @property
    def value(self) -> float:
        """Value at the last knot."""
        return self._p[-1]

    def knot(self, t: float, p: float, v: float = 0.0, a: float = 0.0) -> "Track":
        """Append a knot at time ``t`` (must be after the last knot)."""
        if not t > self._t[-1]:
            raise ValueError(f"knot at t={t} not after last knot t={self._t[-1]}")
        self._t.append(float(t))
        self._p.append(float(p))
        self._v.append(float(v))
        self._a.append(float(a))
        self._coef = None
        return self

    def hold(self, t: float) -> "Track":
        """Stay at the current value until ``t`` (no-op when ``t`` is not after the last knot)."""
        if t > self._t[-1]:
            if self._v[-1] != 0.0 or self._a[-1] != 0.0:
                raise ValueError("hold() after a moving knot")
            self.knot(t, self._p[-1])
        return self

    def move(self, t_start: float, t_end: float, p: float) -> "Track":
        """Hold until ``t_start``, then a minimum-jerk move to ``p`` arriving at ``t_end``."""
        self.hold(t_start)
        return self.knot(t_end, p)

    def add(self, t_start: float, t_end: float, delta: float) -> "Track":
        """Like :meth:`move` by a relative amount ``delta``."""
        return self.move(t_start, t_end, self.value + delta)

    # --------------------------------------------------------------- evaluation
    def _freeze(self) -> None:
        t = np.asarray(self._t)
        self._tk = t
        if len(t) < 2:
            self._coef = np.zeros((1, 6))
            self._coef[0, 0] = self._p[0]
            self._dt = np.ones(1)
            self._moving = np.zeros(1, dtype=bool)
            return
        dt = np.diff(t)
        p, v, a = np.asarray(self._p), np.asarray(self._v), np.asarray(self._a)
        w = np.stack([p[:-1], v[:-1] * dt, a[:-1] * dt**2, p[1:], v[1:] * dt, a[1:] * dt**2], -1)
        self._coef = w @ _BASIS
        self._dt = dt
        self._moving = np.any(self._coef[:, 1:] != 0.0, axis=1)

    def __call__(self, t: np.ndarray, deriv: int = 0) -> np.ndarray:
        """Value (deriv=0), d/dt (1) or d2/dt2 (2) at times ``t`` (s)."""
        if self._coef is None:
            self._freeze()
        t = np.asarray(t, dtype=float)
        coef = self._coef
        assert coef is not None
        nseg = coef.shape[0]
        idx = np.clip(np.searchsorted(self._tk, t, side="right") - 1, 0, nseg - 1)
        if deriv not in (0, 1, 2):
            raise ValueError("deriv must be 0, 1 or 2")
        if deriv == 0:
            out = np.where(t >= self._tk[-1], self._p[-1], coef[idx, 0])
        else:
            out = np.zeros(t.shape)
        # only segments that move need the polynomial (holds are the common case)
        m = self._moving[idx] & (t >= self._tk[0]) & (t <= self._tk[-1])
        if not m.any():
            return out
        i = idx[m]
        dt = self._dt[i]
        s = np.clip((t[m] - self._tk[i]) / dt, 0.0, 1.0)
        c = coef[i]
        if deriv == 0:
            v = c[:, 5]
            for k in range(4, -1, -1):
                v = v * s + c[:, k]
        elif deriv == 1:
            v = 5 * c[:, 5]
            for k in range(4, 0, -1):
                v = v * s + k * c[:, k]
            v = v / dt
        else:
            v = 20 * c[:, 5]
            for k in range(4, 1, -1):
                v = v * s + k * (k - 1) * c[:, k]
            v = v / dt**2
        out[m] = v
        return out


class Bursts:
    """Sum of one-sided decaying oscillations (impacts, knocks on the bar).

    Event k at time ``tau`` (s): ``amp * e(x) * sin(2 pi f (t - tau) + 0)``, ``x = (t - tau)/decay``,
    ``e(x) = x^2/4 * exp(2 - x)`` for x >= 0 (peak 1 at x = 2), cut at x = 16. ``amp`` is a
    displacement (m or rad); the peak second derivative is roughly ``amp * (2 pi f)^2``.
    """

    def __init__(self) -> None:
        self._ev: list[tuple[float, float, float, float]] = []
        self._arr: np.ndarray | None = None

    def add(self, tau: float, amp: float, freq_hz: float, decay_s: float) -> None:
        self._ev.append((float(tau), float(amp), float(freq_hz), float(decay_s)))
        self._arr = None

    def add_accel(self, tau: float, peak_accel: float, freq_hz: float, decay_s: float) -> None:
        """Add an event by its approximate peak second derivative (m/s^2 or rad/s^2)."""
        self.add(tau, peak_accel / (2 * np.pi * freq_hz) ** 2, freq_hz, decay_s)

    def __len__(self) -> int:
        return len(self._ev)

    def __call__(self, t: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=float)
        out = np.zeros_like(t)
        if not self._ev:
            return out
        if self._arr is None:
            self._arr = np.array(sorted(self._ev))
        ev = self._arr
        taus = ev[:, 0]
        reach = 16.0 * ev[:, 3].max()
        # events can overlap; look at the few most recent ones before each time
        last_all = np.searchsorted(taus, t, side="right") - 1
        near = (last_all >= 0) & (t - taus[np.maximum(last_all, 0)] < reach)
        if not near.any():
            return out
        tn = t[near]
        last = last_all[near]
        acc = np.zeros_like(tn)
        for back in range(4):
            i = last - back
            ok = i >= 0
            ii = np.where(ok, i, 0)
            tau, amp, f, dec = ev[ii, 0], ev[ii, 1], ev[ii, 2], ev[ii, 3]
            x = (tn - tau) / dec
            m = ok & (x >= 0) & (x < 16)
            xm = np.where(m, x, 0.0)
            val = amp * (xm**2 / 4.0) * np.exp(2.0 - xm) * np.sin(2 * np.pi * f * (tn - tau))
            acc += np.where(m, val, 0.0)
        out[near] = acc
        return out


def oscillation(t: np.ndarray, freqs: Sequence[float], amps: Sequence[float], phases: Sequence[float]) -> np.ndarray:
    """``sum_i amps[i] * sin(2 pi freqs[i] t + phases[i])`` at times ``t`` (s)."""
    t = np.asarray(t, dtype=float)
    out = np.zeros_like(t)
    for f, a, ph in zip(freqs, amps, phases):
        out += a * np.sin(2 * np.pi * f * t + ph)
    return out


class Oscillator:
    """Narrow-band random oscillation: a few sinusoids near ``freq_hz`` with random phases.

    ``rms`` is the approximate RMS amplitude (same unit as the output).
    """

    def __init__(self, rng: np.random.Generator, freq_hz: float, rms: float, n: int = 3, spread: float = 0.15) -> None:
        self.freqs = freq_hz * (1 + spread * rng.uniform(-1, 1, n))
        w = rng.uniform(0.5, 1.0, n)
        self.amps = rms * np.sqrt(2.0) * w / np.sqrt(np.sum(w**2))
        self.phases = rng.uniform(0, 2 * np.pi, n)

    def __call__(self, t: np.ndarray) -> np.ndarray:
        return oscillation(t, self.freqs, self.amps, self.phases)


def gated(env: np.ndarray, t: np.ndarray, fn) -> np.ndarray:  # type: ignore[no-untyped-def]
    """``env * fn(t)``, evaluating ``fn`` only where ``env != 0``."""
    out = np.zeros_like(env)
    m = env != 0.0
    if m.any():
        out[m] = env[m] * fn(t[m])
    return out
