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
    mag_exit_factor: float = 2.5  # a rest ends when the magnitude error passes this times the tolerance
    offset_allowance_g: float = 0.14  # g, |offset| up to 80 mg per axis; times 2 sin(rotation/2)
    max_gravity_error_g: float = 0.2  # g, with no reference yet: |specific force| within this of 1 g
    override_s: float = 0.5  # s of low deviations that count as still on their own ...
    override_min_chord: float = 0.17  # ... unless the orientation is within ~10 deg of a known rest
    rate_enter_dps: float = 3.0  # deg/s
    rate_exit_dps: float = 5.0  # deg/s
    max_gap_s: float = 0.1  # s
    fast_window_s: float = 0.1  # s, unfiltered window that recognises a bar set down at once
    fast_acc_enter_g: float = 0.008  # g
    fast_gyro_enter_dps: float = 1.0  # deg/s


@dataclass(frozen=True)
class WindowFeatures:
    """Trailing-window features per grid point (all (N,) or (N,3))."""

    acc_dev: np.ndarray  # g
    gyro_dev: np.ndarray  # deg/s
    acc_mean: np.ndarray  # (N,3) g
    gyro_mean: np.ndarray  # (N,3) deg/s
    gap_s: np.ndarray  # s
    #: the same over a short unfiltered window (a bar set down on the floor is quiet at once);
    #: None until :meth:`StillnessDetector.fast_features` fills them in
    fast_acc_dev: np.ndarray | None
    fast_gyro_dev: np.ndarray | None
    fast_acc_mean: np.ndarray | None
    fast_gyro_mean: np.ndarray | None

    def __len__(self) -> int:
        return int(self.acc_dev.shape[0])

    def slice(self, a: int, b: int) -> "WindowFeatures":
        return WindowFeatures(*(None if x is None else x[a:b] for x in (
            self.acc_dev, self.gyro_dev, self.acc_mean, self.gyro_mean, self.gap_s,
            self.fast_acc_dev, self.fast_gyro_dev, self.fast_acc_mean, self.fast_gyro_mean)))


def _norm_rows(x: np.ndarray) -> np.ndarray:
    """Euclidean norm of each row of an (N, 3) array (np.linalg.norm is slow on small blocks)."""
    return np.sqrt(np.einsum("ij,ij->i", x, x))


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
        self.override_n = max(1, int(round(self.s.override_s / dt)))
        self.w_fast = max(2, int(round(self.s.fast_window_s / dt)))
        self.lag_fast = self.w_fast - 1
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
            nan3 = np.full((n, 3), np.nan)
            return WindowFeatures(inf, inf, nan3, nan3, gap_s, inf, inf, nan3, nan3)
        a_raw, g_raw = a, g
        a = _moving_average_valid(_moving_average_valid(a, self.m1), self.m2)
        g = _moving_average_valid(_moving_average_valid(g, self.m1), self.m2)
        ad, am = _window_stats(a, self.w)
        gd, gm = _window_stats(g, self.w)

        def last(x: np.ndarray, fill: float) -> np.ndarray:
            pad = n - len(x)
            return np.concatenate([np.full((pad,) + x.shape[1:], fill), x]) if pad > 0 else x[-n:]

        # the short-window statistics are computed only when asked for (see fast_features)
        self._raw_tail = (a_raw[-(n + self.w_fast - 1) :], g_raw[-(n + self.w_fast - 1) :])
        return WindowFeatures(
            last(ad, np.inf), last(gd, np.inf), last(am, np.nan), last(gm, np.nan), np.asarray(gap_s),
            None, None, None, None,  # type: ignore[arg-type]
        )

    def fast_features(self, f: WindowFeatures) -> WindowFeatures:
        """``f`` (the block just returned by :meth:`features`) with the short-window statistics."""
        if f.fast_acc_dev is not None:
            return f
        n = len(f)
        a, g = self._raw_tail
        fad, fam = _window_stats(a, self.w_fast)
        fgd, fgm = _window_stats(g, self.w_fast)

        def last(x: np.ndarray, fill: float) -> np.ndarray:
            pad = n - len(x)
            return np.concatenate([np.full((pad,) + x.shape[1:], fill), x]) if pad > 0 else x[-n:]

        return WindowFeatures(f.acc_dev, f.gyro_dev, f.acc_mean, f.gyro_mean, f.gap_s,
                              last(fad, np.inf), last(fgd, np.inf), last(fam, np.nan), last(fgm, np.nan))

    def magnitude_error(
        self, acc_mean: np.ndarray, ref_gravity: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """How far mean specific forces (N, 3), g, are from a rest's gravity magnitude.

        The reference is the rest in ``ref_gravity`` (M, 3) closest in direction. Returns
        (|magnitude error| g, tolerance g, chord 2 sin(angle/2) to that rest, its magnitude g):
        the tolerance grows with the angle, since an accelerometer offset reads differently from
        another orientation.
        """
        s = self.s
        with np.errstate(invalid="ignore"):
            mag = _norm_rows(acc_mean)
            refs = np.atleast_2d(ref_gravity)
            ref_mags = _norm_rows(refs)
            cos = (acc_mean @ refs.T) / np.maximum(mag[:, None] * ref_mags[None, :], 1e-12)
            best = np.argmax(np.nan_to_num(cos, nan=-2.0), axis=1)
            c = np.clip(cos[np.arange(len(best)), best], -1.0, 1.0)
            chord = np.sqrt(np.clip(2.0 - 2.0 * np.nan_to_num(c, nan=1.0), 0.0, 4.0))
            best_mag = ref_mags[best]
            return np.abs(mag - best_mag), s.mag_tol_g + s.offset_allowance_g * chord, chord, best_mag

    def classify(
        self,
        f: WindowFeatures,
        state_before: bool,
        ref_gravity: np.ndarray | None,
        gyro_offset: np.ndarray | None,
        quiet_before: int = 0,
        allow_fast: bool = False,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Still flags for the points of ``f`` given the state of the point before them.

        ref_gravity: (M, 3) mean specific force (g, sensor frame) at recent rests, or None; the one
        closest in direction is the reference (an accelerometer offset makes the magnitude depend
        on orientation). gyro_offset: gyroscope offset (deg/s) or None. quiet_before: how many
        points before these were *quiet* (low deviations only).

        Returns (still, quiet_run, fast): quiet_run[i] counts consecutive quiet points ending at i;
        fast[i] marks an entry by the short unfiltered window (``allow_fast``: a bar that was
        set down; the filtered window takes a further quarter second to agree). A
        quiet run of ``override_s`` is still whatever the magnitude and rate say: nothing
        accelerates steadily or turns steadily that long without its deviation showing.
        """
        s = self.s
        n = len(f)
        if n == 0:
            return np.zeros(0, bool), np.zeros(0, np.int64), np.zeros(0, bool)
        ok_gap = f.gap_s <= s.max_gap_s
        quiet = (f.acc_dev < s.acc_enter_g) & (f.gyro_dev < s.gyro_enter_dps) & ok_gap
        ar = np.arange(n)
        last_not = np.maximum.accumulate(np.where(~quiet, ar, -1 - quiet_before))
        quiet_run = ar - last_not
        override = quiet_run >= self.override_n
        enter = quiet.copy()
        unexplained = np.zeros(n, bool)
        leave = (f.acc_dev > s.acc_exit_g) | (f.gyro_dev > s.gyro_exit_dps)
        soft_leave = np.zeros(n, bool)
        with np.errstate(invalid="ignore"):
            mag = _norm_rows(f.acc_mean)
            if ref_gravity is not None:
                err, tol, chord, best_mag = self.magnitude_error(f.acc_mean, ref_gravity)
                # seen from a known orientation, a wrong magnitude is acceleration, not an offset
                unexplained = (chord < s.override_min_chord) & (err > tol)
            else:
                tol = np.full(n, s.max_gravity_error_g)
                err = np.abs(mag - 1.0)
            enter &= err < tol
            soft_leave |= err > s.mag_exit_factor * tol
            if gyro_offset is not None:
                rate = _norm_rows(f.gyro_mean - gyro_offset)
                enter &= rate < s.rate_enter_dps
                soft_leave |= rate > s.rate_exit_dps
        override &= ~unexplained
        enter |= override
        leave |= soft_leave & ~override
        enter &= ~leave
        fast = np.zeros(n, bool)
        if allow_fast and ref_gravity is not None:
            with np.errstate(invalid="ignore"):
                fm = _norm_rows(f.fast_acc_mean)
                f_err = np.abs(fm - best_mag)
            fq = (f.fast_acc_dev < s.fast_acc_enter_g) & (f.fast_gyro_dev < s.fast_gyro_enter_dps) & (f_err < tol) & ok_gap
            fast = fq & ~enter
            enter |= fq
            leave &= ~fq
        decisive = (enter | leave) & ok_gap
        idx = np.where(decisive, ar, -1)
        last = np.maximum.accumulate(idx)
        still = np.where(last >= 0, enter[np.maximum(last, 0)], state_before)
        return still, quiet_run, fast
