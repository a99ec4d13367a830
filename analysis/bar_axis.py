"""The barbell's long axis in a bar sensor's frame, learnt from where the bar lay level.

A bar on its plates lies level whatever it has rolled to: its axis is horizontal, so gravity in
the sensor frame is perpendicular to it at every such rest. Rests at different roll angles (a
bar rolled to the shins, dropped, turned in the hands between sets) leave their gravity
directions on a great circle whose pole is the axis. With the axis known, a turn of the bar
splits into a roll about the shaft (harmless: the hands turn it) and a tilt of the shaft (one
end lifted), which gravity alone cannot tell apart.
"""

from __future__ import annotations

import numpy as np


class BarAxis:
    """Estimate of the bar's axis from the unit gravity directions (sensor frame) of its rests.

    Most rests of a bar are level (on its plates, in the hands at lockout or in a hold); one end
    lifted onto a plate or a jack is not. The axis is the pole of the great circle most of the
    rests lie on (within ``inlier_deg``), found from pairs of rests (their cross product) and
    refined by a least-squares plane through the rests that lie on it. It is known once those
    rests' roll angles spread at least ``min_spread_deg`` (standard deviation; a bar never
    rolled leaves the axis undetermined) and they are the larger part of the rests. ``keep``: how
    many rests are remembered.
    """

    def __init__(self, min_spread_deg: float = 4.0, inlier_deg: float = 1.5, keep: int = 48) -> None:
        self.min_spread_deg = min_spread_deg
        self.inlier_deg = inlier_deg
        self.keep = keep
        self._dirs: list[np.ndarray] = []
        self._axis: np.ndarray | None = None
        self._stale = False

    def add(self, g_dir: np.ndarray) -> None:
        """A rest of the bar: its unit gravity direction (sensor frame)."""
        self._dirs.append(np.asarray(g_dir, dtype=float))
        if len(self._dirs) > self.keep:
            self._dirs.pop(0)
        self._stale = True

    def axis(self) -> np.ndarray | None:
        """The unit axis (sign arbitrary), or None while the rests do not determine it."""
        if self._stale:
            self._stale = False
            self._axis = self._estimate(np.array(self._dirs))
        return self._axis

    def _estimate(self, g: np.ndarray) -> np.ndarray | None:
        n = g.shape[0]
        if n < 3:
            return None
        i, j = np.triu_indices(n, 1)
        c = np.cross(g[i], g[j])
        norm = np.sqrt(np.einsum("ij,ij->i", c, c))
        use = norm >= np.sin(np.radians(self.min_spread_deg))  # (two rests rolled apart: a pole)
        if not use.any():
            return None
        poles = c[use] / norm[use, None]
        on = np.abs(poles @ g.T) <= np.sin(np.radians(self.inlier_deg))  # (poles, rests)
        best = int(np.argmax(on.sum(axis=1)))
        inl = g[on[best]]
        if 2 * inl.shape[0] <= n:
            return None
        w, v = np.linalg.eigh(inl.T @ inl / inl.shape[0])  # ascending
        if w[1] < np.sin(np.radians(self.min_spread_deg)) ** 2:
            return None
        return v[:, 0]

    def tilt_between_deg(self, g0: np.ndarray, g1: np.ndarray) -> float | None:
        """How much the bar's axis tilted (its elevation changed) between unit gravity
        directions ``g0`` and ``g1`` (sensor frame), deg, whatever it rolled about itself; None
        while the axis is not known."""
        a = self.axis()
        if a is None:
            return None
        e0, e1 = (float(np.arcsin(np.clip(a @ g, -1.0, 1.0))) for g in (g0, g1))
        return float(np.degrees(abs(e1 - e0)))
