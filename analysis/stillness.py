"""Stillness detection on the analysis grid.

A grid point is *still* when, over the trailing window of ``window_s`` seconds:

- the specific force barely varies (root-sum of per-axis std below ``acc_enter_g``, g) and the
  angular rate barely varies (``gyro_enter_dps``, deg/s): deviations, not magnitudes, so the
  unknown gyroscope offset (10-20 deg/s on raw MEMS parts) does not matter;
- the mean specific force has the magnitude of gravity as measured at the previous rest (within
  ``mag_tol_g`` plus an allowance for an accelerometer offset seen from a new orientation): a bar
  accelerating steadily upwards has a steady specific force too, but not a 1 g one;
- once an offset is known, the mean angular rate minus that offset is below ``rate_enter_dps``: a
  trunk turning at a steady rate is not still. Unless the accelerometer refutes the turn: a
  rate across gravity that, over ``offset_check_s`` of quiet, did not turn the specific force's
  direction is the offset having changed at once (firmware recalibration, a restart), not a turn.

Before the window statistics, both signals pass two causal moving averages (0.10 s and 0.14 s):
physiological tremor (5-12 Hz) and vibration carry acceleration but almost no velocity, and the
two filters' zeros sit at 10 and 7 Hz, so a held bar counts as still while a moving one does not.

Hysteresis: a still state is only left when a quantity passes the larger ``*_exit_*`` bound.
Points interpolated across a raw-data gap longer than ``max_gap_s`` are not decisive.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np

from .kinematics import STANDARD_GRAVITY


@dataclass(frozen=True)
class StillnessSettings:
    window_s: float = 0.14  # s
    smooth_s: tuple[float, float] = (0.10, 0.14)  # s, the two moving averages
    acc_enter_g: float = 0.012  # g
    acc_exit_g: float = 0.020  # g
    gyro_enter_dps: float = 1.5  # deg/s
    gyro_exit_dps: float = 2.5  # deg/s
    mag_tol_g: float = 0.012  # g
    mag_exit_factor: float = 2.5  # a rest ends when the magnitude error passes this times the tolerance
    offset_allowance_g: float = 0.14  # g, |offset| up to 80 mg per axis; times 2 sin(rotation/2)
    max_gravity_error_g: float = 0.2  # g, with no reference yet: |specific force| within this of 1 g
    override_s: float = 0.5  # s of low deviations that count as still on their own ...
    override_min_chord: float = 0.17  # ... unless the orientation is within ~10 deg of a known rest
    # ... and only for as long as a steady acceleration of that magnitude error could last: a bar
    # or trunk accelerating steadily would have travelled further than this (m); a quiet
    # stretch off the reference for longer than that means the reference is off, not the sensor
    steady_travel_m: float = 0.8
    # ... likewise a quiet stretch turning against the known gyroscope offset (rate above
    # rate_enter_dps) is turning only as long as a steady turn could go on: a trunk hinges
    # through at most this (deg); longer, the offset has changed
    steady_turn_deg: float = 45.0
    rate_enter_dps: float = 3.0  # deg/s
    rate_exit_dps: float = 5.0  # deg/s
    # ... but where the accelerometer says the sensor has not turned: over the last
    # ``offset_check_s`` of a quiet stretch, the mean specific force's direction turned by less
    # than ``offset_check_frac`` of what the rate across gravity (against the known offset) would
    # have turned it, that rate is the gyroscope's offset having changed (a firmware recalibrating
    # itself, a sensor restarted after a link loss), not a turn: still, as by the magnitude
    offset_check_s: float = 0.5  # s
    offset_check_frac: float = 0.25
    max_gap_s: float = 0.1  # s
    fast_window_s: float = 0.1  # s, unfiltered window that recognises a bar set down at once
    fast_acc_enter_g: float = 0.008  # g
    fast_gyro_enter_dps: float = 1.0  # deg/s


@dataclass(frozen=True)
class WindowFeatures:
    """Trailing-window features per grid point: (N,) or (N, 3) arrays.

    The deviation tests do not depend on the references, so they are done once per block here
    and classification only adds the reference-dependent ones.
    """

    acc_dev: np.ndarray  # g, root-sum of per-axis standard deviations (filtered window)
    gyro_dev: np.ndarray  # deg/s, the same for the angular rate
    acc_mean: np.ndarray  # (N, 3) g, mean specific force
    acc_mag: np.ndarray  # g, its magnitude
    gyro_mean: np.ndarray  # (N, 3) deg/s
    ok_gap: np.ndarray  # bool: not interpolated across a raw-data gap longer than max_gap_s
    quiet: np.ndarray  # bool: deviations below the enter bounds (and ok_gap)
    leave: np.ndarray  # bool: a deviation beyond its exit bound
    #: the short unfiltered window (a bar set down on the floor is quiet at once): its low-deviation
    #: test and mean magnitude; None until :meth:`StillnessDetector.fast_features` fills them in
    fast_quiet: np.ndarray | None = None
    fast_acc_mag: np.ndarray | None = None
    #: (N, 3) g: the mean specific force ``offset_check_s`` earlier (NaN where there was none yet)
    acc_mean_before: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.acc_dev.shape[0])

    def slice(self, a: int, b: int) -> "WindowFeatures":
        # spelled out rather than a generator over the fields: called once per decide
        fq, fm = self.fast_quiet, self.fast_acc_mag
        return WindowFeatures(
            self.acc_dev[a:b], self.gyro_dev[a:b], self.acc_mean[a:b], self.acc_mag[a:b],
            self.gyro_mean[a:b], self.ok_gap[a:b], self.quiet[a:b], self.leave[a:b],
            None if fq is None else fq[a:b], None if fm is None else fm[a:b],
            None if self.acc_mean_before is None else self.acc_mean_before[a:b],
        )


@dataclass(frozen=True)
class Decisions:
    """Classification of a run of grid points, before the state they start from is known.

    A point is *decisive* when it clearly enters or clearly leaves the still state; between
    decisive points the state holds (hysteresis).
    """

    enter: np.ndarray  # bool: at a decisive point, True enters (or stays in) the still state
    last: np.ndarray  # index of the last decisive point at or before each point; -1 if none
    quiet_run: np.ndarray  # consecutive quiet points ending at each point
    fast: np.ndarray  # bool: entered by the short unfiltered window alone
    by_override: np.ndarray  # bool: still only because it has been quiet for ``override_s``
    off_run: np.ndarray  # consecutive quiet points the references call motion (off the magnitude, turning), ending at each point
    #: consecutive quiet points ending at each point that no reference calls motion (all of the
    #: quiet stretch where that has gone on longer than such a motion could): the run that
    #: overrides the references, and where a rest still by override began
    free_run: np.ndarray

    def still(self, state_before: bool, since: int = 0) -> np.ndarray:
        """Still flags of the points from ``since`` on, when the state is ``state_before`` just
        before ``since`` (decisions taken before ``since`` are overruled)."""
        return np.where(self.last[since:] >= since, self._enter_at_last[since:], state_before)

    def entering(self, since: int = 0) -> np.ndarray:
        """Flags of the points from ``since`` on that are decisive and enter the still state.

        Where a still-looking point was refused as a rest (the state stayed moving), the points
        after it with no decisive point of their own keep the state they come after, moving,
        however the points were cut into blocks: the still-looking run that follows is its
        entering points only."""
        return (self.last[since:] == np.arange(since, self.last.shape[0])) & self.enter[since:]

    @cached_property
    def _enter_at_last(self) -> np.ndarray:
        """enter at each point's last decisive point (enter[0] where there is none, which
        :meth:`still` does not read): computed once, as still is often asked again from a later
        point."""
        return self.enter[np.maximum(self.last, 0)]


def _and_not(a: np.ndarray, b: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """``a & ~b`` for bool arrays in one numpy call (True > False is the only true comparison);
    decide runs thousands of times an hour on a few hundred points, so calls count."""
    return np.greater(a, b, out=out)


def trailing_runs(mask: np.ndarray, run_before: int, ar: np.ndarray) -> np.ndarray:
    """How many consecutive True points of ``mask`` (bool, N) end at each point, counting
    ``run_before`` more just before its first (the run the points before these left); ``ar`` is
    ``np.arange(N)`` (callers keep one)."""
    return ar - np.maximum.accumulate(np.where(mask, -1 - run_before, ar))


def _norm_rows(x: np.ndarray) -> np.ndarray:
    """Euclidean norm of each row of an (N, 3) array (np.linalg.norm is slow on small blocks)."""
    return np.sqrt(np.einsum("ij,ij->i", x, x))


def _last_rows(x: np.ndarray, n: int, fill: float) -> np.ndarray:
    """The last n rows of x, padded at the front with ``fill`` when x is shorter."""
    pad = n - len(x)
    return np.concatenate([np.full((pad,) + x.shape[1:], fill), x]) if pad > 0 else x[-n:]


def _moving_average_valid(x: np.ndarray, w: int) -> np.ndarray:
    """Means of the length-w windows of x (N, 3): the 'valid' N - w + 1 rows.

    A sum of w shifted slices, added in the same order for every window, so a window's value does
    not depend on where a block boundary fell (streaming equals batch bit for bit); for the short
    windows used here this is also faster than a sliding-window reduction.
    """
    m = x.shape[0] - w + 1
    total = x[0:m].copy()
    for k in range(1, w):
        total += x[k : k + m]
    total /= w  # in place: a fresh array of a block's size costs more than the division
    return total


def _window_stats(x: np.ndarray, w: int) -> tuple[np.ndarray, np.ndarray]:
    """(root-sum of the per-axis standard deviations, mean) of the length-w windows of x (N, 3)."""
    mean = _moving_average_valid(x, w)
    m = mean.shape[0]
    sq = np.zeros_like(mean)
    d = np.empty_like(mean)  # one scratch array for the deviations and their squares
    for k in range(w):
        np.subtract(x[k : k + m], mean, out=d)
        np.multiply(d, d, out=d)
        sq += d
    # (the three columns added in np.sum's order, the same bits: numpy sums an (N, 3) array's rows
    # an order of magnitude slower)
    return np.sqrt((sq[:, 0] + sq[:, 1] + sq[:, 2]) / w), mean


class StillnessDetector:
    """Computes window features (streaming) and classifies them against the current references.

    ``lag`` is how many grid points a window's decision trails the first still point it covers.
    """

    def __init__(self, dt: float, settings: StillnessSettings | None = None) -> None:
        self.s = settings or StillnessSettings()
        self.dt = dt
        self.w = max(2, int(round(self.s.window_s / dt)))
        self.m1, self.m2 = (max(1, int(round(x / dt))) for x in self.s.smooth_s)
        self.span = self.w + self.m1 + self.m2 - 2  # raw points behind one feature
        self.override_n = max(1, int(round(self.s.override_s / dt)))
        self.w_fast = max(2, int(round(self.s.fast_window_s / dt)))
        self.lag_fast = self.w_fast - 1
        self.lag = self.w - 1 + (self.m1 - 1) // 2 + (self.m2 - 1) // 2
        self._tail_acc = np.zeros((0, 3))
        self._tail_gyro = np.zeros((0, 3))
        #: |g| of recent sets of rests, by their bytes (see _ref_norms)
        self._norms_by_refs: dict[tuple[str, tuple[int, ...], bytes], np.ndarray] = {}
        self._ar = np.arange(0)  # see _arange
        self.turn_lag = max(1, int(round(self.s.offset_check_s / dt)))
        self._mean_tail = np.full((self.turn_lag, 3), np.nan)  # the acc_mean of the points before

    def features(self, acc: np.ndarray, gyro: np.ndarray, gap_s: np.ndarray) -> WindowFeatures:
        """Features of the trailing windows ending at each new grid point (acc g, gyro deg/s)."""
        n = acc.shape[0]
        a = np.vstack([self._tail_acc, acc])
        g = np.vstack([self._tail_gyro, gyro])
        keep = self.span - 1
        self._tail_acc, self._tail_gyro = a[-keep:].copy(), g[-keep:].copy()
        self._raw_tail = (a[-(n + self.w_fast - 1) :], g[-(n + self.w_fast - 1) :])
        if len(a) < self.span:
            inf = np.full(n, np.inf)
            nan3 = np.full((n, 3), np.nan)
            return self._derive(inf, inf, nan3, nan3, gap_s)
        a = _moving_average_valid(_moving_average_valid(a, self.m1), self.m2)
        g = _moving_average_valid(_moving_average_valid(g, self.m1), self.m2)
        ad, am = _window_stats(a, self.w)
        gd, gm = _window_stats(g, self.w)

        # the short-window statistics are computed only when asked for (see fast_features)
        return self._derive(_last_rows(ad, n, np.inf), _last_rows(gd, n, np.inf), _last_rows(am, n, np.nan), _last_rows(gm, n, np.nan), gap_s)

    def _derive(self, acc_dev: np.ndarray, gyro_dev: np.ndarray, acc_mean: np.ndarray, gyro_mean: np.ndarray, gap_s: np.ndarray) -> WindowFeatures:
        s = self.s
        ok_gap = np.asarray(gap_s) <= s.max_gap_s
        hist = np.concatenate((self._mean_tail, acc_mean))
        self._mean_tail = hist[-self.turn_lag :]
        with np.errstate(invalid="ignore"):
            return WindowFeatures(
                acc_dev, gyro_dev, acc_mean, _norm_rows(acc_mean), gyro_mean, ok_gap,
                quiet=(acc_dev < s.acc_enter_g) & (gyro_dev < s.gyro_enter_dps) & ok_gap,
                leave=(acc_dev > s.acc_exit_g) | (gyro_dev > s.gyro_exit_dps),
                acc_mean_before=hist[: acc_mean.shape[0]],
            )

    def fast_features(self, f: WindowFeatures) -> WindowFeatures:
        """``f`` (the block just returned by :meth:`features`) with the short-window statistics."""
        if f.fast_quiet is not None:
            return f
        n = len(f)
        a, g = self._raw_tail
        if len(a) < self.w_fast:
            return replace(f, fast_quiet=np.zeros(n, bool), fast_acc_mag=np.full(n, np.nan))
        fad, fam = _window_stats(a, self.w_fast)
        fgd, _ = _window_stats(g, self.w_fast)
        s = self.s
        quiet = (_last_rows(fad, n, np.inf) < s.fast_acc_enter_g) & (_last_rows(fgd, n, np.inf) < s.fast_gyro_enter_dps)
        return replace(f, fast_quiet=quiet & f.ok_gap, fast_acc_mag=_norm_rows(_last_rows(fam, n, np.nan)))

    def magnitude_error(
        self, acc_mean: np.ndarray, ref_gravity: np.ndarray, mag: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """How far mean specific forces (N, 3), g, are from a rest's gravity magnitude.

        The reference is the rest in ``ref_gravity`` (M, 3) closest in direction. Returns
        (|magnitude error| g, tolerance g, chord 2 sin(angle/2) to that rest, its magnitude g):
        the tolerance grows with the angle, since an accelerometer offset reads differently from
        another orientation.
        """
        with np.errstate(invalid="ignore"):
            return self._magnitude_error(acc_mean, ref_gravity, mag)

    def _ref_norms(self, refs: np.ndarray) -> np.ndarray:
        """|g| of the rests refs (M, 3), g: kept while the rests are the same (they change a few
        times a minute; decide and magnitude_error_one run far more often, with two sets in turn:
        the trusted rests, and those with the open rest's own gravity first)."""
        key = (refs.dtype.str, refs.strides, refs.tobytes())
        norms = self._norms_by_refs.get(key)
        if norms is None:
            if len(self._norms_by_refs) >= 4:
                self._norms_by_refs.clear()
            norms = self._norms_by_refs[key] = _norm_rows(refs)
        return norms

    def _magnitude_error(
        self, acc_mean: np.ndarray, ref_gravity: np.ndarray, mag: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """:meth:`magnitude_error` for a caller that has set the error state (decide has)."""
        mag = _norm_rows(acc_mean) if mag is None else mag
        refs = ref_gravity if ref_gravity.ndim == 2 else np.atleast_2d(ref_gravity)
        ref_mags = self._ref_norms(refs)
        cos = acc_mean @ refs.T
        # the same operations as cos / max(|a| |g|, 1e-12), with fewer temporary arrays
        denom = mag[:, None] * ref_mags[None, :]
        np.maximum(denom, 1e-12, out=denom)
        np.divide(cos, denom, out=cos)
        # a window with no data yet (NaN mean) counts as aligned: its error is NaN anyway
        cos[np.isnan(cos)] = 1.0
        m = refs.shape[0]
        if m == 1:
            best = np.zeros(len(cos), np.intp)
            c = cos[:, 0]
        else:
            best = cos.argmax(axis=1)
            # the largest cosine read at its index in the flat array (faster than max(axis=1) or
            # indexing with two arrays)
            c = cos.reshape(-1).take(best + self._arange(len(cos)) * m)
        # sqrt(max(2 - 2 min(c, 1), 0)): 2 - 2 min(c, 1) is 0 or more as it is (2 min(c, 1) <= 2 exactly)
        chord = np.sqrt(2.0 - 2.0 * np.minimum(c, 1.0))
        best_mag = ref_mags.take(best)
        return np.abs(mag - best_mag), self._tolerance_g(chord), chord, best_mag

    def _tolerance_g(self, chord: float | np.ndarray) -> float | np.ndarray:
        """Magnitude tolerance, g, at a chord (float or array) from the closest rest: an
        accelerometer offset reads differently from another orientation."""
        return self.s.mag_tol_g + self.s.offset_allowance_g * chord

    def magnitude_error_one(self, g: np.ndarray, refs: np.ndarray) -> tuple[float, float, float, float]:
        """:meth:`magnitude_error` for one mean specific force g (3,), g, against the rests
        ``refs`` (M, 3), g, as floats: (|magnitude error| g, tolerance g, chord to the closest
        rest, its magnitude g).

        The same operations in the same order, so the same bits; for one vector the arithmetic
        after the dot products is cheaper in Python than numpy's per-call overhead (called per rest).
        """
        g1 = g[None, :]
        mag = math.sqrt(np.einsum("ij,ij->i", g1, g1)[0])
        ref_mags = self._ref_norms(refs).tolist()  # (_norm_rows(refs), kept)
        best, c = 0, -math.inf
        for i, (dot, ref_mag) in enumerate(zip((g1 @ refs.T)[0].tolist(), ref_mags)):
            cos = dot / max(mag * ref_mag, 1e-12)
            if cos != cos:
                cos = 1.0  # NaN (no data) counts as aligned, as there
            if cos > c:  # the first of equal cosines, as argmax takes
                best, c = i, cos
        chord = math.sqrt(max(2.0 - 2.0 * min(c, 1.0), 0.0))
        best_mag = ref_mags[best]
        return abs(mag - best_mag), self._tolerance_g(chord), chord, best_mag

    def _arange(self, n: int) -> np.ndarray:
        """np.arange(n) as a read-only view of one kept array (decide runs thousands of times an
        hour; one array, grown when needed, keeps memory flat however the lengths vary)."""
        if n > self._ar.shape[0]:
            self._ar = np.arange(max(n, 2 * self._ar.shape[0]))
            self._ar.flags.writeable = False
        return self._ar[:n]

    def latest_acc_mean(self) -> np.ndarray | None:
        """The mean specific force (3,) g, sensor frame, of the latest window; None before the
        first full window."""
        m = self._mean_tail[-1]
        return m.copy() if np.isfinite(m).all() else None

    def _offset_changed(
        self, f: WindowFeatures, rel: np.ndarray, rate: np.ndarray, quiet_run: np.ndarray, turning: np.ndarray
    ) -> np.ndarray | None:
        """Which ``turning`` points (quiet, their rate ``rate`` deg/s against the known offset at
        or above ``rate_enter_dps``; ``rel`` (N, 3) that rate's vector) the accelerometer shows
        have not turned: quiet for ``offset_check_s`` at least, the mean specific force's direction
        turned by less than ``offset_check_frac`` of what the rate across gravity would have turned
        it over that time, and the part along gravity (which no accelerometer sees) below
        ``rate_enter_dps`` as at any rest. None where there is none."""
        s = self.s
        if f.acc_mean_before is None:
            return None
        along = np.einsum("ij,ij->i", rel, f.acc_mean) / f.acc_mag
        across = np.sqrt(np.maximum(rate * rate - along * along, 0.0))
        before = f.acc_mean_before
        cos = np.einsum("ij,ij->i", f.acc_mean, before) / (f.acc_mag * _norm_rows(before))
        turned_deg = np.degrees(np.arccos(np.minimum(cos, 1.0)))
        unseen = (turning & (quiet_run >= self.turn_lag) & (np.abs(along) < s.rate_enter_dps)
                  & (turned_deg < s.offset_check_frac * across * (self.turn_lag * self.dt)))
        return unseen if unseen.any() else None

    def decide(
        self,
        f: WindowFeatures,
        ref_gravity: np.ndarray | None,
        gyro_offset: np.ndarray | None,
        quiet_before: int = 0,
        allow_fast: bool = False,
        off_before: int = 0,
        free_before: int = 0,
    ) -> "Decisions":
        """The state-independent part of classification: which points decide, and how.

        ref_gravity: (M, 3) mean specific force (g, sensor frame) at recent rests, or None; the one
        closest in direction is the reference (an accelerometer offset makes the magnitude depend
        on orientation). gyro_offset: gyroscope offset (deg/s) or None. quiet_before: how many
        points before these were *quiet* (low deviations only).

        Returns :class:`Decisions`: quiet_run[i] counts consecutive quiet points ending at i;
        fast[i] marks an entry by the short unfiltered window (``allow_fast``: a bar that was
        set down; the filtered window takes a further quarter second to agree). A
        quiet run of ``override_s`` is still whatever the magnitude and rate say (a reference may
        be wrong), but not the part of it that they call motion while a steady acceleration or
        turn of what they read could go on (``steady_travel_m`` of travel, ``steady_turn_deg``
        of turn): a trunk turning slowly into its set-up is no rest, and calibrating the
        gyroscope offset there would spoil its posture for the reps after. off_before,
        free_before: the off_run and free_run of the point before these.
        """
        s = self.s
        n = f.acc_dev.shape[0]
        if n == 0:
            no = np.zeros(0, bool)
            z = np.zeros(0, np.int64)
            return Decisions(no, z, z, no, no, z, z)
        ok_gap, quiet = f.ok_gap, f.quiet
        ar = self._arange(n)
        quiet_run = trailing_runs(quiet, quiet_before, ar)
        # how long (s) a quiet point's references may call it motion: a steady acceleration or
        # turn shows no deviation, but cannot go on for long (None: the references call every
        # point still; np.count_nonzero is the cheapest "any" on a few hundred points)
        refuted = None
        with np.errstate(invalid="ignore", divide="ignore"):
            if ref_gravity is not None:
                err, tol, chord, best_mag = self._magnitude_error(f.acc_mean, ref_gravity, f.acc_mag)
                # seen from a known orientation, a wrong magnitude is acceleration, not an
                # accelerometer offset, while such an acceleration could have moved the sensor
                # less than steady_travel_m
                off = quiet & (chord < s.override_min_chord) & (err > tol)
                if np.count_nonzero(off):
                    refuted = np.zeros(n)
                    np.copyto(refuted, np.sqrt(2.0 * s.steady_travel_m / (err * STANDARD_GRAVITY)), where=off)
            else:
                tol = s.max_gravity_error_g
                err = np.abs(f.acc_mag - 1.0)
            enter = quiet & (err < tol)
            soft_leave = err > s.mag_exit_factor * tol
            if gyro_offset is not None:
                rel = f.gyro_mean - gyro_offset
                rate = _norm_rows(rel)
                # turning against the known offset is turning, not a changed offset, while such a
                # turn stays under steady_turn_deg (a trunk settling into the set-up, bending down)
                turning = quiet & (rate >= s.rate_enter_dps)
                rate_still = rate < s.rate_enter_dps
                rate_leaves = rate > s.rate_exit_dps
                if np.count_nonzero(turning):
                    unseen = self._offset_changed(f, rel, rate, quiet_run, turning)
                    if unseen is not None:  # (the offset changed there: not turning)
                        rate_still |= unseen
                        _and_not(rate_leaves, unseen, out=rate_leaves)
                        _and_not(turning, unseen, out=turning)
                    if np.count_nonzero(turning):
                        if refuted is None:
                            refuted = np.zeros(n)
                        np.maximum(refuted, np.where(turning, s.steady_turn_deg / rate, 0.0), out=refuted)
                enter &= rate_still
                soft_leave |= rate_leaves
            off = None if refuted is None else refuted > 0.0
            if off is not None and np.count_nonzero(off):
                # (off_before, free_before: the runs just before these)
                off_run = trailing_runs(off, off_before, ar)
                moving = off & (off_run * self.dt < refuted)
                free_run = trailing_runs(quiet & ~moving, free_before, ar)
                # called motion for longer than such a motion lasts, the reference is wrong: the
                # whole quiet stretch was still
                np.copyto(free_run, quiet_run, where=off & ~moving)
            else:
                off_run = np.zeros(n, np.int64)
                free_run = trailing_runs(quiet, free_before, ar)
            override = free_run >= self.override_n
            by_override = _and_not(override, enter)
            enter |= override
            leave = f.leave | _and_not(soft_leave, override)
            _and_not(enter, leave, out=enter)
            if allow_fast and ref_gravity is not None:
                fq = f.fast_quiet & (np.abs(f.fast_acc_mag - best_mag) < tol)
                fast = _and_not(fq, enter)
                enter |= fq
                _and_not(leave, fq, out=leave)
            else:
                fast = np.zeros(n, bool)
        decisive = (enter | leave) & ok_gap
        last = np.maximum.accumulate(np.where(decisive, ar, -1))
        return Decisions(enter, last, quiet_run, fast, by_override, off_run, free_run)
