"""The streaming analyzer: samples in (in blocks, in time order), events out.

Live sessions feed it a notification's few samples at a time; replay feeds it thousands. Inside a
block all per-sample work is vectorised; Python only loops over the few still/moving transitions.
Every decision is taken at a grid point from data up to that point, so the reps (and the events
with their ``t_s``) do not depend on how the data were split into blocks: the batch API in
:mod:`analysis.batch` is this class fed big blocks.

Pipeline: raw samples -> :class:`GridResampler` (50 Hz grid) -> :class:`StillnessDetector` ->
rests (gravity + gyro offset calibration) and the motions between them -> :func:`segment_motion`
(vertical velocity and height with zero-velocity updates) -> keypoints -> :class:`RepTracker`
-> :func:`build_rep` -> events.

While a motion is open it is integrated forward from the last rest: for the live velocity and
``rep_started``, to refuse "rests" that are a steady pull, and (bar) to find the bottom turn of a
rep as it happens, which completes the rep at once and anchors the integration like a rest.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from .events import AnalysisEvent, PauseEnded, PauseStarted, PauseTarget, RepCompleted, RepStarted, SetEnded
from .accel_offset import fit_accel_offset
from .kinematics import (
    FLOOR_SAME_DEG, IMPACT_G, IMPACT_MAX_SAMPLES, LANDING_CLUSTER_GAP_S, LANDING_MIN_DESCENT_MPS, STANDARD_GRAVITY, Rest, SegmentMotion, continue_trapezoid, RING_START, impact_ringing, impact_points, norm3, segment_motion,
)
from .metrics import build_rep, hold_start_time
from .orientation import cross3, fixed_vector_in_sensor, integrate_gyro, tilt_rate_dps
from .peaks import find_prominent_peaks
from .pull_cycles import (
    CycleRep, StretchBuffer, edge_points, find_pull_cycles, first_pull_rep, pulls_overlapping, pulls_reported,
)
from .reps import Keypoint, RepTracker, angle_deg
from .resample import GridBlock, GridResampler
from .results import AnalysisResult, Rep, SetSummary
from .settings import AnalyzerSettings
from .stillness import Decisions, StillnessDetector, trailing_runs

DEFAULT_TRUNK_TURN_DEG = 50.0  # a hinge from the set-up to lockout, before any rep was seen
DEFAULT_BAR_RISE_M = 0.45  # a deadlift's rise from the floor to lockout, before any rep was seen
LANDING_TURN_S = 0.15  # s: a low turn this close to a landing is where the load landed
TURN_EDGE_S = 0.3  # s: a turn this close to a motion's end is that end's rest, seen early
#: m: the most a back sensor's shoulders travel up or down in one motion (standing to a
#: set-up: trunk length times the cosine's change, and the hips' drop); a height integrated
#: farther went astray (see StreamingAnalyzer._trunk_cycle_turns)
BACK_HEIGHT_SPAN_MAX_M = 1.0
TRUNK_EXTREME_DEG = 2.0  # deg: a trunk this near its most upright / inclined posture has reached it
LANDED_FROM_TOP_MAX_M = 0.1  # m: a bar stopped by the floor after a steady descent moves less than this
LANDING_REST_S = 0.5  # s: a rest that began this soon after a landing is the load on the floor
#: deg: a bar lying this much nearer the floor's orientation than the lockout's has been set down
#: (the shaft rolls a degree or two in the hands; rests' orientations are known to ~0.05 deg)
FLOOR_NEARER_DEG = 0.5
LANDING_SETTLE_S = 0.1  # s: a load lying still this long after braking has landed, impact seen or not
LANDING_SETTLE_G = 0.05  # g: how far from gravity the specific force of a load lying still may read
LOCKOUT_DECEL_MPS = 0.3  # m/s: a pull decelerated this much from its fastest may be at its lockout
LOCKOUT_CALM_MPS2 = 0.3  # m/s^2: how calm the vertical acceleration of a load stopped at lockout reads
LOCKOUT_CALM_S = 0.1  # s: ... for this long
LOCKOUT_JITTER_MPS2 = 1.5  # m/s^2: or, hands jittering at the top, within this at every point (on average calm)
LOCKOUT_SLOW_MPS = 0.3  # m/s: ... where the velocity reads this slow or slower
LOCKOUT_JITTER_MAX_UNC_MPS = 1.0  # m/s: ... and the integration knows it this well
LOCKOUT_DROP_M = 0.08  # m: a load stopped at its lockout lies this near the highest level it reached, or nearer
LANDING_LOOKBACK_S = 0.3  # s: a landing found late (level at the floor) looks this far back for its impact
DESCENT_BUILD_S = 0.5  # s: a lowering reaches a landing's speed this soon (integration drift does not)
DESCENT_MEDIAN_N = 5  # grid points: a knock's ringing is shorter, a lowering's acceleration longer

PLACEMENTS = ("bar", "back")

# Per-call overhead matters here (a replay makes thousands of small calls per hour of data), so
# 1-D masks use ``mask.nonzero()[0]`` (np.flatnonzero without its ravel dispatch) and single
# 3-vectors :func:`norm3` (the bits of np.linalg.norm); every such shortcut gives the same bits.


class ForwardMotion(NamedTuple):
    """An open motion integrated forward over some grid points (see StreamingAnalyzer._forward)."""

    gyro: np.ndarray  # (N, 3) deg/s, offset-corrected, trapezoid means
    acc: np.ndarray  # (N, 3) g, specific force
    t: np.ndarray  # (N,) s
    q: np.ndarray  # (N, 4) orientation relative to the anchor
    gdir: np.ndarray  # (N, 3) unit gravity direction, sensor frame
    a: np.ndarray  # (N,) vertical acceleration, m/s^2
    v: np.ndarray  # (N,) vertical velocity, m/s
    h: np.ndarray  # (N,) height above the anchor, m
    mag_g: float  # gravity magnitude the sensor read at the anchor, g
    #: (N,) m/s per point: what impacts on the floor, zeroed in ``a``, may have added to the
    #: velocity upwards (the floor stops a load: after the impact it lies still or rises)
    up: np.ndarray
    ring: int  # the phase of a bottom turn's impact reached (kinematics.impact_ringing)
    #: (highest velocity since the anchor m/s, calm and jittery-calm points ending at the last
    #: point, the index in this stretch where the lockout zeroed the velocity or -1, the bounce's
    #: impact ringing zeroed since the anchor m/s): see _lockout_zupt
    zupt: tuple[float, int, int, int, float]
    #: (N,) m/s per point: what the integration could not see (_velocity_uncertainty; made to
    #: cancel what came before where the lockout zeroed the velocity), and (N,) bool: impacts
    du: np.ndarray
    hit: np.ndarray


@dataclass(frozen=True)
class LiveStatus:
    """A snapshot for a live display.

    phase: 'waiting' | 'idle' | 'concentric' | 'pause' | 'lockout' | 'eccentric'
    velocity_mps: current vertical velocity estimate of the sensor (m/s, up positive; None when unknown).
    hold_s: seconds the current pause has lasted (None when not in a pause).
    inclination_deg: (back sensor) how far the trunk is turned from its posture at the last rep's
    lockout (deg; None for a bar sensor and before the first rep).
    """

    t_s: float
    phase: str
    rep_count: int
    set_count: int
    velocity_mps: float | None
    hold_s: float | None
    target_pause_s: float | None
    warnings: tuple[str, ...] = ()
    inclination_deg: float | None = None


def _turn_at(seg: SegmentMotion, i: int) -> Keypoint:
    """A turn keypoint at point i of motion ``seg``: its time, level and posture."""
    t_i = float(seg.t[i])
    return Keypoint("turn", t_i, t_i, seg.base_level + float(seg.height[i]), seg.gravity_dir[i])


class StreamingAnalyzer:
    """Analyse a session block by block.

    Parameters
    ----------
    placement : 'bar' (sensor on the barbell) or 'back' (upper back).
    target_pause_s : pause target in seconds, or None.
    settings : :class:`AnalyzerSettings`; defaults are physical quantities, not tuned per sensor.
    live_pull_reps : (bar) report the reps of a continuous set (the bar never set down) found
        from its pulls while the set goes on, each when the next pull has come, not only when
        the set ends. Events only: the result is the same either way (it takes the pulls of the
        whole set; a rep reported early that the whole set does not confirm is not in it). The
        batch path, which reads only the result, turns it off.

    Usage::

        an = StreamingAnalyzer("bar", target_pause_s=2.0)
        for t, acc, gyro in blocks:       # t (N,) s; acc (N,3) g; gyro (N,3) deg/s
            for ev in an.feed(t, acc, gyro):
                ...
        events = an.finish()              # flush at end of data
        result = an.result()              # AnalysisResult (CONTRACT.md section 2)
    """

    def __init__(self, placement: str, target_pause_s: float | None = None, settings: AnalyzerSettings | None = None,
                 live_pull_reps: bool = True) -> None:
        if placement not in PLACEMENTS:
            raise ValueError(f"placement must be one of {PLACEMENTS}, got {placement!r}")
        if target_pause_s is not None and not (target_pause_s > 0):
            raise ValueError(f"target_pause_s must be > 0 seconds, got {target_pause_s!r}")
        self.placement = placement
        self.target_pause_s = target_pause_s
        self.settings = s = settings or AnalyzerSettings()
        self.dt = s.grid_dt_s
        self._rs = GridResampler(self.dt)
        self._sd = StillnessDetector(self.dt, s.stillness)
        self._w = self._sd.w
        # cos(half the turn) since the anchor within which a pull may be judged slow (_rest_refused)
        self._slow_pull_min_cos = math.cos(math.radians(s.slow_pull_max_turn_deg) / 2.0)
        self._tracker = RepTracker(s, check_trunk_rotation=(placement == "back"))
        # rolling grid buffer, absolute index of its first row in _base
        self._base = 0
        self._t = np.zeros(0)
        self._acc = np.zeros((0, 3))
        self._gyro = np.zeros((0, 3))
        self._gap = np.zeros(0, bool)  # grid points interpolated across a raw-data gap
        self._still_prev = False
        self._quiet_run = 0
        # quiet points no reference calls motion (stillness.Decisions.free_run) up to the last one
        # classified: where a rest still by override began
        self._free_run = 0
        self._off_run = 0  # quiet points the references call motion (stillness.Decisions.off_run) up to the last one classified
        # gravity at recent trusted rests (M, 3), g, sensor frame: one per orientation, newest first
        self._refs_array: np.ndarray | None = None
        self._acc_offset: np.ndarray | None = None  # g, sensor frame, fitted to the refs
        # gravity (g, sensor frame) of the open rest, from the window that found it: while the rest
        # lasts it is the reference that tells it has ended (see _decide_refs)
        self._open_ref: np.ndarray | None = None
        self._decide_refs_key: tuple[object, object] = (None, None)
        self._decide_refs_array: np.ndarray | None = None
        self._started = False
        self._n_raw = 0
        self._t_first: float | None = None
        self._t_last: float | None = None
        # calibration and rests
        self._bias: np.ndarray | None = None
        #: the bias estimate's variance ((deg/s)^2, each axis) and the time (s) it was last updated
        self._bias_var = float("inf")
        self._bias_t = 0.0
        self._rest_a: Rest | None = None  # the last finished rest (or bottom turn anchored at)
        self._level_a = 0.0
        self._open_rest_start: int | None = None
        self._open_rest_sure = 0  # first point of the open rest inside a window proven still
        self._open_rest_window = (0, 0)  # grid indices of the window that found the open rest
        self._open_kp: Keypoint | None = None
        self._anchor_kp: Keypoint | None = None  # the keypoint of the rest the motion left (the anchor)
        # m/s, the forward velocity the integration from a bottom turn had when the open rest /
        # the anchor was found (0 where the motion into it began at a rest)
        self._open_entry_v = self._anchor_entry_v = 0.0
        # s, when the bar was last on the floor for sure where the open rest / the anchor began
        # right after it (a bounce, a landing back at the level it was lifted from), else None:
        # such a "rest" may be a steady rise (kinematics._steady_rise_mps)
        self._open_floor_t: float | None = None
        self._anchor_floor_t: float | None = None
        self._last_rest_end = -1
        # live pause tracking
        self._pause_start_t: float | None = None
        #: the last provisional pause's hold keypoint start (s) and when the load arrived there (s)
        self._last_hold: tuple[float, float] | None = None
        #: (live) the recent provisional pauses: when the load arrived (s) and when the hold ended
        #: (s; None while it goes on), the last live_window_s's
        self._hold_spans: deque[tuple[float, float | None]] = deque()
        self._pause_cued = False
        # open-motion forward integration (live status, rep_started, steady pulls, bottom turns)
        self._fw_q = np.array([1.0, 0.0, 0.0, 0.0])
        self._fw_v = 0.0
        self._fw_h = 0.0
        self._fw_a = 0.0
        self._fw_vmin = 0.0  # lowest velocity since the integration started, m/s
        self._fw_hmax = 0.0  # highest height since the integration started, m (from the anchor)
        self._trunk_settled_at: float | None = None  # s, where a back's trunk settled near the bottom (see _find_trunk_bottom)
        self._trunk_settled_i = -1  # its grid point
        self._fw_hinge_t = -np.inf  # s, last time a back's trunk was turned through a hinge (see _find_trunk_bottom)
        self._fw_hinged, self._fw_descents = False, 0  # ... whether it is now, how often it came back down since
        # how far the integrated velocity may be off for what it could not see, m/s: lost data
        # and impacts (see _advance_motion)
        self._fw_v_unc = 0.0
        # ... and how much faster upwards it may be, m/s: impacts on the floor (see _forward)
        self._fw_v_up = 0.0
        # ... and, integrated from a bottom turn, the velocity (m/s) and that uncertainty (m/s)
        # just after its last impact (the floor's, a bounce's: see _rest_refused)
        self._fw_hit_v = self._fw_hit_unc = 0.0
        self._fw_hit_any = False  # whether an impact was integrated since the anchor
        self._fw_dv_abs = 0.0  # (bar) the velocity changes integrated since the anchor, summed unsigned, m/s
        # highest velocity since the anchor (m/s), calm points so far, whether a lockout zeroed
        # the velocity (see _lockout_zupt)
        self._fw_vmax, self._fw_calm, self._fw_zupt_done = 0.0, 0, False
        self._floor_until = -1  # last grid point where an impact is the floor's (see _forward)
        # the last few vertical accelerations integrated (m/s^2) and their times (s): where a
        # landing the velocity missed happened (see _find_bottom_turn)
        self._fw_a_tail = np.zeros(0)
        self._fw_t_tail = np.zeros(0)
        self._fw_v_tail = np.zeros(0)  # the last velocities integrated, m/s (see _lockout_zupt)
        self._fw_ring_unc = 0.0  # m/s: the bounce's impact ringing zeroed since the anchor (see _lockout_zupt)
        self._fw_jitter = 0  # points within LOCKOUT_JITTER_MPS2 so far (see _lockout_zupt)
        self._landing_t: float | None = None  # s, when the load found landed touched the floor
        self._moving_until = -1  # last grid point where the integrated bar was surely moving
        self._refused_until = -1  # last grid point where a rest was refused (the bar moved)
        self._turned_at = -1  # grid point of the last bottom turn (see _bottom_turn)
        self._stopped_at: int | None = None  # first grid point after that where it had stopped
        self._from_bottom_turn = False  # the integration starts at a bottom turn, not a rest
        self._impact_left = 0  # grid points after a bottom turn that may still be its impact
        self._impact_phase = RING_START  # how far that impact has rung (kinematics.impact_ringing)
        self._fw_valid = False
        self._t_decided = -np.inf  # s: no event is emitted before this data time
        self._armed = False
        self._armed_min = 0.0
        self._rep_open = False  # a rep_started was emitted and its rep not yet reported
        self._phase = "waiting"
        # results
        self._reps: list[Rep] = []
        self._level_rises: list[float] = []
        self._trunk_turns: list[float] = []  # deg, floor -> top of the reps so far (back)
        self._sets: list[SetSummary] = []
        self._set_reps: list[Rep] = []
        self._set_closed = True
        self._finished = False
        # (bar) the grid since the last long quiet rest: where the bar never rested through a set
        # (held in the hands, lowered slowly, pulled touch-and-go), the reps missed otherwise are
        # found from the pulls when the stretch ends (see pull_cycles)
        self._cyc_settings = s.pull_cycles
        self._cyc = StretchBuffer(int(self._cyc_settings.max_stretch_s / self.dt)) if placement == "bar" else None
        self._cyc_reps = 0  # reps reported before the stretch began
        #: (live) where the last rest on the floor ended, and the magnitude there (g): (grid
        #: index of the first point after it, level), or None
        self._floor_rest: tuple[int, float] | None = None
        self._cyc_judged: int | None = None  # the rest judged for ending it last
        self._cyc_judged_t = -math.inf  # ... when, s
        self._revised: dict[int, Rep] = {}  # reps reported as spanning several pulls, as the result gives them
        # (live) reps of the open stretch found from its pulls as it goes, reported already; the
        # stretch's end confirms them. Looked for when the magnitude swung as a pull's slowing
        # does, once its lockout has come (at grid point _early_due)
        self._live_cyc = live_pull_reps and self._cyc is not None
        self._early: list[Rep] = []
        self._early_due: int | None = None
        self._turn_watch: tuple[int, int] | None = None  # (from, until) grid points: a lowering's stop looked for
        self._early_rest: int | None = None  # the rest looked from last
        self._early_still = False  # (live) the pulls looked at since the bar last lay still, no rest taken
        self._recent_highs: deque[tuple[int, float]] = deque()  # (end index, highest magnitude) of recent blocks
        self._recent_lows: deque[tuple[int, float]] = deque()  # (end index, lowest magnitude) of recent blocks
        self._numbered = 0  # the numbers given to reps so far (the events' rep.index)

    # ------------------------------------------------------------------ public API
    def feed(self, t: np.ndarray, acc: np.ndarray, gyro: np.ndarray) -> list[AnalysisEvent]:
        """Consume samples: t (N,) s strictly increasing, acc (N,3) g, gyro (N,3) deg/s, sensor frame."""
        if self._finished:
            raise RuntimeError("feed() after finish()")
        t = np.asarray(t, dtype=np.float64).reshape(-1)
        if t.size == 0:
            return []
        if self._t_last is not None and t[0] <= self._t_last:
            raise ValueError(f"sample time {t[0]!r} s is not after the previous sample ({self._t_last!r} s)")
        if self._t_first is None:
            self._t_first = float(t[0])
        self._t_last = float(t[-1])
        self._n_raw += int(t.size)
        return self._process(self._rs.feed(t, acc, gyro))

    def finish(self) -> list[AnalysisEvent]:
        """End of data: release the last samples, close what is open, end the current set."""
        if self._finished:
            return []
        events = self._process(self._rs.flush())
        rest_from = self._open_rest_start
        if self._open_rest_start is not None and len(self._t):
            self._rest_ended(self._base + len(self._t), events, closing=True)
        if self._cyc is not None and len(self._t):
            end = self._base + len(self._t)
            if rest_from is not None and self._cyc.start is not None and self._cyc.start < rest_from:
                end = rest_from  # (data that ends in a rest: the bar was set down there)
            self._close_stretch(end, events, self._t_now())
        if not self._set_closed and self._set_reps:
            self._close_set(events, self._t_now())
        self._finished = True
        return events

    def result(self) -> AnalysisResult:
        """The reps and sets so far, in time order. (Reps found from a continuous set's pulls when
        it ended were reported after the reps reported during it: here they are numbered in time
        order with them, and a rep reported during it that spanned several of its pulls has its
        own pull's times and speeds; the live events kept what they reported.)"""
        dur = 0.0 if self._t_first is None or self._t_last is None else self._t_last - self._t_first
        sets = list(self._sets)
        if not self._set_closed and self._set_reps:
            sets.append(self._set_summary(len(self._sets) + 1, self._set_reps))
        reps = [self._revised.get(r.index, r) for r in self._reps]
        if self._revised:
            by_index = {r.index: r for r in reps}
            sets = [replace(st, start_s=min(by_index[k].start_s for k in st.reps), end_s=max(by_index[k].end_s for k in st.reps))
                    for st in sets]
        reps = sorted(reps, key=lambda r: r.start_s)
        number = {r.index: i + 1 for i, r in enumerate(reps)}
        if any(k != v for k, v in number.items()) or any(list(st.reps) != sorted(st.reps) for st in sets):
            # (live, reps found early from a set's pulls were numbered as reported)
            reps = [replace(r, index=i + 1) for i, r in enumerate(reps)]
            sets = [replace(st, reps=tuple(sorted(number[k] for k in st.reps))) for st in sets]
        return AnalysisResult(self.placement, tuple(sets), tuple(reps), self.target_pause_s, dur, self._n_raw)

    @property
    def gyro_bias_dps(self) -> np.ndarray | None:
        """The gyroscope's bias as estimated from the rests so far (deg/s, sensor frame), or
        None before the first rest."""
        return None if self._bias is None else self._bias.copy()

    @property
    def status(self) -> LiveStatus:
        hold = None
        if self._pause_start_t is not None:
            hold = max(0.0, self._t_now() - self._pause_start_t)
        vel = self._fw_v if (self._fw_valid and self._open_rest_start is None) else (0.0 if self._rest_a else None)
        warns = []
        if self._reps and "short_pause" in self._reps[-1].flags:
            warns.append("short pause on the last rep")
        if self._reps and "tempo_loss" in self._reps[-1].flags:
            warns.append("tempo loss on the last rep")
        return LiveStatus(
            t_s=self._t_now(),
            phase=self._phase,
            rep_count=len(self._reps) + len(self._early),
            set_count=len(self._sets) + (0 if self._set_closed and not self._early else 1),
            velocity_mps=vel,
            hold_s=hold,
            target_pause_s=self.target_pause_s,
            warnings=tuple(warns),
            inclination_deg=self._inclination_deg(),
        )

    def _inclination_deg(self) -> float | None:
        """(back) The angle (deg) between the specific force's direction now (the stillness
        window's mean: gravity at rest and in slow motion, a few degrees off while the trunk
        accelerates) and gravity at the last rep's lockout, both in the sensor frame; None for a
        bar and before the first rep."""
        if self.placement != "back":
            return None
        upright = self._tracker.last_lockout_dir()
        now = self._sd.latest_acc_mean()
        if upright is None or now is None:
            return None
        return angle_deg(upright, now / norm3(now))

    # ------------------------------------------------------------------ internals
    def _t_now(self) -> float:
        return float(self._t[-1]) if len(self._t) else (self._t_last or 0.0)

    def _tidx(self, i: int) -> float:
        return float(self._t[i - self._base])

    def _process(self, grid: GridBlock) -> list[AnalysisEvent]:
        events: list[AnalysisEvent] = []
        n = len(grid)
        if n == 0:
            return events
        feats = self._sd.features(grid.acc, grid.gyro, grid.gap_s)
        n0 = int(grid.index[0])
        if not self._started:
            self._base = n0
            self._started = True
        self._t = np.concatenate([self._t, grid.t])
        self._acc = np.vstack([self._acc, grid.acc])
        self._gyro = np.vstack([self._gyro, grid.gyro])
        self._gap = np.concatenate([self._gap, grid.gap_s > self.settings.stillness.max_gap_s])
        if self._cyc is not None:
            self._cyc.append(n0, grid.acc, grid.gap_s)
        # classify ahead with the current references and gyro offset. A transition may change
        # them (a rest that ends recalibrates) or overrule the classification (a rejected rest),
        # and then classification restarts after it; otherwise it goes on from the same arrays.
        # Points whose state is known are scanned in one run per state (up to the next transition
        # or the end of the block): the scan does not feed back into classification.
        pos = 0
        # quiet points the references call motion, ending at each point, as classified
        off_run = np.zeros(n, np.int64)
        free_run = np.zeros(n, np.int64)  # (stillness.Decisions.free_run), as classified
        scanned = n0  # absolute index of the first point not scanned yet
        horizon = 128  # grows while no transition comes
        # consecutive quiet points ending at each point of the block (does not depend on state)
        ar = np.arange(n)
        quiet_run = trailing_runs(feats.quiet, self._quiet_run, ar)
        while pos < n:
            end = min(n, pos + horizon)
            horizon = min(horizon * 2, 4096)
            # a bar set down after a rep is recognised by the short window at once; elsewhere
            # only the tremor-proof filtered window decides
            allow_fast = self._allow_fast()
            if allow_fast:
                feats = self._sd.fast_features(feats)
            refs, bias = self._decide_refs(), self._bias
            quiet_before = int(quiet_run[pos - 1]) if pos > 0 else self._quiet_run
            off_before = int(off_run[pos - 1]) if pos > 0 else self._off_run
            free_before = int(free_run[pos - 1]) if pos > 0 else self._free_run
            d = self._sd.decide(feats.slice(pos, end), refs, bias, quiet_before, allow_fast, off_before, free_before)
            off_run[pos:end] = d.off_run
            free_run[pos:end] = d.free_run
            base, pos, since = pos, end, 0
            while True:
                still = d.still(self._still_prev, since)
                flips = (still != self._still_prev).nonzero()[0]
                if flips.size == 0:
                    break
                c = since + int(flips[0])
                k = n0 + base + c
                stop = self._scan(scanned, k, self._still_prev, events)
                if stop < k:
                    # a bottom turn completed a rep: the tracker changed, decide again from there
                    scanned = stop
                    pos = stop - n0
                    break
                scanned = k
                self._free_run = int(free_run[k - n0])  # read by _rest_started
                since = c + 1
                if not self._still_prev and self._rest_refused(
                    k, np.array([self._fw_v]), np.array([self._fw_h]), np.array([self._fw_v_unc]),
                    np.array([self._fw_v_up]), d.free_run[c : c + 1], d.fast[c : c + 1],
                )[0]:
                    # a steady pull (constant velocity) looks still to the sensor, but the bar
                    # integrated from the last rest is still moving fast: not a rest (the point
                    # stays in the moving run; what follows is decided from there)
                    self._refused_until, self._stopped_at = k, None
                    # the still-looking points right after it are judged at once, on the motion
                    # integrated ahead; the ones refused too stay in the moving run (one point at
                    # a time, this costs a forward integration each: thousands an hour)
                    n_ref = self._refused_ahead(k, d.entering(since), d, since)
                    if n_ref:
                        # (as point by point: no stop is looked for among refused points)
                        self._refused_until = k + n_ref - 1
                        turned_before = self._turned_at
                        stop = self._scan(k, k + n_ref, False, events)
                        if self._turned_at != turned_before:
                            # a bottom turn (at the run's last point too, where the scan stops
                            # where it would have anyway): what follows it is judged afresh, as
                            # point by point; the points up to it were refused
                            self._refused_until = stop - 1
                            scanned = stop
                            pos = stop - n0
                            break
                        scanned = k + n_ref
                        since += n_ref
                        self._refused_until = k + n_ref
                    continue
                self._still_prev = not self._still_prev
                if self._still_prev:
                    self._rest_started(k, events, fast=bool(d.fast[c]), by_override=bool(d.by_override[c]))
                else:
                    self._rest_ended(k, events)
                if self._decide_refs() is not refs or self._bias is not bias or allow_fast != self._allow_fast():
                    pos = base + c + 1  # recalibrated: classify again from the next point
                    break
            if pos == end:
                continue
            horizon = 128
        self._quiet_run = int(quiet_run[-1])
        self._off_run = int(off_run[-1])
        self._free_run = int(free_run[-1])
        while scanned < n0 + n:
            # a bottom turn here leaves no flip stale: in motion, the tracker's change only
            # turns the short set-down window off, which can only remove entries to a rest
            scanned = self._scan(scanned, n0 + n, self._still_prev, events)
        if self._live_cyc:
            self._look_for_pulls(n0, n0 + n, events)
        self._trim()
        return events

    def _decide_refs(self) -> np.ndarray | None:
        """The gravity references classification compares with: the trusted rests, and first the
        open rest's own gravity while one is open.

        A rest at an orientation no earlier rest had (a bar rolled on the floor) is otherwise
        judged against rests tens of degrees away, whose magnitude says little (accelerometer
        offset); once it has been quiet for a while it would stay still through a slow, smooth
        pull. Its own gravity says at once that the specific force has changed. The same array
        object is returned while neither part changes (a new object means: classify again).
        """
        key = (self._refs_array, self._open_ref)
        if key[0] is self._decide_refs_key[0] and key[1] is self._decide_refs_key[1]:
            return self._decide_refs_array
        self._decide_refs_key = key
        if self._open_ref is None:
            self._decide_refs_array = self._refs_array
        elif self._refs_array is None:
            self._decide_refs_array = self._open_ref[None, :]
        else:
            self._decide_refs_array = np.concatenate((self._open_ref[None, :], self._refs_array))
        return self._decide_refs_array

    def _trim(self) -> None:
        """Drop grid rows nothing can refer to any more (keeps memory flat)."""
        keep = self._base + len(self._t) - int(self.settings.max_segment_s / self.dt) - 2 * self._w
        if self._rest_a is not None:
            keep = min(keep, self._rest_a.i_end)
        if self._open_rest_start is not None:
            keep = min(keep, self._open_rest_start)
        cut = keep - self._base
        if cut > 4096:
            self._t = self._t[cut:].copy()
            self._acc = self._acc[cut:].copy()
            self._gyro = self._gyro[cut:].copy()
            self._gap = self._gap[cut:].copy()
            self._base += cut

    # --- per-chunk scanning at constant still/moving state (time-based events, live integration)
    def _scan(self, i_from: int, i_to: int, still: bool, events: list[AnalysisEvent]) -> int:
        """Time-based events and the open motion's integration over [i_from, i_to).

        Returns where it stopped: i_to, or just after a bottom turn found in the motion (which
        changes the rep tracker, so what follows must be classified again).
        """
        if i_to <= i_from:
            return i_to
        if not still:
            i_to = self._advance_motion(i_from, i_to, events)
        t = self._t[i_from - self._base : i_to - self._base]
        if (still and self._cyc is not None and self._open_rest_start is not None and self._cyc_judged != self._open_rest_start
                and self._tracker.state == "idle"):
            # a long rest, quiet as on the floor, ends the stretch (the bar set down after a set)
            # where it began: a longer one where it began with no impact (a slow set's hold at
            # the top and slow lowering look as still). (Not inside a rep: a hold at a pause is
            # as quiet)
            # (the impact is looked for once the shorter wait has passed: before, neither ends it)
            cs, r0 = self._cyc_settings, self._open_rest_start
            hit = (t >= self._tidx(r0) + cs.stretch_rest_s).nonzero()[0]
            if hit.size and not self._cyc.jolted(r0 - int(round(cs.stretch_landing_before_s / self.dt)),
                                                 r0 + int(round(cs.stretch_landing_after_s / self.dt)),
                                                 cs.landing_impact_mps2 / STANDARD_GRAVITY):
                hit = (t >= self._tidx(r0) + cs.stretch_rest_unlanded_s).nonzero()[0]
            if hit.size:
                k = i_from + int(hit[0])
                self._cyc_judged, self._cyc_judged_t = self._open_rest_start, float(t[hit[0]])
                if self._cyc.quiet(self._open_rest_start, k + 1, self._cyc_settings.stretch_rest_quiet_g):
                    self._close_stretch(self._open_rest_start, events, float(t[hit[0]]))
        if still:
            if self._pause_start_t is not None and not self._pause_cued and self.target_pause_s is not None:
                due = self._pause_start_t + self.target_pause_s
                # the grid point nearest the due time: its event is released with the point
                # after it, dt/2 or more after the due time (never early); waiting for a point
                # at or after it released the cue a whole grid step late wherever rounding put
                # the due time a hair after a grid point's
                hit = (t >= due - self.dt / 2).nonzero()[0]
                if hit.size:
                    self._pause_cued = True
                    events.append(PauseTarget(self._event_time(float(t[hit[0]])), self.target_pause_s))
        if not self._set_closed and self._set_reps and self._tracker.state == "idle":
            due = self._set_end() + self.settings.set_gap_s
            if self._cyc is not None:
                # (bar) not while the data since the last quiet rest may hold reps its pulls
                # have still to give (a set the bar never rested in): once a rest was judged for
                # ending the stretch (in time order, whatever the blocks fed)
                judged = self._open_rest_start is not None and self._cyc_judged == self._open_rest_start
                due = max(due, self._cyc_judged_t) if judged else math.inf
                if self._early:
                    # (live) nor while reps found early from its pulls wait for the stretch's end
                    # (which puts them in the set; a set closed before would be reopened then:
                    # _enter_set)
                    due = math.inf
            hit = (t >= due).nonzero()[0]
            if hit.size:
                self._close_set(events, float(t[hit[0]]))
        return i_to

    def _event_time(self, t_grid: float) -> float:
        # a grid point is released when the first raw sample of the next bin arrives; a decision
        # about points already passed (the catch-up in _rest_ended) is taken now
        return max(t_grid + self.dt, self._t_decided)

    def _advance_motion(self, i_from: int, i_to: int, events: list[AnalysisEvent]) -> int:
        """Forward-integrate the open motion: live velocity, rep_started, bottom turns.

        Returns i_to, or the index just after a bottom turn (see :meth:`_bottom_turn`).
        """
        fw = self._forward(i_from, i_to)
        if fw is None:
            return i_to
        gyro, acc, t, q, gdir, a, v, h, mag_a, up, ring, zupt, du, hit = fw
        self._impact_left = max(0, self._impact_left - a.shape[0])
        self._impact_phase = ring
        level = self._level_a + h
        turn = self._find_bottom_turn(v, level, a, t) if self.placement == "bar" else self._find_trunk_bottom(t, gdir, gyro, v, i_from)
        if turn is not None:
            q, v, h, level, t, a, up = q[: turn + 1], v[: turn + 1], h[: turn + 1], level[: turn + 1], t[: turn + 1], a[: turn + 1], up[: turn + 1]
        self._fw_q, self._fw_v, self._fw_h, self._fw_a = q[-1], float(v[-1]), float(h[-1]), float(a[-1])
        self._fw_vmin = min(self._fw_vmin, float(np.minimum.reduce(v)))
        self._fw_hmax = max(self._fw_hmax, float(np.maximum.reduce(h)))
        du, hit = du[: len(a)], hit[: len(a)]
        self._fw_vmax, self._fw_calm, self._fw_jitter, j_zupt, self._fw_ring_unc = zupt
        if j_zupt >= len(a):
            j_zupt = -1  # (after the bottom turn: the integration restarts there)
        if j_zupt >= 0:
            self._fw_zupt_done = True
            # (the velocity and its uncertainty zeroed there, as just after an impact)
            self._fw_hit_v = self._fw_hit_unc = 0.0
        any_hit = bool(hit.any())
        self._fw_hit_any |= any_hit
        if self.placement == "bar":  # (only a bar's slow pull is judged by it: _rest_refused)
            self._fw_dv_abs += float(np.add.reduce(np.abs(a))) * self.dt
        if self._from_bottom_turn and any_hit:
            # the velocity and its uncertainty just after the last impact (see _rest_refused)
            j = int(np.flatnonzero(hit)[-1])
            if j >= j_zupt:
                self._fw_hit_v, self._fw_hit_unc = float(v[j]), self._fw_v_unc + float(np.add.reduce(du[: j + 1]))
        if self.placement == "bar":
            # where the bar was last surely moving: a rest cannot have begun before (see
            # _rest_started)
            unc = self._fw_v_unc + np.cumsum(du)
            moving = _surely_moving(v, unc, self._fw_v_up + np.cumsum(up), self.settings.rest_max_speed_mps).nonzero()[0]
            if moving.size:
                self._moving_until = i_from + int(moving[-1])
        self._fw_v_unc += float(np.add.reduce(du))
        self._fw_v_up += float(np.add.reduce(up))
        keep = int(round(LANDING_LOOKBACK_S / self.dt))
        self._fw_a_tail = np.concatenate((self._fw_a_tail, a))[-keep:]
        self._fw_t_tail = np.concatenate((self._fw_t_tail, t))[-keep:]
        if self.placement == "bar" and self._from_bottom_turn and not self._fw_zupt_done:
            # (only a lockout not yet found reads them: see _lockout_zupt)
            self._fw_v_tail = np.concatenate((self._fw_v_tail, v))[-max(2, int(round(LOCKOUT_CALM_S / self.dt))) :]
        if self._stopped_at is None and self._refused_until >= self._last_rest_end:
            # (looked for in every stretch integrated after the refusal until found, however
            # the points came in blocks)
            first = max(0, self._refused_until + 1 - i_from)
            stop = (np.abs(v[first:]) <= self.settings.stop_speed_mps * 2.5).nonzero()[0]
            if stop.size:
                self._stopped_at = i_from + first + int(stop[0])
        tr = self._tracker
        if not self._armed and tr.state == "up" and tr.floor is not None and tr.top is not None:
            low = tr.floor.level + 0.3 * (tr.top.level - tr.floor.level)
            dip = (level <= low).nonzero()[0]
            if dip.size:
                self._armed, self._armed_min = True, float(level[dip[0]])
        if self._armed:
            # (a minimum is exact: taking the earlier one afterwards changes no bit)
            run_min = np.minimum(np.minimum.accumulate(level), self._armed_min)
            up = ((level - run_min >= 0.05) & (v > 0.05)).nonzero()[0]
            if up.size:
                k = up[0]
                self._armed = False
                events.append(RepStarted(self._event_time(float(t[k])), float(t[max(0, k - 1)])))
                self._rep_open = True
            else:
                self._armed_min = float(run_min[-1])
        if v[-1] > 0.05:
            self._phase = "concentric"
        elif v[-1] < -0.05:
            self._phase = "eccentric"
        if turn is None:
            return i_to
        self._bottom_turn(i_from + turn, events)
        return i_from + turn + 1

    def _forward(self, i_from: int, i_to: int) -> ForwardMotion | None:
        """The open motion integrated forward over grid points [i_from, i_to) from the state it
        has reached (nothing is changed), or None where no motion is being integrated."""
        if self._rest_a is None or self._bias is None or not self._fw_valid:
            return None
        b = self._base
        if i_from - 1 < b:
            return None
        # trapezoid rule: a grid point's rate is the mean around its time
        gyro = 0.5 * (self._gyro[i_from - 1 - b : i_to - 1 - b] + self._gyro[i_from - b : i_to - b]) - self._bias
        acc = self._acc[i_from - b : i_to - b]
        t = self._t[i_from - b : i_to - b]
        q = integrate_gyro(gyro, self.dt, self._fw_q)
        ga = self._rest_a.gravity
        mag_a = norm3(ga)
        ga_dir = ga / mag_a
        gdir = fixed_vector_in_sensor(q, ga_dir)
        a = np.einsum("ij,ij->i", acc, gdir) - mag_a
        if self._acc_offset is not None:
            a -= (gdir - ga_dir) @ self._acc_offset  # the magnitude read follows the orientation
        a *= STANDARD_GRAVITY
        ring = self._impact_phase
        ring_du = None
        if self._impact_left:
            # just after a bottom turn the floor is still stopping the load: the rest of the
            # impact (aliased at the grid rate) carries no velocity
            zero, ring = impact_ringing(a, self._impact_left, self._impact_phase)
            ring_du = np.where(zero, np.abs(a), 0.0) * self.dt
            a[zero] = 0.0
        up = np.zeros(a.shape[0])
        n_floor = min(self._floor_until + 1 - i_from, a.shape[0])
        if n_floor > 0:
            # an impact just after the load lay on the floor is the floor stopping it: aliased
            # at the grid rate, its integral is noise, but after it the load lies still or rises
            # (a bounce, the next pull), never sinks. It carries no velocity here, and what it
            # may have added counts upwards only.
            s = self.settings
            hit = impact_points(acc[:n_floor], mag_a, s.impact_min_g, s.impact_jump_g, norm3(self._acc[i_from - 1 - b]))
            up[:n_floor] = np.where(hit, np.abs(a[:n_floor]) * self.dt, 0.0)
            a[:n_floor][hit] = 0.0
        v = continue_trapezoid(a, self._fw_a, self._fw_v, self.dt)
        h = continue_trapezoid(v, self._fw_v, self._fw_h, self.dt)
        du, hit = self._velocity_uncertainty(i_from, a, acc, mag_a, gdir)
        zupt = self._lockout_zupt(a, v, h, du, ring_du)
        if zupt[3] >= 0:
            # the load stopped at its lockout: its velocity there is zero, and what the
            # integration could not see before is gone
            j = zupt[3]
            v[j:] -= v[j]
            h = continue_trapezoid(v, self._fw_v, self._fw_h, self.dt)
            du[j] -= self._fw_v_unc + float(np.add.reduce(du[: j + 1]))
            up[j] -= self._fw_v_up + float(np.add.reduce(up[: j + 1]))
        return ForwardMotion(gyro, acc, t, q, gdir, a, v, h, mag_a, up, ring, zupt, du, hit)

    def _lockout_zupt(self, a: np.ndarray, v: np.ndarray, h: np.ndarray, du: np.ndarray, ring_du: np.ndarray | None = None) -> tuple[float, int, int, int, float]:
        """(bar, integrated from a bounce) Where the load stopped at a lockout not held still,
        whatever velocity the integration reads there: after the pull decelerated by
        LOCKOUT_DECEL_MPS from its fastest, at least the smallest rep's rise above the floor and
        no more than LOCKOUT_DROP_M below the highest level it reached, the vertical
        acceleration ``a`` (m/s^2) stayed within LOCKOUT_CALM_MPS2 for LOCKOUT_CALM_S (or the
        hands jittered: every point within LOCKOUT_JITTER_MPS2, the velocity changing no more
        than calm allows, read LOCKOUT_SLOW_MPS or slower and known within
        LOCKOUT_JITTER_MAX_UNC_MPS), and the velocity ``v`` (m/s) read there lies within what the
        integration could not see: ``du`` (m/s per point, :meth:`_velocity_uncertainty`) and
        ``ring_du`` (m/s per point, or None), the bounce's impact ringing zeroed (the rebound,
        often tenths of a m/s). A steady pull looks calm too, but the integration would know its
        speed. ``h``: heights (m) from the anchor. Returns (the highest velocity since the
        anchor, the calm and the jittery-calm runs ending at the last point, the index where the
        velocity is zeroed or -1, the ringing zeroed since the anchor in m/s)."""
        vmax = max(self._fw_vmax, float(np.maximum.reduce(v)))
        ring_sum = self._fw_ring_unc + (0.0 if ring_du is None else float(np.add.reduce(ring_du)))
        if self.placement != "bar" or not self._from_bottom_turn or self._fw_zupt_done:
            return vmax, 0, 0, -1, ring_sum
        run_max = np.maximum(np.maximum.accumulate(v), self._fw_vmax)
        ar = np.arange(a.shape[0])
        calm_run = trailing_runs(np.abs(a) < LOCKOUT_CALM_MPS2, self._fw_calm, ar)
        jitter_run = trailing_runs(np.abs(a) < LOCKOUT_JITTER_MPS2, self._fw_jitter, ar)
        tr = self._tracker
        n = max(2, int(round(LOCKOUT_CALM_S / self.dt)))
        # the velocity n - 1 points before each point (nan where the motion is younger)
        vv = np.concatenate((np.full(n, np.nan), self._fw_v_tail, v))
        v_before = vv[vv.shape[0] - v.shape[0] - (n - 1) : vv.shape[0] - (n - 1)]
        # (and what the bounce's impact ringing, zeroed, may have carried: the rebound)
        unc = self._fw_v_unc + np.cumsum(du) + self._fw_ring_unc + (0.0 if ring_du is None else np.cumsum(ring_du))
        jittery_stop = ((jitter_run >= n) & (np.abs(v - v_before) <= LOCKOUT_CALM_MPS2 * LOCKOUT_CALM_S) & (np.abs(v) <= LOCKOUT_SLOW_MPS)
                        & (unc <= LOCKOUT_JITTER_MAX_UNC_MPS))
        floor = np.inf if tr.floor is None else tr.floor.level  # (no floor yet: no lockout above it)
        ok = (((calm_run >= n) | jittery_stop) & (run_max - v >= LOCKOUT_DECEL_MPS) & (np.abs(v) <= unc)
              & (self._level_a + h >= floor + self.settings.min_rom_m)
              & (h >= self._height_peak(h) - LOCKOUT_DROP_M))
        hit = ok.nonzero()[0]
        return vmax, int(calm_run[-1]), int(jitter_run[-1]), int(hit[0]) if hit.size else -1, ring_sum

    def _height_peak(self, h: np.ndarray) -> np.ndarray:
        """The highest height (m, from the anchor) the open motion had reached at each point of
        heights ``h`` (m) of the stretch integrated next."""
        return np.maximum(np.maximum.accumulate(h), self._fw_hmax)

    def _velocity_uncertainty(self, i_from: int, a: np.ndarray, acc: np.ndarray, mag_g: float, gdir: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """What the integration of vertical accelerations ``a`` (m/s^2) at grid points i_from, ...
        could not see, m/s, point by point, and which points are impacts (bool).

        - Lost data: the acceleration in a gap is unknown (interpolated), and a lift changes the
          velocity by up to ``lost_data_accel_mps2`` a second there.
        - Impacts (:func:`impact_points`: a knock on the bar, plates landing; for a bar, also a
          specific force ``impact_horizontal_g`` or more off the vertical): no lift; it lasts a
          few ms, so its integral at the grid rate is aliased: all of it counts.
        - An accelerometer offset not yet fitted, seen from an orientation ``gdir`` (unit gravity,
          sensor frame, per point) turned from the anchor's: it reads the magnitude differently.
        """
        s = self.settings
        i0 = i_from - self._base
        # (_advance_motion starts after a point)
        hit = impact_points(acc, mag_g, s.impact_min_g, s.impact_jump_g, norm3(self._acc[i0 - 1]))
        offset_unfitted = self._acc_offset is None and self._rest_a is not None
        # |specific force|^2 per point, g^2 (both checks below use it)
        acc2 = np.einsum("ij,ij->i", acc, acc) if (self.placement == "bar" or offset_unfitted) else None
        if self.placement == "bar":
            # (or a specific force far off the vertical: a knock or a shove, whose ringing the
            # grid's bins average into a smooth pulse up and down; no lift pushes a loaded bar
            # sideways that hard)
            along = np.einsum("ij,ij->i", acc, gdir)
            hit |= acc2 - along * along >= s.impact_horizontal_g**2
        unc = np.where(hit, np.abs(a), 0.0)
        if offset_unfitted:
            # turned away from the anchor's orientation, the accelerometer's offset (not yet fitted)
            # reads differently: the vertical acceleration is off by up to offset_allowance_g
            # times the chord 2 sin(turn/2) (the stillness detector's allowance). The turn is
            # the smaller of what the gyroscope integrated and what the specific force's
            # direction shows (the same while still; where they disagree, the old bound holds)
            ga_dir = self._rest_a.gravity / mag_g  # (mag_g: its magnitude, as _forward took it)
            d_gyro = gdir - ga_dir
            # (a zero reading, a sensor's glitch, leaves the gyroscope's turn)
            d_acc = acc / np.maximum(np.sqrt(acc2), 1e-9)[:, None] - ga_dir
            chord2 = np.minimum(np.einsum("ij,ij->i", d_gyro, d_gyro), np.einsum("ij,ij->i", d_acc, d_acc))
            unc += self._sd.s.offset_allowance_g * STANDARD_GRAVITY * np.sqrt(chord2)
        lost = self._gap[i0 : i0 + a.shape[0]]
        if lost.any():
            unc[lost] += s.lost_data_accel_mps2
        unc *= self.dt
        return unc, hit

    def _restart_integration(self, from_bottom_turn: bool, on_floor_at: int | None = None) -> None:
        """Start the forward integration afresh at the anchor just set (a rest's end, or a bar's
        bottom turn, whose impact may still ring for a few points). on_floor_at: the grid point
        where a rest on the floor ended (an impact right after is the floor's), or None."""
        self._floor_until = -1 if on_floor_at is None else on_floor_at + int(round(self.settings.floor_impact_s / self.dt))
        self._fw_q = np.array([1.0, 0.0, 0.0, 0.0])
        self._fw_v = self._fw_h = self._fw_a = self._fw_vmin = self._fw_hmax = self._fw_v_unc = self._fw_v_up = 0.0
        self._fw_hit_v = self._fw_hit_unc = 0.0
        self._fw_hit_any = False
        self._fw_dv_abs = 0.0
        self._fw_vmax, self._fw_calm, self._fw_zupt_done = 0.0, 0, False
        self._fw_hinge_t = -np.inf
        self._fw_hinged, self._fw_descents = False, 0
        self._moving_until = -1
        self._trunk_settled_at = None
        self._fw_a_tail = self._fw_t_tail = self._fw_v_tail = np.zeros(0)
        self._fw_ring_unc = 0.0
        self._fw_jitter = 0
        self._from_bottom_turn = from_bottom_turn
        self._impact_left = IMPACT_MAX_SAMPLES if from_bottom_turn else 0
        self._impact_phase = RING_START
        self._fw_valid = True

    def _find_bottom_turn(self, v: np.ndarray, level: np.ndarray, a: np.ndarray, t: np.ndarray) -> int | None:
        """Index (in this stretch) where the open motion turns at the bottom of a rep, or None.

        After a lockout the load came down, below where a bottom completes the rep, and the
        velocity integrated from the lockout turns from falling to rising: the load touched the
        floor and, touch-and-go, goes up again (or it stays there: a dead stop). There it is at
        rest for an instant, which anchors the integration like a rest would.
        """
        tr = self._tracker
        if tr.floor is None:  # (a bar's: a back sensor's height is too rough, see _find_trunk_bottom)
            return None
        landed = self._landed_leaving_the_top(a, t)
        if landed is not None:
            self._landing_t = float(t[landed])
            return landed
        # the highest level the motion since the anchor had reached at each point
        peak = self._level_a + np.maximum(np.maximum.accumulate(level - self._level_a), self._fw_hmax)
        low = tr.descent_done_level()
        if low is None:
            # no top yet: a lockout not held still is the motion's highest point so far
            unheld = tr.unheld_top_levels(peak)
            if unheld is None:
                return None
            low, lowest = unheld
        else:
            # the load cannot go further down than it came up (to the top, or higher in this
            # motion where the top was a hold and the lockout too short for a rest): a turn below
            # that means the integration went astray (an impact lost on the link); leave it to
            # the next rest
            lowest = tr.lowest_bottom_level(0.0, peak)
        turned_up = v >= 0.0
        turned_up[1:] &= v[:-1] < 0.0  # falling the point before
        turned_up[0] &= self._fw_v < 0.0
        s = self.settings
        run_min = np.minimum(np.minimum.accumulate(v), self._fw_vmin)
        fell = run_min < -s.min_descent_speed_mps
        above_floor = level >= lowest - s.bottom_turn_below_floor_m
        # the floor stops the load in a few ms, too short for the grid rate: the aliased impact
        # may leave the integrated velocity going down although the load is on the floor. Down
        # at the floor after braking from the descent, it has landed there.
        braked = (v < 0.0) & (v - run_min >= s.landing_decel_mps)
        at_floor = (level <= lowest) & braked
        above = braked & (level <= low) & fell & ~at_floor
        landed = at_floor
        if at_floor.any() or above.any():
            seen, still = self._impact_seen_recently(a), self._settled(a)
            # a load still coming down fast has landed only where the floor's impact shows (a
            # jump no lift makes) or it lies still since (the link lost the impact): a lifter
            # braking the descent smoothly just above the plates has not landed yet, and anchored
            # there the bounce that follows would read the speed left that much too fast
            landed = at_floor & ((v >= -s.landing_unseen_max_speed_mps) | seen | still)
            # braked from a descent, an impact, and lying still since: the load hit the floor
            # and lies there, however far above it the integrated level (drift over the rep)
            # and the velocity the impact left (lost on the link) say it is. A steady lowering
            # looks still too, but no impact comes before it.
            landed |= above & seen & still
        # or it stopped there (a dead stop whose impact left the velocity a little short of zero)
        stopped = (np.abs(v) <= s.stop_speed_mps * 2.5) & above_floor
        hit = (((turned_up & above_floor) | landed | stopped) & (level <= low) & fell).nonzero()[0]
        if not hit.size:
            return None
        k = int(hit[0])
        self._landing_t = None
        if not turned_up[k]:
            # found landed: it touched the floor at the impact just before (the last upward spike)
            aa = np.concatenate((self._fw_a_tail, a[: k + 1]))[-int(round(LANDING_LOOKBACK_S / self.dt)) :]
            tt = np.concatenate((self._fw_t_tail, t[: k + 1]))[-aa.shape[0] :]
            spike = (aa >= s.landing_spike_g * STANDARD_GRAVITY).nonzero()[0]
            if spike.size:
                self._landing_t = float(tt[spike[-1]])
        return k

    def _landed_leaving_the_top(self, a: np.ndarray, t: np.ndarray) -> int | None:
        """(bar) Index (in this stretch) of the floor's impact, where the open motion left a rest
        the rep tracker took for the top and hit the floor within the stillness window's span:
        that "rest" was a steady lowering (see _landed_from_the_top), and the load landed there,
        touch-and-go (the next pull follows at once, with no rest to show the landing). Only
        where the integration from the bounce before came into that rest going down faster than
        a rest's speed, and at the height of a lockout (0.6 of the usual rise or more: a lowering
        starts there, and a pull resumed from a hold may start as hard as an impact); a bar held
        at the lockout takes longer to fall to the floor. None otherwise.
        ``a``: vertical accelerations (m/s^2), ``t``: times (s) of this stretch."""
        if not self._left_a_rest_entered_falling():
            return None
        tr = self._tracker
        kp = self._anchor_kp
        assert tr.floor is not None and kp is not None and self._rest_a is not None
        if kp.level - tr.floor.level < 0.6 * tr.usual_rise():
            return None  # a hold below the lockout: a pull resumed from it may start as hard
        near = t <= self._rest_a.t_end + (self._sd.span + 2) * self.dt
        spike = ((a > IMPACT_G * STANDARD_GRAVITY) & near).nonzero()[0]
        return int(spike[0]) if spike.size else None

    def _impact_seen_recently(self, a: np.ndarray) -> np.ndarray:
        """Per point of vertical accelerations ``a`` (m/s^2, this stretch): whether an impact (a
        jump of ``impact_jump_g`` from the point before, or ``impact_min_g`` off gravity) came
        within LANDING_LOOKBACK_S before it, in this motion. (The kept tail is that long; its
        first point has no point before it here, so it is not looked at: a block boundary must
        not change the answer.)"""
        s = self.settings
        tail = self._fw_a_tail
        aa = np.concatenate((tail, a))
        jump = np.zeros_like(aa)
        np.subtract(aa[1:], aa[:-1], out=jump[1:])
        hit = (np.abs(jump) >= s.impact_jump_g * STANDARD_GRAVITY) | (np.abs(aa) >= s.impact_min_g * STANDARD_GRAVITY)
        idx = np.arange(aa.shape[0])
        last = np.maximum.accumulate(np.where(hit, idx, -(1 << 30)))
        recent = idx - last < int(round(LANDING_LOOKBACK_S / self.dt))
        return recent[tail.shape[0] :]

    def _settled(self, a: np.ndarray) -> np.ndarray:
        """Per point of vertical accelerations ``a`` (m/s^2, this stretch): whether the last
        LANDING_SETTLE_S of the motion were all within LANDING_SETTLE_G of gravity (the load
        lies still, whatever velocity an impact the link lost left in the integration)."""
        tail = self._fw_a_tail
        aa = np.concatenate((tail, a))
        calm = np.abs(aa) < LANDING_SETTLE_G * STANDARD_GRAVITY
        idx = np.arange(aa.shape[0])
        last_busy = np.maximum.accumulate(np.where(calm, -1, idx))
        n = max(2, int(round(LANDING_SETTLE_S / self.dt)))
        return (idx - last_busy >= n)[tail.shape[0] :]

    def _find_trunk_bottom(self, t: np.ndarray, gdir: np.ndarray, rate: np.ndarray, v: np.ndarray, i_from: int) -> int | None:
        """Index (in this stretch) where a back sensor's trunk is back in the rep's bottom posture
        and the shoulders stopped going down, or None.

        The trunk turned at least ``min_trunk_rotation_deg`` from the floor's posture: to a top
        the tracker holds, or anywhere in this motion (a touch-and-go lockout is no rest). Within
        ``max_motion_s`` of that (a descent), the gravity direction carried forward by the
        gyroscope (which does not drift over a rep, unlike the height) comes back within
        ``trunk_bottom_deg`` of the floor's, and there the shoulders' velocity ``v`` (m/s,
        integrated from the last anchor, ``i_from`` the grid point of ``t[0]``) turns from
        falling to rising (the bar touched the floor: touch-and-go), or, once the trunk stopped
        turning (below ``trunk_settle_dps``), the shoulders have shed ``bottom_shed_frac`` of the
        descent's peak speed, the trunk turns back up, or ``bottom_wait_s`` passed. (The trunk
        settles as the bar passes the knees, before the plates touch; the shoulders' integrated
        speed is tenths of a m/s off after a hinge, but a steady offset cancels in the speed shed
        since its lowest point. The settling is remembered across calls; a rest that starts
        first takes the bottom there, see :meth:`_rest_started`.) The rep is complete there,
        without waiting for the stillness detector, and the shoulders are still for an instant:
        an anchor. (Not the level: integrated through a hinge it may be tenths of a m off.)
        """
        tr = self._tracker
        f, top = tr.floor, tr.top
        if f is None:
            return None
        s = self.settings
        cos_f = gdir @ f.gravity_dir
        hinged = cos_f <= np.cos(np.radians(s.min_trunk_rotation_deg))
        lockout = tr.last_lockout_dir()
        if lockout is not None:
            # a pull extends the trunk, towards the lockout's posture (hips rising first
            # incline it further from the floor's posture the other way: no hinge)
            hinged &= gdir @ lockout > float(f.gravity_dir @ lockout)
        # when the trunk was last turned through a hinge from the floor's posture, s
        hinge_t = np.maximum.accumulate(np.where(hinged, t, self._fw_hinge_t))
        self._fw_hinge_t = float(hinge_t[-1])
        if tr.state == "up" and top is not None and angle_deg(f.gravity_dir, top.gravity_dir) >= s.min_trunk_rotation_deg:
            # (nobody stands at lockout longer than max_lockout_s: that top was none)
            np.maximum(hinge_t, top.t_end_or_start() + s.max_lockout_s, out=hinge_t)
        within = self._bottom_posture_deg(f)
        approaching, leaving = self._trunk_approach(gdir, rate, f.gravity_dir)
        back = (cos_f >= np.cos(np.radians(within))) & ~approaching
        settled = np.einsum("ij,ij->i", rate, rate) < s.trunk_settle_dps**2
        soon = t - hinge_t <= s.max_motion_s
        near = back & soon
        # the trunk stops turning as the bar passes the knees, and the shoulders go on down until
        # the plates touch: from where the trunk settled, the bottom is where the shoulders have
        # shed most of the descent's speed (from the lowest velocity since the anchor, where it
        # was 0: a steady offset of the integrated velocity cancels), or the trunk turns back up
        # (a touch-and-go), or bottom_wait_s on (a drift the velocity cannot see through)
        first = (near & settled).nonzero()[0]
        if self._trunk_settled_at is None and first.size:
            self._trunk_settled_at, self._trunk_settled_i = float(t[first[0]]), i_from + int(first[0])
        hit = (near & (v >= 0.0)).nonzero()[0]
        # how often the trunk has come back down out of a hinge since the anchor
        came_down = ~hinged
        came_down[1:] &= hinged[:-1]
        came_down[0] &= self._fw_hinged
        descents = self._fw_descents + np.cumsum(came_down)
        self._fw_hinged, self._fw_descents = bool(hinged[-1]), int(descents[-1])
        if tr.state == "idle" and lockout is not None:
            # or, the lockout passed in this motion (a touch-and-go's, not held still), the trunk
            # back in the bottom posture extends again at a pull's rate, towards the lockout's
            # posture: the next pull, whatever the shoulders' integrated velocity says (a
            # bounce's jolt spoils it by tenths of a m/s). (Extending, not turning away from the
            # bottom posture on through it: a lowering that ends a few degrees past the set-up's
            # posture passes it at speed.) Only on the motion's first way down: where a bottom
            # went unseen before, the heights of the rests that close the motion make its turns.
            lim = s.trunk_turn_back_dps * np.sqrt(np.maximum(0.0, 1.0 - (gdir @ lockout) ** 2))
            back_up = (near & (descents <= 1) & (cross3(gdir, rate) @ lockout > lim)).nonzero()[0]
            hit = np.union1d(hit, back_up[:1])
        if self._trunk_settled_at is not None:
            v_low = np.minimum(np.minimum.accumulate(v), self._fw_vmin)
            shed = v - v_low >= s.bottom_shed_frac * -v_low
            done = near & (t >= self._trunk_settled_at) & (shed | leaving | (t - self._trunk_settled_at >= s.bottom_wait_s))
            hit = np.union1d(hit, done.nonzero()[0])
        if not hit.size:
            return None
        self._trunk_settled_at = None
        return int(hit[0])

    def _bottom_posture_deg(self, f: Keypoint) -> float:
        """(back) How far (deg) the trunk may be from floor ``f``'s posture and be back in the
        rep's bottom posture: ``trunk_next_bottom_deg`` from the last rep's bottom (touch-and-go
        bottoms differ by a few degrees more), else ``trunk_bottom_deg``."""
        s = self.settings
        return s.trunk_next_bottom_deg if self._tracker.is_last_rep_bottom(f) else s.trunk_bottom_deg

    def _trunk_approach(self, gdir: np.ndarray, rate: np.ndarray, floor_dir: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(approaching, leaving) at each point of the open motion: whether a back's trunk turns
        towards the floor's posture (unit gravity ``floor_dir``, sensor frame), or away from it,
        faster than ``trunk_settle_dps``, given the gravity direction ``gdir`` (unit, sensor
        frame) and the bias-corrected angular rate ``rate`` (deg/s, sensor frame) there. Coming
        down, the trunk reaches the bottom posture where it stops turning towards it: a
        touch-and-go bottom turns it back, a dead stop settles it. Within a few degrees of it but
        still turning towards it, the shoulders are still going down.

        Gravity, fixed in the world, turns in the sensor frame as dg/dt = g x w, so the cosine of
        its angle from the floor's posture changes at f . (g x w) = d(cos)/dt = -sin(angle)
        d(angle)/dt."""
        dcos = cross3(gdir, rate) @ floor_dir  # deg/s times d(cos)/d(rad)
        lim = self.settings.trunk_settle_dps * np.sqrt(np.maximum(0.0, 1.0 - (gdir @ floor_dir) ** 2))
        return dcos > lim, dcos < -lim

    def _bottom_turn(self, k: int, events: list[AnalysisEvent]) -> None:
        """The open motion turned at the bottom at grid point k: the rep is complete now.

        The motion from the last rest to k is integrated forward (no rest closes it yet) and the
        bottom becomes a keypoint; the integration starts afresh from k, at rest for an instant,
        with the orientation carried through.
        """
        self._turned_at = k
        a = self._rest_a
        assert a is not None
        seg = self._motion_since_anchor(k, None)
        tr = self._tracker
        assert tr.floor is not None
        floor_level = tr.floor.level  # (the floor the motion left, whose posture the trunk is back in)
        tr.add_segment(seg)
        t_k = self._tidx(k)
        # (found landed: on the floor from the impact to here, where the integration restarts)
        t_kp = self._landing_t if self._landing_t is not None else t_k
        self._landing_t = None
        # the motion since the last rest may have turned at the top (a lockout not held still)
        turns = self._turns(seg)
        if self.placement == "back":
            turns = self._with_trunk_top(turns, seg)
        elif not turns and tr.state == "idle" and tr.is_last_rep_bottom(tr.floor):
            # a touch-and-go pull from the last bottom to this one whose integrated level never
            # turned (a bounce's rebound lost on the link: the level ran away): closed floor to
            # floor, the top is where the corrected level peaked
            top = tr.top_by_floor_closure(_turn_at(seg, -1))  # (seg ends at k)
            turns = [] if top is None else [top]
        for turn in turns:
            cand = tr.add_keypoint(turn)
            if cand is not None:
                self._emit_rep(cand, events, t_k)
        # the load is back where it was lifted from (the floor: _find_bottom_turn needs one): that
        # level holds better than the integration, whose drift would otherwise pass to the next reps
        # (a back sensor: the shoulders are back at the level of the floor whose posture the trunk
        # is back in; a rep completed by the turns above has made a turn the floor)
        assert tr.floor is not None
        level = floor_level if self.placement == "back" else tr.floor.level
        g_dir = seg.gravity_dir[-1]
        cand = tr.add_keypoint(Keypoint("turn", t_kp, t_k, level, g_dir, motion_to=seg))
        if cand is not None:
            self._emit_rep(cand, events, t_k)
        self._rest_a = Rest(k, k, t_k, t_k, self._gravity_carried(g_dir), a.gyro_mean)
        self._level_a = level
        self._last_rest_end = k
        self._restart_integration(from_bottom_turn=True)
        if tr.state == "idle":
            self._armed, self._armed_min = True, level

    def _with_trunk_top(self, turns: list[Keypoint], seg: SegmentMotion, not_before: float = -np.inf) -> list[Keypoint]:
        """A back's turns (keypoints) in motion ``seg`` that ends at a bottom, with the trunk's
        top added where no rest or turn of the height made one: the point of the motion, after
        the last turn, farthest turned from the floor's posture, where the trunk has turned
        through a hinge from the last rep's bottom (RepTracker.hinged_from_bottom). The
        shoulders' height integrated through a touch-and-go rep may show no peak; the trunk's
        inclination does. not_before: s, no top before then (the rest the motion left, a
        lockout held still, is a keypoint already)."""
        tr = self._tracker
        f = tr.floor
        if f is not None and tr.state != "up" and turns and turns[-1].kind == "turn":
            # a height turn where the trunk had already hinged back down from the motion's most
            # upright posture: the shoulders' height ran away (integrated from an anchor caught
            # moving); the lockout is where the trunk was most upright
            i = int(np.argmin(seg.gravity_dir @ f.gravity_dir))
            g = seg.gravity_dir[i]
            if (
                not_before < seg.t[i] < turns[-1].t_start and all(k.t_start < seg.t[i] for k in turns[:-1])
                and angle_deg(g, turns[-1].gravity_dir) >= self.settings.max_top_turn_back_deg
                and tr.hinged_from_bottom(f, g, from_setup=True)
            ):
                return turns[:-1] + [_turn_at(seg, i)]
        t_last = turns[-1].t_start if turns else -np.inf
        late = (seg.t > max(t_last, not_before)).nonzero()[0]
        # (at the top already: only where that top had not turned the trunk through a hinge, a
        # hold part-way up taken for it, the lockout after it neither held still nor a peak of
        # the height: the shoulders rise little in a pull's second half)
        if f is None or not late.size or (tr.state == "up" and not tr.top_unhinged()):
            return turns
        i = int(late[np.argmin(seg.gravity_dir[late] @ f.gravity_dir)])
        g = seg.gravity_dir[i]
        if not tr.hinged_from_bottom(f, g, from_setup=True) or any(angle_deg(k.gravity_dir, g) < self.settings.min_trunk_rotation_deg for k in turns[-1:]):
            return turns  # no hinge from the last rep's bottom after the last turn
        return turns + [_turn_at(seg, i)]

    def _trunk_cycle_turns(self, seg: SegmentMotion, not_before: float, t_est: float) -> list[Keypoint] | None:
        """(back) The reps' tops and bottoms in motion ``seg``, by the trunk's inclination alone,
        where the shoulders' integrated height ran away; None where it did not.

        The motion left the last rep's bottom and ends at a rest back in its posture. Over it the
        shoulders' height spans more than BACK_HEIGHT_SPAN_MAX_M, which no lifter's shoulders
        travel between standing and a set-up: the integration went astray (a touch-and-go set
        over a link that lost a turn's worth of data mid-rep, its velocity tenths of a m/s off),
        and the height's turns are none of the reps'. The gravity direction, carried by the
        gyroscope between stretches whose mean specific force re-anchors it after each gap
        (analysis/gravity_through_gaps.py), does not drift so. Each excursion of the trunk through
        a hinge from the bottom posture towards the last lockout's (``min_trunk_rotation_deg``)
        is a rep's top, spanning from where the trunk first came within TRUNK_EXTREME_DEG of its
        most upright posture to where it last was; each return within the bottom posture between
        two of them (``trunk_next_bottom_deg``) is its bottom (see the loop below). Looked for
        from ``not_before`` (s) to the rest's estimated start ``t_est`` (s). The tops are put the
        last reps' usual rise above the floor and the bottoms at its level: the height says
        nothing here."""
        tr = self._tracker
        f = tr.floor
        lockout = tr.last_lockout_dir()
        h = seg.height
        if f is None or lockout is None or not tr.is_last_rep_bottom(f) or float(np.ptp(h)) <= BACK_HEIGHT_SPAN_MAX_M:
            return None
        s = self.settings
        g = seg.gravity_dir
        cos_f = g @ f.gravity_dir
        cos_l = g @ lockout
        inside = (seg.t >= not_before) & (seg.t < t_est)
        hinged = inside & (cos_f <= np.cos(np.radians(s.min_trunk_rotation_deg))) & (cos_l > float(f.gravity_dir @ lockout))
        cos_back = np.cos(np.radians(self._bottom_posture_deg(f)))
        back = inside & (cos_f >= cos_back)
        marks = (hinged | back).nonzero()[0]
        if not marks.size:
            return None
        # runs of points with the same mark (hinged or back), in time order
        is_up = hinged[marks]
        starts = np.concatenate(([0], (is_up[1:] != is_up[:-1]).nonzero()[0] + 1))
        ends = np.concatenate((starts[1:], [marks.size]))
        runs = [(bool(is_up[a]), int(marks[a]), int(marks[b - 1])) for a, b in zip(starts, ends)]
        rise = max(tr.usual_rise(), s.min_rom_m)
        turns: list[Keypoint] = []
        for j, (up, i0, i1) in enumerate(runs):
            lo = runs[j - 1][2] + 1 if j > 0 else i0
            hi = runs[j + 1][1] if j + 1 < len(runs) else i1 + 1
            # (the trunk's angle from the lockout's posture over the run and the gaps either side)
            ang = np.degrees(np.arccos(np.clip(cos_l[lo:hi], -1.0, 1.0)))
            if up:
                # (the lockout: from where the trunk first came within TRUNK_EXTREME_DEG of its most
                # upright to where it last was, standing)
                near = (ang <= ang.min() + TRUNK_EXTREME_DEG).nonzero()[0]
                i = lo + int(np.argmin(ang))
                turns.append(Keypoint("turn", float(seg.t[lo + near[0]]), float(seg.t[lo + near[-1]]), f.level + rise, g[i], by_trunk=True))
            elif 0 < j < len(runs) - 1:
                # the trunk stops turning down as the bar passes the knees, and the hips rising
                # first incline it on a little as the next pull starts: the bar touched the floor
                # between (halfway) where it settled in the bottom posture and where it first
                # came within TRUNK_EXTREME_DEG of its most inclined
                first = int((ang >= ang.max() - TRUNK_EXTREME_DEG).nonzero()[0][0])
                settled = ((seg.rate_dps[lo : lo + first + 1] < s.trunk_settle_dps) & (cos_f[lo : lo + first + 1] >= cos_back)).nonzero()[0]
                i = lo + (int(settled[0]) + first) // 2 if settled.size else lo + first
                turns.append(Keypoint("turn", float(seg.t[i]), float(seg.t[i]), f.level, g[i], by_trunk=True))
        return turns

    def _motion_since_anchor(self, k: int, rest_b: Rest | None, landing_at: int | None = None) -> SegmentMotion:
        """Kinematics of the motion from the last anchor (rest A or a bottom turn) to grid point
        k: closed by ``rest_b``, or forward only (None). landing_at: the grid point where a bar
        landed, the impact lost (:meth:`_unseen_landing`), or None."""
        b = self._base
        a = self._rest_a
        assert a is not None and self._bias is not None
        sl = slice(a.i_end - b, k + 1 - b)
        return segment_motion(
            self._t[sl], self._acc[sl], self._gyro[sl], self._bias, a, rest_b, self.dt, a.i_end,
            base_level=self._level_a, gap=self._gap[sl],
            # a bar rings briefly on the floor; the body cushions a back sensor's landing
            landings=self.placement == "bar",
            acc_offset=self._acc_offset,
            start_impact_max=IMPACT_MAX_SAMPLES if self._from_bottom_turn else None,
            impacts=None if self.placement != "bar" else self._impacts_since_anchor(k),
            landing_at=None if landing_at is None else landing_at - a.i_end,
            floor_s=(None if rest_b is None or self._from_bottom_turn or self._anchor_floor_t is None
                     else max(0.0, a.t_end - self._anchor_floor_t)),
            offset_allowance_g=self._sd.s.offset_allowance_g, gap_accel_mps2=self.settings.lost_data_accel_mps2,
            rest_mag_tol_g=self._sd.s.mag_tol_g,
        )

    def _impacts_since_anchor(self, k: int) -> np.ndarray:
        """Whether each grid point from the anchor to k is part of an impact on the sensor (a knock,
        a landing: :func:`impact_points`), against the anchor rest's gravity."""
        a = self._rest_a
        assert a is not None
        st = self.settings
        acc = self._acc[a.i_end - self._base : k + 1 - self._base]
        return impact_points(acc, norm3(a.gravity), st.impact_min_g, st.impact_jump_g)

    def _refused_ahead(self, k: int, still_after: np.ndarray, d: Decisions, since: int) -> int:
        """How many of the still-looking points right after grid point k (refused as a rest;
        the motion integrated up to k - 1) are refused too: ``still_after`` flags the points from
        k + 1 on (decision index ``since`` on) that decide to enter the still state
        (:meth:`Decisions.entering`: those that decide nothing stay moving)."""
        run = int(np.argmin(still_after)) if not still_after.all() else still_after.shape[0]
        if run < 2:
            return 0
        fw = self._forward(k, k + run)
        if fw is None:
            return 0
        unc = self._fw_v_unc + np.cumsum(fw.du)
        up = self._fw_v_up + np.cumsum(fw.up)
        refused = self._rest_refused(
            k + 1, fw.v, fw.h, unc, up, d.free_run[since : since + run], d.fast[since : since + run], fw
        )
        if self.placement == "bar" and self._from_bottom_turn:
            # the velocity just after the last impact, which the judgement reads, changes at an
            # impact and where the lockout zeroes the velocity (_advance_motion): the points
            # after one are judged afresh, once it has been integrated
            marks = fw.hit.copy()
            if fw.zupt[3] >= 0:
                marks[fw.zupt[3]] = True
            if marks.any():
                refused = refused[: int(np.argmax(marks))]
        return int(np.argmin(refused)) if not refused.all() else refused.shape[0]

    def _rest_refused(
        self, k0: int, v: np.ndarray, h: np.ndarray, unc: np.ndarray, up: np.ndarray, free_run: np.ndarray, fast: np.ndarray,
        ahead: ForwardMotion | None = None,
    ) -> np.ndarray:
        """Whether the still-looking windows ending at grid points k0, k0 + 1, ... are refused as
        rests: the sensor, integrated from the last rest, still moves too fast (a steady pull),
        or a short unfiltered window looked quiet where no bar was set down.

        v, h, unc, up: the forward velocity (m/s), height (m, from the anchor), the velocity's
        uncertainty (m/s) and how much faster upwards it may be (m/s, impacts on the floor) the
        integration had reached at the point before each; free_run, fast:
        the stillness decisions there (:class:`Decisions`); ahead: the motion integrated over the
        points before each (point j of it just before k0 + j), whose orientation, lowest and top
        speed, velocity changes summed and impacts so far each point is judged by, as it would
        be point by point (None: one point judged as it comes, by the integration's state).

        A short still-looking stretch is judged up to ``fast_check_max_s`` after the last rest
        (a back sensor's up to ``back_fast_check_max_s``; a bar's steady slow pull up to
        ``slow_pull_max_s``); one long enough to count as still on
        its own only soon after the rest (little drift), and only while moving that long at
        that speed stays within the travel of a pull. A short window alone is trusted only where
        the bar, integrated from the lockout, came down and stopped (or just landed at a bottom
        turn: the impact spoils the integration then).
        """
        n = v.shape[0]
        if not self._fw_valid or self._rest_a is None:
            return fast.copy()  # (nothing was set down that a short window could see)
        s = self.settings
        b = self._base
        t_k = self._t[k0 - b : k0 - b + n]
        since = t_k - self._rest_a.t_end
        slow: np.ndarray | None = None  # (bar) a slow pull's points (see below)
        if ahead is None:
            vmin, hit_any, q = self._fw_vmin, self._fw_hit_any, self._fw_q[None, :]
        else:
            vmin = np.minimum(np.minimum.accumulate(ahead.v), self._fw_vmin)
            hit_any = np.logical_or.accumulate(ahead.hit) | self._fw_hit_any
            q = ahead.q
        settled: np.ndarray | None = None  # (bar) landed on an impact and still since (see below)
        if self.placement == "back" and self._from_bottom_turn:
            # the bottom was found by the trunk's posture, where the shoulders may not quite have
            # stopped: the velocity integrated from there is off by what they had left (a trunk
            # that looks still there is at rest on the floor, not pulling steadily)
            moving = np.zeros(n, bool)
        else:
            # a rise is judged, and a bar's descent (an impact where it was set down, which
            # corrupts the integration, counts in the velocity's uncertainty); a back sensor's
            # descent is not (the body cushions its landing). Where the link lost data in the
            # motion, or an impact was aliased, the velocity is only known to within what the
            # acceleration there could have changed it by.
            if self.placement == "bar":
                moving = _surely_moving(v, unc, up, s.rest_max_speed_mps)
                unspoiled = None
                if not self._from_bottom_turn and self._tracker.state != "up":
                    # (per point: no impact yet, never lowered, hardly turned)
                    unspoiled = np.logical_not(hit_any) & (vmin > -s.departure_speed_mps) & (np.abs(q[:, 0]) > self._slow_pull_min_cos)
                if unspoiled is not None and unspoiled.any():
                    # a bar lifted from a rest, never lowered, hardly turned (the gyroscope's
                    # share of the errors) and with no impact to spoil the integration: a
                    # near-maximal pull grinds up at 0.1-0.2 m/s, steadily enough to look still,
                    # and the integration knows that speed better than a rest's tolerance (made
                    # for the drift after fast pulls and landings) allows. Its error grows with
                    # the velocity changes it summed: a few per cent, 0.1 m/s at a fast pull's
                    # lockout, whose rest must not be refused. (Not from a lockout: no pull goes
                    # on up from there, and a short lockout's drift would refuse the rest after it)
                    if ahead is None:
                        dv_abs, vmax = self._fw_dv_abs, self._fw_vmax
                    else:  # (only a bar's are summed: _advance_motion)
                        dv_abs = self._fw_dv_abs + np.cumsum(np.abs(ahead.a)) * self.dt
                        vmax = np.maximum(np.maximum.accumulate(ahead.v), self._fw_vmax)
                    limit = np.maximum(s.slow_pull_speed_mps, s.slow_pull_error_frac * dv_abs)
                    slow = unspoiled & (v - unc > limit) & (h > s.slow_pull_rise_m) & (h < s.max_steady_travel_m)
                    moving |= slow
                if self._from_bottom_turn:
                    # after the floor's impact the load goes up (or lies still), never down, so
                    # while it has not come down since, it is at least as fast as it got faster
                    # since the last impact: the impacts' uncertainty before that (a clipped
                    # or aliased bounce, often metres a second) does not hide a steady pull
                    gain = (v - self._fw_hit_v) - (unc - self._fw_hit_unc)
                    rising = self._height_peak(h) - h < s.pull_descent_tol_m
                    moving |= (gain > s.rest_max_speed_mps) & rising
                speed = np.abs(v)
            else:
                speed = v
                moving = speed > s.rest_max_speed_mps + unc
                tr = self._tracker
                settled_at = self._trunk_settled_at
                if tr.state == "up" and tr.floor is not None and self._fw_valid and settled_at is not None:
                    # coming down from a top, the trunk settled back in the bottom posture: the
                    # shoulders go on down slowly as the knees bend the last of the lowering, which
                    # looks still too. Not at rest before they have shed most of the descent's
                    # speed (from its lowest: a steady offset of the integration cancels), where
                    # the integration knows it (no data lost since the top), for bottom_wait_s
                    # after the trunk settled at most, as the bottom's search waits (a drift the
                    # velocity cannot see through must not hold the rest off)
                    ga = self._rest_a.gravity / norm3(self._rest_a.gravity)
                    g_now = fixed_vector_in_sensor(q, ga)
                    bottom = g_now @ tr.floor.gravity_dir >= np.cos(np.radians(self._bottom_posture_deg(tr.floor)))
                    if bottom.any():
                        v_low = np.minimum(v, vmin)  # (the lowest velocity up to each point)
                        moving |= (bottom & (v_low < -s.min_descent_speed_mps) & (v - v_low + unc < s.bottom_shed_frac * -v_low)
                                   & (t_k - settled_at < s.bottom_wait_s))
            moving &= since <= (s.fast_check_max_s if self.placement == "bar" else s.back_fast_check_max_s)
            if self._from_bottom_turn:
                moving &= ~(fast & (since <= s.landing_settle_s))  # just landed and quiet at once
            # (the quiet stretch may have begun during the rest before: only its moving part counts)
            steady = free_run >= self._sd.override_n
            moving &= ~steady | (
                (since <= s.steady_check_max_s) & (speed * np.minimum(free_run * self.dt, since) < s.max_steady_travel_m)
                # (nor beyond that travel from the anchor: no pull goes further, the integration is off)
                & (np.abs(h) < s.max_steady_travel_m)
            )
            # a descent that came down to the floor and looks still there has landed, however
            # fast the integration says it still goes (a steady descent looks still too, but not
            # below the floor)
            landed, settled = self._landing_descent_ends(k0, v, h)
            moving &= ~landed
            if slow is not None:
                # a grind's lockout comes up to 6 s after it left the floor: a steady pull is
                # judged that long (its integrated rise still bounds it, see above)
                moving |= slow & (since <= s.slow_pull_max_s) & (dv_abs <= s.slow_pull_max_dv_ratio * vmax)
            if self.placement == "bar" and self._from_bottom_turn:
                # a rest here closes a motion from a bottom turn: what velocity is left is put
                # into the impact at its start, which leaves the bar h - v * since above the
                # floor. A bar cannot rest below the floor it was just lifted from: a pull going
                # on steadily, with the impact's uncertainty covering its speed. (Where the link
                # lost data since, the velocity went astray there too: nothing to tell.)
                lost = np.cumsum(self._gap[self._rest_a.i_end - b : k0 - b + n])[-n:] > 0
                # (into the last impact, where the turn was found before the floor stopped the
                # load: from there on the integration saw what the load did. From where that
                # impact began: a bar rings on the floor for tenths of a second, every point of
                # it aliased, and a velocity that went astray at its first point leaves the bar
                # highest: a dead stop's ringing read -0.64 m/s for a bar lying on the floor)
                i0 = self._rest_a.i_end
                hits = self._impacts_since_anchor(k0 + n - 1)
                onset = _last_impact_onsets(hits, int(round(LANDING_CLUSTER_GAP_S / self.dt)))[k0 - i0 - 1 : k0 - i0 - 1 + n]
                since_hit = np.minimum(since, self._t[k0 - b : k0 - b + n] - self._t[i0 - b + onset])
                at = h - v * since_hit
                judged = (since <= s.rest_below_floor_max_s) & ~lost
                moving |= (at < -s.rest_below_floor_m) & judged
                rise = self._tracker.usual_rise()
                if rise > 0.0:
                    moving |= (v < -s.rest_max_speed_mps) & (at > s.rest_above_rise_frac * rise) & judged
        if not fast.any():
            return moving
        if self._from_bottom_turn:
            set_down = (since <= s.landing_settle_s) | (
                (np.abs(h) < s.hold_merge_m * 2) & (np.abs(v) < s.set_down_speed_mps))
        else:
            tr = self._tracker
            if tr.floor is None or tr.top is None:
                set_down = np.zeros(n, bool)
            else:
                low = tr.top.level - 0.6 * (tr.top.level - tr.floor.level)
                set_down = (self._level_a + h < low) & (np.abs(v) < s.set_down_speed_mps)
            if settled is not None:
                set_down |= settled
        return moving | (fast & ~set_down)

    # --- rests
    def _allow_fast(self) -> bool:
        """Whether the short unfiltered window may start a rest: a bar that may be set down (at
        the top of a rep, or just landed at its bottom), where a rest must be seen at once."""
        return self.placement == "bar" and (self._tracker.state == "up" or self._from_bottom_turn)

    def _rest_started(self, k: int, events: list[AnalysisEvent], fast: bool = False, by_override: bool = True) -> None:
        """The window ending at grid point k is the first still one.

        Anchors for integration are conservative (point k is surely at rest); the timing estimate
        of when the rest began is k minus the detector's lag (refined later from the velocity).
        """
        if self._trunk_settled_at is not None and self._trunk_settled_i < k:
            # the shoulders came to rest before they were seen to shed their speed (the velocity
            # drifted): the bottom is where the trunk settled
            self._bottom_turn(self._trunk_settled_i, events)
        b = self._base
        # a rest that is still only because it has been quiet long began when the quiet did (the part
        # no reference called motion: stillness.Decisions.free_run); one
        # whose window just became still in every respect (the magnitude too) begins now
        # (a back sensor sways: its magnitude check settles late, the quiet stretch is the rest)
        by_override = by_override or self.placement == "back"
        q0 = k - self._free_run + 1 if (by_override and self._free_run >= self._sd.override_n) else k
        lag = self._sd.lag_fast if fast else self._sd.lag
        i_est = max(q0 - lag, self._last_rest_end + 1, b)
        if self.placement == "bar":  # (a back sensor's integration is too rough for this)
            # a long quiet stretch may have begun while the bar still moved steadily: not before
            # a rest was last refused for that, and then not before the integration saw it stop
            i_est = max(i_est, self._refused_until + 1)
            if self._stopped_at is not None and self._stopped_at > self._last_rest_end:
                i_est = max(i_est, min(self._stopped_at, k))
            # nor before the integration had the bar slow down to a rest's speed (a slow, smooth
            # pull looks quiet for seconds before its lockout)
            if self._moving_until > self._last_rest_end:
                i_est = max(i_est, min(self._moving_until + 1, k))
        self._stopped_at = None
        landed_unseen = self._unseen_landing(k, i_est)
        if landed_unseen is not None:
            i_est = max(i_est, landed_unseen)
        t_est = self._tidx(i_est)
        # integration anchor: the estimated start of the rest (the still window proves the
        # stretch from there to k is at rest), never before the previous rest ended
        s = max(i_est, self._last_rest_end + 1, b)
        w0 = max(k - self._sd.w + 1, self._last_rest_end + 1, b)
        acc_w = self._acc[w0 - b : k + 1 - b]
        gyro_w = self._gyro[w0 - b : k + 1 - b]
        partial = Rest(s, k, self._tidx(s), self._tidx(k), self._gravity_estimate(_mean_rows(acc_w), k + 1 - w0), _mean_rows(gyro_w))
        if self._bias is None:
            self._update_bias(partial.gyro_mean, self._tidx(k) - self._tidx(w0), self._tidx(k))
        if abs(norm3(partial.gravity) - 1.0) < self.settings.stillness.max_gravity_error_g:
            self._open_ref = partial.gravity
        a = self._rest_a
        level = 0.0
        tr = self._tracker
        seg = None
        g_dir = partial.gravity / norm3(partial.gravity)  # the rest's posture (unit, sensor frame)
        if a is not None and (partial.t_start - a.t_end) <= self.settings.max_segment_s and s > a.i_end:
            seg = self._motion_since_anchor(s, partial, landing_at=None if landed_unseen is None else min(landed_unseen, s))
            if seg.steady_from_t is not None and self._anchor_kp is not None:
                # the rest the motion left was a steady rise from the floor: the pull began there
                self._anchor_kp.t_end = max(self._anchor_kp.t_start, seg.steady_from_t)
            tr.add_segment(seg)
            level = self._level_a + seg.rise_m
            # the rest began when the motion stopped, which the velocity shows before stillness does
            moving = (np.abs(seg.velocity) > self.settings.settle_speed_mps).nonzero()[0]
            if moving.size and moving[-1] + 1 < len(seg.t):
                t_est = min(t_est, float(seg.t[moving[-1] + 1]))
            # (not inside the rest that closes the motion)
            turns = [turn for turn in self._turns(seg) if turn.t_start < t_est]
            if (
                self.placement == "back" and tr.floor is not None
                and angle_deg(tr.floor.gravity_dir, g_dir) <= self.settings.max_bottom_change_deg
            ):
                # a rest back in the floor's posture closes a motion that ended at a bottom, as a
                # bottom turn does (a dead stop, or a touch-and-go bottom the link lost): the
                # trunk's top where the shoulders' height made no turn there (not where the motion
                # left the rest before: as for the height's turns, that is the rest, seen early)
                not_before = float(seg.t[0]) + TURN_EDGE_S
                cycles = self._trunk_cycle_turns(seg, not_before, t_est)
                if cycles is not None:
                    # the shoulders' height ran away (see _trunk_cycle_turns): the trunk's turns are
                    # the reps', and the rest is at the floor's level, as after a bottom turn
                    turns, level = cycles, tr.floor.level
                else:
                    turns = [turn for turn in self._with_trunk_top(turns, seg, not_before) if turn.t_start < t_est]
            for turn in turns:
                cand = tr.add_keypoint(turn)
                if cand is not None:
                    self._emit_rep(cand, events, self._tidx(k))
        else:
            tr.reset()
        kp = Keypoint("rest", t_est, None, level, g_dir, None)
        # (after a bottom turn: a descent that passes for a rest, see _landed_from_the_top)
        self._open_entry_v = self._fw_v if self._fw_valid and self._from_bottom_turn else 0.0
        # (a rest that began right after a rep's touch-and-go bottom: on the floor, or a steady
        # rise from it; not a low turn no rep ended at, a bar carried or rolled)
        lb = tr.last_rep_bottom()
        after_bounce = (
            self._from_bottom_turn and a is not None and t_est - a.t_end <= LANDING_REST_S
            and lb is not None and lb.kind == "turn" and lb.t_end == a.t_end
        )
        if seg is not None and self.placement == "bar" and (self._landed_before(seg, t_est) or self._landed_from_the_top(seg, t_est)):
            # the motion came down onto the floor and lay still there, whatever level the
            # integration gives it: a descent the link lost part of reads tenths of a metre off
            kp.landed = True
        if seg is not None and self.placement == "back":
            kp.posture_since = min(t_est, self._posture_since(seg, kp.gravity_dir))
        cand = tr.add_keypoint(kp)
        if cand is not None:
            self._emit_rep(cand, events, self._tidx(k))
        self._open_floor_t = None
        if self.placement == "bar" and seg is not None and a is not None:
            if after_bounce:
                self._open_floor_t = a.t_end
            elif (
                kp.landed and cand is not None and abs(kp.level - cand.floor.level) <= self.settings.rest_below_floor_m
                and cand.top.level - cand.floor.level >= 0.6 * tr.usual_rise()
            ):
                # a landing that completed a rep back at the level it was lifted from, a rep that
                # rose at least 0.6 of the last reps' usual rise (a lockout taken for a landing
                # completes a short one, the level having drifted with it)
                self._open_floor_t = seg.landings_t[-1] if seg.landings_t else t_est
            elif (
                seg.landings_t and lb is not None and lb.kind == "turn" and abs(lb.t_start - seg.landings_t[-1]) <= LANDING_TURN_S
                and abs(kp.level - lb.level) <= self.settings.rest_below_floor_m
            ):
                # the rest came after the landing that ended the last rep, at its level: the load
                # on the floor, or rising steadily from the bounce (the rebound of a last
                # touch-and-go rep, its impact aliased, leaves the integration no speed)
                self._open_floor_t = seg.landings_t[-1]
        self._open_rest_start = s
        self._open_rest_sure = max(w0, s)
        self._open_rest_window = (w0, k)
        self._open_kp = kp
        self._level_b = level
        self._fw_valid = False
        self._from_bottom_turn = False
        # live pause: a rest during the pull, clearly below the usual lockout height
        if self._is_provisional_pause(kp):
            # (when the load stopped rising, as the replay reports the hold: the cue is due then)
            merged = self._last_hold is not None and self._last_hold[0] == kp.t_start
            if merged:
                # the tracker merged this rest into the hold before it (a sway broke it): that one
                self._pause_start_t = self._last_hold[1]  # type: ignore[index]
            elif seg is not None:
                self._pause_start_t = min(t_est, hold_start_time(seg.t, seg.velocity, float(seg.t[0]), kp, self.settings))
            else:
                self._pause_start_t = t_est
            self._last_hold = (kp.t_start, self._pause_start_t)
            if merged and self._hold_spans:
                self._hold_spans.pop()  # (the same hold goes on)
            self._hold_spans.append((self._pause_start_t, None))
            while self._hold_spans[0][0] < self._pause_start_t - self._cyc_settings.live_window_s:
                self._hold_spans.popleft()
            self._pause_cued = False
            self._phase = "pause"
            if not self._rep_open:
                # the pull stopped low, before it looked like a lift: it started all the same
                f = self._tracker.floor
                f_end = f.t_end if (f is not None and f.t_end is not None) else t_est
                events.append(RepStarted(self._event_time(self._tidx(k)), f_end))
                self._rep_open, self._armed = True, False
            events.append(PauseStarted(self._event_time(self._tidx(k)), t_est))
        elif tr.state == "up":
            self._phase = "lockout"
        else:
            self._phase = "idle"
        if tr.state == "idle":
            self._armed, self._armed_min = True, level
        # a pause cue that falls inside the confirmation window is due right now
        if self._pause_start_t is not None and self.target_pause_s is not None and not self._pause_cued:
            if self._tidx(k) >= self._pause_start_t + self.target_pause_s:
                self._pause_cued = True
                events.append(PauseTarget(self._event_time(self._tidx(k)), self.target_pause_s))

    def _measured_descent(self, k: int) -> tuple[SegmentMotion, np.ndarray, np.ndarray]:
        """(motion, velocity, descending) at grid points from the anchor to k: the motion
        integrated forward (:meth:`_motion_since_anchor`), its vertical velocity (m/s) with
        impacts apart (a knock on a bar lying on the floor reads as a step of tenths of a m/s),
        and whether a real descent has been measured by each point: the velocity fell by
        LANDING_MIN_DESCENT_MPS within DESCENT_BUILD_S (a lowering, not the integration's slow
        drift from an accelerometer error of a few hundredths of a g)."""
        seg = self._motion_since_anchor(k, None)
        dv = np.diff(seg.velocity)
        hit = self._impacts_since_anchor(k)
        dv[hit[1:] | hit[:-1]] = 0.0
        # (a knock too faint for that rings for a few grid points: the median of five steps is
        # the lift's)
        w = DESCENT_MEDIAN_N
        if dv.shape[0] >= w:
            pad = np.concatenate((np.full(w // 2, dv[0]), dv, np.full(w // 2, dv[-1])))
            dv = np.median(np.lib.stride_tricks.sliding_window_view(pad, w), axis=1)
        v = np.concatenate(([0.0], np.cumsum(dv)))
        n = max(1, int(round(DESCENT_BUILD_S / self.dt)))
        recent_max = np.lib.stride_tricks.sliding_window_view(np.concatenate((np.full(n, v[0]), v)), n + 1).max(axis=1)
        return seg, v, np.logical_or.accumulate(v <= recent_max - LANDING_MIN_DESCENT_MPS)

    def _landing_descent_ends(self, k0: int, v: np.ndarray, h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Whether the forward velocities ``v`` (m/s) and heights ``h`` (m, from the anchor) the
        integration had reached just before grid points k0, k0 + 1, ... are those of a bar that
        came down onto the floor, and whether it has lain still since its impact.

        Landed: falling faster than LANDING_MIN_DESCENT_MPS at or below the level it was lifted
        from, soon after the last rest (the integration drifts), after a measured descent
        (:meth:`_measured_descent`) that either still falls that fast with impacts apart, or
        met an impact. Only the floor stops a load that fast, in a few ms: where the link lost
        that impact, the velocity still goes down, and where the impact was clipped or aliased
        (a few samples of it, at 50 Hz), what it adds to the velocity is anything, often more
        descent; either way the bar lies on the floor.

        Settled: landed on an impact that ended LANDING_SETTLE_S or more before (a short window
        that looks quiet there is the load lying on the floor, not the touch of a bounce).
        """
        n = v.shape[0]
        a = self._rest_a
        floor = self._tracker.lowest_bottom_level(0.0)
        none = np.zeros(n, bool)
        if (self.placement != "bar" or floor is None or a is None or not self._fw_valid or self._from_bottom_turn
                or k0 - 1 <= a.i_end):
            return none, none
        since = self._t[k0 - self._base : k0 - self._base + n] - a.t_end
        cand = (v <= -LANDING_MIN_DESCENT_MPS) & (self._level_a + h <= floor) & (since <= self.settings.fast_check_max_s)
        if not cand.any():
            return cand, none
        _, vm, fell = self._measured_descent(k0 + n - 2)
        hits = self._impacts_since_anchor(k0 + n - 2)
        on_impact = np.logical_or.accumulate(hits & fell)[-n:]
        cand &= fell[-n:]
        landed = cand & ((vm[-n:] <= -LANDING_MIN_DESCENT_MPS) | on_impact)
        if not on_impact.any():
            return landed, none
        i_hit = np.maximum.accumulate(np.where(hits, np.arange(hits.shape[0]), 0))[-n:]
        t = self._t[k0 - 1 - self._base : k0 - 1 - self._base + n]  # (the points v and h are at)
        settled = cand & on_impact & (t - self._t[a.i_end - self._base + i_hit] >= LANDING_SETTLE_S)
        return landed, settled

    def _unseen_landing(self, k: int, i_est: int) -> int | None:
        """Grid point where a bar came down onto the floor with the impact lost on the link, for
        a rest found at grid point k and estimated to begin at ``i_est``, or None.

        Only the floor stops a load in a few ms; where that impact fell in data the link lost,
        the velocity integrated forward still goes down fast at the rest. Soon after the last
        rest (the integration drifts), the bar is below where a bottom completes the rep, and
        either
        - falling faster than a landing's descent (LANDING_MIN_DESCENT_MPS, after a measured
          descent: :meth:`_measured_descent`) with no braking measured (a link delivering a
          fraction of the samples, none flagged as lost): it landed where the level integrated
          forward reached the floor, or at k if that reads the floor later (the level drifted);
        - or a gap in the data ends within LANDING_REST_S before the rest, going into which it
          came down faster than ``min_descent_speed_mps`` (a descent measured): it landed there.
        """
        tr = self._tracker
        a = self._rest_a
        if self.placement != "bar" or a is None or not self._fw_valid or self._from_bottom_turn or k <= a.i_end:
            return None
        done = tr.descent_done_level()
        if done is None or self._level_a + self._fw_h > done or self._tidx(k) - a.t_end > self.settings.fast_check_max_s:
            return None
        b = self._base
        seg, v, fell = self._measured_descent(k)
        if v[-1] <= -LANDING_MIN_DESCENT_MPS and fell[-1]:
            floor = tr.lowest_bottom_level(0.0)
            assert floor is not None
            reached = (self._level_a + seg.height <= floor).nonzero()[0]
            return a.i_end + int(reached[0]) if reached.size else k
        lost = self._gap[a.i_end - b : k + 1 - b]
        near = self._t[a.i_end - b : k + 1 - b] >= self._tidx(i_est) - LANDING_REST_S
        ends = (lost[:-1] & ~lost[1:] & near[1:]).nonzero()[0]
        if not ends.size:
            return None
        e = int(ends[-1]) + 1  # the first point measured again
        measured = (~lost[:e]).nonzero()[0]
        if not measured.size or not fell[measured[-1]] or v[measured[-1]] > -self.settings.min_descent_speed_mps:
            return None
        return a.i_end + e

    def _posture_since(self, seg: SegmentMotion, g_dir: np.ndarray) -> float:
        """Since when (s) a back's trunk has been within ``min_hold_turn_deg`` of the posture
        ``g_dir`` (unit gravity, sensor frame) at the end of motion ``seg`` (its start if all
        along): a set-up settles (hips, chest) before it is still."""
        away = (seg.gravity_dir @ g_dir < np.cos(np.radians(self.settings.min_hold_turn_deg))).nonzero()[0]
        return float(seg.t[min(int(away[-1]) + 1, len(seg.t) - 1)]) if away.size else float(seg.t[0])

    def _is_provisional_pause(self, kp: Keypoint) -> bool:
        tr = self._tracker
        if tr.floor is None or tr.floor is kp:
            return False
        s = self.settings
        f_end = tr.floor.t_end_or_start()
        if kp.t_start - f_end > s.max_motion_s:
            return False  # no pull takes that long to reach a hold: the floor is stale
        if self.placement == "bar" and angle_deg(tr.floor.gravity_dir, kp.gravity_dir) > s.max_hold_turn_deg:
            return False  # a pulled bar stays level (turned, it was rolled or tipped)
        if self.placement == "back":
            # a hold keeps the trunk inclined (the bar below the knee); standing at lockout it
            # has turned through most of the hinge. So it has turned less than 60 % of the usual
            # hinge from the floor, and stays a good part of it away from the lockout's posture
            turns = self._trunk_turns[-5:]
            usual = float(np.median(turns)) if turns else DEFAULT_TRUNK_TURN_DEG
            if angle_deg(tr.floor.gravity_dir, kp.gravity_dir) >= 0.6 * usual:
                return False
            if not self._inclined_from_lockout(tr.floor, kp, s.min_pause_incline_frac * usual):
                return False
        if tr.state == "rising" and tr.holds and tr.holds[-1] is kp:
            return True
        if tr.state == "up" and tr.top is kp:
            if self.placement == "back":
                return True  # (the trunk's turn, above, tells; a back's level is rougher)
            roms = self._level_rises[-5:]
            usual = float(np.median(roms)) if roms else DEFAULT_BAR_RISE_M
            return kp.level - tr.floor.level < s.pause_max_rise_frac * usual
        return False

    def _inclined_from_lockout(self, floor: Keypoint, kp: Keypoint, min_deg: float) -> bool:
        """(back) Whether both the floor and a candidate pause ``kp`` keep the trunk inclined at
        least ``min_deg`` (deg) from the last rep's lockout posture (standing upright; the gravity
        direction in the sensor frame, whatever the mounting). A rest nearer it is the lifter
        standing (a half-bend between sets, the level drifted up), and a floor nearer it is no
        set-up. True before any rep (no lockout posture known yet)."""
        lockout = self._tracker.last_lockout_dir()
        if lockout is None:
            return True
        return angle_deg(lockout, floor.gravity_dir) >= min_deg and angle_deg(lockout, kp.gravity_dir) >= min_deg

    def _reference_min_rest_s(self) -> float:
        """The shortest rest (s) whose mean specific force becomes the magnitude reference of its
        orientation (:class:`AnalyzerSettings`: a back's short rests sway and tremble)."""
        s = self.settings
        return s.back_reference_min_rest_s if self.placement == "back" else s.reference_min_rest_s

    def _gravity_estimate(self, mean_acc: np.ndarray, n: int) -> np.ndarray:
        """Gravity (g, sensor frame) at a rest from its mean specific force over n grid points.

        A short rest's mean is off by what little motion is left in it (a bar that just stopped
        sways); where an earlier rest of the same orientation is known, its magnitude (what the
        sensor reads for gravity there) is the better one, and only the direction is new.
        """
        refs = self._refs_array
        if refs is None or n * self.dt >= self.settings.short_rest_s:
            return mean_acc
        _, _, chord, ref_mag = self._sd.magnitude_error_one(mean_acc, refs)
        if chord > self.settings.same_orientation_chord:
            if self._acc_offset is not None and (self.placement == "back" or chord < self.settings.offset_magnitude_max_chord_bar):
                # a short rest is a touch-and-go lockout or a sway: what the sensor reads for
                # gravity in a new orientation is the nearest known rest's magnitude moved by the
                # accelerometer offset (|g| + b . d), not a mean that a trunk still slowing down
                # or a bar just braked at its lockout spoils by hundredths of a g
                mag = norm3(mean_acc)
                d = mean_acc / mag
                near = refs[np.argmax(refs @ d / np.sqrt(np.einsum("ij,ij->i", refs, refs)))]
                pred = norm3(near) + float((d - near / norm3(near)) @ self._acc_offset)
                return mean_acc * (pred / mag)
            # (no offset fitted yet) a bar tilted a few degrees reads gravity's magnitude within
            # |b| x chord of the nearest rest's, while a short rest's mean is off by what motion
            # is left in it (a bar end held up by hand while a plate goes on: 0.05 g, which over
            # a few seconds of motion integrates to a metre of false rise): that rest's magnitude
            if not (self.placement == "bar" and chord < self.settings.short_rest_magnitude_max_chord_bar):
                return mean_acc
        return mean_acc * (ref_mag / norm3(mean_acc))

    def _before_unproven_gap(self, s: int, e: int, j: int) -> int | None:
        """The last measured point before lost data in the rest s..e (grid indices) that no full
        window of measurements after it proved still up to the motion at j, or None.

        Points interpolated across a gap look perfectly quiet, so a rest seems to go on through
        the link's loss; if the motion is seen soon after it, the rest may have ended anywhere in
        the gap (a pause deadlift resumed while the link was down). The integration then starts
        before the gap, whose lost acceleration the velocity's uncertainty and the closing rest
        account for, not after it at a velocity of zero the bar no longer had.
        """
        b = self._base
        lost = self._gap[s - b : e + 1 - b]
        if not lost.any():
            return None
        last = s + int(np.flatnonzero(lost)[-1])
        if j - 1 - last >= self._sd.span:
            return None
        measured = np.flatnonzero(~lost[: last - s])
        return s + int(measured[-1]) if measured.size else None

    def _gravity_carried(self, g_dir: np.ndarray) -> np.ndarray:
        """Gravity (g, sensor frame) in the unit direction ``g_dir`` the gyroscope carried the
        anchor's to, with the anchor's magnitude moved by the accelerometer offset (the
        magnitude the sensor reads follows the orientation)."""
        a = self._rest_a
        assert a is not None
        mag = norm3(a.gravity)
        if self._acc_offset is not None:
            mag += float((g_dir - a.gravity / mag) @ self._acc_offset)
        return g_dir * mag

    def _update_bias(self, gyro_mean: np.ndarray, duration_s: float, t: float) -> None:
        """Fold a rest's mean gyro reading (deg/s, sensor frame) over ``duration_s`` (s), ending at
        time t (s), into the bias estimate: a scalar Kalman update per axis. The bias wanders
        slowly (warm-up, temperature: ``gyro_bias_walk_dps2_per_s``); a rest measures it to
        about ``rest_bias_noise_dps`` over one second, better the longer it lasts (a short
        "rest" is often a slow sway or a steady motion that looks still). A rest that reads the
        offset further off than that allows has seen it change at once: it starts the estimate
        afresh."""
        st = self.settings
        var = self._bias_var + st.gyro_bias_walk_dps2_per_s * max(0.0, t - self._bias_t)
        meas_var = st.rest_bias_noise_dps**2 / max(duration_s, 0.05)
        innov = None if self._bias is None or not np.isfinite(var) else gyro_mean - self._bias
        # (a rest further from the estimate than its wander and this rest's noise allow, three
        # sigmas with the three axes together, and than a rest may turn: the offset changed at
        # once, a sensor restarted or recalibrating itself; the estimate starts again there)
        if innov is None or float(innov @ innov) > max(st.stillness.rate_enter_dps**2, 27.0 * (var + meas_var)):
            self._bias, self._bias_var = np.array(gyro_mean, dtype=np.float64), meas_var
        else:
            gain = var / (var + meas_var)
            self._bias = self._bias + gain * innov
            self._bias_var = var * (1.0 - gain)
        self._bias_t = t

    def _turning_rest_dps(self, t: np.ndarray, acc: np.ndarray) -> float | None:
        """How fast (deg/s) the gravity direction read over a rest's points (times ``t``, s;
        specific force ``acc``, g) turns, where that is beyond ``max_calibration_tilt_dps`` and
        beyond its noise (:func:`tilt_rate_dps`), else None. A body settling or swaying slowly
        reads as still to the stillness detector, but its gyro's mean is the bias plus that
        turning: a few deg/s, which integrate to tens of degrees over a set without a rest."""
        rate, se = tilt_rate_dps(t, acc)
        return rate if rate > max(self.settings.max_calibration_tilt_dps, 3.0 * se) else None

    def _rest_ended(self, j: int, events: list[AnalysisEvent], closing: bool = False) -> None:
        s = self._open_rest_start
        if s is None:
            return
        b = self._base
        sd = self._sd
        # anchor: the last point surely at rest; estimate: when motion likely began
        e = max(s, j - sd.span)
        t_end_est = self._tidx(max(s, j - 1 - (sd.m1 + sd.m2) // 4))
        e_lost = self._before_unproven_gap(s, e, j)
        if e_lost is not None:
            e, t_end_est = e_lost, min(t_end_est, self._tidx(e_lost))
        # calibrate from the part proven still by a full window: the stretch before it only
        # looked quiet (a bar moving steadily does), and its mean would be off
        c = self._open_rest_sure if self._open_rest_sure <= e else s
        e_cal = e
        if e + 1 - c < sd.w:
            # a rest that ended about as soon as it was seen is calibrated from the window that
            # saw it, not from a point or two at its estimated start: a bar that just stopped
            # rings, and a trunk that just stopped turning at a touch-and-go lockout (a few
            # hundred deg/s, 0.5 m from the hips) is still braking there; either is tenths of a
            # g off, which turns the gravity direction tens of degrees
            c, e_cal = self._open_rest_window
        acc_c, gyro_c = self._acc[c - b : e_cal + 1 - b], self._gyro[c - b : e_cal + 1 - b]
        t_c = self._t[c - b : e_cal + 1 - b]
        lost = self._gap[c - b : e_cal + 1 - b]
        if lost.any() and not lost.all():
            # points interpolated across lost data are no measurement (a rest that the link
            # lost the end of ramps towards the motion after it there)
            acc_c, gyro_c, t_c = acc_c[~lost], gyro_c[~lost], t_c[~lost]
        measured = _mean_rows(acc_c)
        rest = Rest(s, e, self._tidx(s), self._tidx(e), self._gravity_estimate(measured, acc_c.shape[0]), _mean_rows(gyro_c))
        mag = norm3(rest.gravity)
        plausible = abs(mag - 1.0) < self.settings.stillness.max_gravity_error_g
        if plausible and self._refs_array is not None and rest.duration_s < self.settings.trusted_rest_s:
            # a rest must read the magnitude a known rest of that orientation reads: a steady
            # pull can look still for a moment, and calibrating from it would spoil every later
            # rest of that orientation (only a long rest may replace what the earlier ones read)
            err, tol, _, _ = self._sd.magnitude_error_one(rest.gravity, self._refs_array)
            plausible = err < self.settings.stillness.mag_exit_factor * tol
        if rest.duration_s >= 0.4 and plausible and self._turning_rest_dps(t_c, acc_c) is None:
            self._update_bias(rest.gyro_mean, rest.duration_s, rest.t_end)
        if rest.duration_s >= self._reference_min_rest_s() and plausible:
            old = self._refs_array
            # a back's reference is what the sensor read there, not a magnitude the offset fit
            # predicted (kept, that prediction would be fitted again as if measured); a bar's
            # short lockout rest still sways, and the prediction is the better reading there
            # (measured on the tuning seeds: back altsim 0.641 -> 0.666, bar altsim 0.853 -> 0.838)
            ref = measured if self.placement == "back" else rest.gravity
            if old is None:
                self._refs_array = ref[None, :].copy()
            else:
                # the rests of other orientations are kept (up to 7); one of this orientation is replaced
                cos = np.abs(old @ ref) / (np.sqrt(np.einsum("ij,ij->i", old, old)) * norm3(ref))
                self._refs_array = np.concatenate((ref[None, :], old[cos < 0.999][:7]))
            self._acc_offset = fit_accel_offset(self._refs_array, self.settings.acc_offset_ridge)
        kp = self._open_kp
        if kp is not None:
            kp.t_end = max(t_end_est, kp.t_start)
            kp.rest = rest
            self._tracker.rest_ended(kp)
        if self._pause_start_t is not None and not closing and kp is not None:
            events.append(PauseEnded(self._event_time(self._tidx(j)), kp.t_end - min(kp.t_start, self._pause_start_t)))
        if self._pause_start_t is not None and self._hold_spans and kp is not None:
            self._hold_spans[-1] = (self._hold_spans[-1][0], kp.t_end)
        self._pause_start_t = None
        if not plausible and self._rest_a is not None:
            # not a believable rest (specific force far from 1 g, or from what a known rest of
            # that orientation reads): keep the old calibration's magnitude, in the orientation
            # the gyroscope carried to the rest (the posture may have changed since: a
            # touch-and-go lockout, 65 deg from the bottom the old calibration was taken at)
            g = self._rest_a.gravity
            if rest.i_start > self._rest_a.i_end + 1:
                g = self._gravity_carried(self._motion_since_anchor(rest.i_start, None).gravity_dir[-1])
            rest = Rest(rest.i_start, rest.i_end, rest.t_start, rest.t_end, g, rest.gyro_mean)
        self._rest_a = rest
        self._level_a = self._level_b
        self._last_rest_end = e
        self._open_rest_start = None
        self._anchor_kp = kp
        self._anchor_entry_v = self._open_entry_v
        self._anchor_floor_t = self._open_floor_t
        self._open_kp = None
        self._open_ref = None
        on_floor = self.placement == "bar" and self._tracker.state == "idle"
        self._restart_integration(from_bottom_turn=False, on_floor_at=e if on_floor else None)
        if self._cyc is not None and self._cyc.start is not None and self._cyc.start >= s:
            # (this rest ended a stretch: the next begins where the motion does)
            self._cyc.drop_before(e + 1)
            self._cyc_reps = len(self._reps)
        if on_floor and self._live_cyc:
            # (live: the pull that follows may be found from here alone, :meth:`_report_pulls`)
            after = e + 1 - self._base  # (the rest's last point, in the kept rows, plus one)
            tail = self._acc[max(0, after - int(round(self._cyc_settings.first_rest_s / self.dt))) : after]
            self._floor_rest = (e + 1, float(np.median(np.sqrt(np.einsum("ij,ij->i", tail, tail))))) if tail.shape[0] else None
        if not closing:
            # the stillness detector sees motion a window after it began: the motion is integrated
            # from the last point surely at rest, not from here, or the velocity it reached by now
            # is lost (a fast pull has 0.3 m/s by the time its window leaves the rest)
            self._t_decided = self._event_time(self._tidx(j))
            i = e + 1
            while i < j:
                i = self._advance_motion(i, j, events)
            self._t_decided = -np.inf

    def _left_a_rest_entered_falling(self) -> bool:
        """(bar) Whether the open motion left the rest the rep tracker took for the top, and the
        integration from the bounce before came into that rest going down faster than a rest's
        speed (not stopped, nor from a rest): a steady lowering may have passed for it."""
        tr = self._tracker
        kp = self._anchor_kp
        if kp is None or self._from_bottom_turn or tr.state != "up" or tr.top is not kp or self._rest_a is None:
            return False
        return self._anchor_entry_v < -self.settings.rest_max_speed_mps

    def _landed_from_the_top(self, seg: SegmentMotion, t_rest: float) -> bool:
        """Whether a bar's motion ``seg``, from a rest the rep tracker took for a lockout to a
        rest beginning at ``t_rest`` (s), began with the floor's impact.

        A bar coming down steadily from the lockout looks still (the specific force is
        gravity's), and after a touch-and-go bounce, whose aliased impact leaves the velocity
        uncertain by tenths of a m/s, the integration cannot refuse that rest. Then the floor
        stops the bar: an upward specific force IMPACT_G or more above gravity within the
        stillness window's span of leaving the "rest", the bar lying still within
        LANDING_REST_S of it, having moved less than LANDED_FROM_TOP_MAX_M. That "rest" was the
        descent when the integration from the bounce also came into it going down faster than
        a rest's speed; a bar held at the top, or in a hold, came into it stopped (a pull
        resumed from a hold may start as hard, and ends at the lockout, as soon). From the rest
        taken for the lockout, held still, it was the descent where the bar then lies back in
        the floor's orientation (:meth:`_lies_as_on_the_floor`). (From a rest on the floor the
        integration refuses a steady descent where it knows the velocity, and where knocks or
        lost data spoiled it, the velocity it came in with is no evidence.)"""
        if not (self._left_a_rest_entered_falling() or self._lies_as_on_the_floor(seg)):
            return False
        assert self._rest_a is not None
        n = min(seg.t.shape[0], self._sd.span + 2)
        b = self._base
        acc = self._acc[seg.i0 - b : seg.i0 - b + n]
        up = np.einsum("ij,ij->i", acc, seg.gravity_dir[:n]) - norm3(self._rest_a.gravity)
        spike = (up > IMPACT_G).nonzero()[0]
        if not spike.size or t_rest - float(seg.t[spike[-1]]) > LANDING_REST_S:
            return False
        # the floor stopped it where the motion began (integrated from a rest that was a steady
        # descent, the descent is not in it); a pull resumed from a hold goes tenths of a metre
        return float(np.max(np.abs(seg.height))) < LANDED_FROM_TOP_MAX_M

    def _lies_as_on_the_floor(self, seg: SegmentMotion) -> bool:
        """(bar) Whether motion ``seg`` left the rest the rep tracker took for the lockout and
        ended with the bar lying within FLOOR_SAME_DEG of the floor's orientation and at least
        FLOOR_NEARER_DEG nearer it than the lockout's: the shaft rolls a little in the hands at
        the top, and back on its plates it lies as it did before the pull (a jolt at the top
        leaves the bar as the hands hold it)."""
        tr = self._tracker
        if tr.state != "up" or tr.top is None or tr.top is not self._anchor_kp or tr.floor is None:
            return False
        g_end = seg.gravity_dir[-1]
        to_floor = angle_deg(tr.floor.gravity_dir, g_end)
        return to_floor <= FLOOR_SAME_DEG and angle_deg(tr.top.gravity_dir, g_end) - to_floor >= FLOOR_NEARER_DEG

    def _landed_before(self, seg: SegmentMotion, t_rest: float) -> bool:
        """Whether a bar's motion ``seg`` that a rest beginning at ``t_rest`` (s) closes came down
        onto the floor just before it: a landing's impact within LANDING_REST_S, or a descent
        (faster than ``min_descent_speed_mps``) still under way where the link lost the data
        that ends within LANDING_REST_S of the rest (the landing fell in the gap)."""
        if seg.landings_t and seg.landings_t[-1] >= t_rest - LANDING_REST_S:
            return True
        lost = seg.lost
        if lost is None:
            return False
        gap_end = (lost & (seg.t >= t_rest - LANDING_REST_S) & (seg.t <= t_rest)).nonzero()[0]
        if not gap_end.size:
            return False
        measured = (~lost[: gap_end[-1]]).nonzero()[0]
        # (the run of lost points that ends there: the last measured point before it)
        before = measured[-1] if measured.size else None
        return before is not None and bool(seg.velocity[before] <= -self.settings.min_descent_speed_mps)

    def _turns(self, seg) -> list[Keypoint]:
        h = seg.height
        p = self.settings.turn_prominence_m
        if self.placement == "bar":
            # padded, an extreme next to an end counts by the side that has data: the lowest
            # point of a descent that a drifting level then lifts a little before the rest is
            # the bottom (the bar is back on the floor)
            padded = np.empty(len(h) + 2)
            padded[0] = padded[-1] = -np.inf
            padded[1:-1] = h
            hi = find_prominent_peaks(padded, p) - 1
            np.negative(h, out=padded[1:-1])  # (the peak search keeps no reference to its input)
            lo = find_prominent_peaks(padded, p) - 1
        else:
            # a back sensor's motion starts slowly: a dip of millimetres before a lift-off is no
            # turn (it would take the floor's place and hide a low hold); a turn must stand out
            # on both sides
            hi = find_prominent_peaks(h, p)
            lo = find_prominent_peaks(-h, p)
        # a turn right at an end is that end's rest seen early (plateau): not a keypoint of its own
        # (a motion has a few turns: plain lists cost less than numpy calls here)
        edge = int(round(TURN_EDGE_S / self.dt))
        turns = []
        lows = set(lo.tolist())
        for i in sorted(hi.tolist() + lo.tolist()):
            if edge < i < len(h) - 1 - edge:
                t_i = float(seg.t[i])
                landed = i in lows and any(abs(t_i - tl) <= LANDING_TURN_S for tl in seg.landings_t)
                turns.append(Keypoint("turn", t_i, t_i, seg.base_level + float(h[i]), seg.gravity_dir[i], landed=landed))
        return turns

    # --- reps and sets
    def _emit_rep(self, cand, events: list[AnalysisEvent], t_decision: float) -> None:
        set_index = self._enter_set(cand.floor.t_end or cand.floor.t_start, events, t_decision)
        self._level_rises.append(float(cand.top.level - cand.floor.level))
        self._trunk_turns.append(angle_deg(cand.floor.gravity_dir, cand.top.gravity_dir))
        self._report_rep(build_rep(cand, 0, set_index, self.placement, self.target_pause_s, self.settings), events, t_decision)
        self._rep_open = False

    def _enter_set(self, t_floor: float, events: list[AnalysisEvent], t_decision: float) -> int:
        """The set a rep that left the floor at t_floor (s) belongs to: the open one, or a new one
        after a long enough rest (which closes the open one)."""
        if self._set_reps and t_floor - self._set_end() > self.settings.set_gap_s:
            if not self._set_closed:
                self._close_set(events, t_decision)
        elif self._set_closed and self._set_reps:
            # a rep found late (from a set's pulls, when the bar rested after it) that began
            # within set_gap_s of the last set's last rep: that set went on (the analysis had
            # closed it, and said so, before it knew)
            self._sets.pop()
            self._set_closed = False
        if self._set_closed:
            self._set_reps = []
            self._set_closed = False
        return len(self._sets) + 1

    def _set_end(self) -> float:
        """When the open set's last rep ended, s (reps found from a stretch's pulls when it ended
        come after the reps reported in it, not always in time order)."""
        return max(r.end_s for r in self._set_reps)

    def _reported_early(self, rep: Rep) -> Rep | None:
        """(live) The rep found early from its pull (:meth:`_look_for_pulls`) that ``rep`` is,
        taken off the list, or None: of those its concentric overlaps, the one that began nearest
        it (:func:`pull_cycles.pulls_overlapping`, as :func:`pull_cycles.pulls_reported` pairs them)."""
        own = pulls_overlapping(self._early, rep, self._cyc_settings.overlap_tol_s)[1]
        return None if own is None else self._early.pop(own)

    def _new_index(self) -> int:
        """The number of the next rep reported (in the order reported; the result numbers them in
        time order)."""
        self._numbered += 1
        return self._numbered

    def _tempo_flagged(self, rep: Rep, also: tuple[Rep, ...] | list[Rep] = ()) -> Rep:
        """``rep``, flagged ``tempo_loss`` where it lost tempo: its moving concentric time
        tempo_loss_ratio or more of the shortest of the reps of its set (the open one; and those
        ``also`` given) that began before it."""
        earlier = [r.moving_concentric_s for r in [*self._set_reps, *also] if r.start_s < rep.start_s and r.set == rep.set]
        if earlier and rep.moving_concentric_s >= self.settings.tempo_loss_ratio * min(earlier):
            return Rep(**{**rep.__dict__, "flags": rep.flags + ("tempo_loss",)})
        return rep

    def _report_rep(self, rep: Rep, events: list[AnalysisEvent], t_decision: float) -> None:
        """Number a rep (its index is not set yet), flag its tempo loss (:meth:`_tempo_flagged`),
        record it and report it; live, one reported early from its pull already
        (:meth:`_reported_early`) keeps that number and is not reported again."""
        early = self._reported_early(rep)
        rep = self._tempo_flagged(replace(rep, index=early.index if early is not None else self._new_index()))
        self._reps.append(rep)
        self._set_reps.append(rep)
        if early is None:
            events.append(RepCompleted(self._event_time(t_decision), rep))

    def _look_for_pulls(self, i_new: int, i_end: int, events: list[AnalysisEvent]) -> None:
        """(bar, live) Report the reps of the open stretch found from its pulls so far that no
        rep reported covers (:meth:`_report_pulls`). Looked for live_wait_s after a swing of the
        magnitude among the new points [i_new, i_end) as large as a pull's slowing (all but the
        last rep found: its end needs the next pull), from live_turn_wait_s after a rise as large
        (a lowering ended: the last rep found too where the data shows its lowering ended), and
        once the bar has rested live_wait_s after reps found so, or lain as still that long with
        no rest taken (the set's last rep too: it ended there)."""
        s, cyc = self._cyc_settings, self._cyc
        if cyc is None or cyc.start is None:
            return
        wait = int(round(s.live_wait_s / self.dt))
        # (the highest magnitude of each block of the last pull_max_s: a cheap first look at a
        # swing, on every notification)
        w = max(1, int(round(s.pull_max_s / self.dt)))
        new = cyc.window(i_new, i_end)[0].tolist()
        highs = self._recent_highs
        while highs and highs[0][0] < i_new - w:
            highs.popleft()
        lows = self._recent_lows
        while lows and lows[0][0] < i_new - w:
            lows.popleft()
        if new:
            highs.append((i_end, max(new)))
            lows.append((i_end, min(new)))
        rest = self._open_rest_start
        if self._early and rest is not None and rest != self._early_rest and i_end >= rest + wait:
            # (quiet over its last live_wait_s, judged on each block: its start may hold the
            # ringing of the landing that began it. Where it was quiet since it began, the pulls
            # up to it; else up to now, which show that landing and the bar still after it. The
            # whole rest is looked at once only: a span that was not quiet never becomes so)
            if cyc.quiet(i_end - wait, i_end, s.stretch_rest_quiet_g):
                self._early_rest = rest
                self._report_pulls(rest if cyc.quiet(rest, i_end, s.stretch_rest_quiet_g) else i_end, events, last_too=True)
                return
        if self._early and rest is None and i_end - wait >= cyc.start:
            # (the bar lying as still with no rest taken: the integration, run away through the
            # set, refuses one until it has settled, seconds on. The pulls up to where it began
            # to lie still, once: a bar held still at its lockout then shows no lowering yet)
            if not cyc.quiet(i_end - wait, i_end, s.stretch_rest_quiet_g):
                self._early_still = False
            elif not self._early_still:
                self._early_still = True
                since = cyc.quiet_since(i_end - int(round(s.live_window_s / self.dt)), i_end, s.stretch_rest_quiet_g)
                self._report_pulls(since, events, last_too=True)
                return
        # (the new points' lowest against those highest first, and their highest against those
        # lowest; only where that swings, point by point; no rise while a watch is on)
        slowing = bool(new) and min(new) <= max(h for _, h in highs) - s.live_swing_g
        rising = bool(new) and self._turn_watch is None and max(new) >= min(lo for _, lo in lows) + s.live_swing_g
        x = cyc.window(i_new - w, i_end)[0] if slowing or rising else None
        if x is not None and x.shape[0] > w:
            first = i_end - x.shape[0] + w  # the absolute index of the first point judged
            new_pts = np.arange(first, i_end) >= i_new
            before = sliding_window_view(x, w + 1)  # (each point and the pull_max_s before it)
            if slowing:
                # a pull's slowing to its lockout (each point against the highest of the
                # pull_max_s before it): its reps are looked for once its lockout has come
                hit = ((x[w:] <= before.max(axis=1) - s.live_swing_g) & new_pts).nonzero()[0]
                if hit.size:
                    due = first + int(hit[0]) + wait
                    self._early_due = due if self._early_due is None else min(self._early_due, due)
            if rising:
                # a rise as large (each point against the lowest of the pull_max_s before it)
                # to well above 1 g (not the bar going back to a steady lowering after it sped
                # up down from the lockout) may be a lowering ended: the next pull's speeding up,
                # or the bar set down. The rep before it has ended there: looked for from
                # live_turn_wait_s after the rise, on each block until seen, for
                # live_turn_watch_s at most
                rise_to = np.maximum(before.min(axis=1) + s.live_swing_g, 1.0 + s.live_swing_g / 2)
                hit = ((x[w:] >= rise_to) & new_pts).nonzero()[0]
                if hit.size:
                    k = first + int(hit[0]) + int(round(s.live_turn_wait_s / self.dt))
                    self._turn_watch = (k, k + int(round(s.live_turn_watch_s / self.dt)))
        if self._early_due is not None and i_end >= self._early_due:
            self._early_due = None
            self._report_pulls(i_end, events, last_too=False)
        elif self._turn_watch is not None and i_end >= self._turn_watch[0]:
            seen = self._report_pulls(i_end, events, last_too=False, pairs=True)
            if seen is not False or i_end >= self._turn_watch[1]:
                self._turn_watch = None  # (seen, or no reps in the pulls at all)

    def _report_pulls(self, i_end: int, events: list[AnalysisEvent], last_too: bool, pairs: bool = False) -> bool | None:
        """(bar, live) Report the reps found from the pulls of the open stretch's last
        live_window_s up to grid point i_end (exclusive; :func:`pull_cycles.find_pull_cycles`)
        that no rep reported covers (:func:`pull_cycles.pulls_reported`); the last one found only
        where the data shows where its lowering ended (CycleRep.end_seen), or if ``last_too``
        and the bar was lowered as the others before i_end (not still going down slowly: a
        quiet stretch of a slow lowering looks like a rest). Where the rest of the analysis
        missed fewer than live_min_missed of them, or, with ``pairs`` (a lowering's end watched
        for), the pulls are a run one short (two, the second's lowering ended by the next pull
        leaving the floor), they are reported only where they are whole reps
        (:meth:`_pair_is_two_reps`, :meth:`_lone_pull_is_rep`). Where no rep began since the
        last rest on the floor and no run is found, the first rep after that rest is reported
        alone where it is a whole rep (:meth:`_first_is_rep`): from two pulls, its end where
        the second left the floor (seen once the second has locked out), or, with ``pairs``,
        from its pull alone, the rest anchoring it (:func:`pull_cycles.first_pull_rep`).
        Returns whether the last rep found had its end seen (None where the pulls gave no reps)."""
        s, cyc = self._cyc_settings, self._cyc
        i0 = max(cyc.start, i_end - int(round(s.live_window_s / self.dt)))  # type: ignore[union-attr]
        norm, gap = cyc.window(i0, i_end)  # type: ignore[union-attr]
        t0 = self._rs.t0 + i0 * self.dt
        found = find_pull_cycles(t0, self.dt, norm, gap, s, complete=last_too)
        reported = self._reps[self._cyc_reps :]
        k_floor = self._since_floor_rest(i0, reported)
        short = not found and (pairs or k_floor is not None)
        if short:
            # (a run one pull short: two pulls, or the first rep since a rest on the floor, the
            # second pull under way)
            found = find_pull_cycles(t0, self.dt, norm, gap, replace(s, min_reps=2), complete=last_too)
        seen = found[-1].end_seen if found else None
        if found and not (seen or (last_too and found[-1].end_s < t0 + (norm.shape[0] - 2) * self.dt)):
            found = found[:-1]  # (its end is not known yet: as far as the data goes)
        settled_s = t0 + (norm.shape[0] - edge_points(self.dt, s)) * self.dt
        first = short and k_floor is not None and len(found) <= 1
        if first and not found and pairs:
            # (the first from its pull alone, the rest before it anchoring it)
            one = first_pull_rep(t0 + k_floor * self.dt, self.dt, norm[k_floor:], self._floor_rest[1], gap[k_floor:], s)  # type: ignore[index]
            found, seen = ([one], True) if one is not None else ([], seen)
        if first:
            found = found if found and self._first_is_rep(found[0], settled_s) else []
        elif short and not (pairs and self._pair_is_two_reps(found, settled_s)):
            return seen
        if not found:
            return seen
        covered = pulls_reported(found, reported, s)[0]
        if not first and len(found) - len(covered) < s.live_min_missed and not self._lone_pull_is_rep(
            found, covered, reported, t0 + norm.shape[0] * self.dt
        ):
            return seen
        explained, _ = pulls_reported(found, reported + self._early, s)
        for i, c in enumerate(found):
            if i in explained:
                continue
            rep = self._tempo_flagged(_pull_rep(c, self._new_index(), len(self._sets) + 1), also=self._early)
            self._early.append(rep)
            events.append(RepCompleted(self._event_time(self._t_now()), rep))
        return seen

    def _since_floor_rest(self, i0: int, reported: list[Rep]) -> int | None:
        """(bar, live) Where the last rest on the floor ended, in points from grid point i0 (the
        pull search's first), where that is in the search and no rep reported (nor found early
        from its pull) began since; else None."""
        floor = self._floor_rest
        if floor is None or floor[0] < i0:
            return None
        t_floor = self._rs.t0 + floor[0] * self.dt
        if any(r.start_s >= t_floor for r in (*reported, *self._early)):
            return None
        return floor[0] - i0

    def _pair_is_two_reps(self, found: list[CycleRep], settled_s: float) -> bool:
        """(bar, live) Whether ``found``, from a run one pull short, is two whole reps: the
        second's lowering ended in the next pull leaving the floor (the bar not set down before
        it), before ``settled_s`` (s: beyond the smoothing's reach, in whose last points an
        impact may pass for a pull's speeding up) and at most live_alone_max_s before it, lasted
        as the first's did (:func:`_lowered_as_the_others`), and no pause hold the rest of the
        analysis saw lies in them (:meth:`_no_hold_in`; from the second's start where the first
        was reported already: :meth:`_first_is_rep`)."""
        s = self._cyc_settings
        if not (len(found) == 2 and not found[1].set_down and 0.0 < settled_s - found[1].end_s <= s.live_alone_max_s
                and _lowered_as_the_others(found[1], found[:1], s.live_eccentric_ratio)):
            return False
        known = pulls_reported(found[:1], self._early, s)[0] if self._early else set()
        return self._no_hold_in(found[1 if known else 0].start_s, found[1].end_s)

    def _first_is_rep(self, rep: CycleRep, settled_s: float) -> bool:
        """(bar, live) Whether ``rep``, the first rep after a rest on the floor (found from its
        pull alone, :func:`pull_cycles.first_pull_rep`, or from two pulls), is reported as a
        rep: its end lies before ``settled_s`` (s: beyond the smoothing's reach) and at most
        live_alone_max_s before it,
        it rose as a whole rep does (pause_max_rise_frac of the usual rise or more: the last 5
        reps reported, as the result gives them, DEFAULT_BAR_RISE_M before any; not a paused
        rep's pull up to its hold, whose tremor, aliased on a slow link, may read as a lowering)
        and no pause hold the rest of the analysis saw lies in its pull, from its start to its
        lockout (each less live_hold_tol_s: a "hold" from the lockout on is the lockout held,
        then a slow lowering, whose quiet stretches look like a rest too, and which the rest of
        the analysis takes for a pause where its integration reads the top low)."""
        s = self._cyc_settings
        roms = [r.rom_m for r in (*self._reps, *self._early)[-5:] if r.rom_m is not None]
        usual = float(np.median(roms)) if roms else DEFAULT_BAR_RISE_M
        return (0.0 < settled_s - rep.end_s <= s.live_alone_max_s and rep.rom_m is not None
                and rep.rom_m >= self.settings.pause_max_rise_frac * usual
                and self._no_hold_in(rep.start_s, rep.lockout_s - s.live_hold_tol_s))

    def _lone_pull_is_rep(self, found: list[CycleRep], covered: set[int], reported: list[Rep], now_s: float) -> bool:
        """(bar, live) Whether the one rep of ``found`` no rep ``reported`` covers is a whole rep:
        no pause hold the rest of the analysis saw lies in it (:meth:`_no_hold_in`; a paused
        rep's pull up to its hold, or the one from it, looks like a rep of its own until the rep
        is reported with its hold), its end is the next pull leaving the floor, the bar not set
        down before it (where it was, the rest of the analysis ends the rep there), and the data
        goes on live_lone_wait_s past that end (``now_s``, s: the rest of the analysis most often
        reports the rep by then, with its own times; and beyond the smoothing's reach, in whose
        last points an impact may pass for a pull's speeding up), but not beyond
        live_alone_max_s (a rep found alone long after its end is left to the whole set's pulls
        to confirm); its lowering lasted as the others found did, and no rep reported began in
        the lowering of one found (either: a pull the finder missed)."""
        lone = [c for i, c in enumerate(found) if i not in covered]
        s = self._cyc_settings
        if len(lone) != 1 or lone[0].set_down or not s.live_lone_wait_s <= now_s - lone[0].end_s <= s.live_alone_max_s:
            return False
        if not _lowered_as_the_others(lone[0], [c for c in found if c is not lone[0] and c.end_seen], s.live_eccentric_ratio):
            return False
        tol = s.live_hold_tol_s
        if any(c.lockout_s + tol < r.start_s < c.end_s - tol for c in found for r in reported):
            return False  # (a rep reported that began in one's lowering: the finder missed its pull)
        return self._no_hold_in(lone[0].start_s, lone[0].end_s)

    def _no_hold_in(self, start_s: float, end_s: float) -> bool:
        """Whether none of the pause holds the rest of the analysis saw in the last live_window_s
        lies in the time from start_s (less live_hold_tol_s) to end_s (s)."""
        tol = self._cyc_settings.live_hold_tol_s
        return not any(a <= end_s and (b is None or b >= start_s - tol) for a, b in self._hold_spans)

    def _close_stretch(self, i_end: int, events: list[AnalysisEvent], t_decision: float) -> None:
        """(bar) End the stretch of data at grid point i_end (exclusive) and look for its reps in
        its pulls (:func:`pull_cycles.find_pull_cycles`): those the reps reported in it missed
        are reported now, numbered after them (those reported early as it went, as they were:
        :meth:`_look_for_pulls`)."""
        self._early_due = self._turn_watch = None
        i0, norm, gap_s = self._cyc.take(i_end)  # type: ignore[union-attr]
        found = find_pull_cycles(self._rs.t0 + i0 * self.dt, self.dt, norm, gap_s, self._cyc_settings)
        if found:
            explained, spanned = pulls_reported(found, self._reps[self._cyc_reps :], self._cyc_settings)
            for r in self._reps[self._cyc_reps :]:
                if r.index in spanned:
                    # what the integration gave it (lockout, speeds, "holds" in the lowerings) ran
                    # away: the result takes its pull's instead (its event stays as reported)
                    self._revised[r.index] = self._tempo_flagged(_pull_rep(found[spanned[r.index]], r.index, r.set))
            for i, c in enumerate(found):
                if i in explained:
                    continue
                self._report_rep(_pull_rep(c, 0, self._enter_set(c.start_s, events, t_decision)), events, t_decision)
        self._cyc_reps = len(self._reps)
        self._early = []  # (any the whole stretch did not confirm: not in the result)

    def _set_summary(self, index: int, reps: list[Rep]) -> SetSummary:
        # (reps found from a stretch's pulls when it ended may have begun before earlier-reported ones)
        return SetSummary(index, min(r.start_s for r in reps), max(r.end_s for r in reps), tuple(r.index for r in reps))

    def _close_set(self, events: list[AnalysisEvent], t_s: float) -> None:
        summary = self._set_summary(len(self._sets) + 1, self._set_reps)
        self._sets.append(summary)
        self._set_closed = True
        events.append(SetEnded(t_s, summary))



def _lowered_as_the_others(rep: CycleRep, others: list[CycleRep], ratio: float) -> bool:
    """Whether ``rep``'s lowering (lockout to end, s) lasted within ``ratio`` times the median of
    ``others``' either way (found from the same pulls; none: no). A rep found from its pull whose
    "lowering" holds a pull the finder missed lasts a rep longer."""
    if not others:
        return False
    usual = float(np.median([c.end_s - c.lockout_s for c in others]))
    return usual / ratio <= rep.end_s - rep.lockout_s <= usual * ratio


def _last_impact_onsets(hits: np.ndarray, join: int) -> np.ndarray:
    """For each point, the index where the last impact at or before it began (0 before any):
    impact points ``hits`` (bool) at most ``join`` points apart are one impact (a landing
    rings)."""
    last = np.maximum.accumulate(np.where(hits, np.arange(hits.shape[0]), 0))
    idx = hits.nonzero()[0]
    if idx.size == 0:
        return last
    onset_of = np.zeros(hits.shape[0], np.int64)
    new = np.concatenate(([True], np.diff(idx) > join))
    onset_of[idx] = idx[np.maximum.accumulate(np.where(new, np.arange(idx.size), 0))]
    return onset_of[last]


def _pull_rep(c: CycleRep, index: int, set_index: int) -> Rep:
    """The rep of a pull found by :func:`pull_cycles.find_pull_cycles` (no holds, no flags)."""
    return Rep(index, set_index, c.start_s, c.lockout_s, c.end_s, (), c.lockout_s - c.start_s, c.rom_m,
               c.mean_concentric_velocity_mps, c.peak_velocity_mps)


def _surely_moving(v: np.ndarray, unc: np.ndarray, up: np.ndarray, rest_speed: float) -> np.ndarray:
    """Where an integrated velocity ``v`` (m/s), off by up to ``unc`` either way and ``up``
    more upwards (impacts on the floor), is surely faster than a rest's ``rest_speed``."""
    return (v - unc > rest_speed) | (v + unc + up < -rest_speed)


def _mean_rows(x: np.ndarray) -> np.ndarray:
    """Mean over the rows of x (N >= 1, 3): what ``x.mean(axis=0)`` computes (the sum, then
    divided by the count; same bits), without its per-call dispatch (called per rest)."""
    return np.add.reduce(x, axis=0) / x.shape[0]
