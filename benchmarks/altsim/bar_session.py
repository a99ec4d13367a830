"""Assemble a whole bar-placement session: idle time, plate loading, set-ups, sets of reps,
rests with handling of the bar, and an optional end (rack, carry, strip)."""

from __future__ import annotations

import numpy as np

from .bar_idle import bump, carry, floor_vibration, kick, load_end, plate_slide, roll
from .bar_motion import BarGeometry, add_hold_wobble, add_ringing, bar_rep_coords, draw_style
from .lift import build_rep, rep_truth, sample_rep_spec
from .plan import PAUSED, SessionPlan, hold_durations
from .rotations import random_rotation
from .track import Track
from .truth import RepTruth, SetTruth


def draw_geometry(rng: np.random.Generator) -> BarGeometry:
    """Plate size, sensor clip position along / around the shaft, random mount rotation."""
    rho = rng.uniform(0.015, 0.035)  # sensor centre off the shaft axis (m)
    ang = rng.uniform(0, 2 * np.pi)
    lever = np.array([rng.uniform(-0.55, 0.55), rho * np.cos(ang), rho * np.sin(ang)])
    return BarGeometry(plate_radius=0.225, half_span=rng.uniform(0.68, 0.74), lever=lever,
                       mount=random_rotation(rng), bend_m=rng.uniform(0.0, 0.003) * (1 - abs(lever[0]) / 0.6))


def _load_both(tr: Track, geo: BarGeometry, rng: np.random.Generator, label: str) -> None:
    side = int(rng.choice([-1, 1]))
    load_end(tr, geo, rng, side, label)
    tr.hold(rng.uniform(2, 8))
    load_end(tr, geo, rng, -side, label)


def _rest(tr: Track, geo: BarGeometry, rng: np.random.Generator, T: float) -> None:
    """Fill ``T`` s of rest with stillness and the odd bit of handling."""
    t_end = tr.now + T
    while tr.now < t_end - 8:
        tr.hold(min(rng.uniform(4, 60), max(0.5, t_end - tr.now - 6)))
        if tr.now > t_end - 6:
            break
        k = rng.choice(["load", "slide", "kick", "bump", "roll", "move", "none"],
                       p=[0.2, 0.1, 0.12, 0.1, 0.2, 0.03, 0.25])
        if k == "load":
            _load_both(tr, geo, rng, "load_plates")
        elif k == "slide":
            plate_slide(tr, geo, rng)
        elif k == "kick":
            kick(tr, geo, rng)
        elif k == "bump":
            bump(tr, rng)
        elif k == "roll":
            roll(tr, geo, rng.uniform(-0.5, 0.5), rng.uniform(0.5, 2.5))
        elif k == "move":
            carry(tr, geo, rng, to_rack=False)
    if tr.now < t_end:
        tr.hold(t_end - tr.now)


def build_bar_session(plan: SessionPlan, rng: np.random.Generator, dt: float
                      ) -> tuple[Track, list[RepTruth], list[SetTruth], BarGeometry]:
    """Generate the bar's motion for ``plan`` on a fine grid of step ``dt`` s, with the truth."""
    geo = draw_geometry(rng)
    tr = Track({"x": 0.0, "y": 0.0, "z": geo.plate_radius, "yaw": rng.uniform(-np.pi, np.pi), "tilt": 0.0,
                "spin": rng.uniform(-np.pi, np.pi), "ox": 0.0, "oy": 0.0, "oz": 0.0}, dt)
    reps: list[RepTruth] = []
    sets: list[SetTruth] = []
    tr.hold(plan.lead_in_s)
    if rng.random() < 0.3:
        _load_both(tr, geo, rng, "load_plates")
        tr.hold(rng.uniform(3, 20))
    sty = draw_style(rng)
    for sp in plan.sets:
        tr.hold(rng.uniform(3, 12))
        if rng.random() < 0.6:
            roll(tr, geo, rng.uniform(0.02, 0.12) * rng.choice([-1, 1]), rng.uniform(0.3, 0.9), "setup_roll")
            if rng.random() < 0.3:
                roll(tr, geo, rng.uniform(-0.03, 0.03), rng.uniform(0.2, 0.5), "setup_roll")
        tr.hold(rng.uniform(0.5, 3.0))
        holds = hold_durations(rng, plan.target_pause_s, sp.n_reps) if sp.style == PAUSED else [None] * sp.n_reps
        v0 = 0.0
        first = len(reps)
        for i in range(sp.n_reps):
            spec = sample_rep_spec(rng, sp, i, plan.plates, v0, holds[i])
            st = tr.state()
            prof = build_rep(spec, st["z"] - geo.plate_radius, dt)
            t0 = tr.now
            tr.append(bar_rep_coords(prof, st, geo, sty, dt))
            add_hold_wobble(tr, rng, prof, t0, dt)
            for tt, vt in prof.touches:
                add_ringing(tr, rng, t0 + tt, max(vt, 0.1), plan.plates, st["yaw"])
            info = {"contact": spec.contact}
            reps.append(rep_truth(prof, t0, len(reps) + 1, sp.index, sp.style, 0.0, info))
            v0 = prof.v_out
            if i < sp.n_reps - 1 and v0 == 0:
                tr.hold(rng.uniform(0.4, 3.5))
                if rng.random() < 0.2:
                    roll(tr, geo, rng.uniform(-0.02, 0.02), rng.uniform(0.2, 0.5), "reposition")
                    tr.hold(rng.uniform(0.3, 1.0))
        sets.append(SetTruth(sp.index, reps[first].start_s, reps[-1].end_s, list(range(first + 1, len(reps) + 1)),
                             sp.style))
        tr.hold(rng.uniform(1, 5))
        if rng.random() < 0.2:
            roll(tr, geo, rng.uniform(-0.08, 0.08), rng.uniform(0.3, 1.0), "roll_after_set")
        if sp.index < len(plan.sets):
            _rest(tr, geo, rng, sp.rest_after_s)
    tr.hold(rng.uniform(2, 10))
    if plan.end_activity in ("rack", "carry"):
        carry(tr, geo, rng, to_rack=plan.end_activity == "rack")
    elif plan.end_activity == "strip":
        _load_both(tr, geo, rng, "strip_plates")
    tr.hold(plan.tail_s)
    floor_vibration(tr, rng, 0.0, tr.now, [(r.start_s - 1.0, r.end_s + 1.0) for r in reps])
    return tr, reps, sets, geo
