"""Sample times for a recording stamped when the samples reached the host, not when they were taken.

A recorder without the sensor's clock (a phone app, a script around a BLE callback) stamps each
sample on arrival. BLE delivers samples in bursts: several notifications in one connection event,
several samples in one notification, and the link's latency varies by 10-20 ms. Such stamps
bunch samples taken a period apart into a few milliseconds and leave gaps between the bursts: an
impact, a bounce or a turn is squeezed in time or torn apart, and its integral is wrong.

The sensor samples at a steady period ``T``, and a sample arrives at or after the time it was
taken. So no sample was taken later than the sample after it, less one period:

    t'_i = min(t_i, t'_(i+1) - T) = i T + min_(j >= i) (t_j - j T)

(with ``T`` a little below the true period, samples that arrived a period or more apart, a
sensor clock's, keep their times exactly, bit for bit: a recording with sensor times is left as
it is). A burst is spread back at the period from its newest sample, which arrived the
soonest after it was taken. The minimum looks ``window`` samples ahead (a burst longer than that
would be a link that stalled and caught up, not a connection event), so a streaming pass needs
only that many samples of look-ahead, and gives the same times as the whole-array pass whatever
the blocks. Times stay strictly increasing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

__all__ = [
    "ArrivalRetimer", "repeated_rows", "retime_arrivals", "retime_blocks", "retime_recording", "retiming_period_s",
    "PERIOD_MARGIN",
]

#: the period used is this fraction of the sensor's nominal one: a sensor's rate is off by up to a
#: couple of percent (datasheet output-data-rate tolerances), and a period taken too long would push
#: a steady stream back sample after sample
PERIOD_MARGIN = 0.98
#: how many samples ahead a sample's time may be moved back from (a burst's length at most)
DEFAULT_WINDOW = 64
#: samples over which the time per sample is measured to check a stated rate
SPAN_SAMPLES = 100
#: times closer than this are a recorder's tie-break, not a sample period, s
_MIN_PERIOD_S = 1e-3
#: the smallest step between output times, s (where a burst longer than the window overlaps)
_MIN_STEP_S = 1e-6


def retiming_period_s(rate_hz: float | None = None, t: np.ndarray | None = None) -> float | None:
    """The period (s) to retime with: PERIOD_MARGIN of the nominal period ``1 / rate_hz`` where
    the rate is known (a recording's ``rate_hz`` metadata), else of the time between samples that
    arrive one at a time, the 10th percentile of the steps of ``t`` (s) of at least 1 ms (bursts
    tie samples within a few microseconds; a period shows between the samples of one
    notification, a sensor clock's everywhere). None where neither tells (fewer than 20 steps).

    A stated rate lower than the samples' own (their median time per sample over runs of
    SPAN_SAMPLES, which losses only lengthen) is wrong, and a period too long would drag every
    time back: the samples' own period is taken then."""
    tt = None if t is None else np.asarray(t, dtype=float)
    if rate_hz is not None and np.isfinite(rate_hz) and rate_hz > 0:
        period = PERIOD_MARGIN / float(rate_hz)
        if tt is not None and tt.shape[0] > SPAN_SAMPLES + 1:
            own = float(np.median(tt[SPAN_SAMPLES:] - tt[:-SPAN_SAMPLES])) / SPAN_SAMPLES
            if own < period:
                return PERIOD_MARGIN * own
        return period
    if tt is None:
        return None
    d = np.diff(tt)
    d = d[d >= _MIN_PERIOD_S]
    if d.size < 20:
        return None
    return PERIOD_MARGIN * float(np.percentile(d, 10))


def _window_min_ahead(w: np.ndarray, window: int) -> np.ndarray:
    """out[i] = min(w[i : i + window + 1]) (fewer at the end): minima over runs doubled in
    length until the largest power of two within the window, then two overlapping runs. (Plain
    numpy: scipy.ndimage's filter would cost a replay a quarter of a second to import.)"""
    size = window + 1
    m = w.copy()
    span = 1
    while 2 * span <= size and span < m.shape[0]:
        np.minimum(m[:-span], m[span:], out=m[:-span])  # m[i] = min(w[i : i + 2 span])
        span *= 2
    off = size - span
    if off and off < m.shape[0]:
        out = m.copy()
        np.minimum(m[:-off], m[off:], out=out[:-off])
        return out
    return m


def retime_arrivals(
    t: np.ndarray, period_s: float | None, repeat: np.ndarray | None = None, window: int = DEFAULT_WINDOW
) -> np.ndarray:
    """Sample times (s) for arrival stamps ``t`` (s, increasing) of a sensor sampling every
    ``period_s`` or more (see the module docstring; :func:`retiming_period_s`; ``repeat``: see
    :meth:`ArrivalRetimer.feed`). None: ``t`` as it is."""
    r = ArrivalRetimer(period_s, window)
    out = [r.feed(t, repeat)]
    out.append(r.finish())
    return np.concatenate(out)


def retime_recording(t: np.ndarray, acc: np.ndarray, gyro: np.ndarray, period_s: float | None) -> np.ndarray:
    """:func:`retime_arrivals` of a whole recording's times (s), its repeated readings (acc g,
    gyro deg/s rows equal to the row before) taking no period of their own: the times
    :func:`retime_blocks` gives the same rows."""
    return retime_arrivals(t, period_s, repeated_rows(np.hstack((acc, gyro))))


class ArrivalRetimer:
    """Streaming :func:`retime_arrivals`: feed arrival times block by block; each call returns the
    times of the samples now settled (``window`` samples behind the newest), :meth:`finish` the
    rest. The concatenated output is the same for any split of the input. ``period_s`` None:
    times pass through unchanged (and at once)."""

    def __init__(self, period_s: float | None, window: int = DEFAULT_WINDOW) -> None:
        if period_s is not None and not period_s > 0:
            raise ValueError(f"period_s must be > 0 s, got {period_s}")
        if window < 1:
            raise ValueError(f"window must be at least 1 sample, got {window}")
        self.period_s = period_s
        self.window = window
        self._tail = np.zeros(0)  # arrival times not yet settled
        self._tail_r = np.zeros(0)  # ... and the readings they carry, counted from the first
        self._r_last = -1.0  # the reading of the last sample fed
        self._i0 = 0  # index of the first sample not yet settled
        self._z_max = -np.inf  # running max of (output time - index x _MIN_STEP_S)

    @property
    def pending(self) -> int:
        """How many samples fed are held back (their times not yet returned)."""
        return int(self._tail.shape[0])

    def feed(self, t: np.ndarray, repeat: np.ndarray | None = None) -> np.ndarray:
        """Arrival times ``t`` (s) of the next samples; ``repeat`` (bool per sample): a sample
        that repeats the one before it (the same reading sent again: it takes no period of its
        own, and lands just after the original). Returns the times now settled."""
        t = np.asarray(t, dtype=float)
        if self.period_s is None:
            return t.copy()
        new = np.ones(t.shape[0], dtype=bool) if repeat is None else ~np.asarray(repeat, dtype=bool)
        r = self._r_last + np.cumsum(new)  # the reading each sample carries
        if r.size:
            self._r_last = float(r[-1])
        tt = np.concatenate((self._tail, t)) if self._tail.size else t
        rr = np.concatenate((self._tail_r, r)) if self._tail_r.size else r
        n_done = tt.shape[0] - self.window
        if n_done <= 0:
            self._tail, self._tail_r = tt.copy(), rr.copy()
            return np.zeros(0)
        out = self._retime(tt, rr)[:n_done]
        self._tail, self._tail_r = tt[n_done:].copy(), rr[n_done:].copy()
        return self._commit(out)

    def finish(self) -> np.ndarray:
        """The times of the samples still held back."""
        if self.period_s is None or not self._tail.size:
            return np.zeros(0)
        out = self._retime(self._tail, self._tail_r)
        self._tail, self._tail_r = np.zeros(0), np.zeros(0)
        return self._commit(out)

    def _retime(self, tt: np.ndarray, rr: np.ndarray) -> np.ndarray:
        """Times of arrivals ``tt`` carrying readings ``rr`` (their count from the first), each
        from the samples up to ``window`` ahead within ``tt`` (all there are, for the ones
        returned)."""
        jT = rr * float(self.period_s)  # type: ignore[arg-type]
        w = tt - jT
        if w.size < 2 or bool(np.all(w[1:] >= w[:-1])):
            return tt  # (no sample pulls one before it back: a sensor clock's times)
        m = _window_min_ahead(w, self.window)
        # (exactly the arrival time where no later sample pulls it back)
        return np.where(m < w, jT + m, tt)

    def _commit(self, out: np.ndarray) -> np.ndarray:
        """Strictly increasing (a burst longer than the window overlaps the samples before it:
        those keep their order, _MIN_STEP_S apart); advances the global index."""
        steps = (self._i0 + np.arange(out.shape[0])) * _MIN_STEP_S
        z = out - steps
        zm = np.maximum.accumulate(np.maximum(z, self._z_max)) if out.size else z
        self._z_max = float(zm[-1]) if out.size else self._z_max
        self._i0 += out.shape[0]
        res = zm + steps
        # (unchanged where already increasing: keep those times bit for bit)
        return np.where(zm == z, out, res)


def retime_blocks(
    blocks: Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]], period_s: float | None, window: int = DEFAULT_WINDOW
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(t s, acc, gyro) blocks of a recording with the times retimed (:class:`ArrivalRetimer`):
    the same samples, ``window`` of them held back until the blocks after them have come (the
    readings travel with their times). period_s None: the blocks as they are."""
    if period_s is None:
        yield from blocks
        return
    r = ArrivalRetimer(period_s, window)
    acc_q: list[np.ndarray] = []
    gyro_q: list[np.ndarray] = []
    last: np.ndarray | None = None  # the last row (acc, gyro) fed
    for t, acc, gyro in blocks:
        acc_q.append(acc)
        gyro_q.append(gyro)
        rows = np.hstack((acc, gyro))
        rep = repeated_rows(rows, last)
        if rows.shape[0]:
            last = rows[-1]
        t_out = r.feed(t, rep)
        if t_out.size:
            yield t_out, _take(acc_q, t_out.shape[0]), _take(gyro_q, t_out.shape[0])
    t_out = r.finish()
    if t_out.size:
        yield t_out, np.concatenate(acc_q), np.concatenate(gyro_q)


def repeated_rows(rows: np.ndarray, before: np.ndarray | None = None) -> np.ndarray:
    """Per row of readings ``rows`` (N, channels): whether it equals the row before it (``before``
    for the first), every channel: the same reading sent again. (Noise leaves two real samples
    in a row the same in all six channels practically never.)"""
    same = np.zeros(rows.shape[0], dtype=bool)
    if rows.shape[0] > 1:
        same[1:] = np.all(rows[1:] == rows[:-1], axis=1)
    if rows.shape[0] and before is not None:
        same[0] = bool(np.all(rows[0] == before))
    return same


def _take(q: list[np.ndarray], n: int) -> np.ndarray:
    """The first n rows queued in ``q`` (removed from it)."""
    whole = q[0] if len(q) == 1 else np.concatenate(q)
    q.clear()
    if whole.shape[0] > n:
        q.append(whole[n:])
    return whole[:n]
