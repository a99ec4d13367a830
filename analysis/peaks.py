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
    d = np.diff(x)
    steps = np.flatnonzero(d)  # x changes between steps[k] and steps[k] + 1
    if steps.size < 2:
        return np.zeros(0, np.int64)
    up = d[steps] > 0
    top = np.flatnonzero(up[:-1] & ~up[1:])  # a rise followed (after a plateau) by a fall
    first, last = steps[top] + 1, steps[top + 1]  # the plateau (one point when no plateau)
    return ((first + last) // 2).astype(np.int64)


def find_prominent_peaks(x: np.ndarray, prominence: float) -> np.ndarray:
    """Indices of local maxima of ``x`` whose prominence is at least ``prominence``."""
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
