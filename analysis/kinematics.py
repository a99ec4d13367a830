"""Vertical velocity and height of the sensor between two rests (zero-velocity updates).

Physics: at rest the accelerometer measures gravity only, so a rest gives the gravity vector in
the sensor frame (direction and the magnitude the biased sensor reports) and the gyroscope offset.
Between two rests A and B the gravity direction is carried through the motion by integrating the
bias-corrected gyroscope, forward from A and backward from B, and the two are blended linearly in
time so the estimate agrees with both rests (where the link lost data in the motion, the
stretches between the gaps measure it too: :mod:`analysis.gravity_through_gaps`). The vertical
specific force minus the blended rest magnitude is the vertical acceleration; integrated, it
gives the vertical velocity, which must be zero at both rests: the residual at B is removed as a
linear drift. Height is the integral of that velocity (m, up positive, relative to rest A).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import partial
from typing import Callable

import numpy as np

from .gravity_through_gaps import gravity_through_gaps
from .orientation import (
    IDENTITY, fixed_vector_from_products, integrate_gyro, quat_products, rotate_one_to_reference, rotate_to_reference, rotate_to_sensor,
)
from .units import STANDARD_GRAVITY  # (the other analysis modules take it from here)


@dataclass(frozen=True)
class Rest:
    """A still interval: grid indices [i_start, i_end], mean specific force (g) and rate (deg/s)."""

    i_start: int
    i_end: int
    t_start: float
    t_end: float
    gravity: np.ndarray  # (3,) mean specific force, g, sensor frame
    gyro_mean: np.ndarray  # (3,) deg/s

    @property
    def duration_s(self) -> float:
        return self.t_end - self.t_start


@dataclass(frozen=True)
class SegmentMotion:
    """Kinematics from the end of one rest to the start of the next (both ends included).

    t: (M,) s; velocity: (M,) m/s up; height: (M,) m relative to the first point;
    gravity_dir: (M, 3) unit gravity direction in the sensor frame;
    """

    i0: int
    base_level: float  # level (m) of the rest the segment starts from
    t: np.ndarray
    velocity: np.ndarray
    height: np.ndarray
    gravity_dir: np.ndarray
    rate_dps: np.ndarray  # (M,) magnitude of the offset-corrected angular rate, deg/s
    yaw_rate_dps: np.ndarray  # (M,) its component about the vertical (turning on the spot), deg/s
    landings_t: tuple[float, ...] = ()  # s, where the load landed on the floor (bar, closed segments)
    #: (M,) horizontal distance (m) from where the motion started, point by point (a bar's: 0
    #: for a back sensor), or how to compute it (:func:`horizontal_travel`: only a rep's check
    #: asks, so it is computed then, once). Open motions end at a bar's bottom turn, on the
    #: floor for an instant: at rest horizontally too
    travel: np.ndarray | float | Callable[[], np.ndarray] = 0.0
    #: (M,) bool, points interpolated across data the link lost, or None where none was
    lost: np.ndarray | None = None
    #: when (s) the load left the floor, where the rest the motion starts from was a steady rise
    #: from it (:func:`_steady_rise_mps`; the motion's height and velocity start as that rise
    #: left them), or None
    steady_from_t: float | None = None
    #: (M,) magnitude of the specific force, g, or None (not computed)
    force_g: np.ndarray | None = None
    #: (how ``travel`` was computed, and its turn-free form: see horizontal_travel_until)
    _travel_at: Callable[..., np.ndarray] | None = field(default=None, init=False, repr=False, compare=False)
    _travel_turn_free: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def horizontal_travel_m(self) -> float:
        """Farthest horizontal distance from where the motion started, m (see ``travel``)."""
        return self.horizontal_travel_until(np.inf)

    def horizontal_travel_until(self, t_s: float, turn_free: bool = False) -> float:
        """Farthest horizontal distance (m) from where the motion started, up to time t_s (s):
        a rep whose bottom lies inside the motion ends there. ``turn_free``: with what goes with
        the sensor's turn taken out (:func:`horizontal_travel`; a collar's spinning sleeve)."""
        if callable(self.travel):
            object.__setattr__(self, "_travel_at", self.travel)
            object.__setattr__(self, "travel", self.travel())
        x = self.travel
        if turn_free and isinstance(x, np.ndarray):
            if self._travel_turn_free is None:
                at = self._travel_at
                object.__setattr__(self, "_travel_turn_free", x if at is None else at(turn_free=True))
            x = self._travel_turn_free
        if not isinstance(x, np.ndarray):
            return float(x)
        n = int(np.searchsorted(self.t, t_s, side="right"))
        return float(x[:n].max()) if n else 0.0

    @property
    def rise_m(self) -> float:
        return float(self.height[-1])


def _unit(v: np.ndarray) -> np.ndarray:
    """Rows of v (N, 3) scaled to unit length.

    The row sums of squares are what np.linalg.norm(v, axis=-1) adds (same bits), without its
    per-call dispatch (called per motion segment).
    """
    return v / np.sqrt(np.add.reduce(v * v, axis=-1, keepdims=True))


def unit3(v: np.ndarray) -> np.ndarray:
    """One 3-vector scaled to unit length: the bits of ``v / np.linalg.norm(v, axis=-1, keepdims=True)``.

    (That norm adds the squares in order, as Python does here; a numpy call per component
    would cost more than the arithmetic.)
    """
    x, y, z = v.tolist()
    return v / math.sqrt(x * x + y * y + z * z)


def norm3(v: np.ndarray) -> float:
    """Length of one 3-vector: the bits of ``np.linalg.norm(v)`` (which is sqrt(v . v)), as a float
    and without its per-call dispatch."""
    return math.sqrt(v.dot(v))


def ramp01(m: int) -> np.ndarray:
    """``np.linspace(0.0, 1.0, m)``, same bits (index times 1/(m-1), the end exactly 1), without its
    per-call dispatch (called per motion segment)."""
    if m < 2:
        return np.zeros(m)
    w = np.arange(m, dtype=np.float64)
    w *= 1.0 / (m - 1)
    w[-1] = 1.0
    return w


def cumulative_trapezoid0(y: np.ndarray, dt: float) -> np.ndarray:
    """Running trapezoidal integral of y (N,) or (N, k) along its first axis, starting at 0
    (same shape as y)."""
    out = np.empty_like(y)
    out[0] = 0.0
    # (np.add.accumulate is what np.cumsum calls, without its per-call dispatch)
    np.add.accumulate((y[1:] + y[:-1]) * (0.5 * dt), axis=0, out=out[1:])
    return out


def continue_trapezoid(y: np.ndarray, y_prev: float, c_prev: float, dt: float) -> np.ndarray:
    """The running trapezoidal integral over new samples y (N >= 1) of a trace whose previous
    sample was ``y_prev`` and whose integral there was ``c_prev``.

    The same bits as ``c_prev + cumulative_trapezoid0(np.concatenate([[y_prev], y]), dt)[1:]``
    (the same sums in the same order), without the concatenation (called per block of an open
    motion).
    """
    out = np.empty_like(y)
    out[0] = y[0] + y_prev
    np.add(y[1:], y[:-1], out=out[1:])
    out *= 0.5 * dt
    np.add.accumulate(out, out=out)  # (np.cumsum, without its per-call dispatch)
    out += c_prev
    return out


MIN_GAP_FOR_BRIDGING_S = 0.1  # s of lost data in a motion before the gap takes the correction
IMPACT_G = 0.6  # g, upward specific-force spike that marks a load landing
#: deg: a motion whose sensor turned less than this keeps its horizontal acceleration in
#: :func:`horizontal_travel` whatever ``turn_free`` says
TURN_FREE_MIN_DEG = 3.0
#: g: a specific force below this is free fall, or near it (a load dropped, or in flight off a
#: bounce; a fast pull coasting to its top, briefly)
FREE_FALL_G = 0.5
IMPACT_MIN_SPEED = 0.1  # m/s, downward speed just before it
IMPACT_MAX_SAMPLES = 3  # grid points (60 ms at 50 Hz) an impact may ring
RINGING_G = 1.0  # g: a spike this high after a dip in a bottom turn's impact is its ringing


def _touch_down_impact(a_vert: np.ndarray, v_fwd: np.ndarray) -> int | None:
    """Index just after a back sensor's landing in the final part of a motion, or None.

    A landing is an upward deceleration spike above IMPACT_G while the forward-integrated velocity
    is going down faster than IMPACT_MIN_SPEED; the index returned is the end of the spike train
    (the body cushions the landing: it may ring long).
    """
    m = a_vert.shape[0]
    if m < 4:
        return None
    tail = int(m * 0.5)
    spike = (a_vert[tail:] > IMPACT_G * STANDARD_GRAVITY).nonzero()[0] + tail
    if spike.size == 0:
        return None
    first = int(spike[0])
    if v_fwd[max(first - 1, 0)] > -IMPACT_MIN_SPEED:
        return None
    # the end of the spike train (ringing) that starts there
    last = first
    for i in spike:
        if i - last > 3:
            break
        last = int(i)
    return min(last + 1, m - 1)


#: phases of :func:`impact_ringing`
RING_START, RING_SPIKES, RING_DIP, RING_AGAIN, RING_OVER = range(5)


def impact_ringing(a_vert: np.ndarray, n: int, phase: int = RING_START) -> tuple[np.ndarray, int]:
    """Which of the first ``n`` points of a vertical acceleration (m/s^2, bool per point) are
    still the impact of the bottom turn a motion starts at, and the phase reached there (pass
    it to the call for the points that follow: a block's boundary changes nothing).

    The run of spikes above IMPACT_G the motion begins with, and where that run is followed by
    one point below and then a spike of RINGING_G or more (a bumper's contact, aliased at the
    grid rate, reads spike, dip, spike; no pull accelerates a loaded bar that hard), the run of
    spikes that begins there.
    """
    zero = np.zeros(a_vert.shape[0], bool)
    thr = IMPACT_G * STANDARD_GRAVITY
    for j, x in enumerate(a_vert[:n].tolist()):
        if phase == RING_DIP:
            phase = RING_AGAIN if x >= RINGING_G * STANDARD_GRAVITY else RING_OVER
        if phase == RING_OVER:
            break
        if x > thr:
            zero[j] = True
            phase = RING_SPIKES if phase == RING_START else phase
        else:
            phase = RING_DIP if phase == RING_SPIKES else RING_OVER
    return zero, phase


def impact_points(acc: np.ndarray, mag_g: float, min_g: float, jump_g: float, prev_mag_g: float | None = None) -> np.ndarray:
    """Points (bool, per row of acc (N, 3), g) where the specific force is an impact, not a lift:
    its magnitude ``min_g`` or more off gravity's ``mag_g``, or jumping by ``jump_g`` or more from
    the point before (``prev_mag_g``: the magnitude of the point before the first, if known). A
    loaded bar is neither pulled that hard nor that abruptly; a knock or a landing lasts a few
    ms, so its integral at the grid rate is aliased."""
    mags = np.sqrt(np.einsum("ij,ij->i", acc, acc))
    out = np.abs(mags - mag_g) >= min_g
    out[1:] |= np.abs(mags[1:] - mags[:-1]) >= jump_g
    if (0.0 if prev_mag_g is None else abs(mags[0] - prev_mag_g)) >= jump_g:
        out[0] = True
    return out


def _velocity_bridging_gaps(
    a_vert: np.ndarray, gap: np.ndarray, dt: float, drift: tuple[np.ndarray, float] | None = None,
) -> np.ndarray:
    """Velocity (m/s) between two rests with data lost on the link.

    The acceleration across a gap is unknown (interpolated), and that is where the velocity error
    comes from, not a steady drift: integrate what was measured and put the velocity change the
    closing rest demands into the gaps. ``drift``: (the measured points' own error bound, m/s^2,
    per point (M,); the gaps' bound, m/s^2), or None. Where the measured points may be off too
    (an accelerometer offset not yet fitted, read from an orientation turned away from the
    opening rest's), the change is shared in proportion to each point's bound: a hinge's 0.3 s
    gap does not take the drift of a 60 deg turn.
    """
    v = cumulative_trapezoid0(np.where(gap, 0.0, a_vert), dt)
    w = gap if drift is None else np.where(gap, drift[1], drift[0])
    share = np.cumsum(w) / w.sum()
    return v - v[-1] * share


LANDING_CLUSTER_GAP_S = 0.2  # s: spikes this close are one landing (braking, then the floor)
LANDING_MAX_S = 0.5  # s: a landing (braking and impact) lasts at most this long
LANDING_MIN_DESCENT_MPS = 0.3  # m/s: a landing ends a descent at least this fast


def _landings(a_vert: np.ndarray, dt: float, v: np.ndarray | None = None, from_impact: bool = False) -> list[int]:
    """Indices just after each landing in a motion, in order.

    A lifter brakes a descent hard just before the plates touch, then the floor stops them: a
    cluster of upward specific-force spikes above IMPACT_G, which starts while the velocity
    integrated from the last landing (or the start) goes down faster than IMPACT_MIN_SPEED, after
    a descent faster than LANDING_MIN_DESCENT_MPS. The landing ends at the first spike that
    brings that velocity to zero (the floor stopped the load: what follows is the pull of a
    touch-and-go rep), or with the cluster when the impact fell between samples. What is
    returned is the point after it, where the load is on the floor, still for an instant.

    Zero is the velocity at the start (a rest) for the first landing. From a landing on, the
    load goes from the floor back to the floor, so the mean of the integrated velocity over
    that stretch is its offset there: the aliased impact's error, and the pull's part where the
    landing before was found late (measured from the velocity there, one late landing made
    the next one late too, until a touch-and-go rep's pull was cut in two).

    from_impact: the motion starts at a bottom turn, in the floor's impact: the spikes within
    LANDING_CLUSTER_GAP_S of it are that impact ringing (its dips, integrated from the turn,
    read as a descent), not the load landing again.
    """
    spikes = (a_vert > IMPACT_G * STANDARD_GRAVITY).nonzero()[0].tolist()
    out: list[int] = []
    start = 0
    if v is None:
        v = cumulative_trapezoid0(a_vert, dt)
    m = a_vert.shape[0]
    join = max(1, int(round(LANDING_CLUSTER_GAP_S / dt)))
    span = int(round(LANDING_MAX_S / dt))
    k = 0
    while from_impact and k < len(spikes) and spikes[k] <= join:
        k += 1
    while k < len(spikes):
        first = spikes[k]
        if first < start + 2:
            k += 1
            continue
        v0 = v[start] if start == 0 else float(np.mean(v[start:first]))
        if v[first - 1] - v0 > -IMPACT_MIN_SPEED or float(np.min(v[start:first])) - v0 > -LANDING_MIN_DESCENT_MPS:
            k += 1
            continue
        last = first
        while k < len(spikes) and spikes[k] - last <= join and spikes[k] - first <= span:
            last = spikes[k]
            k += 1
            if v[last] - v0 >= 0.0:
                break
        end = last + 1
        if end >= m - 1:
            break
        out.append(end)
        start = end
    return out


def _velocity_to_rest(
    a_vert: np.ndarray, dt: float, gap: np.ndarray | None, landings: bool, from_impact: bool = False,
    impacts: np.ndarray | None = None, landing_at: int | None = None, gdir: np.ndarray | None = None,
    drift: tuple[np.ndarray, float] | None = None,
) -> tuple[np.ndarray, list[int]]:
    """Velocity (m/s) between two rests: zero at both.

    Where the load hit the floor (touch-and-go bottoms, or a landing before the rest) it stopped
    there. An impact is too short for the sample rate (aliased), so its integral is not trusted:
    the velocity is integrated afresh from zero after each landing. The residual at the closing
    rest is removed over the stretch after the last landing: put into the link's gaps where data
    was lost there (the acceleration across a gap is unknown, that is where the error comes from),
    else as a linear drift. landings: a bar's, found one by one (:func:`_landings`); False, a back
    sensor's, where only a touch-down near the end counts. Returns the velocity and the indices
    just after a bar's landings (with gaps, found on the bridged velocity; a stretch from the
    floor to a landing with no data lost in it is then integrated afresh and closed floor to
    floor as without gaps; none for a back sensor). landing_at: the index where a bar came down onto the
    floor with the impact lost on the link (in a gap, or between the samples it delivered;
    :meth:`StreamingAnalyzer._unseen_landing`): the residual is that impact's, a step there
    (the descent keeps the speed it was measured at, whatever else the link lost).
    gdir: (M, 3) unit gravity, sensor frame, or None: a bar's motion from the floor (a bottom
    turn, a landing) that closes at a rest in that floor's orientation, its height there off
    the floor by more than drift, landed on it unseen (:func:`_landed_at_rest`; not judged
    where the link lost data and the residual goes into the gaps).
    drift: what the measured points and the gaps may each be off by, as
    :func:`_velocity_bridging_gaps` shares the residual, or None (all into the gaps).
    """
    if gap is not None and landing_at is None and np.count_nonzero(gap) * dt >= MIN_GAP_FOR_BRIDGING_S:
        v = _velocity_bridging_gaps(a_vert, gap, dt, drift)
        if not landings:
            return v, []
        cuts = _landings(a_vert, dt, v, from_impact)
        if from_impact and not cuts:
            # (what the link lost interpolated: zeroed, the pulls' acceleration in the gaps is
            # gone, and no stretch rises like a rep)
            v_raw = cumulative_trapezoid0(a_vert, dt)
            ran = _ran_away_cuts(a_vert, dt, v_raw)
            if ran is not None:
                return _closed_at_landings(a_vert, dt, v_raw, ran, True), ran
        # from the floor to the next landing with no data lost between, the load went floor to
        # floor: integrated afresh from the landing and closed there, as without gaps (the
        # aliased impacts' errors do not pile up over a touch-and-go set)
        for i0, i1 in _floor_to_floor(cuts, from_impact):
            if i1 - i0 > 1 and not gap[i0 : i1 + 1].any():
                stretch = np.append(cumulative_trapezoid0(a_vert[i0:i1], dt), 0.0)  # (on the floor at i1)
                _close_height_to_landing(stretch, dt)
                v[i0:i1] = stretch[:-1]
        return v, cuts
    v0 = cumulative_trapezoid0(a_vert, dt)
    m = a_vert.shape[0]
    if landings:
        cuts = _landings(a_vert, dt, v0, from_impact)
        if from_impact and not cuts:
            cuts = _ran_away_cuts(a_vert, dt, v0) or []
    else:
        i_imp = _touch_down_impact(a_vert, v0)
        cuts = [] if i_imp is None else [i_imp]
    if landing_at is not None:
        cuts = [c for c in cuts if c < landing_at]
        v = _integrated_from_cuts(a_vert, dt, v0, cuts)
        v[landing_at:] -= v[-1]
        return v, cuts + [landing_at]
    if not cuts:
        if from_impact:
            # the motion starts where the load left the floor after landing: the aliased impact
            # there, not a drift, is what the closing rest corrects
            v = v0 - v0[-1]
            # (from a bounce: its impact at the start; a low turn without one, found in a
            # bar's wobble or a carry's bob, may not be the floor)
            bounced = impacts is not None and bool(impacts[: max(2, int(round(BOUNCE_IMPACT_S / dt)))].any())
            if gdir is not None and bounced and _landed_at_rest(v, dt, gdir, 0):
                return _landed_unfound(a_vert, dt, v0, [], True)
            return v, []
        if impacts is not None and impacts.any():
            # nor a knock's, where the load did not land (a bar knocked on the floor): the
            # residual goes where the measurement failed
            return v0 - v0[-1] * (np.cumsum(impacts) / np.count_nonzero(impacts)), []
        return v0 - v0[-1] * ramp01(m), []
    if landings:
        # from the floor (a bottom turn the motion starts at, a landing) to the next landing
        v = _closed_at_landings(a_vert, dt, v0, cuts, from_impact)
        if gdir is not None and cuts[-1] < m - 2 and _landed_at_rest(v, dt, gdir, cuts[-1]):
            return _landed_unfound(a_vert, dt, v0, cuts, from_impact)
        return v, cuts
    v = _integrated_from_cuts(a_vert, dt, v0, cuts)
    c = cuts[-1]
    v[c:] -= v[-1] * ramp01(m - c)
    return v, []


#: a load lands back on the floor within this of the floor's orientation, deg (a shaft rolls a
#: little in the hands; a lockout tilts it more: true reps' bottoms are within 2 deg, 99 %)
FLOOR_SAME_DEG = 3.0
_COS_FLOOR_SAME_DEG = float(np.cos(np.radians(FLOOR_SAME_DEG)))
#: a motion from the floor back onto it drifts less than this, m: landing further below the
#: floor it left, the motion did not start from the floor
STEADY_MIN_MISS_M = 0.2
#: a pull rises at least this fast, m/s (settings.min_pull_speed_mps)
STEADY_MIN_SPEED_MPS = 0.15
#: a steady rise found where the load was lowered onto the floor (no impact) leaves at most this
#: of the closing rest's velocity unexplained, m/s (settings.rest_max_speed_mps)
STEADY_MAX_RESIDUAL_MPS = 0.15


def _steady_rise_mps(v: np.ndarray, dt: float, c: int, floor_s: float) -> float | None:
    """The speed (m/s) at which a load rose steadily through a "rest" on the floor, or None.

    Right after a touch-and-go bounce (or a landing) a load rising at a constant speed looks
    still: the specific force is gravity's, and the bounce's aliased impact leaves the
    integration no speed to refuse that rest with. The motion integrated from its end (velocity
    ``v``, m/s, from zero) then lands, at index ``c``, far below the floor the rest lay on
    (it was already rising, at that speed, for the ``floor_s`` seconds it seemed still, and
    went on with it). The constant speed x that brings the landing back to the floor's level,
    x (floor_s + t_c) = -h_c, is that rise's where the miss is larger than drift
    (STEADY_MIN_MISS_M) and x a pull's (STEADY_MIN_SPEED_MPS)."""
    h_c = float(np.add.reduce(v[:c]) - 0.5 * v[0] + 0.5 * v[c - 1]) * dt
    if -h_c < STEADY_MIN_MISS_M:
        return None
    x = -h_c / (floor_s + (c - 0.5) * dt)
    return x if x >= STEADY_MIN_SPEED_MPS else None


RUNAWAY_RISE_M = 1.0  # m: no pull lifts a bar this far (settings.max_bar_rise_m)
REP_MIN_FLOOR_TO_FLOOR_S = 0.8  # s: a touch-and-go rep from the floor back to it
REP_MIN_RISE_M = 0.15  # m: a touch-and-go rep rises at least this far (settings.min_rom_m)


#: m/s^2: a load lying on the floor accelerates less than this (noise and a plate's settle)
STILL_ACCEL_MPS2 = 0.5
#: s: a touch-and-go bounce's impact shows within this of the bottom turn found at it
BOUNCE_IMPACT_S = 0.1


def _landed_at_rest(v: np.ndarray, dt: float, gdir: np.ndarray, i0: int) -> bool:
    """Whether a bar's motion from the floor at index ``i0`` (a bottom turn or a landing) to the
    rest at its end landed on the floor there, the landing not found.

    A touch-and-go bounce's aliased impact leaves the velocity off by a constant, which hides
    part of the last rep's descent, and a landing the grid or the link missed leaves no impact
    to integrate afresh from. Closed by the rest, the velocity ``v`` (m/s) then leaves the bar
    resting where no loaded bar rests: further off the floor than a motion's drift
    (STEADY_MIN_MISS_M) and either higher than any pull lifts it (RUNAWAY_RISE_M) or after
    coming down from its highest point faster than LANDING_MIN_DESCENT_MPS (nobody stops a
    descent at mid-shin to hold the bar still). The rest must lie in the floor's orientation
    (``gdir``, unit gravity in the sensor frame, within FLOOR_SAME_DEG: a bar on its plates),
    and the descent must show (faster than IMPACT_MIN_SPEED): a bar lowered at a steady speed
    looks still too, and a "rest" the stillness detector found in that descent, the bar still
    above the floor, reaches its highest integrated point right there."""
    if float(gdir[-1] @ gdir[i0]) < _COS_FLOOR_SAME_DEG:
        return False
    h = cumulative_trapezoid0(v[i0:], dt)
    h_end = float(h[-1])
    if abs(h_end) <= STEADY_MIN_MISS_M:
        return False
    descent = -float(np.min(v[i0 + int(np.argmax(h)) :]))
    return descent > (IMPACT_MIN_SPEED if h_end > RUNAWAY_RISE_M else LANDING_MIN_DESCENT_MPS)


def _landed_unfound(a_vert: np.ndarray, dt: float, v0: np.ndarray, cuts: list[int], from_impact: bool) -> tuple[np.ndarray, list[int]]:
    """Velocity (m/s) and landings of a bar's motion that landed on the floor after its last
    landing found (or its start, a bounce: ``cuts`` empty), before the closing rest
    (:func:`_landed_at_rest`): closed floor to floor at the rest first, then just after the
    last point past its highest where the vertical acceleration exceeded STILL_ACCEL_MPS2 (the
    landing: the stillness detector finds the rest's start later, the load lying still by
    then)."""
    m = a_vert.shape[0]
    i0 = cuts[-1] if cuts else 0
    v = _closed_at_landings(a_vert, dt, v0, cuts + [m - 1], from_impact)
    h = cumulative_trapezoid0(v[i0:], dt)
    top = i0 + int(np.argmax(h))
    moving = (np.abs(a_vert[top:]) > STILL_ACCEL_MPS2).nonzero()[0]
    land = top + int(moving[-1]) + 1 if moving.size else m - 1
    if land < m - 1:
        v = _closed_at_landings(a_vert, dt, v0, cuts + [land], from_impact)
        return v, cuts + [land]
    return v, cuts + [m - 1]


def _closed_at_landings(a_vert: np.ndarray, dt: float, v0: np.ndarray, cuts: list[int], from_impact: bool) -> np.ndarray:
    """Velocity (m/s) of a bar's motion to a rest with landings at ``cuts`` (ascending, at least
    one): integrated afresh from each landing, each stretch from the floor to a landing closed
    floor to floor (:func:`_floor_to_floor`), the rest after the last removed as a linear drift
    (v0: ``a_vert``, m/s^2, integrated from zero at the start)."""
    v = _integrated_from_cuts(a_vert, dt, v0, cuts)
    for i0, i1 in _floor_to_floor(cuts, from_impact):
        if i1 - i0 > 1:
            _close_height_to_landing(v[i0 : i1 + 1], dt)
    c = cuts[-1]
    v[c:] -= v[-1] * ramp01(v.shape[0] - c)
    return v


def _ran_away_cuts(a_vert: np.ndarray, dt: float, v0: np.ndarray) -> list[int] | None:
    """Landings of a touch-and-go motion from a bounce in which none was found, whose
    integration ran away, or None.

    A bounce's aliased impact may leave the velocity a metre a second off; then no landing is
    found against it (the velocity never seems to go down) and the level climbs metres through
    a whole touch-and-go set (``v0``: the vertical acceleration ``a_vert``, m/s^2, integrated
    from zero at the bounce). Where the motion closed by its rest rises beyond any pull
    (RUNAWAY_RISE_M), each cluster of upward spikes (IMPACT_G) at least a rep's time after the
    last is taken for the floor instead, if, closed floor to floor between them, every stretch
    rises like a rep (REP_MIN_RISE_M to RUNAWAY_RISE_M) and the last stays below RUNAWAY_RISE_M."""
    if float(np.max(cumulative_trapezoid0(v0 - v0[-1], dt))) <= RUNAWAY_RISE_M:
        return None
    spikes = (a_vert > IMPACT_G * STANDARD_GRAVITY).nonzero()[0]
    join = max(1, int(round(LANDING_CLUSTER_GAP_S / dt)))
    m = a_vert.shape[0]
    out: list[int] = []
    last = -(1 << 30)
    for k in spikes.tolist():
        if k - last > join:
            out.append(k + 1)
        else:
            out[-1] = k + 1
        last = k
    # (a touch-and-go rep takes this long from the floor back to it: spikes closer to the last
    # landing are its ringing)
    min_n = int(round(REP_MIN_FLOOR_TO_FLOOR_S / dt))
    kept: list[int] = []
    for c in out:
        if c - (kept[-1] if kept else 0) >= min_n and c < m - 1:
            kept.append(c)
    out = kept
    if not out:
        return None
    v = _closed_at_landings(a_vert, dt, v0, out, True)
    h = cumulative_trapezoid0(v, dt)
    for i0, i1 in zip([0] + out[:-1], out):
        peak = float(np.max(h[i0 : i1 + 1]) - h[i0])
        if not REP_MIN_RISE_M <= peak <= RUNAWAY_RISE_M:
            return None
    if float(np.max(h[out[-1]:]) - h[out[-1]]) > RUNAWAY_RISE_M:
        return None
    return out


def _close_height_to_landing(v: np.ndarray, dt: float) -> None:
    """Shift a velocity (m/s, in place) but its last point so that the height there is the
    first point's.

    The load left the floor (at a bottom turn, or at the landing before: a touch-and-go bottom)
    and lands on it again at the last point: no net rise. The impact it started with (a bounce,
    aliased at the grid rate; its ringing's other half is not a spike the impact lead takes
    out) left its velocity off by a constant from there on; that constant, not a drift, is what
    the landing's height shows.
    """
    c = v.shape[0] - 1
    # trapezoid rule: adding x to v[:c] raises the height at c by x * dt * (c - 1/2)
    h_c = float(np.add.reduce(v[:c]) - 0.5 * v[0] + 0.5 * v[c]) * dt
    v[:c] -= h_c / ((c - 0.5) * dt)


def _floor_to_floor(cuts: list[int], from_impact: bool) -> list[tuple[int, int]]:
    """(start, landing) index pairs of a motion's stretches from the floor to a landing: from
    each landing to the next, and from the start where the motion began on the floor (at a
    bottom turn, ``from_impact``), not where it began at a rest above it."""
    return list(zip([0] + cuts[:-1], cuts))[(0 if from_impact else 1):]


def _integrated_from_cuts(a_vert: np.ndarray, dt: float, v0: np.ndarray, cuts: list[int]) -> np.ndarray:
    """Velocity (m/s) integrated from zero afresh at each index in ``cuts`` (ascending; where the
    load landed), ``v0`` (the plain integral of ``a_vert``, m/s^2) before the first."""
    v = v0.copy()
    for i0, i1 in zip(cuts, cuts[1:] + [a_vert.shape[0]]):
        v[i0:i1] = cumulative_trapezoid0(a_vert[i0:i1], dt)
    return v


def segment_motion(
    t: np.ndarray, acc: np.ndarray, gyro: np.ndarray, gyro_bias: np.ndarray, rest_a: Rest, rest_b: Rest | None, dt: float, i0: int,
    base_level: float = 0.0,
    gap: np.ndarray | None = None,
    landings: bool = True,
    acc_offset: np.ndarray | None = None,
    start_impact_max: int | None = None,
    impacts: np.ndarray | None = None,
    landing_at: int | None = None,
    floor_s: float | None = None,
    offset_allowance_g: float = 0.0,
    gap_accel_mps2: float = 2.0,
    rest_mag_tol_g: float = np.inf,
) -> SegmentMotion:
    """Kinematics over grid points from rest A's last point to rest B's first point.

    ``rest_b`` None means the segment is still open (live): forward integration only, no drift removal.
    acc in g, gyro in deg/s (sensor frame), t in s. acc_offset: the accelerometer offset (g, sensor
    frame; :mod:`analysis.accel_offset`) or None: the gravity magnitude the sensor reads then
    follows the orientation through the motion (by ``acc_offset . d``), not just a blend of the
    two rests' (a hinge between two bent-over rests passes upright, where it reads differently).
    landings: the load is a bar, which lands on the floor and rings briefly: each landing resets
    the velocity; False for a back sensor (the body cushions a landing).
    start_impact_max: the segment starts at a bottom turn (the load on the floor for an instant):
    up to this many leading points of its impact carry no velocity (the floor stops the load;
    the aliased spike's integral would put a few tenths of m/s into the pull), or None.
    impacts: (M,) bool, points that are impacts (:func:`impact_points`), or None: where no
    landing explains them, the closing rest's correction goes there, not into a drift; they
    carry no horizontal velocity either (:func:`horizontal_travel`).
    landing_at: the index where the load landed, the impact lost (see :func:`_velocity_to_rest`).
    floor_s: the rest the segment starts from began on the floor this long (s) before it ended
    (right after a landing or a bounce), or None: where the load then lands in the floor's
    orientation far below that floor, that "rest" was a steady rise (:func:`_steady_rise_mps`),
    and the segment starts at the height and speed it reached (``steady_from_t``). Where no
    landing is found (the load lowered onto the floor, no impact), rest B is the landing: the
    rise must then also explain the velocity left at rest B, within STEADY_MAX_RESIDUAL_MPS.
    offset_allowance_g: with no ``acc_offset`` fitted yet, how far (g) the magnitude the sensor
    reads may move per unit chord of its turn from rest A (the stillness detector's allowance);
    gap_accel_mps2: how far (m/s^2) a lost point's acceleration may be from the interpolated one.
    With data lost, the closing rest's correction is shared between the gaps and the points
    read turned away from rest A in proportion to these (0: all into the gaps).
    rest_mag_tol_g: with ``acc_offset``, how far (g) rest B's magnitude may be from what the
    offset predicts from rest A's; what it read beyond that was acceleration.
    """
    m = t.shape[0]
    drift: tuple[np.ndarray, float] | None = None
    # a grid point's rate is the mean around its time: over [t_k, t_k+1] the trapezoid rule
    # (the rectangle rule would lag the orientation by half a step, about 2 deg in a fast hinge)
    g = gyro - gyro_bias
    if m > 1:
        q = np.concatenate((IDENTITY[None, :], integrate_gyro(0.5 * (g[:-1] + g[1:]), dt)))
    else:
        q = np.tile(IDENTITY, (m, 1))
    rate = np.sqrt(np.einsum("ij,ij->i", g, g))
    lost = gap if gap is not None and gap.any() else None
    ga = unit3(rest_a.gravity)
    qq = quat_products(q)  # (rest A's gravity and rest B's are both carried through q)
    g_fwd = fixed_vector_from_products(qq, ga)
    mag_a = norm3(rest_a.gravity)
    if rest_b is not None and m > 1:
        w = ramp01(m)
        w_a = 1.0 - w  # rest A's weight
        gb = unit3(rest_b.gravity)
        gb_ref = rotate_one_to_reference(q[-1], gb)
        # where the link lost data, the stretches between the gaps measure gravity too
        g_ref = None if lost is None else gravity_through_gaps(q, acc, rate, lost, ga, gb_ref, dt)
        if g_ref is None:
            gdir = _unit(w_a[:, None] * g_fwd + w[:, None] * fixed_vector_from_products(qq, gb_ref))
        else:
            gdir = rotate_to_sensor(q, g_ref)
        mag_b = norm3(rest_b.gravity)
        if acc_offset is not None:
            # (a rest found by its quiet alone, as a steady pull slowed into it, may have read
            # the pull's deceleration too: its magnitude is taken only as far as the offset
            # fitted to the rests allows)
            off_b = float((gb - ga) @ acc_offset)
            mag_b = min(max(mag_b, mag_a + off_b - rest_mag_tol_g), mag_a + off_b + rest_mag_tol_g)
            mag = w_a * mag_a + w * mag_b + gdir @ acc_offset - (w_a * float(ga @ acc_offset) + w * float(gb @ acc_offset))
        else:
            mag = w_a * mag_a + w * mag_b
            if lost is not None and offset_allowance_g > 0.0:
                # an offset not fitted yet reads differently as the sensor turns (its chord from A)
                d = gdir - ga
                drift = (offset_allowance_g * STANDARD_GRAVITY * np.sqrt(np.einsum("ij,ij->i", d, d)), gap_accel_mps2)
    else:
        w = None
        gdir = g_fwd
        mag = np.full(m, mag_a) if acc_offset is None else mag_a + (gdir - ga) @ acc_offset
    a_vert = (np.einsum("ij,ij->i", acc, gdir) - mag) * STANDARD_GRAVITY
    if start_impact_max:
        # (as the live integration restarted there does: the turn's point at rest, the impact
        # after it)
        a_vert[0] = 0.0
        a_vert[1:][impact_ringing(a_vert[1:], start_impact_max)[0]] = 0.0
    landed: tuple[float, ...] = ()
    h0, steady_from = 0.0, None
    if w is None:
        v = cumulative_trapezoid0(a_vert, dt)
    else:
        v, cuts = _velocity_to_rest(
            a_vert, dt, gap, landings, from_impact=bool(start_impact_max), impacts=impacts, landing_at=landing_at,
            gdir=gdir if landings else None, drift=drift)
        landed = tuple(float(t[c]) for c in cuts)
        if floor_s is not None and landings and not start_impact_max:
            if cuts and cuts[0] > 1 and gdir[cuts[0]] @ ga >= _COS_FLOOR_SAME_DEG:
                x = _steady_rise_mps(v, dt, cuts[0], floor_s)
                if x is not None:
                    v[: cuts[0]] += x
                    h0, steady_from = x * floor_s, float(t[0]) - floor_s
            elif not cuts and lost is None and m > 2 and gdir[-1] @ ga >= _COS_FLOOR_SAME_DEG:
                # no impact: the load was lowered onto the floor and the closing rest is the
                # landing. The same steady rise then explains both the miss of the floor's level
                # and the velocity left at the closing rest (the speed the rise began with)
                v0 = cumulative_trapezoid0(a_vert, dt)
                x = _steady_rise_mps(v0, dt, m, floor_s)
                if x is not None and abs(float(v0[-1]) + x) <= STEADY_MAX_RESIDUAL_MPS:
                    v = v0 + x
                    v -= v[-1] * ramp01(m)
                    h0, steady_from = x * floor_s, float(t[0]) - floor_s
    h = cumulative_trapezoid0(v, dt)
    if h0:
        h += h0
    yaw = np.einsum("ij,ij->i", g, gdir)
    # (a copy of the rows: not a view that keeps the analyzer's whole buffer alive)
    # (where the link lost data the acceleration is interpolated: no horizontal velocity either,
    # or a stall of a second reads as tenths of a metre of travel)
    unseen = impacts if lost is None else (lost if impacts is None else impacts | lost)
    travel = partial(horizontal_travel, q, acc.copy(), gdir, dt, unseen) if landings and m > 1 else 0.0
    return SegmentMotion(
        i0=i0, base_level=base_level, t=t, velocity=v, height=h, gravity_dir=gdir, rate_dps=rate, yaw_rate_dps=yaw,
        landings_t=landed, travel=travel, lost=None if lost is None else lost.copy(), steady_from_t=steady_from,
        force_g=np.sqrt(np.einsum("ij,ij->i", acc, acc)),
    )


def horizontal_travel(q: np.ndarray, acc: np.ndarray, gdir: np.ndarray, dt: float, impacts: np.ndarray | None = None,
                      turn_free: bool = False) -> np.ndarray:
    """(M,) horizontal distance (m) from the start of a motion that ends at rest, point by point.

    q (M, 4): orientation relative to the first point; acc (M, 3) specific force (g) and gdir
    (M, 3) unit gravity direction, sensor frame. The specific force less its vertical part,
    expressed in the first point's frame, is the horizontal acceleration; integrated, its
    velocity is zero at both ends (the residual removed as a linear drift). impacts (M,) bool
    or None: points that carry no horizontal velocity: impacts (:func:`impact_points`; the
    floor stops the load; the spike, aliased and often clipped, reads off-axis) and points the
    link lost (their acceleration is interpolated: integrated through a stall of a second, it
    read as tenths of a metre of travel for a bar lifted straight up). ``turn_free``: also take
    out what goes in step with the sensor's turn since the start (its rotation vector), where
    it turned TURN_FREE_MIN_DEG or more: an error in the orientation carried through a turn
    grows with the turn and leaks gravity into the horizontal. A collar's sleeve spins 10-40
    deg through a pull and its integration read 0.6 m of travel for a rep (public collar
    recordings); a bar carried while it turned as much loses its travel too, so only where the
    sleeve is known to spin.
    """
    f_ref = rotate_to_reference(q, acc)
    up_ref = rotate_to_reference(q, gdir)
    a_h = (f_ref - np.einsum("ij,ij->i", f_ref, up_ref)[:, None] * up_ref) * STANDARD_GRAVITY
    if impacts is not None:
        a_h[impacts] = 0.0
    # a tilt error in the vertical makes part of every lift read as horizontal; a load moved
    # along the floor (carried, rolled) accelerates horizontally out of step with its lift
    a_v = np.einsum("ij,ij->i", f_ref, up_ref)
    a_v -= a_v.mean()
    if impacts is not None:
        a_v[impacts] = 0.0
    # (the rotation vector since the start, rad: 2 x the quaternion's vector part, small angles)
    turn = 2.0 * q[:, 1:4] * np.where(q[:, :1] < 0.0, -1.0, 1.0) if turn_free else None
    if turn is not None and float(np.abs(turn).max(initial=0.0)) >= np.radians(TURN_FREE_MIN_DEG):
        reg = np.column_stack([a_v, turn - turn.mean(axis=0)])
        if impacts is not None:
            reg[impacts] = 0.0
        coef, *_ = np.linalg.lstsq(reg, a_h, rcond=None)
        a_h -= reg @ coef
    else:
        ss = float(a_v @ a_v)
        if ss > 0.0:
            a_h -= np.outer(a_v, (a_v @ a_h) / ss)
    v = cumulative_trapezoid0(a_h, dt)
    v -= v[-1] * ramp01(a_h.shape[0])[:, None]
    x = cumulative_trapezoid0(v, dt)
    return np.sqrt(np.einsum("ij,ij->i", x, x))
