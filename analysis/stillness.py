"""Streaming stillness detector on the analysis grid.

A grid point is *still* when, over the trailing window of ``window_s`` seconds, the specific force
and the angular rate barely vary: the root-sum of the per-axis standard deviations stays below
``acc_enter_g`` (g) and ``gyro_enter_dps`` (deg/s). Hysteresis: a still state is only left when a
deviation exceeds the larger ``*_exit_*`` thresholds. Deviations (not magnitudes) are used, so the
unknown gyroscope offset (10-20 deg/s on raw MEMS parts) and accelerometer offset do not matter.

Points interpolated across a raw-data gap longer than ``max_gap_s`` are not decisive: they keep
the state of the point before them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view


@dataclass(frozen=True)
class StillnessSettings:
    window_s: float = 0.2  # s
    acc_enter_g: float = 0.012  # g
    acc_exit_g: float = 0.020  # g
    gyro_enter_dps: float = 1.5  # deg/s
    gyro_exit_dps: float = 2.5  # deg/s
    max_gap_s: float = 0.1  # s


def window_deviation(x: np.ndarray, w: int) -> np.ndarray:
    """Root-sum over axes of the population std over trailing windows of ``w`` rows.

    ``x`` is (N, 3); returns (N - w + 1,) for the windows ending at rows ``w-1 .. N-1``.
    """
    win = sliding_window_view(x, w, axis=0)  # (N-w+1, 3, w)
    return np.sqrt(np.sum(np.var(win, axis=2), axis=1))


class StillnessDetector:
    def __init__(self, dt: float, settings: StillnessSettings | None = None) -> None:
        self.s = settings or StillnessSettings()
        self.w = max(2, int(round(self.s.window_s / dt)))
        self._tail_acc = np.zeros((0, 3))
        self._tail_gyro = np.zeros((0, 3))
        self._state = False

    def feed(self, acc: np.ndarray, gyro: np.ndarray, gap_s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return (still, acc_dev) for each new grid point (acc in g, gyro in deg/s)."""
        n = acc.shape[0]
        if n == 0:
            return np.zeros(0, bool), np.zeros(0)
        a = np.vstack([self._tail_acc, acc])
        g = np.vstack([self._tail_gyro, gyro])
        keep = self.w - 1
        self._tail_acc = a[-keep:].copy() if len(a) >= keep else a.copy()
        self._tail_gyro = g[-keep:].copy() if len(g) >= keep else g.copy()
        if len(a) < self.w:
            return np.zeros(n, bool), np.full(n, np.inf)
        ad = window_deviation(a, self.w)
        gd = window_deviation(g, self.w)
        # align: the last n windows correspond to the new points (earlier ones have no full window)
        pad = n - len(ad)
        if pad > 0:
            ad = np.concatenate([np.full(pad, np.inf), ad])
            gd = np.concatenate([np.full(pad, np.inf), gd])
        else:
            ad, gd = ad[-n:], gd[-n:]
        s = self.s
        enter = (ad < s.acc_enter_g) & (gd < s.gyro_enter_dps)
        leave = (ad > s.acc_exit_g) | (gd > s.gyro_exit_dps)
        decisive = (enter | leave) & (gap_s <= s.max_gap_s)
        idx = np.where(decisive, np.arange(n), -1)
        last = np.maximum.accumulate(idx)
        state_at = np.where(enter, True, False)
        still = np.where(last >= 0, state_at[np.maximum(last, 0)], self._state)
        # between enter and exit thresholds: keep the previous state
        self._state = bool(still[-1])
        return still, ad
