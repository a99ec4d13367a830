"""Reps of a bar sensor's continuous set found from the pulls alone, without a rest to anchor on.

The streaming analyzer integrates the bar from rest to rest: a rest gives gravity, the
gyroscope's offset and a velocity of zero. A lifter who picks the bar up before the set, lowers
it slowly (2-3 s) and pulls it fast touch-and-go, never setting it down until the set ends,
gives it no rest at all: the integration runs for the whole set, with a gyroscope offset it has
never measured, and a quiet stretch of the slow lowering can pass for a rest. Public recordings
of a barbell sensor doing just that counted 0-5 of their 10 reps.

This module finds such a set's reps from what every pull shows whatever the sensor's mounting
and offsets: the specific force's magnitude (no orientation, so no gyroscope; the bar's
horizontal acceleration adds only its square over 2 g, under 0.02 g) rises well above 1 g
while the bar speeds up off the floor and falls well below it as the bar slows to the lockout.
Impacts (plates on the floor, the bar knocked at the top) ring at 15-40 Hz with swings beyond
1 g, which the magnitude folds over; a running median removes them first. A slow pull may let
gravity slow it to its lockout (0.05-0.1 g over up to a second): it still loses the speed a pull
has; at a slow tempo (a pull of 1.5-2 s peaking early, as one lifter's Romanian deadlifts in
the public recordings) only 0.03-0.05 g, over up to 2 s. A rise of the magnitude just after a
pull's slowing is the bar caught at the top (a lifter who jerks it up and lets it float), not a
pull.

Pulls at most a cycle apart (6 s; up to 8 s where the run keeps that slow a rhythm) form a
run, a continuous set. Between two lockouts of a run the bar is at the same height, and just
past each lockout it moves at the same speed: the mean vertical acceleration over the cycle is
the magnitude's offset (sensor scale, gravity), and the speed at its start is what brings the
bar back to the same height at its end. Each pull is
integrated back from its lockout to where the bar was lowest (touch-and-go) or left the floor:
its lift-off, rise and speeds. A pull counts as a rep only when it looks like one: a deadlift's
rise and duration, the bar lowered most of the way since the last lockout and not dropped, no
no long gap in the data in the pull; and a run counts only with 3 reps or more (live, two
are reported early where the rest of the analysis saw no pause hold in them and the third pull
has left the floor: StreamingAnalyzer._report_pulls). A pull
interpolated across a shorter gap (a link at 12-30 readings/s) counts, its rise and speeds not
known.

:class:`StretchBuffer` keeps the magnitudes of the grid since a quiet rest of 2 s or more (the
bar set down after a set); the streaming analyzer looks for the reps of a stretch when the
next such rest or the data's end closes it, and reports those its own reps missed (live, also
in the stretch's last ``live_window_s`` as the set goes: StreamingAnalyzer._look_for_pulls).

Pure numpy on a uniform grid; no I/O. Units: g in, m, s and m/s out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .kinematics import cumulative_trapezoid0

G = 9.80665  # m/s^2 per g


@dataclass(frozen=True)
class PullCycleSettings:
    """Limits of the pull-cycle finder (units in the names)."""

    #: impacts are removed by a running median this long, s ...
    impact_s: float = 0.07
    #: ... after a reading next to empty bins that stands this far off those either side of it
    #: (g) has been set to their median (a pull changes the magnitude by a few tenths of a g
    #: from one reading to the next at 12 readings a second; an impact by several g)
    lone_spike_g: float = 0.5
    #: the smoothing of the magnitude (moving mean), s
    smooth_s: float = 0.1
    #: a pull: the magnitude's excess (smoothed) reaches this above 1 g, then this below it ...
    pull_min_mps2: float = 1.2
    #: ... within this after the speeding up peaked, s
    pull_max_s: float = 1.2
    #: ... or, a slow pull, down to this at least, losing this much speed there, m/s
    slow_pull_min_mps2: float = 0.5
    slow_pull_min_dv_mps: float = 0.25
    #: ... or, a gentle one (a slow tempo: the pull peaks early and gravity slows the bar over
    #: a second or more, 0.03-0.05 g below 1 g), within this after the peak, down to this at
    #: least (m/s^2), losing this much speed there (m/s)
    gentle_pull_max_s: float = 2.0
    gentle_pull_min_mps2: float = 0.3
    gentle_pull_min_dv_mps: float = 0.15
    #: ... whose slowing has faded (the mark after its lockout) where it is down to this part of
    #: its strongest
    gentle_fade_frac: float = 0.5
    #: a pull the finder missed where a run's rhythm puts one (a cycle twice the run's) speeds
    #: the bar up this much at least, m/s^2 (:func:`_fill_rhythm_gaps`)
    weak_pull_min_mps2: float = 0.6
    #: a rise of the magnitude this soon after a pull's slowing is the bar caught at the top (a
    #: lifter who jerks the bar up and lets it float: 0.1-0.2 g at the lockout, then 1.2-1.5 g),
    #: or knocked: not the next pull, which comes after the lowering, s
    catch_s: float = 0.5
    #: the mark after a lockout: where the slowing has faded to this, m/s^2 ...
    lockout_fade_mps2: float = 0.3
    #: ... at most this long after its strongest point, s
    lockout_max_s: float = 0.6
    #: a cycle (mark to mark) of a continuous set lasts at most this, s (longer: another run) ...
    max_cycle_s: float = 6.0
    #: ... or, in a set at a slow tempo, at most this where the cycle before it in the run (the
    #: one after it, for a run's first) lasted as long to within this factor either way (a
    #: lifter keeps the set's rhythm; a pull-like jolt of the between-set activity a few
    #: seconds from a set's first or last pull does not), s
    slow_max_cycle_s: float = 8.0
    rhythm_ratio: float = 1.3
    #: a cycle's mean vertical acceleration (the magnitude's offset) is at most this, m/s^2, and
    #: the bar's speed at the mark at most this, m/s
    max_offset_mps2: float = 0.8
    max_mark_speed_mps: float = 1.0
    #: a pull is integrated back from the speed at its mark its cycle gives, or, where that is
    #: more than this off the median of its run's, from the median: the lifter lowers each rep
    #: of a set alike, and one cycle's estimate is good to about this (its offset off by
    #: 0.1 m/s^2 over 3 s; a gap or an impact in it throws it further), m/s
    mark_speed_tol_mps: float = 0.2
    #: how far back from the lockout a pull is followed at most, s
    max_concentric_s: float = 4.0
    #: the lift-off: going back from the lockout, where the velocity came down to this, m/s
    liftoff_speed_mps: float = 0.05
    #: where a run's last lowering ended (:func:`_next_stop`): a speeding up within catch_s of
    #: its lockout's mark, the bar down less than this part of its rise, is the bar caught at the
    #: top; one with the bar still going down this fast (m/s), the lowering braked before the
    #: floor
    catch_max_drop_frac: float = 0.05
    braking_mps: float = 0.25
    #: a lowering: the bar going down this fast at least after its lockout, m/s, and down this
    #: part of its pull's rise at least before the next pull (live: the run's last pull, whose
    #: end the next pull's lift-off does not give yet)
    lowered_mps: float = 0.1
    min_lowered_frac: float = 0.2
    #: ... or set down there: an impact this strong (m/s^2, before the running median), the
    #: magnitude still after it for this long (s, within stretch_rest_quiet_g either way), the
    #: bar down at least this part of its rise (a knock on the shins mid-lowering is no landing,
    #: and a steady lowering after it looks still too)
    landing_impact_mps2: float = 3.0
    landing_quiet_s: float = 0.15
    min_landed_frac: float = 0.6
    #: a deadlift's rise (m), time to lockout (s) and top speed (m/s)
    min_rom_m: float = 0.2
    max_rom_m: float = 1.0
    min_concentric_s: float = 0.4
    min_peak_mps: float = 0.3
    #: between two lockouts the bar came down this part of the next pull's rise (to the floor)
    min_return_frac: float = 0.4
    max_return_frac: float = 2.0
    #: before a pull the bar never fell this close to free fall (smoothed), g: a dropped bar did
    drop_g: float = 0.6
    #: fewer reps than this in a run: none (one or two pull-like jolts are no set)
    min_reps: int = 3
    #: a pull with a point interpolated across a gap in the data longer than this is not used,
    #: s; across one longer than the second, its rise and speeds are not known
    max_gap_s: float = 0.7
    known_gap_s: float = 0.3
    #: a rest at least this long ends a stretch, s, if the magnitude stayed in a band twice this
    #: wide over it, g (a bar on the floor; not one held in the hands, nor lowered slowly: either
    #: may look still to the stillness detector) ...
    stretch_rest_s: float = 2.0
    #: ... where it began with the bar set down: an impact (landing_impact_mps2) from this long
    #: before its start to this long after, s; else it must last stretch_rest_unlanded_s (a set
    #: at a slow tempo holds the bar still at the top for 1-2 s and lowers it over 2.5-3.5 s,
    #: which looks as still and cut such sets into runs too short to count. 4 s for every rest,
    #: measured in the twenty-first session of 2026-12-07, joined a pull-like jolt of the set-up
    #: to a set whose bar lay on the floor 2.5-3 s before its first pull: own 30099)
    stretch_landing_before_s: float = 0.5
    stretch_landing_after_s: float = 0.2
    stretch_rest_unlanded_s: float = 4.0
    stretch_rest_quiet_g: float = 0.03
    #: a stretch keeps at most this much of its data (its start is dropped beyond), s
    max_stretch_s: float = 900.0
    #: a rep found from its pull is one reported otherwise if their concentrics come within this
    #: of overlapping, s ...
    overlap_tol_s: float = 0.2
    #: ... and a rep's hold covers the time between two pulls of it to within this, s
    hold_tol_s: float = 0.3
    #: live: a swing of the magnitude this large (g, from a high to a low within pull_max_s) may
    #: be a pull's slowing to its lockout ...
    live_swing_g: float = 0.2
    #: ... whose reps are looked for this long after the low (its lockout and the mark after it
    #: have come), s, in the last live_window_s of the stretch
    live_wait_s: float = 0.8
    #: live: a rise of the magnitude as large (from a low to a high within pull_max_s) to 1 g
    #: and half as much again may be a lowering ended (the next pull's speeding up, the bar set
    #: down), which ends the rep before it: the reps are looked for from this long after the
    #: rise on each block, until that end is seen or for this long, s
    live_turn_wait_s: float = 0.0
    live_turn_watch_s: float = 0.5
    live_window_s: float = 30.0
    #: live: reps are reported from the pulls where the rest of the analysis missed this many
    #: of those found or more (a set the bar never rests in); one alone, or the two pulls of a
    #: run one pull short (the third leaving the floor), only where no pause hold the rest of the
    #: analysis saw lies in them, from their start (less this, s) to their end
    live_min_missed: int = 2
    live_hold_tol_s: float = 0.3
    #: live: one missed alone is reported this long after its end at the earliest (the rest of
    #: the analysis most often reports a rep within it, with its own times), s; one alone or two
    #: as a run one short, this long after it at the latest (later, when the whole set's pulls
    #: confirm them), s
    live_lone_wait_s: float = 0.2
    live_alone_max_s: float = 2.0
    #: ... and only where its lowering lasted within this factor of the others' (the median of
    #: the run's others; of a pair's first), either way
    live_eccentric_ratio: float = 1.5
    #: live: the magnitude's level at a rest on the floor (:func:`first_pull_rep`) is its median
    #: over the rest's last this long, s; a pull found from there alone was lowered for this
    #: long at least, s (a bar dropped from the top is on the floor in 0.3 s)
    first_rest_s: float = 0.5
    first_min_eccentric_s: float = 0.4


@dataclass(frozen=True)
class CycleRep:
    """A rep found from its pull (times in s on the grid's clock, rise in m, speeds in m/s)."""

    start_s: float
    lockout_s: float
    end_s: float
    rom_m: float | None  # (None: the pull was interpolated across a gap in the data)
    mean_concentric_velocity_mps: float | None
    peak_velocity_mps: float | None
    #: whether the data shows the rep's end (its lowering ended: the next pull leaving the floor,
    #: or the bar set down), not only the run's usual lowering after its lockout
    end_seen: bool = True
    #: whether the bar was set down there (no pull followed), or before the next pull left the
    #: floor (a dead stop: the end is taken at that pull all the same)
    set_down: bool = False


def _smooth(x: np.ndarray, n: int) -> np.ndarray:
    """Centred moving mean over n points (n odd; the ends use what there is)."""
    if n <= 1:
        return x.copy()
    c = np.concatenate(([0.0], np.cumsum(x)))
    h = n // 2
    i = np.arange(x.shape[0])
    lo = np.maximum(i - h, 0)
    hi = np.minimum(i + h + 1, x.shape[0])
    return (c[hi] - c[lo]) / (hi - lo)


def _running_median(x: np.ndarray, n: int) -> np.ndarray:
    """Centred running median over n points (n odd; the ends repeat the end values)."""
    h = n // 2
    padded = np.concatenate((np.full(h, x[0]), x, np.full(h, x[-1])))
    return np.partition(sliding_window_view(padded, n), h, axis=1)[:, h]


def _despike_lone_readings(x: np.ndarray, filled: np.ndarray, tol_g: float) -> np.ndarray:
    """Grid magnitudes x (g) with each reading next to empty bins (``filled``: the points
    interpolated across them) that stands more than tol_g (g) off the median of itself and the
    readings either side replaced by that median, and the filled points drawn again. A reading
    next to empty bins is drawn as a line to its neighbours: one reading of an impact, or a
    corrupt one, several g, would become a pulse a few points wide that the running median over
    grid points keeps, and whose area reads as the bar's speed. (Unchanged where no bin is empty.)"""
    if not filled.any():
        return x
    real = (~filled).nonzero()[0]
    if real.shape[0] < 3:
        return x
    xr = x[real]
    med = np.median(np.stack((xr[:-2], xr[1:-1], xr[2:])), axis=0)
    border = np.zeros(x.shape[0], bool)
    border[:-1] |= filled[1:]
    border[1:] |= filled[:-1]
    lone = border[real[1:-1]] & (np.abs(xr[1:-1] - med) > tol_g)
    if not lone.any():
        return x
    xr = xr.copy()
    xr[1:-1][lone] = med[lone]
    return np.interp(np.arange(x.shape[0]), real, xr)


def edge_points(dt: float, s: PullCycleSettings) -> int:
    """How many of the data's last points its smoothing has too few points after to judge."""
    return int(round(s.smooth_s / dt)) // 2 + 1


def _lost_counts(n: int, gap_s: np.ndarray | None, s: PullCycleSettings) -> tuple[np.ndarray, np.ndarray | slice | None]:
    """(running counts (2, n + 1) of the points interpolated across a gap longer than max_gap_s /
    known_gap_s; the points that are data: those not drawn across a gap too long to use, or
    None where there are none). The magnitude's level is taken over the data, not over lines
    drawn across long gaps in it (one of minutes, at whatever the readings either side of it
    held, would be the level)."""
    n_lost = np.zeros((2, n + 1), np.int64)
    data: np.ndarray | slice | None = slice(None)
    if gap_s is not None:
        g = np.asarray(gap_s, dtype=np.float64)
        n_lost[0, 1:] = np.cumsum(g > s.max_gap_s)
        n_lost[1, 1:] = np.cumsum(g > s.known_gap_s)
        if n_lost[0, -1]:
            data = g <= s.max_gap_s
            if not data.any():
                data = None
    return n_lost, data


def _filtered(x: np.ndarray, gap_s: np.ndarray | None, dt: float, s: PullCycleSettings) -> tuple[np.ndarray, np.ndarray]:
    """The magnitudes x (g) with the impacts' ringing removed, and before that (impacts kept; lone
    readings next to empty bins despiked: :func:`_despike_lone_readings`)."""
    # an impact rings at 15-40 Hz, several g: the magnitude folds its swings below -1 g over,
    # which no longer averages out; a running median over a few of its periods removes it
    if gap_s is not None:
        x = _despike_lone_readings(x, np.asarray(gap_s, dtype=np.float64) > 0.0, s.lone_spike_g)
    raw = x
    w = max(1, int(round(s.impact_s / dt))) | 1
    if w > 1:
        x = _running_median(x, w)
    return x, raw


def _faded_at(a_s: np.ndarray, q: int, fade: int, s: PullCycleSettings, dt: float) -> int | None:
    """The mark just after a pull's lockout: the first point from q (its slowing's strongest) on,
    within ``fade`` points, where the smoothed vertical acceleration a_s (m/s^2) has faded to
    -lockout_fade_mps2; None where it has not (in the data). A gentle pull's slowing (shallower
    than slow_pull_min_mps2), which gravity spreads over up to gentle_pull_max_s, has faded
    where it is down to gentle_fade_frac of its strongest, within that long."""
    level = s.lockout_fade_mps2
    if a_s[q] > -s.slow_pull_min_mps2:
        level = s.gentle_fade_frac * -float(a_s[q])
        fade = max(fade, int(round(s.gentle_pull_max_s / dt)))
    up = (a_s[q : q + fade + 1] >= -level).nonzero()[0]
    return q + int(up[0]) if up.size else None


def _pulls(a: np.ndarray, dt: float, s: PullCycleSettings, edge: int = 0) -> list[tuple[int, int]]:
    """(peak, trough) index pairs of the pulls in the smoothed vertical acceleration a (m/s^2):
    a local maximum of pull_min or more, then within pull_max_s a minimum of -pull_min or less
    (not among the last ``edge`` points: live, the slowing may go on past them)."""
    n = a.shape[0]
    if n < 3:
        return []
    is_max = np.zeros(n, bool)
    is_max[1:-1] = (a[1:-1] >= a[:-2]) & (a[1:-1] > a[2:]) & (a[1:-1] >= s.pull_min_mps2)
    reach = max(1, int(round(s.pull_max_s / dt)))
    catch = int(round(s.catch_s / dt))
    out: list[tuple[int, int]] = []
    last_q = -catch - 1
    for p in is_max.nonzero()[0]:
        if p <= last_q + catch:
            continue  # inside the previous pull's slowing, or the bar caught after it
        seg = a[p + 1 : min(n, p + 1 + reach)]
        if seg.size == 0:
            continue
        q = p + 1 + int(np.argmin(seg))
        if edge and q >= n - edge:
            continue  # (its slowing may go on past the data: not over yet, live)
        if a[q] > -s.pull_min_mps2:
            # a slow pull's lockout: the bar slows gently (gravity does most of it), spread over
            # up to a second, and loses the speed a pull has (min_peak_mps) all the same
            lost = -float(np.add.reduce(np.minimum(seg, 0.0))) * dt
            if not (a[q] <= -s.slow_pull_min_mps2 and lost >= s.slow_pull_min_dv_mps):
                gentle = _gentle_slowing(a, p, n, dt, s)
                if gentle is None or (edge and gentle >= n - edge):
                    continue
                q = gentle
        if out and q == out[-1][1]:
            continue
        out.append((int(p), q))
        last_q = q
    return out


def _gentle_slowing(a: np.ndarray, p: int, n: int, dt: float, s: PullCycleSettings) -> int | None:
    """Where a gentle pull peaking at point p of the smoothed vertical acceleration a (m/s^2)
    slowed most, within gentle_pull_max_s of the peak, where it slowed as much as a pull does
    (PullCycleSettings.gentle_pull_min_mps2, gentle_pull_min_dv_mps); else None."""
    seg = a[p + 1 : min(n, p + 1 + max(1, int(round(s.gentle_pull_max_s / dt))))]
    if seg.size == 0:
        return None
    q = p + 1 + int(np.argmin(seg))
    lost = -float(np.add.reduce(np.minimum(seg, 0.0))) * dt
    return q if a[q] <= -s.gentle_pull_min_mps2 and lost >= s.gentle_pull_min_dv_mps else None


def _in_rhythm(marks: list[int], k: int, in_run: int, dt: float, s: PullCycleSettings) -> bool:
    """Whether the pull with mark k joins the run of ``in_run`` pulls before it: its cycle
    (from the mark before, grid points ``marks``) lasts max_cycle_s at most, or, at a slow
    tempo, slow_max_cycle_s at most and as long as the run's cycle before it (the next one's,
    where the run has only one pull yet) to within rhythm_ratio."""
    c = (marks[k] - marks[k - 1]) * dt
    if c <= s.max_cycle_s:
        return True
    if c > s.slow_max_cycle_s:
        return False
    j = k - 1 if in_run >= 2 else k + 1
    if j >= len(marks):
        return False
    return _within_ratio((marks[j] - marks[j - 1]) * dt, c, s.rhythm_ratio)


def _within_ratio(x: float, y: float, ratio: float) -> bool:
    """Whether x lies within ``ratio`` of y either way (y / ratio <= x <= y * ratio)."""
    return y / ratio <= x <= y * ratio


def _fill_rhythm_gaps(
    a_s: np.ndarray, pulls: list[tuple[int, int]], marks: list[int], fade: int, edge: int, dt: float, s: PullCycleSettings
) -> tuple[list[tuple[int, int]], list[int]]:
    """The pulls and their marks with the ones the finder missed in a run's rhythm: where two
    pulls' cycle lasts twice each cycle next to it (to within rhythm_ratio; a lifter keeps a
    set's rhythm), a weaker pull (its speeding up weak_pull_min_mps2 or more, then slowed as a
    gentle pull is at least) where that rhythm puts one, within a quarter of the cycle, that
    splits it into two cycles of the rhythm (each within rhythm_ratio of it)."""
    n = a_s.shape[0]
    if len(marks) < 3:
        return pulls, marks
    lead = int(np.median([m - p for (p, _), m in zip(pulls, marks)]))  # (a pull's peak before its mark)
    out_p, out_m = [pulls[0]], [marks[0]]
    for k in range(1, len(marks)):
        c = marks[k] - marks[k - 1]
        refs = [marks[j] - marks[j - 1] for j in (k - 1, k + 1) if 1 <= j < len(marks)]
        if refs and all(r * dt <= s.slow_max_cycle_s and _within_ratio(c, 2 * r, s.rhythm_ratio) for r in refs):
            ref = int(round(np.mean(refs)))
            half = max(1, ref // 4)
            centre = marks[k - 1] + ref - lead
            lo, hi = max(marks[k - 1] + 1, centre - half), min(marks[k] - lead, centre + half)
            if hi > lo:
                p = lo + int(np.argmax(a_s[lo:hi]))
                q = _gentle_slowing(a_s, p, n, dt, s) if a_s[p] >= s.weak_pull_min_mps2 else None
                mark = None if q is None or (edge and q >= n - edge) else _faded_at(a_s, q, fade, s, dt)
                if mark is not None and all(_within_ratio(x, ref, s.rhythm_ratio) for x in (mark - marks[k - 1], marks[k] - mark)):
                    out_p.append((p, q))  # type: ignore[arg-type]
                    out_m.append(mark)
        out_p.append(pulls[k])
        out_m.append(marks[k])
    return out_p, out_m


def find_pull_cycles(
    t0: float, dt: float, norm_g: np.ndarray, gap_s: np.ndarray | None = None, settings: PullCycleSettings | None = None,
    complete: bool = True,
) -> list[CycleRep]:
    """The reps of a stretch of a bar sensor's data from its pulls.

    t0: time of the first point (s); dt: the grid's step (s); norm_g: the specific force's
    magnitude (g) at each point; gap_s: the length of the gap in the data each point was
    interpolated across (s; 0 for a real one); complete: whether the data ends there (a
    stretch closed by a rest or the data's end), else (live, a stretch going on) a pull whose
    slowing reaches the data's end is not over yet and not counted. Returns the reps
    in time order (none where fewer than ``min_reps`` look like reps); the last one ends at the
    stretch's end."""
    s = settings or PullCycleSettings()
    x = np.asarray(norm_g, dtype=np.float64)
    n = x.shape[0]
    if n < 4:
        return []
    n_lost, data = _lost_counts(n, gap_s, s)
    if data is None:
        return []
    # (most stretches hold no set of pulls at all: a stretch with fewer rises of the raw magnitude
    # well clear of its median than a run needs pulls has none, whatever the filters below do)
    clear = x > np.median(x[data]) + 0.5 * s.pull_min_mps2 / G
    if int(clear[0]) + np.count_nonzero(clear[1:] & ~clear[:-1]) < s.min_reps:
        return []
    x, raw = _filtered(x, gap_s, dt, s)
    level = np.median(x[data])
    a = (x - level) * G
    a_raw = (raw - level) * G  # (impacts kept: a landing's)
    a_s = _smooth(a, max(1, int(round(s.smooth_s / dt)) | 1))
    edge = 0 if complete else edge_points(dt, s)
    pulls = _pulls(a_s, dt, s, edge)
    if not pulls:
        return []
    fade = max(1, int(round(s.lockout_max_s / dt)))
    # a point at the same phase of every pull, just after its lockout: where the slowing faded
    marks = []
    for p, q in pulls:
        mark = _faded_at(a_s, q, fade, s, dt)
        if edge and mark is None and (n - 1 - q) * dt < s.catch_s:
            # (live: its slowing has not faded by the data's end, which comes less than catch_s
            # after its strongest point: the pull is not over yet)
            pulls = pulls[: len(marks)]
            break
        marks.append(mark if mark is not None else min(n - 1, q + fade))
    pulls, marks = _fill_rhythm_gaps(a_s, pulls, marks, fade, edge, dt, s)
    # the pulls in runs a cycle apart at most (max_cycle_s; at a slow tempo, in the run's
    # rhythm, slow_max_cycle_s): a continuous set each, judged on its own
    out: list[CycleRep] = []
    run = [0]
    for k in range(1, len(pulls) + 1):
        if k < len(pulls) and _in_rhythm(marks, k, len(run), dt, s):
            run.append(k)
            continue
        if len(run) >= s.min_reps:
            out += _run_reps(t0, dt, a, a_s, a_raw, [pulls[i] for i in run], [marks[i] for i in run], n_lost, s)
        run = [k]
    return out


def first_pull_rep(
    t0: float, dt: float, norm_g: np.ndarray, level_g: float, gap_s: np.ndarray | None = None, settings: PullCycleSettings | None = None,
) -> CycleRep | None:
    """(live) The first rep of a run, found from its pull alone before the run has the two
    lockouts :func:`find_pull_cycles` needs, in the data from where a rest on the floor ended
    (the magnitude ``level_g`` there, g) up to now: its first pull, speeding up at most
    max_concentric_s after the rest, lowered again as a run's last pull must be and ended by
    the next pull leaving the floor (:func:`_lowering_stop`), not set down; no gap too long to
    know by in the data up to there. None where the data does not show that.

    The rest gives what a cycle gives the pulls of a run: the magnitude's level (gravity and the
    sensor's scale along it) and the bar's speed (zero) where it ended. The level's offset is
    what brings the bar back to the floor's height where the next pull speeds it up; the pull,
    integrated forward from the rest, must look like a pull as there (a deadlift's rise,
    duration and speed) and slow down while the bar still rises; after its lockout the bar went
    down for first_min_eccentric_s at least, at a lowering's speed (lowered_mps, the offset's
    drift taken off) and not up again as fast as a pull goes (a paused rep's pull to its hold,
    then the one from it). Times in s on the grid's clock (t0: the first point's, dt: the
    step)."""
    s = settings or PullCycleSettings()
    x = np.asarray(norm_g, dtype=np.float64)
    n = x.shape[0]
    if n < 4:
        return None
    n_lost, _ = _lost_counts(n, gap_s, s)
    x, raw = _filtered(x, gap_s, dt, s)
    a = (x - level_g) * G
    a_s = _smooth(a, max(1, int(round(s.smooth_s / dt))) | 1)
    pulls = _pulls(a_s, dt, s, edge_points(dt, s))
    if not pulls or pulls[0][0] > int(round(s.max_concentric_s / dt)):
        return None
    p, q = pulls[0]
    mark = _faded_at(a_s, q, int(round(s.lockout_max_s / dt)), s, dt)
    if mark is None:
        return None  # (its slowing has not faded yet)
    if n_lost[1, mark + 1]:
        return None  # (a gap in the pull too long to know its rise and speeds by)
    # (the bar stands still at its lockout, just before the mark: integrated from the rest, the
    # speed there would carry the level's error, which a set-up off the floor throws off)
    stop, landed, rested = _lowering_stop(a, a_s, (raw - level_g) * G, mark, 0.0, 0.0, dt, n_lost, s)
    if stop is None or landed or rested:
        return None
    # the bar left the floor and is back on it at the stop: the level's offset is what brings it
    # back to the same height there (one of 0.005 g moves the lockout, where the bar slows
    # gently, by tenths of a second over a slow link)
    off = 2.0 * float(cumulative_trapezoid0(cumulative_trapezoid0(a[: stop + 1], dt), dt)[-1]) / (stop * dt) ** 2
    if abs(off) > s.max_offset_mps2:
        return None
    a = a - off
    v = cumulative_trapezoid0(a[: mark + 1], dt)
    if v[q] <= 0.0:
        return None  # (the "slowing" came with the bar going down: a drop after the lockout)
    b, lk, rise, conc, peak = _pull_shape(v, 0, p, q, mark, dt, s)
    if conc < s.min_concentric_s or not (s.min_rom_m <= rise <= s.max_rom_m and peak >= s.min_peak_mps):
        return None
    if (stop - lk) * dt < s.first_min_eccentric_s:
        return None
    vl = _lowering_velocity(a[lk : stop + 1], float(v[lk]), dt)
    if not s.min_lowered_frac * rise <= _drop_m(vl, dt) <= s.max_return_frac * rise:
        return None
    if float(vl.max()) >= s.min_peak_mps or float(vl.min()) > -s.lowered_mps:
        # (the bar went up again after the "lockout", or never went down at a lowering's speed
        # once the offset's drift is taken off: a pause held on the way up)
        return None
    return CycleRep(t0 + b * dt, t0 + lk * dt, t0 + stop * dt, rise, rise / conc, peak)


def _run_reps(
    t0: float, dt: float, a: np.ndarray, a_s: np.ndarray, a_raw: np.ndarray, pulls: list[tuple[int, int]], marks: list[int],
    n_lost: np.ndarray, s: PullCycleSettings,
) -> list[CycleRep]:
    """The reps of one run of pulls (see find_pull_cycles): a the vertical acceleration (m/s^2,
    offset not removed), a_s smoothed, a_raw before the running median (impacts kept), marks
    the points just after each lockout."""
    n = a.shape[0]
    # each cycle between two marks: the bar is at the same height, going at the same speed, at
    # both (a lockout just passed): the mean acceleration over it is the magnitude's offset,
    # and the velocity at its start is what brings the bar back to the same height at its end
    cycles: list[tuple[float, float, float]] = []  # (offset m/s^2, velocity at the first mark m/s, lowest height m)
    for k in range(1, len(marks)):
        seg = a[marks[k - 1] : marks[k] + 1]
        span = (seg.shape[0] - 1) * dt
        off = float(np.mean(seg))
        v = cumulative_trapezoid0(seg - off, dt)
        v0 = -float(cumulative_trapezoid0(v, dt)[-1]) / span
        cycles.append((off, v0, float(cumulative_trapezoid0(v + v0, dt).min())))
    v_mark = float(np.median([c[1] for c in cycles]))  # (the run's usual speed at the marks)
    back = int(round(s.max_concentric_s / dt))
    pull_lead = int(round(s.pull_max_s / dt))  # (a pull's speeding up: this long before its peak at most)
    found: list[tuple[int, int, float, float, float, np.ndarray, int, bool, int | None, bool]] = []  # (..., the lowering's stop, set down there)
    unjudged: set[int] = set()  # (pulls in found whose rise and speeds a gap in the data hides)
    for k, (p, q) in enumerate(pulls):
        # the pull integrated back from its mark (rep k's cycle is the one ending there; the
        # first borrows the next cycle's offset and its starting velocity)
        if k >= 1:
            off, v_end, low_h = cycles[k - 1][0], cycles[k][1] if k < len(cycles) else cycles[k - 1][1], cycles[k - 1][2]
        else:
            (off, v_end, _), low_h = cycles[0], None  # (what came before is not known)
        if not (abs(off) <= s.max_offset_mps2 and abs(v_end) <= s.max_mark_speed_mps):
            continue
        i0 = max(0, marks[k] - back, marks[k - 1] if k >= 1 else 0)
        lead = max(i0, p - pull_lead)
        if p <= i0 or n_lost[0, marks[k] + 1] != n_lost[0, lead]:
            continue  # (a long gap in the pull itself)
        if float(a_s[i0:p].min()) < -s.drop_g * G:
            continue  # the bar fell (dropped from the top): the "pull" is its bounce
        cum = cumulative_trapezoid0(a[i0 : marks[k] + 1] - off, dt)
        v = cum - cum[-1] + (v_end if abs(v_end - v_mark) <= s.mark_speed_tol_mps else v_mark)
        b, lk, rise, conc, peak = _pull_shape(v, i0, p, q, marks[k], dt, s)
        known = n_lost[1, marks[k] + 1] == n_lost[1, lead]
        if conc < s.min_concentric_s:
            continue
        if not (s.min_rom_m <= rise <= s.max_rom_m and peak >= s.min_peak_mps) or (
            low_h is not None and not -s.max_return_frac * rise <= low_h <= -s.min_return_frac * rise
        ):
            # its rise, its speed, or its return to the floor (since the last lockout) are no
            # pull's; where the data has a gap in the pull too long to know them by, the run's
            # rhythm may still tell it (below)
            if known:
                continue
            unjudged.add(len(found))
        # the run's last pull has no cycle of its own: where the data shows its lowering ended
        stop, landed, rested = _next_stop(a, a_s, a_raw, marks[k], v_end, off, lk, float(v[lk - i0]), rise, dt, n_lost, s) if k >= len(cycles) else (None, False, False)
        found.append((b, lk, rise, rise / conc, peak, v, i0, known, stop, (landed or rested) and stop is not None))
    if unjudged and sum(1 for f in found if f[7]) < s.min_reps:
        # (a run of pulls most of whose data has gaps in it: only those that look like pulls)
        found = [f for j, f in enumerate(found) if j not in unjudged]
    if len(found) < s.min_reps:
        return []
    out: list[CycleRep] = []
    eccentric: list[int] = []
    for j, (b, lk, rise, mcv, peak, _, _, known, stop, set_down) in enumerate(found):
        seen = False
        if j + 1 < len(found):
            # back on the floor: where the lowering first came down to the level the next pull
            # left the floor from
            b2, _, _, _, _, v2, i2, _, _, _ = found[j + 1]
            seen = True
            lo = max(lk, i2)
            h = cumulative_trapezoid0(v2[lo - i2 : b2 - i2 + 1], dt)
            near = (h <= h[-1]).nonzero()[0]
            end = lo + int(near[0]) if near.size else b2
            eccentric.append(end - lk)
        else:
            # the last: where its lowering stopped, if the data shows it (_lowering_stop);
            # else lowered as the run's others were (or as far as the data goes)
            seen = stop is not None
            end = stop if stop is not None else min(n - 1, lk + int(np.median(eccentric))) if eccentric else n - 1
        if not known:
            rise = mcv = peak = None
        out.append(CycleRep(t0 + b * dt, t0 + lk * dt, t0 + end * dt, rise, mcv, peak, seen, seen and set_down and j + 1 == len(found)))
    return out


def _next_stop(
    a: np.ndarray, a_s: np.ndarray, a_raw: np.ndarray, mark: int, v_mark: float, off: float, lk: int, v_lk: float, rise: float, dt: float,
    n_lost: np.ndarray, s: PullCycleSettings,
) -> tuple[int | None, bool, bool]:
    """Where the lowering after a run's last pull ended (:func:`_lowering_stop`, from its mark,
    going at v_mark m/s there, the offset ``off`` m/s^2 taken off) where the bar came down as a
    rep's does there (from its lockout ``lk``, going at v_lk m/s, min_lowered_frac of its rise
    m or more, min_landed_frac set down; max_return_frac at most); (None, False, False) where
    not. A speeding up found before the bar had come down that far is passed over where it is
    no next pull:

    - within catch_s of the mark, the bar down less than catch_max_drop_frac of its rise, it
      is the bar caught at the top (a lifter who jerks it up and lets it float: the magnitude
      rises well above 1 g just after the lockout, as :func:`_pulls` knows; 0.5 cm down): the
      stop is looked for again after it;
    - with the bar still going down at braking_mps or faster there (integrated from the
      mark), it is the lowering braked before the floor, as hard as a pull speeds up: the
      stop is where that speed has come back to zero, the bottom. (The drop up to the braking,
      the velocity taken as zero there, reads short. A speeding up where the bar had stopped
      is left alone: an altsim rep at 25 Hz whose lockout the link put late, its quick
      lowering read 6 cm, and the next speeding up found put its end 0.44 s late.)"""
    def drop_to(k: int) -> float:  # (how far the bar came down from its lockout to point k, m)
        return _drop_m(_lowering_velocity(a[lk : k + 1] - off, v_lk, dt), dt)

    after = 0
    while True:
        stop, landed, rested = _lowering_stop(a, a_s, a_raw, mark, v_mark, off, dt, n_lost, s, after)
        if stop is None:
            return None, False, False
        drop = drop_to(stop)
        if (s.min_landed_frac if landed else s.min_lowered_frac) * rise <= drop <= s.max_return_frac * rise:
            return stop, landed, rested
        if landed or drop > s.max_return_frac * rise:
            return None, False, False
        if drop <= s.catch_max_drop_frac * rise and (stop - mark) * dt <= s.catch_s:
            below = (a_s[stop:] - off < s.pull_min_mps2).nonzero()[0]
            if below.size == 0:
                return None, False, False
            after = stop + int(below[0])
            continue
        v_stop = v_mark + float(cumulative_trapezoid0(a[mark : stop + 1] - off, dt)[-1])
        if v_stop > -s.braking_mps:
            return None, False, False
        up = (v_stop + cumulative_trapezoid0(a[stop:] - off, dt) >= 0.0).nonzero()[0]
        if up.size == 0:
            return None, False, False  # (not at the bottom yet)
        bottom = stop + int(up[0])
        if s.min_lowered_frac * rise <= drop_to(bottom) <= s.max_return_frac * rise:
            return bottom, False, rested
        return None, False, False


def _pull_shape(v: np.ndarray, i0: int, p: int, q: int, mark: int, dt: float, s: PullCycleSettings) -> tuple[int, int, float, float, float]:
    """A pull's lift-off and lockout (point indices), rise (m), time from one to the other (s) and
    top speed (m/s) from the bar's vertical velocity v (m/s) over points [i0, mark] (p: the
    speeding up's peak, q: the slowing's strongest point)."""
    # the lockout: where the pull's speed ran out (at the mark if it had not)
    down = (v[q - i0 :] <= 0.0).nonzero()[0]
    lk = q + int(down[0]) if down.size else mark
    # the lift-off: the last point before the pull's fastest as slow as a bar leaving the
    # floor (where the offset is off, a rest before the pull drifts: then where it was
    # slowest). (Not before the speeding up's peak: in a touch-and-go set that may be the
    # lowering braked before the floor, which speeds the bar up too.)
    top = p + int(np.argmax(v[p - i0 : lk - i0 + 1]))
    low = (v[: top - i0] <= s.liftoff_speed_mps).nonzero()[0]
    b = i0 + (int(low[-1]) if low.size else int(np.argmin(v[: p - i0])))
    vv = v[b - i0 : lk - i0 + 1]
    return b, lk, float(cumulative_trapezoid0(vv, dt)[-1]), (lk - b) * dt, float(vv.max())


def _drop_m(vl: np.ndarray, dt: float) -> float:
    """How far the bar came down (m) over a lowering whose velocity (m/s) at each point is vl
    (:func:`_lowering_velocity`)."""
    return -float(cumulative_trapezoid0(vl, dt)[-1])


def _lowering_velocity(a: np.ndarray, v0: float, dt: float) -> np.ndarray:
    """The bar's vertical velocity (m/s) over a lowering from its lockout, going at v0 (m/s)
    there, to where it stopped: the vertical acceleration a (m/s^2, offset taken off)
    integrated, the velocity taken as zero at the stop against the offset's drift over the
    lowering, which reads the drop short by up to the touchdown's speed times half the
    lowering's time. (The bar touches the floor slowly.)"""
    vl = v0 + cumulative_trapezoid0(a, dt)
    vl -= vl[-1] * np.linspace(0.0, 1.0, vl.shape[0])
    return vl


def _lowering_stop(
    a: np.ndarray, a_s: np.ndarray, a_raw: np.ndarray, i_from: int, v_from: float, off: float, dt: float, n_lost: np.ndarray,
    s: PullCycleSettings, after: int = 0,
) -> tuple[int | None, bool, bool]:
    """Where the bar, going at ``v_from`` (m/s) at point ``i_from`` just after a lockout, ended
    its lowering, and whether it was set down there. Once the vertical acceleration ``a`` (m/s^2,
    the cycle's offset ``off`` taken off) integrated from there has it going down at
    ``lowered_mps`` or faster: the first point where the smoothed acceleration ``a_s`` speeds it
    up as a pull does (pull_min_mps2: the next pull leaving the floor; a lowering's braking
    before the floor is gentler), or an impact in ``a_raw`` (before the running median;
    landing_impact_mps2: the plates on the floor) after which the magnitude lay still
    (landing_quiet_s within stretch_rest_quiet_g either way) where no pull came; within
    max_cycle_s, no gap too long to use in the lowering, nor one too long to know by (n_lost,
    its rows: running counts of the points interpolated across gaps longer than max_gap_s and
    known_gap_s) just before the pull or in the landing. (None, False, False) where the data
    does not show it (yet). The third value: whether, where the next pull ended it, the bar had
    been set down before it (a landing as above: a dead stop). (Not where the integrated
    velocity comes back to zero: the bar touches the floor at 0.05-0.2 m/s, which an offset off
    by 0.05 m/s^2 over a 2-3 s lowering reads as a stop.) A speeding up before point ``after`` is
    not looked at (one found there came before the bar had come down: :func:`_next_stop`)."""
    stop = min(a.shape[0], i_from + int(round(s.max_cycle_s / dt)) + 1)
    if stop - i_from < 3:
        return None, False, False
    v = v_from + cumulative_trapezoid0(a[i_from:stop] - off, dt)
    lowered = (v <= -s.lowered_mps).nonzero()[0]
    if lowered.size == 0:
        return None, False, False
    k0 = max(i_from + int(lowered[0]), after)
    up = (a_s[k0:stop] - off >= s.pull_min_mps2).nonzero()[0]
    if up.size:
        k = k0 + int(up[0])
        near = max(i_from, k - int(round(s.known_gap_s / dt)))
        if n_lost[0, k + 1] != n_lost[0, i_from] or n_lost[1, k + 1] != n_lost[1, near]:
            # (a gap too long to use in the lowering, or one too long to know by just before
            # the speeding up: where the lowering ended is not known)
            return None, False, False
        return k, False, _landing(a_raw, k0, k + 1, off, dt, n_lost, s) is not None
    landing = _landing(a_raw, k0, stop, off, dt, n_lost, s)
    if landing is None or n_lost[0, landing + 1] != n_lost[0, i_from]:
        return None, False, False
    return landing, True, False


def _landing(a_raw: np.ndarray, k0: int, stop: int, off: float, dt: float, n_lost: np.ndarray, s: PullCycleSettings) -> int | None:
    """The first impact in ``a_raw`` (m/s^2, offset ``off``) from point k0 up to ``stop`` after
    which the magnitude lay still (see :func:`_lowering_stop`), or None."""
    ring = int(round(s.impact_s / dt)) + 1
    still = max(2, int(round(s.landing_quiet_s / dt)))
    band = 2.0 * s.stretch_rest_quiet_g * G
    for j in (k0 + (np.abs(a_raw[k0:stop] - off) >= s.landing_impact_mps2).nonzero()[0][:8]).tolist():
        q0, q1 = j + ring, j + ring + still
        if q1 > a_raw.shape[0]:
            break  # (not known yet)
        if n_lost[1, q1] == n_lost[1, j] and float(np.ptp(a_raw[q0:q1])) <= band:
            return j
    return None


def pulls_overlapping(pulls: list, rep, tol_s: float) -> tuple[list[int], int | None]:
    """The indices of the reps ``pulls`` (objects with ``start_s`` and ``lockout_s``) whose
    concentrics come within tol_s (s) of overlapping ``rep``'s, and of those the one that began
    nearest it (None where none does): the pull a reported rep is."""
    over = [i for i, c in enumerate(pulls) if c.start_s < rep.lockout_s + tol_s and rep.start_s < c.lockout_s + tol_s]
    return over, (min(over, key=lambda i: abs(pulls[i].start_s - rep.start_s)) if over else None)


def pulls_reported(found: list[CycleRep], reported: list, settings: PullCycleSettings | None = None) -> tuple[set[int], dict[int, int]]:
    """Which of the reps ``found`` from a stretch's pulls the reps ``reported`` in it otherwise
    (objects with ``index``, ``start_s``, ``lockout_s`` and ``pauses``) already are.

    Each reported rep is one of the pulls its concentric overlaps: the one that began nearest it;
    the others are reps it missed (where the integration ran away through a set, one rep may
    have spanned several pulls). A paused rep's pull up to its hold and the one from it each look
    like a pull of their own: its hold covers the time between them, and both are that rep.
    Returns (the indices of the found reps reported already, {the index of a reported rep that
    spanned found reps of their own: the found rep it is})."""
    s = settings or PullCycleSettings()
    tol, hold_tol = s.overlap_tol_s, s.hold_tol_s
    explained: set[int] = set()
    stood_for: list[tuple[int, list[int], int]] = []
    for r in reported:
        over, own = pulls_overlapping(found, r, tol)
        if own is None:
            continue
        explained.add(own)
        stood_for.append((r.index, over, own))
        for i, j in zip(over, over[1:]):
            if any(p.start_s <= found[i].lockout_s + hold_tol and found[j].start_s - hold_tol <= p.end_s for p in r.pauses):
                explained.add(j)
    spanned = {index: own for index, over, own in stood_for if any(i not in explained for i in over)}
    return explained, spanned


class StretchBuffer:
    """The specific force's magnitude (g) and data-gap lengths (s) of a bar sensor's grid points from
    where a stretch began, kept for :func:`find_pull_cycles`. Blocks are kept as they came and
    joined once, when the stretch is taken (a live feed brings a few points at a time). At most
    ``max_points`` are kept: a longer stretch drops its oldest blocks."""

    def __init__(self, max_points: int) -> None:
        self.max_points = max_points
        self.start: int | None = None  # absolute grid index of the first point kept
        self._norm: list[np.ndarray] = []
        self._gap: list[np.ndarray] = []
        self._n = 0

    def append(self, i0: int, acc_g: np.ndarray, gap_s: np.ndarray) -> None:
        """The next block of grid points, from absolute index i0 (consecutive with the last):
        acc_g (M, 3) g, gap_s (M,) s (the gap in the data each point was interpolated across)."""
        if self.start is None:
            self.start = i0
        self._norm.append(np.sqrt(np.einsum("ij,ij->i", acc_g, acc_g)))
        self._gap.append(np.asarray(gap_s, dtype=np.float64))
        self._n += acc_g.shape[0]
        while self._n > self.max_points and len(self._norm) > 1:
            m = self._norm.pop(0).shape[0]
            self._gap.pop(0)
            self._n -= m
            self.start += m

    def _joined(self) -> tuple[np.ndarray, np.ndarray]:
        norm = np.concatenate(self._norm) if self._norm else np.zeros(0)
        gap = np.concatenate(self._gap) if self._gap else np.zeros(0)
        return norm, gap

    def window(self, i0: int, i1: int) -> tuple[np.ndarray, np.ndarray]:
        """The magnitudes (g) and gap lengths (s) of grid points [i0, i1), clipped to the points
        kept; joined from the last blocks only (a stretch may hold many minutes)."""
        if self.start is None:
            return np.zeros(0), np.zeros(0)
        i0, i1 = max(i0, self.start), min(i1, self.start + self._n)
        if i1 <= i0:
            return np.zeros(0), np.zeros(0)
        first = self.start + self._n - self._norm[-1].shape[0]
        if i0 >= first:
            # (all in the last block: a live feed's newest points)
            return self._norm[-1][i0 - first : i1 - first], self._gap[-1][i0 - first : i1 - first]
        norms, gaps, first = [], [], self.start + self._n
        for block, gap in zip(reversed(self._norm), reversed(self._gap)):
            if first <= i0:
                break
            norms.append(block)
            gaps.append(gap)
            first -= block.shape[0]
        norm, gap = np.concatenate(norms[::-1]), np.concatenate(gaps[::-1])
        return norm[i0 - first : i1 - first], gap[i0 - first : i1 - first]

    def jolted(self, i0: int, i1: int, impact_g: float) -> bool:
        """Whether the magnitude over grid points [i0, i1) strays ``impact_g`` (g) or more from
        its median there (an impact: the bar set down); False where none of them is kept."""
        norm = self.window(i0, i1)[0]
        return norm.size > 0 and float(np.abs(norm - np.median(norm)).max()) >= impact_g

    def quiet(self, i0: int, i1: int, tol_g: float) -> bool:
        """Whether the magnitude stayed within a band 2 tol_g (g) wide over grid points [i0, i1)
        (all of them kept)."""
        if self.start is None or i0 < self.start or i1 > self.start + self._n or i1 <= i0:
            return False
        x = self.window(i0, i1)[0]
        return bool(x.max() - x.min() <= 2.0 * tol_g)

    def quiet_since(self, i0: int, i1: int, tol_g: float) -> int:
        """The first grid point from which the magnitude stayed within a band 2 tol_g (g) wide up
        to grid point i1 (exclusive), looked for back to i0 at most (and to the first point
        kept); i1 where no point in [i0, i1) is kept."""
        x = self.window(i0, i1)[0][::-1]
        if x.shape[0] == 0:
            return i1
        still = np.maximum.accumulate(x) - np.minimum.accumulate(x) <= 2.0 * tol_g
        return i1 - (int(np.argmin(still)) if not still.all() else x.shape[0])

    def drop_before(self, i: int) -> None:
        """Forget the points before grid point i."""
        if self.start is None or i <= self.start:
            return
        norm, gap = self._joined()
        k = min(i - self.start, norm.shape[0])
        self._norm, self._gap = [norm[k:]], [gap[k:]]
        self._n -= k
        self.start += k

    def take(self, i_end: int) -> tuple[int, np.ndarray, np.ndarray]:
        """The stretch up to grid point i_end (exclusive): (its first index, magnitudes, gap
        lengths). The points from i_end on begin the next stretch."""
        norm, gap = self._joined()
        start = self.start if self.start is not None else i_end
        m = max(0, min(norm.shape[0], i_end - start))
        self._norm, self._gap = [norm[m:]], [gap[m:]]
        self._n -= m
        self.start = start + m
        return start, norm[:m], gap[:m]
