"""Peaks with topographic prominence, for the short height traces of one motion.

The same definition as ``scipy.signal.find_peaks(x, prominence=p)`` (local maxima, the middle of a
flat top; prominence measured down to the higher of the lowest points on either side before a
higher peak or the end), written out because importing ``scipy.signal`` costs about a second at
start-up, which a command-line replay should not pay.
"""

from __future__ import annotations

import math

import numpy as np


def local_maxima(x: np.ndarray) -> np.ndarray:
    """Indices of local maxima (a flat top gives its middle, rounded down); ends never count."""
    d = np.diff(x)
    steps = np.flatnonzero(d)  # x changes between steps[k] and steps[k] + 1
    if steps.size < 2:
        return np.zeros(0, np.int64)
    up = d[steps] > 0
    top = np.flatnonzero(up[:-1] & ~up[1:])  # a rise followed (after a plateau) by a fall
    first, last = steps[top] + 1, steps[top + 1]  # the plateau (one point when no plateau)
    return ((first + last) // 2).astype(np.int64)


def find_prominent_peaks(x: np.ndarray, prominence: float) -> np.ndarray:
    """Indices of local maxima of ``x`` whose prominence (same unit as x) is at least ``prominence``.

    The traces are short (tens of points) and have few peaks, so a scan over a Python list costs
    less than the half-dozen numpy calls per peak of :func:`_find_prominent_peaks_numpy`; the
    comparisons and the one subtraction are the same float operations, so the result is too.
    """
    xs = x.tolist()
    if any(map(math.isnan, xs)):
        # NaN: np.min propagates it where min() would not; keep the numpy semantics
        return _find_prominent_peaks_numpy(x, prominence)
    keep = []
    n = len(xs)
    for p in _local_maxima_list(xs):
        v = xs[p]
        # each side: down to the lowest point before a higher one (or the end); with no NaN,
        # <= is exactly 'not higher'
        left_min = v
        i = p - 1
        while i >= 0 and xs[i] <= v:
            if xs[i] < left_min:
                left_min = xs[i]
            i -= 1
        right_min = v
        i = p + 1
        while i < n and xs[i] <= v:
            if xs[i] < right_min:
                right_min = xs[i]
            i += 1
        if v - max(left_min, right_min) >= prominence:
            keep.append(p)
    return np.asarray(keep, dtype=np.int64)


def _local_maxima_list(xs: list[float]) -> list[int]:
    """:func:`local_maxima` of a list (the same differences, so the same steps and plateaus)."""
    peaks = []
    plateau_start = -1  # first point after the last step, when that step was a rise; else -1
    for i in range(len(xs) - 1):
        d = xs[i + 1] - xs[i]
        if d != 0:
            if d > 0:
                plateau_start = i + 1
            else:
                if plateau_start >= 0:
                    peaks.append((plateau_start + i) // 2)
                plateau_start = -1
    return peaks


def _find_prominent_peaks_numpy(x: np.ndarray, prominence: float) -> np.ndarray:
    """:func:`find_prominent_peaks` on arrays (for traces with NaN: np.min propagates it)."""
    keep = []
    for p in local_maxima(x).tolist():
        v = x[p]
        # each side: down to the lowest point before a higher one (or the end)
        higher = np.flatnonzero(x[:p] > v)
        left_min = x[(higher[-1] + 1 if higher.size else 0) : p + 1].min()
        higher = np.flatnonzero(x[p + 1 :] > v)
        right_min = x[p : (p + 1 + higher[0] if higher.size else x.shape[0])].min()
        if v - max(left_min, right_min) >= prominence:
            keep.append(p)
    return np.asarray(keep, dtype=np.int64)
