"""Peaks with topographic prominence, for the short height traces of one motion.

The same definition as ``scipy.signal.find_peaks(x, prominence=p)`` (local maxima, the middle of a
flat top; prominence measured down to the higher of the lowest points on either side before a
higher peak or the end), written out because importing ``scipy.signal`` costs about a second at
start-up, which a command-line replay should not pay.
"""

from __future__ import annotations

import numpy as np


def local_maxima(x: np.ndarray) -> np.ndarray:
    """Indices of local maxima (a flat top gives its middle, rounded down); ends never count."""
    n = x.shape[0]
    out = []
    i = 1
    while i < n - 1:
        if x[i - 1] < x[i]:
            j = i
            while j + 1 < n - 1 and x[j + 1] == x[i]:
                j += 1
            if x[j + 1] < x[i]:
                out.append((i + j) // 2)
            i = j + 1
        else:
            i += 1
    return np.asarray(out, dtype=np.int64)


def find_prominent_peaks(x: np.ndarray, prominence: float) -> np.ndarray:
    """Indices of local maxima of ``x`` whose prominence is at least ``prominence``."""
    peaks = local_maxima(x)
    keep = []
    for p in peaks:
        v = x[p]
        # left: down to the lowest point before a higher one (or the start)
        i = p
        left_min = v
        while i > 0 and x[i - 1] <= v:
            i -= 1
            left_min = min(left_min, x[i])
        j = p
        right_min = v
        n = x.shape[0]
        while j < n - 1 and x[j + 1] <= v:
            j += 1
            right_min = min(right_min, x[j])
        if v - max(left_min, right_min) >= prominence:
            keep.append(p)
    return np.asarray(keep, dtype=np.int64)
