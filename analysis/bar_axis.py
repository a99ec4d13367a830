"""The barbell's long axis in a bar sensor's frame, learnt from where the bar lay level.

A bar on its plates lies level whatever it has rolled to: its axis is horizontal, so gravity in
the sensor frame is perpendicular to it at every such rest. Rests at different roll angles (a
bar rolled to the shins, dropped, turned in the hands between sets) leave their gravity
directions on a great circle whose pole is the axis. With the axis known, a turn of the bar
splits into a roll about the shaft (harmless: the hands turn it) and a tilt of the shaft (one
end lifted), which gravity alone cannot tell apart.
"""

from __future__ import annotations

import math

import numpy as np

from .orientation import cross3


#: distinct postures on the circle before it is the axis: any two postures lie on a great
#: circle, and a third close to it (a rest of the bar held tilted to load plates, between two
#: on the floor) made a wrong one early in a session
MIN_POSTURES_ON_CIRCLE = 4


def tilt_about_deg(axis: np.ndarray, g0: np.ndarray, g1: np.ndarray) -> float:
    """How much a bar whose unit axis (sensor frame) is ``axis`` tilted between unit gravity
    directions ``g0`` and ``g1``: the change of the axis' elevation, deg."""
    s0 = min(1.0, max(-1.0, float(axis @ g0)))
    s1 = min(1.0, max(-1.0, float(axis @ g1)))
    return math.degrees(abs(math.asin(s1) - math.asin(s0)))


class BarAxis:
    """Estimate of the bar's axis from the unit gravity directions (sensor frame) of its rests.

    Most rests of a bar are level (on its plates, in the hands at lockout or in a hold); one end
    lifted onto a plate or a jack is not. The axis is the pole of the great circle most of the
    rests lie on (within ``inlier_deg``), found from pairs of rests (their cross product) and
    refined by a least-squares plane through the rests that lie on it. It is known once those
    rests' roll angles spread at least ``min_spread_deg`` (standard deviation; a bar never
    rolled leaves the axis undetermined) and they are the larger part of the rests. Rests within
    ``merge_deg`` of each other count as one posture, weighted by how many there were (a set's
    rests are mostly the same two or three); ``keep``: how many postures are remembered.
    """

    def __init__(self, min_spread_deg: float = 4.0, inlier_deg: float = 1.5, merge_deg: float = 0.5, keep: int = 48) -> None:
        self.min_spread_deg = min_spread_deg
        self.inlier_deg = inlier_deg
        self.keep = keep
        self._cos_merge = float(np.cos(np.radians(merge_deg)))
        self._sum = np.zeros((0, 3))  # per posture: the sum of its rests' unit gravity directions
        self._n = np.zeros(0)  # per posture: how many rests
        self._axis: np.ndarray | None = None
        self._stale = False
        self._n_estimated = 0.0  # how many rests the estimate was made from
        self._dirs: np.ndarray | None = None  # _posture_dirs() while _sum is unchanged
        self._pairs: tuple[np.ndarray, np.ndarray] = (np.zeros(0, np.intp), np.zeros(0, np.intp))  # see _estimate

    def add(self, g_dir: np.ndarray) -> None:
        """A rest of the bar: its unit gravity direction (sensor frame)."""
        g = np.asarray(g_dir, dtype=float)
        if g.shape != (3,) or not all(map(math.isfinite, g.tolist())) or abs(float(g @ g) - 1.0) > 1e-3:
            return  # (not a unit direction: nothing to learn from)
        if self._n.size:
            cos = self._posture_dirs() @ g
            j = int(np.argmax(cos))
            if cos[j] >= self._cos_merge:
                self._sum[j] += g
                self._n[j] += 1.0
                self._dirs = None
                # (a posture seen again changes the estimate little: it is redone once the rests
                # have grown by a quarter since)
                self._stale |= self._n.sum() >= 1.25 * self._n_estimated
                return
        self._sum = np.vstack((self._sum, g[None, :]))[-self.keep :]
        self._n = np.append(self._n, 1.0)[-self.keep :]
        self._dirs = None
        self._stale = True

    def _posture_dirs(self) -> np.ndarray:
        """(postures, 3) the unit mean gravity direction of each posture's rests (kept until a
        rest changes them: add reads them for every rest)."""
        if self._dirs is None:
            # the row sums of squares are what np.linalg.norm(axis=1) adds (same bits)
            self._dirs = self._sum / np.sqrt(np.add.reduce(self._sum * self._sum, axis=1, keepdims=True))
        return self._dirs

    def axis(self) -> np.ndarray | None:
        """The unit axis (sign arbitrary), or None while the rests do not determine it."""
        if self._stale:
            self._stale = False
            self._n_estimated = float(self._n.sum())
            self._axis = self._estimate()
        return self._axis

    def _estimate(self) -> np.ndarray | None:
        n = self._n
        if n.sum() < 3 or n.size < 2:
            return None
        g = self._posture_dirs()
        if self._pairs[0].shape[0] != n.size * (n.size - 1) // 2:
            self._pairs = np.triu_indices(n.size, 1)  # (the same for every estimate once keep postures are seen)
        i, j = self._pairs
        c = cross3(g[i], g[j])
        norm = np.sqrt(np.einsum("ij,ij->i", c, c))
        use = norm >= np.sin(np.radians(self.min_spread_deg))  # (two postures rolled apart: a pole)
        if not use.any():
            return None
        poles = c[use] / norm[use, None]
        # |cos| of each pole to each posture, (poles, postures): up to 48 * 47 / 2 by 48, so the
        # absolute value is taken in place (no second array of that size)
        cos = poles @ g.T
        on = np.abs(cos, out=cos) <= np.sin(np.radians(self.inlier_deg))
        best = int(np.argmax(on @ n))
        w = n * on[best]
        if 2 * w.sum() <= n.sum() or int(on[best].sum()) < MIN_POSTURES_ON_CIRCLE:
            return None
        ev, v = np.linalg.eigh((g * w[:, None]).T @ g / w.sum())  # ascending
        if ev[1] < np.sin(np.radians(self.min_spread_deg)) ** 2:
            return None
        return v[:, 0]

    def tilt_between_deg(self, g0: np.ndarray, g1: np.ndarray) -> float | None:
        """How much the bar's axis tilted (its elevation changed) between unit gravity
        directions ``g0`` and ``g1`` (sensor frame), deg, whatever it rolled about itself; None
        while the axis is not known."""
        a = self.axis()
        return None if a is None else tilt_about_deg(a, g0, g1)

    def provisional_axis(self, extra: list[np.ndarray], min_extent_deg: float = 8.0) -> np.ndarray | None:
        """The axis from fewer, closer postures than :meth:`axis` needs: the pole of the great
        circle through the rests' postures and the unit gravity directions ``extra`` (sensor
        frame; a rep's floor, lockout and bottom being judged), where every one of them lies on
        it (within ``inlier_deg``) and the two farthest apart are ``min_extent_deg`` or more
        apart. None otherwise. Four postures or more on one circle, spread that far, are what a
        sleeve spinning in a collar gives from its first reps on; a sensor the hands roll a
        degree or two never spreads so far, and a tilt takes a posture off the circle."""
        g = np.vstack([self._posture_dirs(), np.asarray(extra, dtype=float).reshape(-1, 3)])
        if g.shape[0] < 4:
            return None
        cos = np.clip(g @ g.T, -1.0, 1.0)
        if float(np.degrees(np.arccos(cos.min()))) < min_extent_deg:
            return None
        tol = np.sin(np.radians(self.inlier_deg))
        scatter = g.T @ g
        for i in range(g.shape[0]):
            # each posture on the circle the others pin down (a fit through all of them would
            # share one tilted posture's miss out among the rest)
            _, v = np.linalg.eigh(scatter - np.outer(g[i], g[i]))
            if abs(float(g[i] @ v[:, 0])) > tol:
                return None
        _, v = np.linalg.eigh(scatter)
        return v[:, 0]

