"""Per-rep timing and bar metrics from a segmented rep (times s, distances m, velocities m/s)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .reps import Keypoint, RepCandidate
from .results import Pause, Rep
from .settings import AnalyzerSettings


#: a load's velocity near a stop goes as this power of the time from it (acceleration continuous
#: and zero at the stop: quadratic), for timing holds from where the speed is still measurable
STOP_ORDER = 2.0
#: ... fitted over this long of the motion into (or out of) a hold, s
STOP_FIT_S = 0.06
#: a hold may begin this long after the stillness detector's estimate of its rest's start, s
HOLD_START_AFTER_REST_S = 0.3
#: (back) a trunk turned this far from a hold's posture, and twice as far, has left it (deg: the
#: tremor of a loaded trunk sways it a few tenths of a degree) ...
HOLD_TRUNK_LEFT_DEG = 2.0
#: ... and where it left the hold this long (s) after the shoulders' integrated velocity says
#: they did, while they gained less than HOLD_TRUNK_MAX_GAIN_MPS in between, the hold went on
#: until the trunk left it
HOLD_TRUNK_AFTER_S = 0.15
HOLD_TRUNK_MAX_GAIN_MPS = 0.15

def _concat(cand: RepCandidate) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Time, absolute level, velocity and rotation rate over the rep's motion segments."""
    if not cand.segments:
        z = np.zeros(0)
        return z, z, z, z
    segs = cand.segments
    return (
        np.concatenate([g.t for g in segs]),
        np.concatenate([g.height + g.base_level for g in segs]),
        np.concatenate([g.velocity for g in segs]),
        np.concatenate([g.rate_dps for g in segs]),
    )


def _trunk_left_hold(t: np.ndarray, gravity_dir: np.ndarray, t_from: float, t_until: float) -> float | None:
    """(back) When (s) the trunk left the posture it held at time ``t_from`` (s), before
    ``t_until`` (s), from the unit gravity directions (sensor frame) the gyroscope carries over
    the rep's motion (``gravity_dir`` (N, 3) at times ``t``; they do not drift over a rep): the
    first points HOLD_TRUNK_LEFT_DEG and twice that away from the posture, the angle, growing as
    the square of the time from rest, extrapolated back to zero. None where it did not turn so far."""
    i0 = int(np.searchsorted(t, t_from))
    if i0 >= t.shape[0]:
        return None
    sel = ((t >= t[i0]) & (t <= t_until)).nonzero()[0]
    if sel.size < 2:
        return None
    cos = np.clip(gravity_dir[sel] @ gravity_dir[i0], -1.0, 1.0)
    ang = np.degrees(np.arccos(cos))
    first = (ang >= HOLD_TRUNK_LEFT_DEG).nonzero()[0]
    second = (ang >= 2.0 * HOLD_TRUNK_LEFT_DEG).nonzero()[0]
    if not (first.size and second.size):
        return None
    t1, t2 = float(t[sel[first[0]]]), float(t[sel[second[0]]])
    # (angle = c (t - t0)^2: sqrt(angle) is a line through both crossings, zero at t0)
    return max(float(t[i0]), t1 - (t2 - t1) * np.sqrt(2.0) / (2.0 - np.sqrt(2.0)))


def _concat_lost(cand: RepCandidate) -> np.ndarray | None:
    """Points of the rep's motion segments interpolated across data the link lost (bool, as
    :func:`_concat`), or None where none was lost."""
    if not any(g.lost is not None for g in cand.segments):
        return None
    return np.concatenate([g.lost if g.lost is not None else np.zeros(g.t.shape[0], bool) for g in cand.segments])


#: a rest whose end is followed this many grid points on by lost data ended in the gap
GAP_AFTER_REST_POINTS = 2
#: grid points the load must be seen still after a gap to have been held through it
GAP_HELD_MIN_POINTS = 2
#: lost runs, a few points apart, that a hold is followed through
GAP_MAX_RUNS = 3
#: ... where the velocity integrated across them (the lost acceleration interpolated) rose by
#: no more than this (m/s^2) times their length: the tremor and sway of a held bar, about
#: 0.1 g, that interpolation misses. More, the lift had resumed in the gap (upwards: a hold is
#: on the way up)
GAP_HELD_ACCEL_MPS2 = 1.0
#: ... and by no more than this at all, m/s (a lift resumed early in a long gap, its pull
#: caught by the interpolation, gains more)
GAP_HELD_MAX_RISE_MPS = 0.15
#: ... and where the velocity taken afresh after them falls no more than this below its start
#: (m/s) before the load clearly rose: a load held there starts from rest, while one already
#: moving (steadily: that looks still too) reads its speed as negative once it slows to the top
GAP_HELD_MAX_SINK_MPS = 0.1


def _held_through_gap(
    t: np.ndarray, h: np.ndarray, v: np.ndarray, lost: np.ndarray | None, k: Keypoint, until: float, s: AnalyzerSettings
) -> float | None:
    """When (s) a load held at ``k`` left the hold, where the link lost the data just after the
    rest the stillness detector saw (which then ends before the gap: the lift may have resumed
    in it), and the load was still held after the gap; else None.

    The velocity (m/s) is taken afresh from the first measured point after the gap (the lost
    acceleration is unknown). Where its first GAP_HELD_MIN_POINTS points stay within
    ``stop_speed_mps`` of it, it falls no more than GAP_HELD_MAX_SINK_MPS below it before the
    load clearly rose (``hold_min_rise_m``, before ``until``, s), and the velocity integrated
    across the gap rose by no more than GAP_HELD_ACCEL_MPS2 and GAP_HELD_MAX_RISE_MPS allow, the
    load was still there: it left the hold at the last such point before it clearly rose.
    Otherwise the lift resumed in the gap (a bar moving steadily also looks still to a velocity
    taken afresh), and the rest's end stands.
    """
    if lost is None:
        return None
    i = int(np.searchsorted(t, k.rest.t_end if k.rest is not None else k.t_end_or_start()))
    if not lost[i : i + GAP_AFTER_REST_POINTS + 1].any():
        return None
    i0 = i
    for _ in range(GAP_MAX_RUNS):
        # the first measured point after the lost run
        measured = (~lost[i:]).nonzero()[0]
        measured = measured[measured > int(lost[i:].nonzero()[0][0])]
        if not measured.size:
            return None
        g = i + int(measured[0])
        sel = (t[g:] <= until).nonzero()[0] + g
        rise = (h[sel] - h[g] >= 2 * s.hold_min_rise_m / 3).nonzero()[0]
        if not rise.size:
            return None
        stopped = (np.abs(v[sel[: rise[0]]] - v[g]) <= s.stop_speed_mps).nonzero()[0]
        if (
            v[g] - v[i0] > min(GAP_HELD_ACCEL_MPS2 * float(t[g] - t[i0]), GAP_HELD_MAX_RISE_MPS)
            or float(np.min(v[sel[: rise[0] + 1]])) - v[g] < -GAP_HELD_MAX_SINK_MPS
            or stopped.size < GAP_HELD_MIN_POINTS or stopped[GAP_HELD_MIN_POINTS - 1] != GAP_HELD_MIN_POINTS - 1
        ):
            return None
        again = lost[sel[: stopped[-1] + 1]].nonzero()[0]
        if not again.size:
            return float(t[sel[stopped[-1]]])
        i = int(sel[again[0]])  # (the link lost more while it was held: from after that)
    return None


def _rotation_settles(t: np.ndarray, rate: np.ndarray, t0: float, t1: float, settle: float, backwards: bool = False) -> float | None:
    """After (or, backwards, before) the fastest rotation in [t0, t1], when the rate is below ``settle``."""
    sel = ((t >= t0) & (t <= t1)).nonzero()[0]
    if sel.size == 0:
        return None
    i_peak = sel[np.argmax(rate[sel])]
    if backwards:
        quiet = sel[(sel < i_peak) & (rate[sel] <= settle)]
        return float(t[quiet[-1]]) if quiet.size else None
    quiet = sel[(sel > i_peak) & (rate[sel] <= settle)]
    return float(t[quiet[0]]) if quiet.size else None


def lift_off_time(
    t: np.ndarray, h: np.ndarray, v: np.ndarray, floor: Keypoint, s: AnalyzerSettings, from_anchor: bool = False, extended: bool = False,
    before: float | None = None,
) -> float:
    """Last moment the bar was stopped before it clearly left the level of ``floor`` (the floor,
    or a hold on the way up).

    from_anchor: search from the rest's last surely-still point (where the integration of the
    motion after it starts), not from the stillness detector's later estimate of its end; and
    after a bottom turn too (the load may dwell on the floor), not from the turn itself.
    extended: where the velocity passed ``departure_speed_mps`` for good, its line there
    extended back to zero, if that is later (a hold's end: below that speed the integrated
    velocity of a held load wobbles over a link that delivers few samples).
    before: the load had left the floor by this time, s (a hold on the way up began then: a
    back's shoulders may barely rise before a hold just off the floor, their level no guide).
    """
    if floor.kind == "turn" and not from_anchor:
        return floor.t_end_or_start()  # (a landing found late: on the floor until then)
    if from_anchor and floor.rest is not None and floor.t_end is not None and floor.t_end < floor.rest.t_end:
        # the "rest" ended before its last still-looking point: it was a steady rise from the
        # floor (kinematics._steady_rise_mps), which the load began when the rest's end says
        return floor.t_end
    t0 = floor.t_end_or_start()  # (a turn: a landing found late is on the floor until then)
    sel = t >= (floor.rest.t_end if (from_anchor and floor.rest is not None) else t0)
    if before is not None:
        sel &= t < before
    idx = (sel & (h >= floor.level + 2 * s.hold_min_rise_m / 3)).nonzero()[0]
    if idx.size == 0:
        return t0
    i = idx[0]
    stopped = (sel[:i] & (v[:i] <= s.stop_speed_mps)).nonzero()[0]
    if not stopped.size:
        return t0
    t_stop = float(t[stopped[-1]])
    if not extended:
        return t_stop
    # where it passed departure_speed_mps for good, accelerating from rest: extended back to the
    # stop (:func:`_stop_zero`; not before the last point it was stopped at by stop_speed_mps:
    # bounded by the velocity's last zero instead, tuning holds' p95 error was 0.100 s, not 0.091)
    slow = (sel[:i] & (v[:i] <= s.departure_speed_mps)).nonzero()[0]
    j = int(slow[-1]) if slow.size else -1
    if j < 0 or j + 1 >= t.shape[0] or v[j + 1] <= v[j]:
        return t_stop
    return max(t_stop, min(_stop_zero(t, v, j + 1, j), float(t[j + 1])))


def lockout_time(
    t: np.ndarray, v: np.ndarray, start: float, top: Keypoint, s: AnalyzerSettings, extended: bool = False, plateau: bool = False
) -> float:
    """First moment after the fastest point of the pull that the bar has (almost) stopped rising.

    plateau: or, if earlier, where the velocity stopped falling (:func:`_plateau_time`; a bar's
    velocity, not a back sensor's, whose shoulders rise slowly near upright).
    extended: where the velocity fell below ``departure_speed_mps``, its line there extended
    forward to zero, if that is earlier (a hold's start: see :func:`lift_off_time`).
    """
    sel = ((t >= start) & (t <= top.t_start)).nonzero()[0]
    if sel.size == 0:
        return top.t_start
    # after the last hold, the final push to lockout
    i_peak = sel[np.argmax(v[sel])]
    after = sel[(sel > i_peak) & (v[sel] <= s.settle_speed_mps)]
    t_settle = float(t[after[0]]) if after.size else top.t_start
    if plateau:
        # (or where it stopped slowing down, still reading a few tenths of m/s: the velocity
        # integrated since a touch-and-go bottom has drifted, and the lockout is too short
        # for a rest to correct it)
        knee = _plateau_time(t, v, sel[sel > i_peak], float(v[i_peak]), s)
        if knee is not None:
            t_settle = min(t_settle, knee)
    if not after.size or not extended:
        return t_settle
    # where it fell below departure_speed_mps: extended forward to the stop (:func:`_stop_zero`;
    # below that speed integration noise wobbles)
    slow = sel[(sel > i_peak) & (v[sel] <= s.departure_speed_mps)]
    j = int(slow[0]) if slow.size else -1
    if j < 1 or v[j - 1] <= v[j]:
        return t_settle
    return max(_stop_zero(t, v, j, j - 1), float(t[j - 1]))


def touch_down_time(t: np.ndarray, v: np.ndarray, top_t: float, bottom: Keypoint, s: AnalyzerSettings) -> float:
    """First moment after the fastest point of the descent that the load has stopped going down."""
    sel = ((t >= top_t) & (t <= bottom.t_start)).nonzero()[0]
    if sel.size == 0:
        return bottom.t_start
    i_low = sel[np.argmin(v[sel])]
    after = sel[(sel > i_low) & (v[sel] >= -s.settle_speed_mps)]
    return float(t[after[0]]) if after.size else bottom.t_start


def _plateau_time(t: np.ndarray, v: np.ndarray, idx: np.ndarray, v_peak: float, s: AnalyzerSettings) -> float | None:
    """First time (s) among grid points ``idx`` (consecutive, just after the fastest point of a
    pull, where it rose at ``v_peak`` m/s) where the velocity v (m/s) has stopped falling, or
    None: over the next ``lockout_plateau_s`` it changes by at most
    ``lockout_plateau_change_mps``, and it has fallen to ``lockout_plateau_frac`` of the peak
    speed or less. A bar at lockout is still; the deceleration into it ends there, whatever
    offset the integrated velocity carries."""
    if idx.size < 3:
        return None
    # the grid step (two motion segments meeting at one grid point hold it twice: then the next)
    step = float(t[idx[1]] - t[idx[0]]) or float(t[idx[2]] - t[idx[1]])
    w = max(1, int(round(s.lockout_plateau_s / step)))
    if idx.size <= w:
        return None
    vi = v[idx]
    flat = np.abs(vi[w:] - vi[:-w]) <= s.lockout_plateau_change_mps
    flat &= vi[:-w] <= s.lockout_plateau_frac * v_peak
    hit = flat.nonzero()[0]
    return float(t[idx[hit[0]]]) if hit.size else None


def _line_zero(t: np.ndarray, v: np.ndarray, i: int, j: int) -> float:
    """Time (s) where the line through points i and j of the velocity v (m/s) over t reaches zero."""
    return float(t[i] - v[i] * (t[j] - t[i]) / (v[j] - v[i]))


def _stop_zero(t: np.ndarray, v: np.ndarray, i: int, j: int) -> float:
    """Time (s) where a load arriving at (or leaving) a hold has stopped, from the velocity v
    (m/s) over t at point i, the first (last) below the departure speed, and its moving neighbour
    j. A held load is still: its acceleration, continuous (no force changes at once), is zero at
    the stop, so the velocity there goes as the square of the time from it, v = c (t - t_stop)^2.
    Fitted through point i and the point STOP_FIT_S further into the motion (sqrt(v) is then a
    line), which a link's jitter and noise on neighbouring points sway less; where that point
    is not moving faster, the tangent at i: twice what the line through i and j gives."""
    step = abs(float(t[j] - t[i]))
    if step == 0.0:
        # (two motion segments meet at one grid point, which both hold: no slope between them)
        return float(t[i])
    m = max(1, int(round(STOP_FIT_S / step)))
    k = i + (j - i) * m
    if 0 <= k < t.shape[0]:
        a, b = float(v[i]), float(v[k])
        if b != 0.0 and 0.0 < a / b < 1.0:  # (the same sign, faster at k)
            ra, rb = np.sqrt(abs(a)), np.sqrt(abs(b))
            return float(t[i] + (t[i] - t[k]) * ra / (rb - ra))
    return float(t[i] + STOP_ORDER * (_line_zero(t, v, i, j) - t[i]))


def _velocity_zero(t: np.ndarray, v: np.ndarray, t_k: float, towards_later: bool) -> float:
    """Where the velocity reaches zero next to grid time ``t_k``, the first (``towards_later``:
    arriving) or last (leaving) point at rest by the speed threshold: the line through that point
    and its moving neighbour, extended to zero, within one grid step (a threshold crossing trails
    the arrival, and leads the departure, by the time the speed takes to cross it)."""
    i = int(np.searchsorted(t, t_k))
    j = i - 1 if towards_later else i + 1  # the moving neighbour
    if not (0 <= j < t.shape[0] and i < t.shape[0]) or v[j] == v[i]:
        return t_k
    t_z = _line_zero(t, v, i, j)
    step = abs(t[j] - t[i])
    return float(min(max(t_z, t[i] - step), t[i] + step))


def hold_start_time(t: np.ndarray, v: np.ndarray, since: float, k: Keypoint, s: AnalyzerSettings) -> float:
    """When (s) the load arrived at the hold ``k`` (a rest during the pull), rising since time
    ``since`` with velocity v (m/s) over t: where it stopped rising, which the stillness
    detector only knows later. The live pause timer starts here too, so its cue falls when the
    hold the replay reports reaches the target."""
    arrived = lockout_time(t, v, since, _arrival_bound(t, v, since, k, s), s, extended=True)
    return _velocity_zero(t, v, arrived, True) if arrived <= k.t_start else min(arrived, k.t_start + HOLD_START_AFTER_REST_S)


def _arrival_bound(t: np.ndarray, v: np.ndarray, since: float, k: Keypoint, s: AnalyzerSettings) -> Keypoint:
    """Hold ``k``, or where the load arrived at it if that is known earlier: the first stop
    (velocity v, m/s over t, at ``settle_speed_mps`` or less, after the load had risen at
    ``departure_speed_mps`` since time ``since``) from which it rose less than
    ``hold_min_rise_m`` more before the rest ``k`` began. A load trembling in the hold (a
    back's shoulders under a heavy bar) may read faster than the slow pull that brought it
    there, and the pull's "fastest point" then lies inside the hold; a stop on the way (a hitch
    at a sticking point) is followed by the rise to the hold."""
    sel = ((t >= since) & (t <= k.t_start)).nonzero()[0]
    if sel.size < 3:
        return k
    vv, tt = v[sel], t[sel]
    moved = np.maximum.accumulate(vv) >= s.departure_speed_mps
    # height gained from each point to the rest's start (trapezoid rule, from the end)
    seg = 0.5 * (vv[1:] + vv[:-1]) * np.diff(tt)
    rise_after = np.concatenate((np.cumsum(seg[::-1])[::-1], [0.0]))
    ok = (moved & (vv <= s.settle_speed_mps) & (rise_after < s.hold_min_rise_m)).nonzero()[0]
    if not ok.size or tt[ok[0]] >= k.t_start:
        return k
    return replace(k, t_start=float(tt[ok[0]]))


#: a touch-and-go bounce leaves the velocity integrated from it off by at most this much, m/s
#: (the floor reverses the bar within one or two aliased samples; the lift leaves it at a few
#: tenths of a metre a second)
BOUNCE_MAX_OFFSET_MPS = 0.6


def _bounce_to_bounce(
    cand: RepCandidate, t: np.ndarray, h: np.ndarray, v: np.ndarray, lost: np.ndarray | None, s: AnalyzerSettings
) -> tuple[np.ndarray, np.ndarray, float, float] | None:
    """A touch-and-go rep's height (m) and velocity (m/s) closed between its two bounces, when
    (s) the closed height was highest and how far above the first bounce (m, the rep's range of
    motion); None where that does not apply.

    Both bounces are floor contacts: the bar is at the same height at either. The motion
    integrated forward from the first starts from a velocity the bounce's aliased impact left
    unknown, off by a constant from there on (the floor turned the bar round between two
    samples; a drift is negligible over a rep's 2-3 s). The constant that brings the bar back to
    the first bounce's height at the second is that offset
    (:func:`analysis.kinematics._close_height_to_landing` does the same where a landing closes a
    motion; a motion a rest has closed since, at the landings it found, may still be off between
    two bounces). The rep's end, where this is known, is where the rep is reported. Only for a
    rep from a bounce to a bounce without holds, whose motion no lost data spoiled, where the
    offset is one a bounce can leave and the closed rise is a rep's. ``lost``: the motion's
    points interpolated across lost data (:func:`_concat_lost`). Returns copies of h and v,
    corrected from the first bounce on.
    """
    if cand.floor.kind != "turn" or cand.bottom.kind != "turn" or cand.holds or t.shape[0] < 8:
        return None
    i0 = int(np.searchsorted(t, cand.floor.t_start))
    i1 = min(int(np.searchsorted(t, cand.bottom.t_start)), t.shape[0] - 1)
    if i1 - i0 < 8 or t[i1] <= t[i0]:
        return None
    step = float(np.median(np.diff(t[i0 : i1 + 1])))  # (the grid step: segments may share a point)
    if abs(t[i0] - cand.floor.t_start) > 1.5 * step or abs(t[i1] - cand.bottom.t_start) > 1.5 * step:
        return None  # (the motion does not reach back to the first bounce, or on to the second)
    if lost is not None and lost[i0 : i1 + 1].any():
        return None  # (across lost data the velocity went astray by more than a constant)
    c = -float(h[i1] - h[i0]) / float(t[i1] - t[i0])
    if abs(c) > BOUNCE_MAX_OFFSET_MPS:
        return None
    h2, v2 = h.copy(), v.copy()
    v2[i0:] += c
    h2[i0:] += c * (t[i0:] - t[i0])
    j = i0 + int(np.argmax(h2[i0 : i1 + 1]))
    rom = float(h2[j] - h2[i0])
    if not s.min_rom_m <= rom <= s.max_bar_rise_m or j == i0:
        return None
    return h2, v2, float(t[j]), rom


def build_rep(
    cand: RepCandidate, index: int, set_index: int, placement: str, target_pause_s: float | None, s: AnalyzerSettings
) -> Rep:
    t, h, v, rate = _concat(cand)
    lost = _concat_lost(cand)
    top = cand.top
    closed = _bounce_to_bounce(cand, t, h, v, lost, s) if placement == "bar" else None
    if closed is not None:
        # (the top keypoint was found on the velocity as it was off: the closed one's highest
        # point bounds the lockout instead)
        h, v, t_top, closed_rom = closed
        top = replace(top, t_start=t_top)
    # a bar's height tells when it left the floor (from the rest's last surely-still point, or
    # from a touch-and-go bottom, where it may dwell on the plates); a back sensor's shoulder
    # height is too rough for that, and the floor's estimated end stands
    # (before the top: a back's shoulders integrated through a touch-and-go pull may not rise
    # above the floor's level until they drift there on the way down, after the lockout)
    left = lift_off_time(t, h, v, cand.floor, s, from_anchor=placement == "bar", before=cand.top.t_start)
    if placement == "back" and cand.floor.kind == "rest":
        # (the stillness detector sees the shoulders' slow start late: where the trunk was
        # already turning through the pull before then, the pull began where that turn did)
        sel = ((t >= cand.floor.t_start) & (t <= left)).nonzero()[0]
        if sel.size and rate[sel[-1]] > s.trunk_settle_dps:
            quiet = sel[rate[sel] <= s.trunk_settle_dps]
            if quiet.size:
                left = float(t[quiet[-1]])
    start = left
    if cand.holds and left >= cand.holds[0].t_start:
        # (a back's shoulders barely rose before a hold just off the floor: the pull started
        # before the hold did, whatever their level says)
        start = lift_off_time(t, h, v, cand.floor, s, from_anchor=placement == "bar", before=cand.holds[0].t_start)
    last_hold_end = max([k.t_end_or_start() for k in cand.holds], default=start)
    lockout = lockout_time(t, v, last_hold_end, top, s, plateau=placement == "bar")
    # (a bar's descent begins after the top's rest at the earliest: a "rest" at the top that was
    # a steady lowering, the floor's impact just after it, has its touch-down there, not at the
    # rest's start, where the velocity closed to zero. A back sensor's rest at the lockout may
    # end well after the trunk began to hinge down: the shoulders start slowly)
    after = lockout
    if placement == "bar" and cand.top.kind == "rest" and cand.top.t_end is not None:
        after = max(lockout, cand.top.t_end)
    end = touch_down_time(t, v, after, cand.bottom, s)
    if placement == "back":
        # the trunk's rotation, not the shoulders' height, marks the phases of a hinge: near
        # upright the shoulders barely rise while the trunk still extends. But where the trunk
        # is upright first and the knees finish the lockout, the shoulders still rise after
        # it stopped turning: the lockout is where both have stopped (the shoulders' velocity
        # only so long after the trunk: later, it is drift)
        t_rot = _rotation_settles(t, rate, last_hold_end, cand.top.t_end_or_start(), s.trunk_settle_dps)
        if t_rot is not None:
            lockout = max(t_rot, min(lockout, t_rot + s.back_lockout_rise_after_trunk_s))
    pauses = []
    gdir = np.concatenate([g.gravity_dir for g in cand.segments]) if placement == "back" and cand.holds else None
    prev_end = left  # (the load arrives at a hold after it clearly left the floor's level)
    for n_hold, k in enumerate(cand.holds, 1):
        # the hold ended when the bar left it (the stillness detector only knows later); a back
        # sensor trembling under the load may leave the detector's rest before the pull resumes,
        # and then the shoulders' velocity, integrated from the hold, says when they left it
        left_k = _velocity_zero(t, v, lift_off_time(t, h, v, k, s, from_anchor=True, extended=True), False)
        k_end = left_k if placement == "back" else min(k.t_end_or_start(), left_k)
        held = _held_through_gap(t, h, v, lost, k, cand.top.t_start, s)
        if held is not None:
            k_end = max(k_end, held)
        if placement == "back":
            # (a loaded trunk trembles, 0.3-0.5 g at the upper back: a tremor's lobe a slow
            # link lost reads as 0.1-0.2 m/s, and the velocity integrated from the hold may leave
            # its level long before the pull resumed. The trunk's posture, from the gyroscope,
            # does not drift: where it left the hold well after that while the shoulders gained
            # less than a pull gives them, resumed by the knees with the trunk's angle kept, the
            # hold went on until then)
            until = lockout if n_hold == len(cand.holds) else min(lockout, cand.holds[n_hold].t_start)
            t_trunk = _trunk_left_hold(t, gdir, k.t_end_or_start(), until)
            if t_trunk is not None and t_trunk - k_end > HOLD_TRUNK_AFTER_S:
                i, j = np.searchsorted(t, (k_end, t_trunk))
                if j < t.shape[0] and float(v[j] - v[i]) < HOLD_TRUNK_MAX_GAIN_MPS:
                    k_end = t_trunk
        # (a hold ends by the lockout: a back's lockout, where the trunk stopped turning, may
        # come before the velocity integrated from its last hold says the shoulders left it)
        k_end = min(k_end, lockout)
        k_start = hold_start_time(t, v, prev_end, k, s)
        prev_end = k_end
        hold = k_end - k_start
        if hold < s.min_hold_s:
            continue  # (the rep is the same: the stop only did not last long enough to report)
        meets = None if target_pause_s is None else bool(hold >= target_pause_s)
        pauses.append(Pause(k_start, k_end, hold, meets))
    moving = max(lockout - start - sum(p.hold_s for p in pauses), 1e-6)
    flags = []
    if any(p.meets_target is False for p in pauses):
        flags.append("short_pause")
    if placement == "bar":
        rom = float(cand.top.level - cand.floor.level) if closed is None else closed_rom
        conc = (t >= start) & (t <= lockout)
        peak = float(v[conc].max()) if conc.any() else None
        mcv = rom / moving
        if rom > s.max_bar_rise_m:
            # no pull raises a bar that far above the floor: the integration failed (data lost
            # in the motion, a bounce's rebound). The rep stands; its bar metrics are unknown,
            # not the metre and a half the level ran away to
            rom = peak = mcv = None
    else:
        rom = peak = mcv = None
    return Rep(
        index=index,
        set=set_index,
        start_s=float(start),
        lockout_s=float(lockout),
        end_s=float(end),
        pauses=tuple(pauses),
        moving_concentric_s=float(moving),
        rom_m=rom,
        mean_concentric_velocity_mps=mcv,
        peak_velocity_mps=peak,
        flags=tuple(flags),
    )
