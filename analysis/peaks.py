"""Peaks with topographic prominence, for the short height traces of one motion.

The same definition as ``scipy.signal.find_peaks(x, prominence=p)`` (local maxima, the middle of a
flat top; prominence measured down to the higher of the lowest points on either side before a
higher peak or the end), written out because importing ``scipy.signal`` costs about a second at
start-up, which a command-line replay should not pay. The traces are short (tens of points) with
few peaks, so a scan over a Python list costs less than numpy's per-call overhead would.
"""

from __future__ import annotations

import math

import numpy as np


def local_maxima(xs: list[float]) -> list[int]:
    """Indices of local maxima (a flat top gives its middle, rounded down); ends never count."""
    peaks = []
    plateau_start = -1  # first point after the last step, when that step was a rise; else -1
    for i, (x0, x1) in enumerate(zip(xs, xs[1:])):
        d = x1 - x0  # (inf - inf is NaN: a step down, as ever)
        if d != 0:
            if d > 0:
                plateau_start = i + 1
            else:
                if plateau_start >= 0:
                    peaks.append((plateau_start + i) // 2)
                plateau_start = -1
    return peaks


def find_prominent_peaks(x: np.ndarray, prominence: float) -> np.ndarray:
    """Indices of local maxima of ``x`` whose prominence (same unit as x) is at least ``prominence``.

    ``x`` may hold +-inf (a padded trace), not NaN (ValueError: a NaN height is a bug upstream).
    """
    xs = x.tolist()
    if any(map(math.isnan, xs)):
        raise ValueError("find_prominent_peaks: NaN in the trace")
    keep = []
    for p in local_maxima(xs):
        v = xs[p]
        # each side: down to the lowest point before a higher one (or the end)
        left_min = v
        for y in reversed(xs[:p]):
            if y > v:
                break
            if y < left_min:
                left_min = y
        right_min = v
        for y in xs[p + 1 :]:
            if y > v:
                break
            if y < right_min:
                right_min = y
        if v - max(left_min, right_min) >= prominence:
            keep.append(p)
    return np.asarray(keep, dtype=np.int64)
