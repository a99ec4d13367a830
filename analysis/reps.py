"""Rep segmentation over a chain of level keypoints.

The signal stage reduces a session to *keypoints*: rests (the sensor still: floor, hold, lockout)
and turning points inside a motion (touch-and-go bottoms and tops), each with a *level*, the
sensor's height in m relative to the chain start. A rep is a cycle

    floor -> (holds, each higher than the last) -> top (>= min_rom above floor) -> back down

Walking, plate loading, rolling or bumping the bar never climb ``min_rom`` and come back down,
so they never make a rep. Everything here is decided from keypoints in time order, so the same
reps come out whether data arrive sample by sample or in one block.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .bar_axis import BarAxis, tilt_about_deg
from .kinematics import FREE_FALL_G, Rest, SegmentMotion
from .settings import AnalyzerSettings


def angle_deg(a: np.ndarray, b: np.ndarray) -> float:
    """Angle between two unit vectors, deg."""
    return float(np.degrees(np.arccos(np.clip(float(a @ b), -1.0, 1.0))))


#: (bar) the sensor turns with a spinning sleeve where the up-and-down cycles judged so far, this
#: many at least, turned it this far from the floor to the lockout (median), deg: the public
#: collar recordings' 2-13 deg (median 6); a sensor on the shaft, rolled in the hands, 1-2
SLEEVE_MIN_REPS = 2
SLEEVE_SPIN_DEG = 3.0
#: ... and a low hold's turn is judged by the shaft's tilt where that median is this far, deg (a
#: sensor on the shaft of the other simulator's bar, rolled in the hands, turned 3-4 deg)
SLEEVE_HOLD_SPIN_DEG = 5.0
#: ... but no further than this between a rep's floor and its lockout or bottom, deg (the public
#: collar recordings turned 2-25 deg from floor to lockout, up to 52 to the bottom; a bar rolled
#: on the floor turns any amount)
MAX_SLEEVE_ROLL_DEG = 60.0
#: ... of the last this many cycles (a long session's memory stays bounded)
SLEEVE_RECENT_CYCLES = 50
#: three postures of a level bar lie on one roll about its axis where the middle one is within
#: this of the great circle through the other two, deg (BarAxis's inlier tolerance) ...
ROLL_PLANE_TOL_DEG = 1.5
#: ... and each is at least this far from the others, deg (closer, the circle is not pinned down:
#: a tilt would pass too)
ROLL_MIN_SPREAD_DEG = 4.0
#: ... and the bar is back at the level it left, within this, m
ROLL_FLOOR_TOL_M = 0.1


def _on_circle(a: np.ndarray, b: np.ndarray, g: np.ndarray) -> bool:
    """Whether unit direction g lies within ROLL_PLANE_TOL_DEG of the great circle through unit
    directions a and b (not parallel)."""
    n = np.cross(a, b)
    n = n / np.sqrt(float(n @ n))
    return abs(float(np.degrees(np.arcsin(min(1.0, abs(float(n @ g))))))) <= ROLL_PLANE_TOL_DEG


def _one_roll(g0: np.ndarray, g1: np.ndarray, g2: np.ndarray) -> bool:
    """Whether unit gravity directions g0, g1, g2 (sensor frame) of a bar, in that order, are
    what rolling it about one axis gives: all on one great circle (whose pole is then the axis:
    a level bar's gravity is perpendicular to its shaft however it rolled), spread apart.
    One end lifted or set down tilts the shaft and takes its posture off the circle."""
    if min(angle_deg(g0, g1), angle_deg(g1, g2), angle_deg(g0, g2)) < ROLL_MIN_SPREAD_DEG:
        return False
    return _on_circle(g0, g2, g1)


def _level_then_rolled(g0: np.ndarray, g1: np.ndarray, g2: np.ndarray) -> bool:
    """Whether unit gravity direction g2 (sensor frame) lies on the roll that the bar's two level
    postures g0 and g1 pin down (the great circle through them, at least ROLL_MIN_SPREAD_DEG
    apart): where a floor and a lockout, both level, spread that far, a bottom on their circle
    is level too, however close to either it lies (:func:`_one_roll` needs all three apart)."""
    return angle_deg(g0, g1) >= ROLL_MIN_SPREAD_DEG and _on_circle(g0, g1, g2)


def _one_end_lifted(rise_m: float, tilt_deg: float, max_pivot_m: float) -> bool:
    """Whether a bar sensor's rise (m) is no more than lifting one end of the bar, the other
    plate on the floor, could give at that tilt (deg): rise <= pivot distance * sin(tilt), with
    the sensor at most ``max_pivot_m`` from the plate that stays down."""
    return rise_m <= max_pivot_m * float(np.sin(np.radians(tilt_deg)))


@dataclass
class Keypoint:
    kind: str  # 'rest' | 'turn'
    t_start: float  # s
    t_end: float | None  # s; None while a rest is still going on
    level: float  # m
    gravity_dir: np.ndarray  # unit gravity in the sensor frame
    rest: Rest | None = None
    landed: bool = False  # a bar's low turn where it landed on the floor (an impact), or a rest just after one
    #: back: since when (s) the trunk has been in about this rest's posture (a set-up settles,
    #: hips and chest moving a little, before it is still); None: since t_start
    posture_since: float | None = None
    #: a bottom turn's: the motion (from the last anchor) that ended there, or None
    motion_to: SegmentMotion | None = field(default=None, repr=False, compare=False)
    #: back: placed by the trunk's inclination alone where the shoulders' integrated height
    #: ran away (its level set from the floor's, the velocity before it meaningless)
    by_trunk: bool = False

    def t_end_or_start(self) -> float:
        """When the keypoint ended (s), or began while it is still going on."""
        return self.t_end if self.t_end is not None else self.t_start

    def in_posture_since(self) -> float:
        """Since when (s) the trunk has been in about this keypoint's posture."""
        return self.posture_since if self.posture_since is not None else self.t_start


@dataclass(frozen=True)
class RepCandidate:
    floor: Keypoint
    holds: tuple[Keypoint, ...]
    top: Keypoint
    bottom: Keypoint
    segments: tuple[SegmentMotion, ...]


@dataclass
class RepTracker:
    settings: AnalyzerSettings
    check_trunk_rotation: bool = False
    state: str = "idle"  # 'idle' | 'rising' | 'up'
    floor: Keypoint | None = None
    holds: list[Keypoint] = field(default_factory=list)
    top: Keypoint | None = None
    segments: list[SegmentMotion] = field(default_factory=list)
    _prev: Keypoint | None = None
    _top_since: float = 0.0
    _top_visits: int = 0
    _last_rep_bottom: Keypoint | None = None
    _last_rep_top: Keypoint | None = None  # (back) the last rep's top: its lockout posture
    _rises: list[float] = field(default_factory=list)
    #: (bar) how far each recent up-and-down cycle judged as a rep (counted or not) turned the
    #: sensor from the floor to the lockout, deg
    _cycle_turns: list[float] = field(default_factory=list)
    #: bar placement: the bar's axis in the sensor frame, learnt from its rests
    _axis: BarAxis = field(default_factory=BarAxis)
    _usual_rise_n: int = -1
    _usual_rise_m: float = 0.0
    #: the rest the last rise to the top started from (the floor, a hold, a rest at the top)
    _rise_from: Keypoint | None = None
    #: (bar) the last keypoint known to be on the floor: where it landed, or a rep's bottom
    _ground: Keypoint | None = None
    #: (back) the floor before the last change of posture by a hinge or more (where the lifter
    #: stood before bending into a set-up)
    _posture_before: Keypoint | None = None
    #: the keypoint the tracker gave up a "top" or a motion at (stood there too long, moved on
    #: too long: walking, carrying), made the floor
    _given_up_at: Keypoint | None = None
    #: (back) the last hold the tracker took on the shoulders' small rise alone, the trunk in
    #: the set-up's posture (:meth:`_lifted_into_low_hold`); if held too briefly to report, the
    #: pull started from it (the set-up still)
    _low_hold: Keypoint | None = None
    #: (back) before the first rep, the posture of the last rest held longer than any set-up
    #: (``max_setup_s``): the lifter standing (or seated), upright near enough to tell a bend
    #: down from a pull up
    _long_rest: Keypoint | None = None

    def reset(self) -> None:
        self.state, self.floor, self.holds, self.top, self.segments = "idle", None, [], None, []
        self._prev = None

    def add_segment(self, seg: SegmentMotion) -> None:
        self.segments.append(seg)

    def _same_hold(self, a: Keypoint, b: Keypoint) -> bool:
        s = self.settings
        gap_s = b.t_start - a.t_end_or_start()
        if gap_s >= s.hold_merge_s:
            # a back sensor trembling under load in a hold (over a link that delivers few
            # samples) breaks the rest for a second or more: where the trunk kept its posture
            # all the way through (both rests read it, and the gyroscope never saw it leave),
            # it is one hold
            if not (self.check_trunk_rotation and gap_s < s.back_hold_merge_s and angle_deg(a.gravity_dir, b.gravity_dir) <= s.min_hold_turn_deg):
                return False
            widest = self._widest_turn_between_deg(a, b)
            # (the shoulders' level integrated through a second or two of trembling drifts by
            # tenths of a metre; where the trunk never left the posture by half the posture's
            # sway, it is the same hold whatever that level says)
            return widest <= s.min_hold_turn_deg and (
                self.state == "up" or abs(b.level - a.level) < 2 * s.hold_min_rise_m or widest <= s.min_hold_turn_deg / 2
            )
        if abs(b.level - a.level) < s.hold_merge_m:
            return True
        # a back sensor's shoulder level, integrated through the sway that broke the rest, is a
        # few cm off; the trunk's posture is not: still in it (within the posture's noise), the
        # lifter is still in the hold (on the way up, a pull risen twice a hold's rise is another
        # stop: just off the floor the trunk turns little; at the top, standing is standing).
        # A rest read lower, where the gyroscope saw the trunk keep the posture all through the
        # break (within half its sway), is the hold however much lower: a trembling trunk over a
        # slow link drifts the level by tenths of a metre in a second, and a pull goes on up
        return (
            self.check_trunk_rotation and self._turned_between_deg(a, b) <= s.min_hold_turn_deg
            and (self.state == "up" or abs(b.level - a.level) < 2 * s.hold_min_rise_m
                 or (b.level < a.level and self._widest_turn_between_deg(a, b) <= s.min_hold_turn_deg / 2))
        )

    def _turned_between_deg(self, a: Keypoint, b: Keypoint) -> float:
        """How far (deg) the sensor tilted from rest ``a`` to the later rest ``b``: by the
        gyroscope over the motion between them where one spans the gap (each rest's gravity is
        the mean of a noisy specific force over a short window: a shaking sensor's two means
        may lie degrees apart where it hardly turned), else between the rests' gravity."""
        d = self._gravity_dirs_between(a, b)
        return angle_deg(a.gravity_dir, b.gravity_dir) if d is None else angle_deg(d[0], d[-1])

    def _widest_turn_between_deg(self, a: Keypoint, b: Keypoint) -> float:
        """How far (deg) the sensor tilted at most, by the gyroscope, from the end of rest ``a``
        over the motion up to the later rest ``b`` (infinite where no motion segment spans it)."""
        d = self._gravity_dirs_between(a, b)
        return np.inf if d is None else float(np.degrees(np.arccos(np.clip(d @ d[0], -1.0, 1.0).min())))

    def _span_between(self, a: Keypoint, b: Keypoint) -> tuple[SegmentMotion, int, int] | None:
        """The motion segment that spans the end of rest ``a`` to the start of rest ``b``, with the
        indices of those two times in it, or None where no segment spans it."""
        t0, t1 = a.t_end_or_start(), b.t_start
        for g in self.segments:
            if g.t[0] <= t0 + 1e-6 and g.t[-1] >= t1 - 1e-6 and g.t.shape[0] > 1:
                i0, i1 = np.searchsorted(g.t, [t0, t1])
                i1 = min(int(i1), g.t.shape[0] - 1)
                return g, min(int(i0), i1), i1
        return None

    def _gravity_dirs_between(self, a: Keypoint, b: Keypoint) -> np.ndarray | None:
        """Gravity directions (M, 3; sensor frame, carried by the gyroscope) of the motion segment
        that spans the end of rest ``a`` to the start of rest ``b``, from one to the other, or None
        where no segment spans it."""
        span = self._span_between(a, b)
        if span is None:
            return None
        g, i0, i1 = span
        return g.gravity_dir[i0 : i1 + 1]

    def _trunk_rose_past_hold(self, f: Keypoint, top: Keypoint, k: Keypoint, min_turn: float | None = None) -> bool:
        """Back placement: the rest ``k`` after the rest taken for the ``top`` turned the trunk on,
        away from the floor posture ``f``, by a further rep's hinge (``min_trunk_rotation_deg``,
        or ``min_turn``, deg): the top was a hold below the lockout (a lockout is upright; nobody
        leans back that far)."""
        if not (self.check_trunk_rotation and top.kind == "rest" and k.kind == "rest"):
            return False
        s = self.settings
        turn = s.min_trunk_rotation_deg if min_turn is None else min_turn
        to_top, to_k = angle_deg(f.gravity_dir, top.gravity_dir), angle_deg(f.gravity_dir, k.gravity_dir)
        on = angle_deg(top.gravity_dir, k.gravity_dir)
        # on the way it went (floor, hold and top on one great circle: the same hinge, not a
        # turn or a lean aside), and no further than a hinge goes
        return (
            on >= turn and to_k - to_top >= turn
            and to_top + on - to_k <= s.min_hold_turn_deg * 2 and to_k <= s.max_trunk_rotation_deg
        )

    def _hold_min_rise_m(self, f: Keypoint) -> float:
        """How far (m) above floor ``f`` a rest must sit to be a hold: less for a bar that lay
        still there (a rest, not a landing) than where the floor's level is a turn's or a
        landing's."""
        s = self.settings
        if not self.check_trunk_rotation and f.kind == "rest" and not f.landed:
            return s.hold_min_rise_off_rest_m
        return s.hold_min_rise_m

    def _points_between(self, name: str, t0: float, t1: float) -> np.ndarray:
        """The motions' per-point series ``name`` (a :class:`SegmentMotion` field: ``velocity``
        m/s, ``force_g`` g) at their points from time t0 to t1 (s), in order; motions that do not
        carry it are left out."""
        parts = [
            x[(g.t >= t0) & (g.t <= t1)]
            for g in self.segments
            if g.t[-1] >= t0 and g.t[0] <= t1 and (x := getattr(g, name)) is not None
        ]
        return np.concatenate(parts) if parts else np.zeros(0)

    def _velocity_between(self, t0: float, t1: float) -> np.ndarray:
        """The motions' velocity (m/s) at their points from time t0 to t1 (s), in order."""
        return self._points_between("velocity", t0, t1)

    def _velocity_since(self, prev: Keypoint | None, k: Keypoint) -> np.ndarray:
        """The velocity (m/s) in the motion between ``prev`` (None: all before) and ``k``."""
        return self._velocity_between(-np.inf if prev is None else prev.t_end_or_start(), k.t_start)

    def _peak_abs_speed_between(self, t0: float, t1: float) -> float:
        """Highest vertical speed (m/s), up or down, in the motions from time t0 to t1 (s)."""
        v = self._velocity_between(t0, t1)
        return float(np.abs(v).max()) if v.size else 0.0

    def _peak_speed_since(self, prev: Keypoint | None, k: Keypoint) -> float:
        """Highest upward velocity (m/s) in the motion between ``prev`` and ``k``."""
        v = self._velocity_since(prev, k)
        return max(0.0, float(v.max())) if v.size else 0.0

    def _ground_up(self, prev: Keypoint | None, f: Keypoint, k: Keypoint) -> bool:
        """(bar) Whether the motion from ``prev`` to rest ``k`` is a near-maximal pull grinding up
        from floor ``f``, however slowly its peak reads: a rep's rise (``grind_min_rise_frac``
        of the usual one, before any rep ``grind_min_rise_m``; a bar lifted at one end to slide
        plates on rises less), never lowered on the way, its velocity speeding up and slowing
        down about once (its changes, summed unsigned, within ``slow_pull_max_dv_ratio`` of its
        top speed) and the bar turned less than ``slow_pull_max_turn_deg``. Integration drift
        creeps without that shape; a bar shaken, rolled or lifted at one end has not."""
        s = self.settings
        usual = self.usual_rise()
        need = s.grind_min_rise_frac * usual if usual > 0 else s.grind_min_rise_m
        if self.check_trunk_rotation or k.level < f.level + max(s.min_rom_m, need):
            return False
        v = self._velocity_since(prev, k)
        if v.size < 2:
            return False
        top = float(v.max())
        return (
            top >= s.slow_pull_speed_mps and float(v.min()) > -s.slow_pull_speed_mps
            and float(np.abs(np.diff(v)).sum()) <= s.slow_pull_max_dv_ratio * top
            and not self._bar_turned_too_far(f, k, s.slow_pull_max_turn_deg, roll_free=False)
        )

    def _in_flight(self, f: Keypoint, top: Keypoint) -> bool:
        """Whether the load was near free fall (a specific force below FREE_FALL_G) at more than
        two thirds of the points from ``f`` to ``top`` that are no impact (below 1 +
        ``impact_min_g``): thrown, not lifted. From a stop to the top the specific force averages
        gravity's (the impulse), so coasting that much of the way needs a pull of 3 g or more the
        rest of it, which no loaded bar gets; a bar dropped at the end of a set bounces off its
        plates and flies tenths of a metre up, reading near zero all the way."""
        x = self._points_between("force_g", f.t_end_or_start(), top.t_start)
        n = int(np.count_nonzero(x < 1.0 + self.settings.impact_min_g))
        fall = int(np.count_nonzero(x < FREE_FALL_G))
        return n > 0 and 3 * fall > 2 * n

    def _horizontal_travel_m(self, floor: Keypoint, bottom: Keypoint) -> float:
        """Farthest horizontal excursion (m) of the motions from ``floor`` to ``bottom``, each
        from where it started (see SegmentMotion.horizontal_travel_m); the motion the bottom
        lies in (a turn before the closing rest, or the rest's estimated start) up to there."""
        t0, t1 = floor.t_start, bottom.t_end_or_start()
        # (a collar's spinning sleeve: what goes in step with its turn is the orientation's error)
        spins = self._sleeve_spins()
        return max((g.horizontal_travel_until(t1, turn_free=spins) for g in self.segments if t0 <= g.t[0] < t1), default=0.0)

    def _bobbed(self, stops: Sequence[Keypoint]) -> bool:
        """Bar placement: whether the bar's velocity reversed ``max_stretch_reversals`` times or
        more in one stretch between consecutive ``stops`` (floor, holds, top): up faster than
        ``reversal_speed_mps``, then down faster than that, again and again. A pull lifts the bar
        from one stop to the next (it may dip once: a hitch, a settle into a hold); a bar bobbing
        up and down is held in the hands, one end lifted to load plates or carried with the
        gait's bob, and the integration's drift over that wobble makes the "rise". Only stretches
        that start at rest count: after a touch-and-go bounce (a turn) the aliased impact rings
        through the velocity."""
        s = self.settings
        for a, b in zip(stops[:-1], stops[1:]):
            if a.kind != "rest":
                continue
            v = self._velocity_between(a.t_end_or_start(), b.t_start)
            sign = (v > s.reversal_speed_mps).astype(np.int8) - (v < -s.reversal_speed_mps)
            sign = sign[sign != 0]
            if np.count_nonzero((sign[:-1] > 0) & (sign[1:] < 0)) >= s.max_stretch_reversals:
                return True
        return False

    def _carried_to(self, f: Keypoint) -> bool:
        """Bar placement: whether the low turn ``f`` (not the last rep's bottom) lies in a motion
        that had carried the bar further than ``max_bar_horizontal_m`` from where it started,
        by the time of ``f``: a bar walked somewhere and set down there, not a set-up."""
        if f.kind != "turn" or f is self._last_rep_bottom:
            return False
        t = f.t_start
        lim = self.settings.max_bar_horizontal_m
        motions = self.segments if f.motion_to is None else [*self.segments, f.motion_to]
        return any(g.t[0] <= t <= g.t[-1] and g.horizontal_travel_until(t) > lim for g in motions)

    def _turned_on_the_spot_deg(self, t0: float, t1: float) -> float:
        """How far (deg) the sensor turned about the vertical between times t0 and t1, s, at
        most (the spread of its heading: turning away and back counts; the motions only: at rest
        it does not turn)."""
        heading, lo, hi = 0.0, 0.0, 0.0
        for seg in self.segments:
            if seg.t[-1] <= t0 or seg.t[0] >= t1:
                continue
            m = (seg.t >= t0) & (seg.t <= t1)
            if m.sum() > 1:
                y, tt = seg.yaw_rate_dps[m], seg.t[m]
                path = heading + np.cumsum(0.5 * (y[1:] + y[:-1]) * np.diff(tt))
                lo, hi = min(lo, float(path.min())), max(hi, float(path.max()))
                heading = float(path[-1])
        return hi - lo

    def _setup_went_on(self, f: Keypoint) -> bool:
        """Back: whether the first hold after floor ``f`` (a rest held too briefly for a set-up)
        kept the trunk in ``f``'s posture (within ``min_hold_turn_deg``), and the two together
        make a set-up held ``min_setup_s``: the lifter still settling, not a hold off the floor."""
        if not self.holds:
            return False
        h = self.holds[0]
        return (
            h.kind == "rest" and h.t_end is not None and h.in_posture_since() <= f.t_end_or_start()
            and angle_deg(f.gravity_dir, h.gravity_dir) <= self.settings.min_hold_turn_deg
            and h.t_end - h.in_posture_since() >= self.settings.min_setup_s
        )

    def _lifted_into_low_hold(self, f: Keypoint, prev: Keypoint | None, k: Keypoint) -> bool:
        """(back) Whether rest ``k`` after set-up rest ``f`` is a hold just off the floor that
        neither the shoulders' level nor the trunk's turn shows: a bar paused a few cm up. The
        knees extend and the trunk keeps its posture (within ``min_hold_turn_deg``), the
        shoulders rise ``low_hold_min_rise_m`` at least, and they rose at
        ``min_hold_lift_speed_mps`` at least on the way (the bar broken off the floor; a set-up
        settling moves the hips and chest more slowly), from a set-up a pull may start from."""
        s = self.settings
        return (
            self._lifted_from_setup(f, prev, k)
            and k.level - f.level >= s.low_hold_min_rise_m
            and angle_deg(f.gravity_dir, k.gravity_dir) <= s.min_hold_turn_deg
        )

    def _lifted_from_setup(self, f: Keypoint, prev: Keypoint | None, k: Keypoint) -> bool:
        """(back) Whether rest ``k`` came after set-up rest ``f``, one a pull may start from,
        with the shoulders rising at ``min_hold_lift_speed_mps`` at least on the way (the bar
        broken off the floor; a set-up settling moves the hips and chest more slowly): what a
        hold just off the floor needs, whatever its posture and level then tell."""
        return (
            self.check_trunk_rotation and k.kind == "rest" and f.kind == "rest"
            and self._pull_may_start_from(f)
            and self._peak_speed_since(prev, k) >= self.settings.min_hold_lift_speed_mps
        )

    def _pull_may_start_from(self, f: Keypoint) -> bool:
        """Whether a back's pull may start from floor keypoint ``f``: the last rep's bottom, a
        turn, or a set-up held at least ``min_setup_s`` (a shorter rest is the trunk settling
        into the set-up; it still moves on)."""
        if f.kind != "rest" or f.t_end is None or self._last_rep_bottom is f:
            return True
        return f.t_end - f.in_posture_since() >= self.settings.min_setup_s

    def _paused_on_the_way(self, holds: Sequence[Keypoint]) -> bool:
        """(back) Whether a rep with ``holds`` paused on the way up: one of them held
        ``min_hold_s`` or more (a shorter stop is a hitch, or the set-up still settling)."""
        return any(h.t_end is not None and h.t_end - h.t_start >= self.settings.min_hold_s for h in holds)

    def _held_past_any_set_up(self, k: Keypoint) -> bool:
        """(back) Whether rest ``k`` was held still longer than any braced set-up
        (``max_setup_s``): the lifter standing, seated or stretching, no set-up."""
        return k.kind == "rest" and k.t_end is not None and k.t_end - k.t_start > self.settings.max_setup_s

    def is_last_rep_bottom(self, k: Keypoint) -> bool:
        """Whether keypoint ``k`` is the last rep's bottom (the next rep's floor)."""
        return self._last_rep_bottom is k

    def last_rep_bottom(self) -> Keypoint | None:
        """The last rep's bottom (the next rep's floor), or None."""
        return self._last_rep_bottom

    def usual_rise(self) -> float:
        """Median rise (m) of the last five reps, 0 before any."""
        return self._usual_rise() if self._rises else 0.0

    def _upright_dir(self) -> np.ndarray | None:
        """(back) Unit gravity (sensor frame) of the trunk upright as far as known: the last
        rep's lockout, or before any rep the last rest held longer than a set-up; None before
        either."""
        up = self.last_lockout_dir()
        if up is None and self._long_rest is not None:
            up = self._long_rest.gravity_dir
        return up

    def _standing(self, f: Keypoint) -> bool:
        """(back) Whether floor ``f`` was the lifter standing: the trunk within
        ``min_upright_rotation_deg`` of upright (as far as known, :meth:`_upright_dir`). No pull
        starts there, and no hold or top follows whatever the shoulders' integrated level says."""
        up = self._upright_dir()
        return up is not None and angle_deg(up, f.gravity_dir) < self.settings.min_upright_rotation_deg

    def _set_up_within_a_hinge(self, f: Keypoint) -> bool:
        """(back) Whether floor ``f`` may be a deadlift's set-up: within ``max_trunk_rotation_deg``
        of the last counted rep's lockout posture (the lifter upright), or of a rest held longer
        than any set-up since (standing between sets, or seated); true before the first rep,
        whose lockout nothing tells yet (a rest held over 8 s may have been the lifter lying
        down). A set-up inclines the trunk to about horizontal at most; a bend to pick a plate up
        off the floor, or a forward fold, goes further."""
        last = self._last_rep_top
        if last is None:
            return True
        lim = self.settings.max_trunk_rotation_deg
        if angle_deg(last.gravity_dir, f.gravity_dir) <= lim:
            return True
        lr = self._long_rest
        return lr is not None and lr.t_start > last.t_start and angle_deg(lr.gravity_dir, f.gravity_dir) <= lim

    def last_lockout_dir(self) -> np.ndarray | None:
        """(back) Unit gravity (sensor frame) at the last rep's lockout: the trunk upright, or
        None before the first rep."""
        return None if self._last_rep_top is None else self._last_rep_top.gravity_dir

    def hinged_from_bottom(self, f: Keypoint | None, g_dir: np.ndarray, from_setup: bool = False) -> bool:
        """Whether a back's trunk in posture ``g_dir`` (unit gravity, sensor frame) has turned
        through a hinge (at least ``min_trunk_rotation_deg``) from floor ``f``, the last rep's
        bottom: the lifter stood up with the bar, the next rep's pull, whatever the integrated
        level says (the plates' jolt at each touch-and-go, aliased at the grid rate, spoils the
        shoulders' integration by tenths of a m/s; the gyroscope's inclination does not drift
        over a rep). A pull extends the trunk: it turns towards the last rep's lockout posture
        (hips rising first incline it further: no pull)."""
        if not self.check_trunk_rotation or f is None or angle_deg(f.gravity_dir, g_dir) < self.settings.min_trunk_rotation_deg:
            return False
        return self._turned_towards_lockout(f, g_dir, from_setup)

    def _turned_towards_lockout(self, f: Keypoint, g_dir: np.ndarray, from_setup: bool = False) -> bool:
        """(back) Whether posture ``g_dir`` lies from floor ``f``'s the way the lockout does:
        the last rep's lockout if ``f`` is its bottom, or (``from_setup``) where the lifter stood
        before bending into the set-up ``f`` held still."""
        if self._last_rep_bottom is f:
            top = self._last_rep_top
        elif from_setup and f.kind == "rest" and f.t_end is not None and self._pull_may_start_from(f):
            # a set-up held still: the pull turns the trunk back towards where it stood before
            # bending into it
            top = self._posture_before
        else:
            return False
        # (turned the way the floor's posture lies from that lockout's: a lockout caught half-way
        # up, a touch-and-go top found early, is overshot, not turned away from)
        return top is not None and float((g_dir - f.gravity_dir) @ (top.gravity_dir - f.gravity_dir)) > 0.0

    def _bent_into_new_posture(self, hold: Keypoint, k: Keypoint) -> bool:
        """(back) Whether rest ``k`` after ``hold`` is a new posture, not the pull from that
        hold going on: the trunk turned through a hinge with the shoulders not risen, and not
        towards upright (a lifter standing at ease, taken for a floor, then bending into a
        set-up). Upright as far as known: the last rep's lockout, or before the first rep the
        last rest held longer than a set-up (:meth:`_upright_dir`; the shoulders' level
        integrated through a first paused rep's trembling hold may read its lockout lower)."""
        s = self.settings
        if not self.check_trunk_rotation or k.kind != "rest" or angle_deg(hold.gravity_dir, k.gravity_dir) < s.min_trunk_rotation_deg:
            return False
        if k.level >= hold.level + s.hold_min_rise_m:
            return False
        up = self._upright_dir()
        return up is None or angle_deg(up, k.gravity_dir) >= angle_deg(up, hold.gravity_dir)

    def top_unhinged(self) -> bool:
        """(back) Whether the current top (at the top: state 'up') had not turned the trunk
        through a hinge from the floor: a hold part-way up, or the shoulders stalling early."""
        return (
            self.state == "up" and self.top is not None and self.floor is not None
            and angle_deg(self.floor.gravity_dir, self.top.gravity_dir) < self.settings.min_trunk_rotation_deg
        )

    def _max_bottom_change_deg(self, f: Keypoint, k: Keypoint) -> float:
        """How far (deg) a back rep's bottom posture ``k`` may be from floor ``f``'s: a set-up
        rest's posture is known exactly (held still), and so is a bottom the trunk rested in; the
        last rep's bottom less so (caught at its turn), and so is a touch-and-go bounce's (a
        turn: its hips meet the bar higher or lower than at the set-up)."""
        s = self.settings
        if f.kind != "rest" or self._last_rep_bottom is f or k.kind == "turn":
            return s.max_bottom_change_deg
        return s.max_setup_bottom_change_deg

    def _min_rep_turn_deg(self, f: Keypoint, top: Keypoint) -> float:
        """(back) The least the trunk turns (deg) from floor ``f`` to ``top`` in a rep:
        ``min_trunk_rotation_deg``; an upright set-up (sumo, a trap bar) turns it less, so where
        the shoulders rose a rep's height (``min_rom_m``), ``min_upright_rotation_deg`` will do."""
        s = self.settings
        return s.min_trunk_rotation_deg if top.level - f.level < s.min_rom_m else s.min_upright_rotation_deg

    def _to_idle(self, k: Keypoint) -> None:
        f = self.floor
        if self.check_trunk_rotation and f is not None and f is not k and angle_deg(f.gravity_dir, k.gravity_dir) >= self.settings.min_trunk_rotation_deg:
            self._posture_before = f
        self.state, self.floor, self.holds, self.top = "idle", k, [], None
        # keep only the motion from the new floor on
        self.segments = [s for s in self.segments if s.t[-1] > k.t_start]

    def _give_up(self, k: Keypoint) -> None:
        """Give up the top or motion the tracker was following (stood on or moved on too long):
        ``k`` becomes the floor, remembered as where it gave up (no set-up: see add_keypoint)."""
        self._to_idle(k)
        self._given_up_at = k

    def _end_lifted(self, f: Keypoint, k: Keypoint) -> bool:
        """(bar) Whether the rise from rest or low turn ``f`` to ``k`` is no more than lifting one
        end of the bar could give at the turn between them (:func:`_one_end_lifted`). Not from
        the last rep's bottom turn: the bar came down onto the floor and went straight back up,
        touch-and-go, in the lifter's hands. Nobody lets go of one end in a bounce: what rises
        from there is the whole bar, however far it rolls in the hands (and however little of the
        rise the integration kept: the rebound's speed is lost with the aliased impact)."""
        if f.kind == "turn" and f is self._last_rep_bottom:
            return False
        return _one_end_lifted(k.level - f.level, self._turn_not_spun_deg(f, k), self.settings.max_pivot_m)

    def _turn_not_spun_deg(self, a: Keypoint, b: Keypoint, spin_deg: float = SLEEVE_SPIN_DEG) -> float:
        """(bar) How far the bar turned between keypoints a and b, deg, as far as a lift or a
        handling can have turned it: where the sleeve spins (:meth:`_sleeve_spins` at
        ``spin_deg``) and the shaft's axis is known, only its tilt (the spin is a roll, which
        lifts no end); else the whole turn."""
        turned = angle_deg(a.gravity_dir, b.gravity_dir)
        if self._sleeve_spins(spin_deg):
            tilt = self._axis.tilt_between_deg(a.gravity_dir, b.gravity_dir)
            turned = turned if tilt is None else tilt
        return turned

    def _sleeve_spins(self, min_deg: float = SLEEVE_SPIN_DEG) -> bool:
        """(bar) Whether the sensor turns with a sleeve that spins through the pulls (a collar
        sensor): the up-and-down cycles judged as reps so far, the one being judged included
        (SLEEVE_MIN_REPS at least), turned it ``min_deg`` (SLEEVE_SPIN_DEG) or more from the
        floor to the lockout (median). A sensor on the shaft turns only as far as the hands roll
        it, a degree or two; a bar carried off and set down rolled is then still told by its
        turn."""
        return len(self._cycle_turns) >= SLEEVE_MIN_REPS and float(np.median(self._cycle_turns)) >= min_deg

    def _bar_turned_too_far(self, a: Keypoint, b: Keypoint, limit_deg: float, via: Keypoint | None = None,
                            roll_free: bool = True) -> bool:
        """Whether a bar turned further between keypoints a and b than a pull turns it: where its
        axis is known, its shaft tilted more than max_bar_level_tilt_deg (one end lifted); where
        also the sleeve spins (:meth:`_sleeve_spins`; and ``roll_free``), that alone, however far
        it rolled about the shaft (a sensor in a collar turns with the sleeve, which spins on its
        bearing through a pull); else more than ``limit_deg`` in all, unless a, b and ``via`` (a
        keypoint between them where the bar was level too: the lockout) all lie on one roll
        about an axis (:func:`_one_roll`, :func:`_level_then_rolled`) and b is back on the floor
        at a's level (ROLL_FLOOR_TOL_M; not a landing found by closing floor to floor, where the
        level drifted). Never further than MAX_SLEEVE_ROLL_DEG in all, tilt or roll."""
        tilt = self._axis.tilt_between_deg(a.gravity_dir, b.gravity_dir)
        spin_free = roll_free and self._sleeve_spins()
        if tilt is None and spin_free:
            # (the first reps of a collar sensor: the sleeve spun, but the rests have not yet
            # shown the axis; the postures so far and these on one circle, spread apart, do)
            axis = self._axis.provisional_axis([a.gravity_dir, b.gravity_dir] + ([] if via is None else [via.gravity_dir]))
            if axis is not None:
                tilt = tilt_about_deg(axis, a.gravity_dir, b.gravity_dir)
        if tilt is not None and tilt > self.settings.max_bar_level_tilt_deg:
            return True
        turned = angle_deg(a.gravity_dir, b.gravity_dir)
        if turned <= limit_deg:
            return False
        if turned > MAX_SLEEVE_ROLL_DEG:
            return True  # (no sleeve spins that far in a pull: the bar was rolled)
        if tilt is not None and spin_free:
            return False
        return not (
            roll_free and via is not None and not b.landed and abs(b.level - a.level) <= ROLL_FLOOR_TOL_M
            and (
                _one_roll(a.gravity_dir, via.gravity_dir, b.gravity_dir)
                or _level_then_rolled(a.gravity_dir, via.gravity_dir, b.gravity_dir)
            )
        )

    def _lost_between(self, t0: float, t1: float) -> tuple[float, float | None]:
        """Data the link lost in the motion after time t0 up to t1 (s): how long (s), and the
        time of its last lost point (None where none was lost)."""
        lost, last = 0.0, None
        for g in self.segments:
            if g.lost is None or g.t[-1] <= t0 or g.t[0] >= t1 or g.t.shape[0] < 2:
                continue
            sel = (g.lost & (g.t > t0) & (g.t <= t1)).nonzero()[0]
            if sel.size:
                lost += float(np.count_nonzero(g.t[sel] < t1)) * float(g.t[1] - g.t[0])
                t_lost = float(g.t[sel[-1]])
                last = t_lost if last is None else max(last, t_lost)
        return lost, last

    def _landed_unseen(self, top: Keypoint, prev: Keypoint | None, k: Keypoint) -> Keypoint | None:
        """A bar's rest ``prev``, at about the level of the lockout ``top`` before it, as landed
        on the floor (starting where the data resumed) where the link lost what came between,
        long enough for a descent (``min_unseen_descent_s``), and rest or turn ``k`` after it
        lies a rep's rise above it and above ``top``: the bar was lowered and pulled again, not
        held at lockout. (The height across lost data is unknown: the velocity before and after
        it is zero either way.) None where that is not so."""
        s = self.settings
        if self.check_trunk_rotation or prev is None or prev is top or prev.kind != "rest" or prev.landed:
            return None
        top_end = top.t_end_or_start()
        if prev.t_start <= top_end:
            return None
        rom = self._rom(top)
        if k.level - prev.level < 0.6 * rom or k.level - top.level < 0.5 * rom:
            return None
        lost_s, resumed = self._lost_between(top_end, prev.t_start)
        if lost_s < s.min_unseen_descent_s:
            return None
        return replace(prev, landed=True, t_start=prev.t_start if resumed is None else min(prev.t_start, resumed))

    def _bottom_unseen(self, top: Keypoint, k: Keypoint) -> Keypoint | None:
        """(back) Rest ``k`` after the lockout ``top``, in the lockout's posture (within
        ``trunk_next_bottom_deg``), where the trunk, carried by the gyroscope between them, came
        back within ``trunk_next_bottom_deg`` of the floor's posture on the way: a touch-and-go
        bottom the motion's search missed (a link that delivers few samples, the shoulders'
        integration spoilt by the plates' jolt), and ``k`` is the next rep's lockout. Returns
        that bottom (a turn where the trunk came nearest the floor's posture, at the floor's
        level), or None."""
        f = self.floor
        s = self.settings
        if not self.check_trunk_rotation or f is None or k.kind != "rest" or top.kind != "rest":
            return None
        if (
            angle_deg(top.gravity_dir, k.gravity_dir) > s.trunk_next_bottom_deg
            or angle_deg(f.gravity_dir, top.gravity_dir) < s.min_trunk_rotation_deg
        ):
            return None
        span = self._span_between(top, k)
        if span is None:
            return None
        g, i0, i1 = span
        d = g.gravity_dir[i0 : i1 + 1]
        j = int(np.argmax(d @ f.gravity_dir))
        if angle_deg(d[j], f.gravity_dir) > s.trunk_next_bottom_deg:
            return None
        t_j = float(g.t[i0 + j])
        return Keypoint("turn", t_j, t_j, f.level, d[j].copy())

    def _ended_unseen(self, top: Keypoint, bottom: Keypoint, k: Keypoint) -> RepCandidate | None:
        """The rep up to ``top`` ended at ``bottom``, a keypoint the motions did not give (found
        by :meth:`_landed_unseen` or :meth:`_bottom_unseen`), and ``k`` is the next pull's
        lockout: completes that rep (its candidate, or None), then follows the next one to ``k``."""
        self._prev = top
        cand = self.add_keypoint(bottom)
        self._prev = bottom
        self.add_keypoint(k)
        return cand

    def _lost_descent_m(self, top: Keypoint, k: Keypoint, rom: float) -> float:
        """(bar) How much of a descent from ``top`` to rest ``k`` the integration may have
        missed, m: the link lost L s of the motion, where the acceleration is unknown (up to
        ``lost_data_accel_mps2``: 1/2 a L^2 of height), at most ``lost_descent_max_frac`` of the
        rep's ``rom`` (m): a rest 0.4 of it below the top is still a visit to the top."""
        if self.check_trunk_rotation or k.kind != "rest":
            return 0.0
        s = self.settings
        lost_s, _ = self._lost_between(top.t_end_or_start(), k.t_start)
        return min(0.5 * s.lost_data_accel_mps2 * lost_s * lost_s, s.lost_descent_max_frac * rom)

    def _rom(self, top: Keypoint) -> float:
        """The rep's range of motion (m) for judging its descent from ``top``."""
        rom = top.level - self.floor.level  # type: ignore[union-attr]
        if self.check_trunk_rotation:
            # (a top found by the trunk's hinge may lie below min_rom: see hinged_from_bottom)
            rom = max(rom, self.settings.min_rom_m)
        elif self._rises:
            # the chain's level drifts over long motions; a descent like the last reps' will do
            rom = min(rom, self._usual_rise())
        return rom

    def lowest_bottom_level(self, margin_m: float, peak_m: np.ndarray | None = None) -> np.ndarray | float | None:
        """Level (m) below which the load cannot have come down from the top (None unless at the
        top): where it was lifted from, or as far below the top as the last reps rose where the
        integrated rise to this top fell short, less ``margin_m``. ``peak_m``: the highest level
        (m) the motion since the top had reached at each point, where higher (the top was a hold
        on the way): the level then comes point by point."""
        if self.state != "up" or self.top is None or self.floor is None:
            return None
        return self._lowest_below(self.top.level if peak_m is None else np.maximum(self.top.level, peak_m)) - margin_m

    def _lowest_below(self, top_m: np.ndarray | float) -> np.ndarray | float:
        """Level (m) below which the load cannot have come down from a top at level ``top_m``
        (m; one or point by point): where it was lifted from, or as far below the top as the last
        reps rose where the integrated rise fell short."""
        assert self.floor is not None
        rom = top_m - self.floor.level
        if self._rises:
            rom = np.maximum(rom, self._usual_rise())
        return top_m - rom

    def _usual_rise(self) -> float:
        """Median rise (m) of the last five reps (asked for at every motion block: kept until a
        rep is added)."""
        if self._usual_rise_n != len(self._rises):
            self._usual_rise_n, self._usual_rise_m = len(self._rises), float(np.median(self._rises[-5:]))
        return self._usual_rise_m

    def unheld_top_levels(self, peak_m: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
        """For a motion from the floor with no top yet (a lockout not held still), given the
        highest level (m) it had reached at each point: where a bottom now completes the rep
        (-inf until it rose ``min_rom_m``) and below which the load cannot have come down, m,
        point by point, as :meth:`descent_done_level` and :meth:`lowest_bottom_level` for that
        top. None without a floor, or once there is a top."""
        if self.state == "up" or self.floor is None:
            return None
        rise = peak_m - self.floor.level
        low = np.where(rise >= self.settings.min_rom_m, peak_m - 0.6 * rise, -np.inf)
        return low, self._lowest_below(peak_m)

    def descent_done_level(self) -> float | None:
        """Level (m) at or below which a bottom now completes the rep (None unless at the top)."""
        if self.state != "up" or self.top is None or self.floor is None:
            return None
        return self.top.level - 0.6 * self._rom(self.top)

    def top_by_floor_closure(self, k: Keypoint) -> Keypoint | None:
        """(bar) The top between the floor and ``k``, a bottom turn back on the floor at its
        integrated level, closed floor to floor (:meth:`_top_by_floor_closure`), or None."""
        return None if self.floor is None else self._top_by_floor_closure(self.floor, k)

    def _top_by_floor_closure(self, g: Keypoint, k: Keypoint) -> Keypoint | None:
        """(bar) Between ground ``g`` and a landing ``k``, both on the floor, the load went up and
        came back down to the level it left: the integrated level's drift (a false rest early in
        a slow pull that zeroed its speed, a bounce's rebound lost) is removed as a velocity error
        that grew with the time in motion, and where the load then stood at least ``min_rom_m``
        above the floor is the top, returned as a turn (the motions in between are corrected in
        place). None where it did not rise that far, or ``g`` is more than ``max_motion_s`` back."""
        s = self.settings
        t0, t1 = g.t_end_or_start(), k.t_start
        if not (0.0 < t1 - t0 <= s.max_motion_s):
            return None
        segs = sorted((x for x in self.segments if x.t[-1] > t0 and x.t[0] < t1), key=lambda x: x.t[0])
        if not segs:
            return None
        # time in motion since t0, point by point (at rest the integration does not drift)
        spans = [(max(x.t[0], t0), min(x.t[-1], t1)) for x in segs]
        moving_s = sum(b - a for a, b in spans)
        if moving_s <= 0.0:
            return None
        rate = (k.level - g.level) / moving_s  # m/s: the velocity error
        fixed = []
        best: tuple[float, float, np.ndarray] | None = None
        before = 0.0
        for x, (a, b) in zip(segs, spans):
            tau = before + np.clip(x.t, a, b) - a
            before += b - a
            # (the absolute level, base_level + height, is what is corrected: each motion's
            # base level came from the uncorrected one before it; after the landing the motion
            # is left as it was, in the frame the keypoints after it were measured in)
            h = np.where(x.t < t1, x.height - rate * tau, x.height)
            lvl = x.base_level + h
            m = (x.t >= t0) & (x.t < t1)
            if m.any():
                i = int(np.argmax(np.where(m, lvl, -np.inf)))
                if best is None or lvl[i] > best[0]:
                    best = (float(lvl[i]), float(x.t[i]), x.gravity_dir[i])
            v = x.velocity - np.where(m, rate, 0.0)
            fixed.append((x, replace(x, height=h, velocity=v)))
        if best is None or best[0] - g.level < s.min_rom_m:
            return None
        swap = {id(a): b for a, b in fixed}
        self.segments = [swap.get(id(x), x) for x in self.segments]
        return Keypoint("turn", best[1], best[1], best[0], best[2])

    def rest_ended(self, k: Keypoint) -> None:
        """Rest keypoint ``k`` (the last one added) has just ended (its t_end is set). A bar
        that lay still at a "lockout" longer than anyone stands there was put down: the floor,
        known now rather than at the next keypoint (a motion from there is a pull, not the
        descent of a rep; see add_keypoint for the same rules). A bar's rest of at least
        ``axis_rest_min_s`` also teaches the bar's axis (:class:`BarAxis`)."""
        s = self.settings
        if self.check_trunk_rotation and self._held_past_any_set_up(k):
            self._long_rest = k
        if not self.check_trunk_rotation and k.t_end is not None and k.t_end - k.t_start >= s.axis_rest_min_s:
            self._axis.add(k.gravity_dir)
        if self.check_trunk_rotation or k is not self._prev or k.t_end is None:
            return
        if self.state == "up" and self.top is not None and k.t_end - self._top_since > s.max_lockout_s:
            self._to_idle(k)
        elif self.state == "rising" and self.holds and self.holds[-1] is k and k.t_end - k.t_start > s.max_hold_s:
            self._to_idle(k)

    def add_keypoint(self, k: Keypoint) -> RepCandidate | None:
        g = self._ground
        if (
            not self.check_trunk_rotation and self.state == "idle" and self.floor is not None
            and k.level < self.floor.level - self.settings.landed_below_floor_m
        ):
            # a bar's low turn or rest far below the floor it stands on: no bar goes through the
            # floor, it lies on it there and the level drifted since (a steady pull taken for a
            # rest zeroed its speed; a landing whose impact made no turn is found by the rest
            # after it): landed, to be closed floor to floor below
            k.landed = True
        if not self.check_trunk_rotation and k.landed:
            self._ground = k
            # a landing seen with no rep since the last time the load was on the floor: the
            # level drifted; closed floor to floor, did it make a rep? (Also from the floor the
            # rep tracker stands on, where the landing's level is a rep's height above it: it
            # lies on the floor, not at a lockout; or far below it: no bar goes through the
            # floor, the level drifted down through a pull whose top no keypoint caught, as lost
            # data at a low rate leaves it between touch-and-go bounces; if it left the floor
            # long enough ago for a rep.)
            if (
                self.state == "idle" and g is not None and self.floor is not None
                and (
                    self.floor is not g
                    or (
                        (k.level - g.level >= self.settings.min_rom_m or k.level < g.level - self.settings.landed_below_floor_m)
                        and k.t_start - g.t_end_or_start() >= self.settings.min_rep_s
                    )
                )
            ):
                top = self._top_by_floor_closure(g, k)
                rose_in_rest = False
                if top is None and self.floor is not g and k.kind == "rest":
                    # closed from the rest the tracker stands on since, a "rest" where a slow
                    # pull went on (over a link that lost its lift-off, the integration had no
                    # speed to refuse it by): it made the rep whose lowering landed here, and the
                    # load left the floor where that "rest" began
                    g, rose_in_rest = self.floor, True
                    top = self._top_by_floor_closure(g, k)
                if top is not None:
                    self.state, self.floor, self.holds, self.top = "idle", g, [], None
                    self._prev = g
                    self.add_keypoint(top)
                    if rose_in_rest and self.state == "up" and self.floor is g:
                        # (a rest that ended before its last still-looking point is a steady
                        # rise from the floor, begun where the rest ends: metrics.lift_off_time)
                        self.floor = self._rise_from = replace(g, t_end=g.t_start)
        prev, self._prev = self._prev, k
        s = self.settings
        if self.state == "rising" and self.holds:
            last = self.holds[-1]
            if last.t_end is not None and last.t_end - last.t_start > s.max_hold_s:
                # nobody holds a pause that long: the bar was put down there (the floor, its
                # level a little off after the motion before)
                self._to_idle(last)
        elif self.state == "up" and self.top is not None and self.top.t_end is not None:
            if self.top.t_end - self.top.t_start > s.max_lockout_s:
                self._to_idle(self.top)  # nor stands at lockout that long: the same
        f = self.floor
        if f is None:
            self._to_idle(k)
            return None
        if prev is not None:
            prev_end = prev.t_end_or_start()
            if k.t_start - prev_end > s.max_motion_s and (self.state != "up" or k.level >= self.top.level):  # type: ignore[union-attr]
                # one unbroken motion this long is walking, carrying, rolling: not a pull.
                # (A long motion that ends low may still be the descent of the current rep.)
                self._give_up(k)
                return None
        if self.state == "idle":
            if (
                f.kind == "turn" and k.kind == "rest" and not self.hinged_from_bottom(f, k.gravity_dir)
                and (
                    (k.level - f.level < s.floor_settle_m and k.t_start - f.t_start < s.floor_settle_s)
                    # (a back's trunk still in the bottom's posture: the set-up settling, its
                    # shoulders' level integrated through the settle a few cm off; a hold turns
                    # the trunk, see below)
                    or (
                        self.check_trunk_rotation and k.level - f.level < s.min_rom_m
                        and angle_deg(f.gravity_dir, k.gravity_dir) <= s.min_hold_turn_deg
                    )
                )
            ):
                # the bottom turn was the landing; the rest right after it is the floor itself
                # (and the last rep's bottom, if the turn was; not where the trunk has turned
                # through a hinge since: that is the next pull's lockout)
                was_bottom = self._last_rep_bottom is f
                k.t_start = min(k.t_start, f.t_start)  # on the floor since the turn
                self._to_idle(k)
                if was_bottom:
                    self._last_rep_bottom = k
                return None
            if (
                self.check_trunk_rotation and k.kind == "rest" and f.kind == "rest"
                and k.in_posture_since() <= f.t_end_or_start() and angle_deg(f.gravity_dir, k.gravity_dir) <= s.min_hold_turn_deg
            ):
                # the trunk stayed in the posture of the rest before, moving a little (a set-up
                # settling: a trunk turning a few deg/s is no rest): the same set-up (or bottom)
                k.posture_since = f.in_posture_since()
                # (the last rep's bottom still, where it becomes the floor; a hold above it is
                # one the pull from that bottom stopped at)
                same_bottom = self._last_rep_bottom is f
            else:
                same_bottom = False
            if self.check_trunk_rotation and k.kind == "rest" and self._standing(f):
                self._to_idle(k)  # standing still, or bent into the set-up
                return None
            hold_rise = self._hold_min_rise_m(f)
            if (
                k.level > f.level + hold_rise and not k.by_trunk and self._peak_speed_since(prev, k) < s.min_pull_speed_mps
                and not self._ground_up(prev, f, k)
            ):
                self._to_idle(k)  # the level crept up (integration drift), nothing was pulled
                if same_bottom:
                    self._last_rep_bottom = k
                return None
            if not self.check_trunk_rotation and k.level > f.level + hold_rise:
                if (
                    self._bar_turned_too_far(f, k, s.max_bar_tilt_deg)
                    # (a collar's sleeve spins through the first centimetres of the pull too: a
                    # hold is told by the shaft's tilt where the spin is plain and the axis known)
                    or (k.level < f.level + s.min_rom_m and self._turn_not_spun_deg(f, k, SLEEVE_HOLD_SPIN_DEG) > s.max_hold_turn_deg)
                    or (k.level >= f.level + s.min_rom_m and self._end_lifted(f, k))
                ):
                    # the bar was rolled or one end lifted (or re-gripped on the floor): not a pull
                    self._to_idle(k)
                    return None
            if k.level >= f.level + s.min_rom_m or self.hinged_from_bottom(f, k.gravity_dir):
                self.state, self.top, self.holds = "up", k, []
                self._rise_from = f
                self._top_since, self._top_visits = k.t_start, 1
            elif k.kind == "rest" and k.level > f.level + hold_rise:
                self.state, self.holds = "rising", [k]
            elif (
                self.check_trunk_rotation and abs(k.level - f.level) < s.floor_settle_m
                and s.min_hold_turn_deg < angle_deg(f.gravity_dir, k.gravity_dir) < s.min_trunk_rotation_deg
                and self._lifted_from_setup(f, prev, k)
            ):
                # a back sensor barely rises when the bar stops just off the floor, but the trunk
                # has turned from the set-up: a hold (a new set-up would keep the posture). Just
                # off the floor the knees extend and the trunk turns little: turned through a
                # rep's hinge, it is a new posture (bent over into a set-up), not a hold
                self.state, self.holds = "rising", [k]
            elif self._lifted_into_low_hold(f, prev, k):
                self.state, self.holds = "rising", [k]
                self._low_hold = k
            elif (
                self.check_trunk_rotation and k.kind == "turn" and self._last_rep_bottom is f and k.level > f.level
                and self._turned_towards_lockout(f, k.gravity_dir)
            ):
                # the shoulders stalled on the way up from the last rep's bottom (the hips rising
                # first, a touch-and-go bounce's jolt in the integration): still the same pull,
                # whose hinge and speed are measured from that bottom
                self._prev = prev
            else:
                self._to_idle(k)
                if same_bottom:
                    self._last_rep_bottom = k
            return None
        if self.state in ("rising", "up") and k.kind == "rest":
            last = self.holds[-1] if self.state == "rising" else self.top
            if last is not None and last.kind == "rest" and not k.landed and self._same_hold(last, k):
                # one hold that the detector broke in two (sway, a dropped packet): merge (not a
                # bar that landed: the floor stopped it, it held nothing)
                k.t_start = last.t_start
                if self.state == "rising":
                    self.holds[-1] = k
                else:
                    self.top = k
                return None
        if self.state == "rising":
            if f.t_end is not None and k.t_start - f.t_end > s.max_concentric_s:
                self._to_idle(k)
            elif self._bent_into_new_posture(self.holds[-1], k):
                self._to_idle(k)
            elif k.level >= f.level + s.min_rom_m or self.hinged_from_bottom(f, k.gravity_dir, from_setup=True):
                # (from a set-up held still too: a pull that stopped at a hold and then turned
                # the trunk through a hinge towards where the lifter stood before bending into
                # the set-up is at its lockout, though not held still there, and the shoulders'
                # level integrated through the hold says little)
                self.state, self.top = "up", k
                self._rise_from = self.holds[-1]
                self._top_since, self._top_visits = k.t_start, 1
            elif k.kind == "rest" and k.level > self.holds[-1].level + s.hold_min_rise_m * 0.5:
                self.holds.append(k)
            elif k.level < self.holds[-1].level - s.hold_min_rise_m:
                self._to_idle(k)
            return None
        # state 'up'
        top = self.top
        assert top is not None
        top_end = top.t_end_or_start()
        bottom = self._bottom_unseen(top, k)
        if bottom is not None:
            # a touch-and-go rep's bottom the search missed: the rep ended there, and ``k`` is
            # the next rep's lockout, pulled from there
            return self._ended_unseen(top, bottom, k)
        # touch-and-go, a back sensor's trunk turning back to the last rep's bottom posture after
        # turning through a pull is at the bottom, whatever the integrated level says (it drifts
        # from rep to rep without a rest; the inclination does not: nor is it a pull that went
        # on above the top, where the top's level came out below the floor's). So is a trunk
        # come to rest back in that posture, the level drifted over the holds on the way (where
        # the top was a rep's height up, the hinge a rep needs from there: _min_rep_turn_deg).
        # So is a turn back in a set-up rest's posture (a set's first rep: a hold merged
        # through trembling may leave the lockout's level at the set-up's).
        # likewise a bar's low turn where it landed (an impact): the floor stopped it there
        trunk_down = (not self.check_trunk_rotation and k.landed) or (
            self.check_trunk_rotation
            and (self._last_rep_bottom is f or f.kind == "rest")
            and angle_deg(f.gravity_dir, k.gravity_dir) <= s.max_bottom_change_deg
            and angle_deg(f.gravity_dir, top.gravity_dir)
            >= (self._min_rep_turn_deg(f, top) if k.kind == "rest" else s.min_trunk_rotation_deg)
        )
        # a back sensor's shoulders rise little in the second half of a pull, but the trunk
        # turns on to upright: what looked like the top was a hold on the way
        rose_past = not trunk_down and k.t_start - top_end <= s.max_motion_s and self._trunk_rose_past_hold(f, top, k)
        if rose_past or (not trunk_down and k.level > top.level + s.hold_min_rise_m and k.t_start - top_end <= s.max_motion_s):
            landed = self._landed_unseen(top, prev, k)
            if landed is not None:
                # the bar came down onto the floor in data the link lost, and this is the next
                # pull's lockout: the rep ended there, and the next one starts from there
                return self._ended_unseen(top, landed, k)
            # the pull went on: what looked like the top was a hold on the way (if it stopped)
            # (a back sensor's shoulders rise a few cm from a hold at the knee to the lockout,
            # but the trunk turns on towards upright, beyond the posture's sway)
            if rose_past or (top.kind == "rest" and k.level - top.level > s.min_rom_m * 0.5) or (
                self._trunk_rose_past_hold(f, top, k, s.hold_turn_on_deg)
            ):
                self.holds.append(top)
            self.top, self._top_since, self._top_visits = k, k.t_start, 1
            self._rise_from = prev
            return None
        if k.t_start - top_end > s.max_lockout_s or k.t_start - self._top_since > s.max_lockout_s:
            self._give_up(k)  # nobody stands at lockout that long: the "top" was not one
            return None
        if (
            not trunk_down and not self.check_trunk_rotation and k.kind == "turn" and k.level < top.level
            and f is self._ground and top.level - f.level > s.max_bar_rise_m
        ):
            # a bar "risen" further than any pull from the floor it was lifted off: the level
            # ran away (a bounce's rebound integrated too fast). The low turn after that top
            # is the floor again: closed floor to floor, is there a rep?
            closed_top = self._top_by_floor_closure(f, k)
            if closed_top is not None:
                self.top = top = closed_top
                trunk_down = True
        if not trunk_down and self.top_unhinged() and self.hinged_from_bottom(f, k.gravity_dir):
            # a back's "top" that had not turned the trunk through a hinge was the shoulders
            # stalling early in the pull (the hips rising first): the top is where the trunk
            # turned through one, towards the lockout (a rest there was a hold on the way)
            if top.kind == "rest":
                self.holds.append(top)
            self.top, self._top_since, self._top_visits = k, k.t_start, 1
            return None
        if k.level > top.level and not trunk_down:
            self.top = k
        rom = self._rom(top)
        if k.level > top.level - 0.4 * rom and not trunk_down:
            if not (
                not self.check_trunk_rotation and k.kind == "rest" and prev is not None and prev.kind == "rest"
                and prev.t_start >= top_end and self._same_hold(prev, k)
                and self._peak_abs_speed_between(prev.t_end_or_start(), k.t_start) < s.stand_sway_mps
            ):
                # (a rest the detector broke in two, the bar at the same level, a collar's
                # sleeve rocking on its bearing: the same stand)
                self._top_visits += 1
            if self._top_visits > s.max_lockout_rests:
                # stepping about, carrying: a lockout is one stand, not several
                self._to_idle(k)
            return None
        if (
            self.check_trunk_rotation and not trunk_down and k.kind == "rest" and self.top_unhinged()
            and angle_deg(top.gravity_dir, k.gravity_dir) < s.hold_turn_on_deg
            and k.level <= top.level - 0.6 * rom + self._lost_descent_m(top, k, rom)
        ):
            # a back's "top" that had not turned the trunk through a hinge, and a rest "below" it
            # with the trunk still in its posture (within twice the posture's sway): the trunk
            # went neither on nor back down, the shoulders' level drifted through a trembling
            # hold. Both were the hold (merged): the pull goes on from there
            hold = top if top.kind == "rest" else (self.holds[-1] if self.holds else None)
            if hold is not None:
                k.t_start = hold.t_start
            self.holds = [h for h in self.holds if h is not hold] + [k]
            self.state, self.top = "rising", None
            return None
        if k.level <= top.level - 0.6 * rom + self._lost_descent_m(top, k, rom) or trunk_down:
            if k.t_start - top_end > s.max_lockout_s:
                self._to_idle(k)  # stood up and walked off: not a descent of the same rep
                return None
            holds = tuple(self.holds)
            if self.check_trunk_rotation and not self._pull_may_start_from(f) and self._setup_went_on(f):
                # the set-up went on in the first "hold" (its level crept up as it settled): the
                # pull started from there
                f, holds = holds[0], holds[1:]
            elif (
                self.check_trunk_rotation and holds and holds[0] is self._low_hold
                and holds[0].t_end_or_start() - holds[0].t_start < s.min_hold_s
            ):
                # a stop too brief to be a hold after the shoulders' small rise: the lifter took
                # the slack out of the bar in the set-up, and the pull started from there
                f, holds = holds[0], holds[1:]
            cand = RepCandidate(f, holds, top, k, tuple(self.segments))
            if not self.check_trunk_rotation:
                # (whether counted or not: a collar's spin shows from the first pulls, which the
                # turn they made may refuse)
                self._cycle_turns.append(angle_deg(f.gravity_dir, top.gravity_dir))
                del self._cycle_turns[:-SLEEVE_RECENT_CYCLES]
            if self.check_trunk_rotation:
                # a hinge turns the trunk; it starts from a set-up (or the last rep's bottom), and
                # returns to the same bottom posture (the bar is where it was)
                ok = (
                    self._min_rep_turn_deg(f, top) <= angle_deg(f.gravity_dir, top.gravity_dir) <= s.max_trunk_rotation_deg
                    and angle_deg(f.gravity_dir, k.gravity_dir) <= self._max_bottom_change_deg(f, k)
                    # (a rep that paused on the way up, min_hold_s or more, is no bend to pick
                    # something up, which stops only at the bottom: its set-up may have looked
                    # still only briefly, the lifter settling into it)
                    and (self._pull_may_start_from(f) or self._paused_on_the_way(holds))
                    and not self._held_past_any_set_up(f)
                    # (nor from a low turn where the tracker gave up the top before: the bottom
                    # of a bend that began elsewhere, to pick something up, to stretch; a pull
                    # starts from a set-up or the last rep's bottom, and a set-up the stillness
                    # missed is a turn after a rest or a rep, not after a top stood on too long)
                    and not (f.kind == "turn" and f is self._given_up_at)
                    and self._set_up_within_a_hinge(f)
                )
            else:
                # a pulled bar stays level; one end lifted does not
                ok = not self._bar_turned_too_far(self.holds[-1] if self.holds else f, top, s.max_bar_tilt_deg)
                ok = ok and not self._end_lifted(f, top)
                # (nor the last rise to the top, from a rest on the way: a bar set down between,
                # then one end lifted; the level since the floor has drifted over the stops)
                rf = self._rise_from
                if rf is not None and rf is not f and rf.kind == "rest" and top.level - rf.level > s.hold_min_rise_m:
                    ok = ok and not self._end_lifted(rf, top)  # (rf a rest: no bounce)
                # and comes back down onto its plates in the posture it was lifted in, up to what
                # the shaft rolls in the hands (one end set down, tilted, was the bar handled)
                ok = ok and not self._bar_turned_too_far(f, k, s.max_bar_bottom_turn_deg, via=top)
                # and goes up and down, not along (a bar carried to a rack or across the floor)
                ok = ok and self._horizontal_travel_m(f, k) <= s.max_bar_horizontal_m
                # nor starts from where a carried bar was set down (a rack, another spot): a pull
                # starts from a set-up at rest or from the last rep's bottom
                ok = ok and not self._carried_to(f)
                # and rises from stop to stop, not bobbing in the hands
                ok = ok and not self._bobbed((f, *holds, top))
            # and was lifted, not thrown (a dropped bar's bounce)
            ok = ok and not self._in_flight(f, top)
            # and nobody holding a loaded bar turns round on the spot
            f_end = f.t_end_or_start()
            max_turn = s.max_trunk_turn_deg if self.check_trunk_rotation else s.max_rep_turn_deg
            ok = ok and self._turned_on_the_spot_deg(f_end, k.t_start) <= max_turn
            self._to_idle(k)
            if ok:
                self._last_rep_bottom, self._last_rep_top = k, top
                if not self.check_trunk_rotation:
                    self._ground = k
                self._rises.append(float(top.level - f.level))
                if not self.check_trunk_rotation and top.kind == "turn":
                    # a counted rep's lockout: the bar level in both hands, however far the
                    # sleeve has spun (a collar sensor's floors may all lie at one roll: its
                    # lockouts show the axis). A lockout held still came in as a rest already.
                    self._axis.add(top.gravity_dir)
            return cand if ok else None
        if k.kind == "rest" and (k.t_end or k.t_start) - top_end > s.max_lockout_s:
            self._to_idle(k)
        return None
