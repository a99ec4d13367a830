"""Sample times from the sensor's clock or counters — never from host arrival times.

BLE delivers notifications in bursts (connection events, radio congestion, OS scheduling), so
arrival times are only an upper-bounded-below, noisy view of when samples were taken. Two
reconstructions, both giving strictly increasing times in seconds that start at 0.0 at the first
sample of the stream (``SampleBlock.t``):

* :class:`SensorTimeline` — the protocol carries sensor timestamps (repsense stream protocol,
  Polar PMD). Times are the sensor clock, rebased; losses come from clock gaps (and the caller
  may also give sequence-number gaps).
* :class:`RateTimeline` — no clock on the wire (WitMotion, Thingy:52). Times come from the sample
  count and a period estimated against host time from the *lower envelope* of arrivals
  (arrival = sample time + latency, latency >= 0: the earliest arrivals in each half-second are
  fitted by least squares, clamped to ``max_drift`` of the nominal rate). Losses are detected
  when arrivals stay later than the envelope predicts for ``confirm_s`` (a burst catches up
  within that time; a loss does not); packets are held back only while such a suspicion is
  open, so normal latency is unaffected.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np

__all__ = ["SensorTimeline", "RateTimeline", "TimedChunk"]

P = TypeVar("P")


class SensorTimeline:
    """Rebase sensor timestamps; detect gaps; keep output strictly increasing.

    Parameters
    ----------
    period_s : nominal sample period (s), used to count missing samples in gaps.
    origin_s : sensor time that becomes 0.0; default: the first sample pushed.
    """

    def __init__(self, period_s: float, *, origin_s: float | None = None) -> None:
        if period_s <= 0:
            raise ValueError("period_s must be > 0")
        self.period_s = float(period_s)
        self._origin: float | None = origin_s
        self._last: float | None = None  # last output time (rebased)

    @property
    def last_t(self) -> float | None:
        """Rebased time (s) of the newest sample pushed, None before the first."""
        return self._last

    def push(self, sensor_t_s: np.ndarray) -> tuple[np.ndarray, int]:
        """Per-sample sensor times (s, increasing) → (rebased times (s), samples missing before).

        Samples not later than the previous output (a device clock step backwards) are moved to
        just after it (by a thousandth of a period) so the output stays strictly increasing.
        """
        ts = np.asarray(sensor_t_s, dtype=float).copy()
        if ts.size == 0:
            return ts, 0
        if self._origin is None:
            self._origin = float(ts[0])
        t = ts - self._origin
        lost = 0
        if self._last is not None:
            gap = float(t[0] - self._last)
            lost = max(0, int(round(gap / self.period_s)) - 1)
        # enforce strict increase
        prev = self._last if self._last is not None else -np.inf
        eps = self.period_s * 1e-3
        for i in range(t.size):
            if t[i] <= prev:
                t[i] = prev + eps
            prev = t[i]
        self._last = float(t[-1])
        return t, lost


@dataclass(frozen=True)
class TimedChunk(Generic[P]):
    """A pushed payload with its sample times (s) and the samples known lost just before it."""

    payload: P
    t: np.ndarray
    lost_before: int


@dataclass
class _Held(Generic[P]):
    payload: P
    n: int
    arrival_s: float


class RateTimeline(Generic[P]):
    """Times for a counter-less stream from the configured rate, disciplined by host arrivals.

    Parameters
    ----------
    rate_hz : configured output rate (Hz).
    max_drift : largest accepted relative error of the sensor's rate (0.05 = ±5 %).
    loss_threshold_s : lateness over the envelope that opens a loss suspicion; default
        ``max(4 periods, 60 ms)``.
    confirm_s : host time a suspicion must persist (arrivals never back on the envelope)
        before it is declared a loss; until then those packets are held back.
    window_s : host-time window of the envelope fit (s).
    """

    def __init__(
        self,
        rate_hz: float,
        *,
        max_drift: float = 0.05,
        loss_threshold_s: float | None = None,
        confirm_s: float = 0.3,
        window_s: float = 20.0,
        block_s: float = 0.5,
    ) -> None:
        if rate_hz <= 0:
            raise ValueError("rate_hz must be > 0")
        self.nominal_period_s = 1.0 / rate_hz
        self.period_s = self.nominal_period_s
        self.max_drift = max_drift
        self.loss_threshold_s = (
            loss_threshold_s if loss_threshold_s is not None else max(4 * self.period_s, 0.06)
        )
        self.confirm_s = confirm_s
        self.window_s = window_s
        self.block_s = block_s
        self.phase_gain = 0.02  # per packet: pull output times toward the envelope (PLL)
        self._origin: float | None = None  # envelope value of sample 0 when first seen
        self._k = 0  # index of the next sample
        self._t_next = 0.0  # output time of the next sample
        self._a: float | None = None  # envelope offset: arrival(j) ~ a + period * j
        self._minima: deque[tuple[int, float]] = deque()  # (j, arrival) per block
        self._block: tuple[int, float, float] | None = None  # (j, arrival, block start arrival)
        self._held: list[_Held[P]] = []
        self._force_check = False
        self._started = False
        #: total samples declared lost (diagnostics)
        self.lost_total = 0

    # -- public ------------------------------------------------------------------------------
    def mark_link_gap(self) -> list[TimedChunk[P]]:
        """The link went down: release what is held (returned) and treat the next arrival as
        the end of a gap (its lateness over the envelope, confirmed over ``confirm_s``, gives
        the samples missed during the outage)."""
        out = self.flush()
        self._force_check = True
        return out

    def flush(self) -> list[TimedChunk[P]]:
        """Release held packets as if no loss happened (e.g. at the end of the stream)."""
        out = [self._emit(h.payload, h.n, 0) for h in self._held]
        self._held = []
        return out

    def push(self, payload: P, n: int, arrival_s: float) -> list[TimedChunk[P]]:
        """One notification of ``n`` samples that arrived at host time ``arrival_s`` (s).

        Returns the chunks now ready, in order (possibly none while a suspicion is open,
        possibly several when it resolves).
        """
        if n <= 0:
            return []
        out: list[TimedChunk[P]] = []
        if not self._started:
            self._started = True
            self._a = arrival_s - self.period_s * (n - 1)
            out.append(self._emit(payload, n, 0))
            self._note(self._k - 1, arrival_s)
            return out
        if self._held or self._force_check:
            self._held.append(_Held(payload, n, arrival_s))
            self._force_check = False
            out.extend(self._resolve(arrival_s))
            return out
        j_last = self._k + n - 1
        excess = arrival_s - self._expected(j_last)
        if excess > self.loss_threshold_s:
            self._held.append(_Held(payload, n, arrival_s))
            return out
        out.append(self._emit(payload, n, 0))
        self._note(j_last, arrival_s)
        return out

    # -- internals -----------------------------------------------------------------------------
    def _expected(self, j: int) -> float:
        assert self._a is not None
        return self._a + self.period_s * j

    def _resolve(self, now_s: float) -> list[TimedChunk[P]]:
        """Decide an open suspicion: back on the envelope → burst; late for confirm_s → loss."""
        excesses = []
        k = self._k
        for h in self._held:
            k += h.n
            excesses.append(h.arrival_s - self._expected(k - 1))
        on_envelope = excesses[-1] <= self.loss_threshold_s
        if on_envelope:
            return self._release(0)
        if now_s - self._held[0].arrival_s < self.confirm_s:
            return []
        lost = max(0, int(round(min(excesses) / self.period_s)))
        return self._release(lost)

    def _release(self, lost: int) -> list[TimedChunk[P]]:
        held, self._held = self._held, []
        out = []
        for i, h in enumerate(held):
            out.append(self._emit(h.payload, h.n, lost if i == 0 else 0))
            self._note(self._k - 1, h.arrival_s)
        return out

    def _emit(self, payload: P, n: int, lost: int) -> TimedChunk[P]:
        if lost:
            self._k += lost
            self._t_next += lost * self.period_s
            self.lost_total += lost
        t = self._t_next + self.period_s * np.arange(n)
        self._k += n
        step = self.period_s
        if self._a is not None:
            if self._origin is None:
                self._origin = self._a
            # phase detector: where the envelope puts the last sample vs where we put it
            err = (self._expected(self._k - 1) - self._origin) - float(t[-1])
            step += float(np.clip(self.phase_gain * err, -0.5 * self.period_s, 0.5 * self.period_s))
        self._t_next = float(t[-1]) + step
        return TimedChunk(payload, t, lost)

    def _note(self, j: int, arrival_s: float) -> None:
        """Track the lower envelope: per-block minimum residual, refit at each block end."""
        r = arrival_s - self.period_s * j
        assert self._a is not None
        if r < self._a:
            self._a = r
        if self._block is None:
            self._block = (j, arrival_s, arrival_s)
            return
        bj, barr, bstart = self._block
        if r < barr - self.period_s * bj:
            bj, barr = j, arrival_s
        if arrival_s - bstart < self.block_s:
            self._block = (bj, barr, bstart)
            return
        self._minima.append((bj, barr))
        self._block = (j, arrival_s, arrival_s)
        while self._minima and arrival_s - self._minima[0][1] > self.window_s:
            self._minima.popleft()
        self._refit()

    def _refit(self) -> None:
        if len(self._minima) < 2:
            # not enough blocks for a slope: keep the period, lift the floor to the lowest block
            js = np.array([m[0] for m in self._minima], float)
            ar = np.array([m[1] for m in self._minima], float)
            self._a = float(np.min(ar - self.period_s * js))
            return
        js = np.array([m[0] for m in self._minima], float)
        ar = np.array([m[1] for m in self._minima], float)
        # least-squares slope about the means (np.polyfit on raw sample counts and arrival
        # times, thousands of each, is poorly conditioned and warns so)
        dj = js - js.mean()
        sxx = float(dj @ dj)
        slope = float(dj @ (ar - ar.mean())) / sxx if sxx > 0.0 else self.period_s
        lo, hi = self.nominal_period_s * (1 - self.max_drift), self.nominal_period_s * (1 + self.max_drift)
        self.period_s = float(np.clip(slope, lo, hi))
        # floor: the line through the lowest residual with the new slope
        self._a = float(np.min(ar - self.period_s * js))
