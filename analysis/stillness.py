"""Stillness detection on the analysis grid.

A grid point is *still* when, over the trailing window of ``window_s`` seconds:

- the specific force barely varies (root-sum of per-axis std below ``acc_enter_g``, g) and the
  angular rate barely varies (``gyro_enter_dps``, deg/s): deviations, not magnitudes, so the
  unknown gyroscope offset (10-20 deg/s on raw MEMS parts) does not matter;
- the mean specific force has the magnitude of gravity as measured at the previous rest (within
  ``mag_tol_g`` plus an allowance for an accelerometer offset seen from a new orientation): a bar
  accelerating steadily upwards has a steady specific force too, but not a 1 g one;
- once an offset is known, the mean angular rate minus that offset is below ``rate_enter_dps``: a
  trunk turning at a steady rate is not still.

Before the window statistics, both signals pass two causal moving averages (0.10 s and 0.14 s):
physiological tremor (5-12 Hz) and vibration carry acceleration but almost no velocity, and the
two filters' zeros sit at 10 and 7 Hz, so a held bar counts as still while a moving one does not.

Hysteresis: a still state is only left when a quantity passes the larger ``*_exit_*`` bound.
Points interpolated across a raw-data gap longer than ``max_gap_s`` are not decisive.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


@dataclass(frozen=True)
class StillnessSettings:
    window_s: float = 0.14  # s
    smooth_s: tuple[float, float] = (0.10, 0.14)  # s, the two moving averages
    acc_enter_g: float = 0.012  # g
    acc_exit_g: float = 0.020  # g
    gyro_enter_dps: float = 1.5  # deg/s
    gyro_exit_dps: float = 2.5  # deg/s
    mag_tol_g: float = 0.012  # g
    offset_allowance_g: float = 0.1  # g, times sin(rotation since the last rest)
    rate_enter_dps: float = 3.0  # deg/s
    rate_exit_dps: float = 5.0  # deg/s
    max_gap_s: float = 0.1  # s


@dataclass(frozen=True)
class WindowFeatures:
    """Trailing-window features per grid point (all (N,) or (N,3))."""

    acc_dev: np.ndarray  # g
    gyro_dev: np.ndarray  # deg/s
    acc_mean: np.ndarray  # (N,3) g
    gyro_mean: np.ndarray  # (N,3) deg/s
    gap_s: np.ndarray  # s

    def __len__(self) -> int:
        return int(self.acc_dev.shape[0])

    def slice(self, a: int, b: int) -> "WindowFeatures":
        return WindowFeatures(self.acc_dev[a:b], self.gyro_dev[a:b], self.acc_mean[a:b], self.gyro_mean[a:b], self.gap_s[a:b])


def _window_stats(x: np.ndarray, w: int) -> tuple[np.ndarray, np.ndarray]:
    win = sliding_window_view(x, w, axis=0)  # (N-w+1, 3, w)
    mean = win.mean(axis=2)
    dev = np.sqrt(np.sum(win.var(axis=2), axis=1))
    return dev, mean


def _moving_average_valid(x: np.ndarray, m: int) -> np.ndarray:
    c = np.cumsum(x, axis=0)
    out = c[m - 1 :].copy()
    out[1:] -= c[:-m]
    return out / m


class StillnessDetector:
    """Computes window features (streaming) and classifies them against the current references.

    ``lag`` is how many grid points a window's decision trails the first still point it covers.
    """

    def __init__(self, dt: float, settings: StillnessSettings | None = None) -> None:
        self.s = settings or StillnessSettings()
        self.w = max(2, int(round(self.s.window_s / dt)))
        self.m1, self.m2 = (max(1, int(round(x / dt))) for x in self.s.smooth_s)
        self.span = self.w + self.m1 + self.m2 - 2  # raw points behind one feature
        self.lag = self.w - 1 + (self.m1 - 1) // 2 + (self.m2 - 1) // 2
        self._tail_acc = np.zeros((0, 3))
        self._tail_gyro = np.zeros((0, 3))

    def features(self, acc: np.ndarray, gyro: np.ndarray, gap_s: np.ndarray) -> WindowFeatures:
        """Features of the trailing windows ending at each new grid point (acc g, gyro deg/s)."""
        n = acc.shape[0]
        a = np.vstack([self._tail_acc, acc])
        g = np.vstack([self._tail_gyro, gyro])
        keep = self.span - 1
        self._tail_acc, self._tail_gyro = a[-keep:].copy(), g[-keep:].copy()
        if len(a) < self.span:
            inf = np.full(n, np.inf)
            return WindowFeatures(inf, inf, np.full((n, 3), np.nan), np.full((n, 3), np.nan), gap_s)
        a = _moving_average_valid(_moving_average_valid(a, self.m1), self.m2)
        g = _moving_average_valid(_moving_average_valid(g, self.m1), self.m2)
        ad, am = _window_stats(a, self.w)
        gd, gm = _window_stats(g, self.w)
        pad = n - len(ad)
        if pad > 0:
            ad = np.concatenate([np.full(pad, np.inf), ad])
            gd = np.concatenate([np.full(pad, np.inf), gd])
            am = np.vstack([np.full((pad, 3), np.nan), am])
            gm = np.vstack([np.full((pad, 3), np.nan), gm])
        else:
            ad, gd, am, gm = ad[-n:], gd[-n:], am[-n:], gm[-n:]
        return WindowFeatures(ad, gd, am, gm, np.asarray(gap_s))

    def classify(
        self, f: WindowFeatures, state_before: bool, ref_gravity: np.ndarray | None, gyro_offset: np.ndarray | None
    ) -> np.ndarray:
        """Still flags for the points of ``f`` given the state of the point before them.

        ref_gravity: mean specific force (g, sensor frame) at the previous rest, or None;
        gyro_offset: gyroscope offset (deg/s) or None.
        """
        s = self.s
        n = len(f)
        if n == 0:
            return np.zeros(0, bool)
        enter = (f.acc_dev < s.acc_enter_g) & (f.gyro_dev < s.gyro_enter_dps)
        leave = (f.acc_dev > s.acc_exit_g) | (f.gyro_dev > s.gyro_exit_dps)
        with np.errstate(invalid="ignore"):
            mag = np.linalg.norm(f.acc_mean, axis=1)
            if ref_gravity is not None:
                ref_mag = float(np.linalg.norm(ref_gravity))
                cos = (f.acc_mean @ ref_gravity) / np.maximum(mag * ref_mag, 1e-12)
                sin = np.sqrt(np.clip(1.0 - cos**2, 0.0, 1.0))
                tol = s.mag_tol_g + s.offset_allowance_g * sin
                err = np.abs(mag - ref_mag)
            else:
                tol = np.full(n, 0.15)
                err = np.abs(mag - 1.0)
            enter &= err < tol
            leave |= err > 1.5 * tol
            if gyro_offset is not None:
                rate = np.linalg.norm(f.gyro_mean - gyro_offset, axis=1)
                enter &= rate < s.rate_enter_dps
                leave |= rate > s.rate_exit_dps
        enter &= ~leave
        decisive = (enter | leave) & (f.gap_s <= s.max_gap_s)
        idx = np.where(decisive, np.arange(n), -1)
        last = np.maximum.accumulate(idx)
        return np.where(last >= 0, enter[np.maximum(last, 0)], state_before)
