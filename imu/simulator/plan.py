"""The lift timeline of a session: when every rep phase happens, the bar height, the lifter's
hinge and upper-back flexion during the sets, and the exact ground truth.

Bar height ``z`` is relative to the bar's rest height on the floor (m). The hinge progress
``H`` is 1 when standing upright (lockout) and 0 in the bottom (setup) position; during a rep
``H = z / rom``. Flexion ``phi`` is upper-back flexion (deg).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .spec import RepSpec, SessionSpec, SetSpec
from .tracks import Track
from .truth import SessionTruth, TruePause, TrueRep, TrueSet

Knot = tuple[float, float, float, float]  # t, p, v, a

#: velocity peak of a minimum-jerk move relative to its mean velocity
MJ_PEAK = 1.875


@dataclass
class RepTiming:
    spec: RepSpec
    set_index: int  # 1-based
    liftoff: float
    pause: tuple[float, float] | None
    lockout: float
    descend: float
    contact: float
    settle: float
    touch_and_go: bool
    knots: list[Knot] = field(default_factory=list)  # bar z knots from lift-off to settle
    flex_knots: list[Knot] = field(default_factory=list)


@dataclass
class SetTiming:
    spec: SetSpec
    index: int  # 1-based
    setup_start: float  # lifter starts hinging down into the setup (back) / steps to the bar
    setup_reached: float  # in the setup position, gripping the bar
    reps: list[RepTiming]
    stand_start: float  # lifter starts to stand up after the last rep
    stand_end: float


@dataclass
class Plan:
    sets: list[SetTiming]
    idle_windows: list[tuple[float, float]]  # intervals free for between-set activity
    duration_s: float
    bar_z: Track
    flex: Track
    holds: list[tuple[float, float]]  # bar held still off the floor (pauses and lockouts)

    @property
    def reps(self) -> list[RepTiming]:
        return [r for s in self.sets for r in s.reps]


#: peak acceleration of a min-jerk half (rest -> peak velocity) is MJ_HALF_ACC * distance / time^2
MJ_HALF_ACC = 2.885
#: the bar cannot be decelerated at the top / accelerated downwards faster than gravity allows
#: (the lifter can only pull up); keep a margin
A_GRAVITY_LIMIT = 0.8 * 9.80665


def _up_move(t0: float, T: float, p0: float, p1: float, peak_at: float) -> tuple[list[Knot], float]:
    """Upward rest-to-rest move (two min-jerk halves, velocity peak at ``peak_at`` of the time).

    The decelerating half is gravity-limited (<= A_GRAVITY_LIMIT): the peak moves earlier, or
    the move is lengthened when even that is not enough. Returns (knots after t0, duration).
    """
    d = p1 - p0
    s_max = 1.0 - MJ_HALF_ACC * d / (A_GRAVITY_LIMIT * T * T)
    if s_max < 0.4:
        T = float(np.sqrt(MJ_HALF_ACC * d / (0.6 * A_GRAVITY_LIMIT)))
        s_max = 0.4
    s = min(peak_at, s_max)
    return [(t0 + s * T, p0 + s * d, MJ_PEAK * d / T, 0.0), (t0 + T, p1, 0.0, 0.0)], T


def _grind_up_move(t0: float, T: float, p0: float, p1: float, grind: float) -> list[Knot]:
    """Upward rest-to-rest move of a near-maximal pull over ``T`` s (knots after t0): the bar
    breaks off the floor within 0.35 s at 1.4 times its mean speed, slows to (1 - ``grind``) of
    that around the knees (the sticking point, at 45 % of the time), speeds up again to its
    fastest at 80 % of the time and stops at lockout. Knot heights follow the piecewise-linear
    speed through the knots (its area is the move's distance)."""
    d = p1 - p0
    u = d / T
    tb, td, tp = min(0.35, 0.12 * T), 0.45 * T, 0.8 * T
    vb = 1.4 * u
    vd = (1.0 - grind) * vb
    a1 = 0.5 * vb * tb
    a2 = 0.5 * (vb + vd) * (td - tb)
    # the fastest speed closes the distance: area of the last two pieces with vp unknown
    vp = max((d - a1 - a2 - 0.5 * vd * (tp - td)) / (0.5 * (tp - td) + 0.5 * (T - tp)), vd)
    a3 = 0.5 * (vd + vp) * (tp - td)
    return [
        (t0 + tb, p0 + a1, vb, 0.0),
        (t0 + td, p0 + a1 + a2, vd, 0.0),
        (t0 + tp, p0 + a1 + a2 + a3, vp, 0.0),
        (t0 + T, p1, 0.0, 0.0),
    ]


def _rep_timing(r: RepSpec, set_index: int, t0: float, rng: np.random.Generator, tng: bool, phi_s: float, phi_next: float) -> RepTiming:
    """Rep phases and knots. Durations are lengthened where gravity would not allow the spec's."""
    knots: list[Knot] = [(t0, 0.0, 0.0, 0.0)]
    flex: list[Knot] = [(t0, phi_s, 0.0, 0.0)]
    peak_flex = phi_s + r.back_flexion_deg
    if r.pause_height_m is not None:
        assert r.pause_hold_s is not None
        h = r.pause_height_m
        w1, w2 = h**0.6, (r.rom_m - h) ** 0.6
        k1, d1 = _up_move(t0, r.concentric_s * w1 / (w1 + w2), 0.0, h, r.peak_at)
        a = t0 + d1
        b = a + r.pause_hold_s
        k2, d2 = _up_move(b, r.concentric_s * w2 / (w1 + w2), h, r.rom_m, r.peak_at)
        lock = b + d2
        knots += k1
        knots.append((b, h, 0.0, 0.0))
        knots += k2
        flex += [(t0 + 0.45 * d1, peak_flex, 0.0, 0.0), (a, phi_s + 0.85 * r.back_flexion_deg, 0.0, 0.0)]
        flex += [(b, phi_s + 0.85 * r.back_flexion_deg, 0.0, 0.0), (lock, 0.0, 0.0, 0.0)]
        pause = (a, b)
    else:
        if r.grind > 0.0:
            k1, d1 = _grind_up_move(t0, r.concentric_s, 0.0, r.rom_m, r.grind), r.concentric_s
        else:
            k1, d1 = _up_move(t0, r.concentric_s, 0.0, r.rom_m, r.peak_at)
        lock = t0 + d1
        knots += k1
        flex += [(t0 + 0.35 * d1, peak_flex, 0.0, 0.0), (lock, 0.0, 0.0, 0.0)]
        pause = None
    desc = lock + r.lockout_dwell_s
    knots.append((desc, r.rom_m, 0.0, 0.0))
    tau = min(0.025, 0.5 * r.floor_s)
    v_c = r.touchdown_mps
    delta = 0.5 * v_c * tau
    s_e = float(rng.uniform(0.5, 0.7))
    dist = r.rom_m - delta
    # lowering: the bar cannot accelerate downwards faster than gravity allows
    ecc = max(r.eccentric_s, float(np.sqrt(MJ_HALF_ACC * dist / (s_e * A_GRAVITY_LIMIT))))
    contact = desc + ecc
    knots.append((desc + s_e * ecc, r.rom_m - s_e * dist, -MJ_PEAK * dist / ecc, 0.0))
    knots.append((contact, delta, -v_c, 0.0))
    knots.append((contact + tau, 0.0, 0.0, 0.0))
    flex += [(desc, 0.0, 0.0, 0.0), (contact, phi_next, 0.0, 0.0)]
    return RepTiming(r, set_index, t0, pause, lock, desc, contact, contact + tau, tng, knots, flex)


def build_plan(spec: SessionSpec, rng: np.random.Generator) -> Plan:
    """Lay the sets out in time and build the bar height and flexion tracks."""
    bar_z = Track(0.0)
    flex = Track(0.0)
    holds: list[tuple[float, float]] = []
    sets: list[SetTiming] = []
    idle: list[tuple[float, float]] = []
    t = spec.lead_in_s
    prev_end = 0.0
    for si, ss in enumerate(spec.sets, start=1):
        descent = float(rng.uniform(1.2, 2.0))
        setup_start = t
        idle.append((prev_end, setup_start))
        setup_reached = setup_start + descent
        t0 = setup_reached + ss.setup_s
        phi_s = ss.setup_flexion_deg
        flex.move(setup_start, setup_reached, phi_s)
        reps: list[RepTiming] = []
        n = len(ss.reps)
        for ri, r in enumerate(ss.reps):
            tng = ss.style == "touch_and_go" and ri > 0
            phi_next = phi_s + (0.5 if ri < n - 1 else 0.0) * float(rng.uniform(0, 1))
            rt = _rep_timing(r, si, t0, rng, tng, phi_s, phi_next)
            for track, knots in ((bar_z, rt.knots), (flex, rt.flex_knots)):
                track.hold(knots[0][0])
                for k in knots[1:]:
                    track.knot(*k)
            if rt.pause:
                holds.append(rt.pause)
            holds.append((rt.lockout, rt.descend))
            reps.append(rt)
            phi_s = phi_next
            t0 = rt.contact + r.floor_s
        last = reps[-1]
        stand_start = last.settle + float(rng.uniform(0.3, 1.0))
        stand_end = stand_start + float(rng.uniform(0.9, 1.5))
        flex.move(stand_start, stand_end, 0.0)
        sets.append(SetTiming(ss, si, setup_start, setup_reached, reps, stand_start, stand_end))
        prev_end = stand_end
        if si < len(spec.sets):
            t = stand_end + spec.rest_s[si - 1]
    duration = prev_end + spec.lead_out_s
    idle.append((prev_end, duration))
    return Plan(sets, idle, duration, bar_z, flex, holds)


def plan_truth(plan: Plan) -> SessionTruth:
    """Exact ground truth from the plan (dense evaluation of the smooth bar/flexion tracks)."""
    reps: list[TrueRep] = []
    sets: list[TrueSet] = []
    idx = 0
    for st in plan.sets:
        ids = []
        for rt in st.reps:
            idx += 1
            ids.append(idx)
            pauses = ()
            if rt.pause:
                pauses = (TruePause(rt.pause[0], rt.pause[1], rt.pause[1] - rt.pause[0]),)
            tt = np.linspace(rt.liftoff, rt.lockout, max(200, int((rt.lockout - rt.liftoff) * 2000)))
            vz = plan.bar_z(tt, 1)
            phi = plan.flex(tt)
            rom = float(plan.bar_z(np.array([rt.lockout]))[0] - plan.bar_z(np.array([rt.liftoff]))[0])
            moving = rt.lockout - rt.liftoff - sum(p.hold_s for p in pauses)
            reps.append(
                TrueRep(
                    index=idx,
                    set=st.index,
                    start_s=rt.liftoff,
                    lockout_s=rt.lockout,
                    end_s=rt.contact,
                    pauses=pauses,
                    rom_m=rom,
                    moving_concentric_s=moving,
                    mean_concentric_velocity_mps=rom / moving,
                    peak_velocity_mps=float(vz.max()),
                    back_flexion_deg=float(max(0.0, phi.max() - phi[0])),
                    touch_and_go=rt.touch_and_go,
                )
            )
        sets.append(TrueSet(st.index, st.reps[0].liftoff, st.reps[-1].contact, tuple(ids), st.spec.style))
    return SessionTruth(tuple(sets), tuple(reps))
