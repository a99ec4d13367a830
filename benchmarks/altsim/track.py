"""A growing multi-channel trajectory on the uniform fine time grid.

Channels are generalized coordinates (metres or radians) of the thing carrying the sensor. The
track starts with one sample at t = 0; segments append samples at t = now + dt, now + 2 dt, ...
Channels a segment does not give are held at their last value. Additive perturbations (ringing,
tremor, breathing) can be laid over any time span and are summed in by :meth:`finalize`.
Activity labels (kind, t0, t1) record what happened when, for failure analysis.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Activity:
    """What the lifter / load did between ``t0`` and ``t1`` (s, physical time)."""

    kind: str
    t0: float
    t1: float
    info: dict = field(default_factory=dict)


class Track:
    """Multi-channel trajectory builder (see module docstring)."""

    def __init__(self, init: dict[str, float], dt: float) -> None:
        self.dt = float(dt)
        self.names = list(init)
        self._chunks: dict[str, list[np.ndarray]] = {k: [np.array([float(v)])] for k, v in init.items()}
        self._last = {k: float(v) for k, v in init.items()}
        self.n = 1
        self._adds: list[tuple[str, int, np.ndarray]] = []
        self.activities: list[Activity] = []

    @property
    def now(self) -> float:
        """Time (s) of the newest sample."""
        return (self.n - 1) * self.dt

    def get(self, name: str) -> float:
        """Last value of a channel."""
        return self._last[name]

    def state(self) -> dict[str, float]:
        """Last value of every channel."""
        return dict(self._last)

    def append(self, seg: dict[str, np.ndarray], label: str | None = None, **info: object) -> tuple[float, float]:
        """Append a segment (equal-length arrays per channel). Returns its (t0, t1)."""
        lens = {len(np.atleast_1d(a)) for a in seg.values()}
        if len(lens) != 1:
            raise ValueError(f"segment channels differ in length: {lens}")
        m = lens.pop()
        t0 = self.now
        for k in self.names:
            a = seg.get(k)
            a = np.full(m, self._last[k]) if a is None else np.asarray(a, float)
            self._chunks[k].append(a)
            self._last[k] = float(a[-1])
        for k in seg:
            if k not in self._chunks:
                raise KeyError(k)
        self.n += m
        if label:
            self.activities.append(Activity(label, t0, self.now, dict(info)))
        return t0, self.now

    def hold(self, T: float, label: str | None = None, **info: object) -> tuple[float, float]:
        """Keep every channel constant for ``T`` s (at least one sample)."""
        m = max(1, int(round(T / self.dt)))
        return self.append({self.names[0]: np.full(m, self._last[self.names[0]])}, label, **info)

    def add(self, name: str, t0: float, arr: np.ndarray) -> None:
        """Lay an additive perturbation on channel ``name`` starting at time ``t0`` s."""
        self._adds.append((name, int(round(t0 / self.dt)), np.asarray(arr, float)))

    def label(self, kind: str, t0: float, t1: float, **info: object) -> None:
        """Record an activity span without appending samples."""
        self.activities.append(Activity(kind, t0, t1, dict(info)))

    def finalize(self) -> dict[str, np.ndarray]:
        """Concatenate the channels and sum in the perturbations; adds ``'t'`` (s)."""
        out = {k: np.concatenate(v) for k, v in self._chunks.items()}
        for name, i0, arr in self._adds:
            i0 = max(i0, 0)
            j = min(self.n, i0 + len(arr))
            if j > i0:
                out[name][i0:j] += arr[: j - i0]
        out["t"] = self.dt * np.arange(self.n)
        return out
