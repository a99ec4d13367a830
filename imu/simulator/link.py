"""What a BLE link does to a sample stream: decimation/drops, repeats, gaps, host-stamp jitter."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class LinkModel:
    """BLE delivery of a sensor sampling at ``rate_hz``.

    delivered_rate_hz: packets per second actually delivered (each carries the newest reading).
    jitter_s: host timestamp jitter (s); stamps = delivery time + N(0, (jitter_s/2)^2).
    repeat_prob: probability that a packet repeats the previous reading (new timestamp).
    gaps_per_min: rate of link gaps; gap_s: (min, max) gap length in s.
    """

    delivered_rate_hz: float = 45.0
    jitter_s: float = 0.015
    repeat_prob: float = 0.02
    gaps_per_min: float = 1.0
    gap_s: tuple[float, float] = (0.2, 0.6)

    @classmethod
    def random(cls, rng: np.random.Generator, rate_hz: float) -> "LinkModel":
        return cls(
            delivered_rate_hz=float(min(rng.uniform(30.0, 60.0), 0.9 * rate_hz)),
            jitter_s=float(rng.uniform(0.010, 0.020)),
            repeat_prob=float(rng.uniform(0.005, 0.04)),
            gaps_per_min=float(rng.uniform(0.5, 3.0)),
            gap_s=(0.15, 0.6),
        )

    def deliver(self, rng: np.random.Generator, duration_s: float, rate_hz: float) -> tuple[np.ndarray, np.ndarray]:
        """Return (stamps, reading_index): host timestamps (s, strictly increasing) and the
        index of the sensor reading (sample k taken at k / rate_hz) each packet carries."""
        n_sensor = int(np.floor(duration_s * rate_hz)) + 1
        mean_dt = 1.0 / self.delivered_rate_hz
        n_pk = int(duration_s / mean_dt * 1.2) + 10
        # delivery intervals: connection-event-like variability around the mean
        intervals = mean_dt * rng.gamma(8.0, 1.0 / 8.0, n_pk)
        d = np.cumsum(intervals)
        d = d[d < duration_s]
        idx = np.floor(d * rate_hz + 1e-9).astype(np.int64)
        idx = np.clip(idx, 0, n_sensor - 1)
        # repeats: the previous packet's reading again
        rep = rng.random(len(idx)) < self.repeat_prob
        rep[0] = False
        pos = np.arange(len(idx))
        src = np.maximum.accumulate(np.where(rep, 0, pos))  # last non-repeated packet
        idx = idx[src]
        # gaps
        keep = np.ones(len(d), dtype=bool)
        n_gaps = rng.poisson(self.gaps_per_min * duration_s / 60.0)
        for g0 in rng.uniform(0, duration_s, n_gaps):
            g1 = g0 + rng.uniform(*self.gap_s)
            keep &= ~((d >= g0) & (d < g1))
        d, idx = d[keep], idx[keep]
        stamps = d + rng.normal(0, self.jitter_s / 2.0, len(d))
        # strictly increasing, at least 1 ms apart (host stamps of bunched packets)
        eps = 1e-3
        k = np.arange(len(stamps)) * eps
        stamps = np.maximum.accumulate(stamps - k) + k
        ok = stamps >= 0.0
        return stamps[ok], idx[ok]
