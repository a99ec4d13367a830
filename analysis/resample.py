"""Streaming resampler: irregular sensor samples onto a uniform analysis grid.

BLE links deliver samples late, in bursts, with repeats and gaps, at 30-200 samples/s. The
analysis runs on a fixed grid (default 50 Hz). Each grid point ``k`` (time ``t0 + k*dt``) is the
mean of the raw samples in ``[t_k - dt/2, t_k + dt/2)`` (a boxcar anti-alias filter); empty bins
are linearly interpolated between their nearest filled neighbours and flagged as ``filled``.

The output does not depend on how the input is split into blocks: a grid point is released only
once a sample in a *later* bin has arrived, so its bin is complete and, if it was empty, both
neighbours are known.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class GridBlock:
    """Released grid points.

    index: (M,) absolute grid indices (consecutive).
    t: (M,) grid times, s.
    acc: (M, 3) g; gyro: (M, 3) deg/s (sensor frame).
    filled: (M,) True where the bin held no raw sample and was interpolated.
    gap_s: (M,) length of the raw-data gap this point was interpolated across (0 for real bins), s.
    """

    index: np.ndarray
    t: np.ndarray
    acc: np.ndarray
    gyro: np.ndarray
    filled: np.ndarray
    gap_s: np.ndarray

    def __len__(self) -> int:
        return int(self.index.shape[0])


def _empty_block() -> GridBlock:
    z = np.zeros(0)
    return GridBlock(np.zeros(0, dtype=np.int64), z, np.zeros((0, 3)), np.zeros((0, 3)), np.zeros(0, bool), z)


_EMPTY = _empty_block()


#: bins with up to this many samples are summed by :func:`_bin_sums` itself, in np.add.reduceat's
#: order; fuller ones (rates far above the grid's) are left to reduceat
_SHORT_BIN_MAX = 7


def _bin_sums(v: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(sums (S, 6), counts (S,) as floats) of the rows of v (N, 6) in the bins starting at the
    rows ``start`` (S,): ``np.add.reduceat(v, start, axis=0)`` bit for bit, and the bin sizes.

    reduceat adds up the rows after a bin's first one (one after the other, for so few: pairwise
    summation only starts at 8) and adds the first row to that. With a few rows per bin (one to
    three at 100 Hz on a 50 Hz grid) the same additions in a few vectorised steps over all bins at
    once are several times faster than reduceat along axis 0. A bin with fewer rows adds -0.0 in
    their place, which leaves any number as it is (x + -0.0 == x, also for x = -0.0).
    """
    cnt_i = np.empty(start.shape[0], np.int64)
    np.subtract(start[1:], start[:-1], out=cnt_i[:-1])
    cnt_i[-1] = v.shape[0] - start[-1]
    longest = int(cnt_i.max())
    cnt = cnt_i.astype(np.float64)
    if longest > _SHORT_BIN_MAX or not np.isfinite(v).all():
        # (with an infinity or NaN among the samples, which NaN reduceat returns depends on the
        # order its compiled loop happens to take the operands in)
        return np.add.reduceat(v, start, axis=0), cnt
    sums = np.take(v, start, axis=0)  # take: several times faster than v[start]
    if longest == 1:
        return sums, cnt
    rest = None
    for j in range(1, longest):
        part = np.take(v, start + j, axis=0, mode="clip")
        part[cnt_i <= j] = -0.0
        rest = part if rest is None else rest + part
    sums += rest
    return sums, cnt


class GridResampler:
    """Bin-average raw samples onto a uniform grid of period ``dt`` seconds."""

    def __init__(self, dt: float = 0.02) -> None:
        self.dt = float(dt)
        self.t0: float | None = None
        # the open bin: absolute index and running sums
        self._open_k: int | None = None
        self._open_sum = np.zeros(6)
        self._open_n = 0
        # the last released real (non-interpolated) bin, for interpolation across gaps
        self._last_k: int | None = None
        self._last_val = np.zeros(6)

    def feed(self, t: np.ndarray, acc: np.ndarray, gyro: np.ndarray) -> GridBlock:
        """Add raw samples (t in s, strictly increasing; acc in g; gyro in deg/s); return released points."""
        t = np.asarray(t, dtype=np.float64)
        if t.size == 0:
            return _empty_block()
        acc = np.asarray(acc, dtype=np.float64).reshape(-1, 3)
        gyro = np.asarray(gyro, dtype=np.float64).reshape(-1, 3)
        if self.t0 is None:
            self.t0 = float(t[0])
        k = np.floor((t - self.t0) / self.dt + 0.5).astype(np.int64)
        if self._open_k is not None and int(k[-1]) == self._open_k:
            # fast path (live, high rate): every new sample falls in the open bin
            self._open_sum = self._open_sum + np.hstack([acc, gyro]).sum(axis=0)
            self._open_n += int(t.size)
            return _EMPTY
        # bins present in this call, including the carried-over open bin
        if self._open_k is not None:
            k_all = np.concatenate([[self._open_k], k])
            sums_first = self._open_sum
            n_first = self._open_n
        else:
            k_all = k
        # the bins in order and where each starts (t increases, so k does: np.unique's result
        # without its sort)
        new_bin = np.empty(k_all.shape[0], bool)
        new_bin[0] = True
        np.not_equal(k_all[1:], k_all[:-1], out=new_bin[1:])
        start = new_bin.nonzero()[0]
        uk = k_all[start]
        # the samples as rows [acc, gyro] of k_all's bins: a row of zeros stands for the open bin's
        # samples, whose sum is added afterwards
        lead = k_all.shape[0] - k.shape[0]
        v_all = np.empty((k_all.shape[0], 6))
        v_all[:lead] = 0.0
        v_all[lead:, :3] = acc
        v_all[lead:, 3:] = gyro
        sums, cnt = _bin_sums(v_all, start)
        if lead:
            cnt[0] -= 1.0  # the row of zeros
            sums[0] += sums_first
            cnt[0] += n_first
        # the last bin stays open
        self._open_k = int(uk[-1])
        self._open_sum = sums[-1].copy()
        self._open_n = int(cnt[-1])
        if len(uk) == 1:
            return _empty_block()
        done_k = uk[:-1]
        done_val = sums[:-1] / cnt[:-1, None]
        return self._release(done_k, done_val)

    def flush(self) -> GridBlock:
        """Release the open bin at end of data."""
        if self._open_k is None or self._open_n == 0:
            return _empty_block()
        k = np.array([self._open_k])
        v = (self._open_sum / self._open_n)[None, :]
        self._open_k, self._open_n, self._open_sum = None, 0, np.zeros(6)
        return self._release(k, v)

    def _release(self, done_k: np.ndarray, done_val: np.ndarray) -> GridBlock:
        """Emit real bins ``done_k`` plus interpolated points for the empty bins before each."""
        if self._last_k is None:
            first = int(done_k[0])
            prev_k = np.concatenate([[first], done_k[:-1]])
            prev_v = np.vstack([done_val[:1], done_val[:-1]])
        else:
            first = self._last_k + 1
            prev_k = np.concatenate([[self._last_k], done_k[:-1]])
            prev_v = np.vstack([self._last_val[None, :], done_val[:-1]])
        idx = np.arange(first, int(done_k[-1]) + 1, dtype=np.int64)
        if idx.shape[0] == done_k.shape[0]:
            # no empty bin (the usual case): every point is its own real bin, whose fraction of the
            # way from the bin before is exactly 1.0, and x * 1.0 == x; the sum below is kept, as
            # v_lo + (v_hi - v_lo) need not round back to v_hi
            vals = prev_v + (done_val - prev_v)
            filled = np.zeros(idx.shape[0], bool)
            gap_s = np.zeros(idx.shape[0])
        else:
            # for every output index, the real bin at or after it
            nxt = np.searchsorted(done_k, idx, side="left")
            k_hi = done_k[nxt]
            v_hi = done_val[nxt]
            k_lo = prev_k[nxt]
            v_lo = prev_v[nxt]
            span = (k_hi - k_lo).astype(np.float64)
            frac = np.where(span > 0, (idx - k_lo) / np.where(span > 0, span, 1.0), 1.0)
            vals = v_lo + (v_hi - v_lo) * frac[:, None]
            filled = idx != k_hi
            gap_s = np.where(filled, span * self.dt, 0.0)
        self._last_k = int(done_k[-1])
        self._last_val = done_val[-1].copy()
        assert self.t0 is not None
        return GridBlock(idx, self.t0 + idx * self.dt, vals[:, :3], vals[:, 3:], filled, gap_s)
