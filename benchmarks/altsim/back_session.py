"""Assemble a whole upper-back-placement session: standing, walking to the bar, set-ups, sets of
reps, standing up, rests full of everyday movement, breathing and postural sway throughout."""

from __future__ import annotations

import numpy as np

from .back_activities import bend_pickup, keys, reach, setup_descent, sit_rest, stand_after, stand_still, stretch, turn, walk
from .back_lift import FlexShape, add_back_hold_noise, add_floor_jolts, draw_posture, flexion_truth, lift_coords, setup_pose
from .body import D2R, Body, draw_body
from .lift import build_rep, rep_truth, sample_rep_spec
from .plan import DEAD_STOP, PAUSED, SessionPlan, hold_durations
from .shapes import slow_noise
from .track import Track
from .truth import RepTruth, SetTruth


def _rest(tr: Track, body: Body, rng: np.random.Generator, T: float) -> None:
    """Fill ``T`` s of rest: maybe walk away and come back, sit, pick things up, load plates,
    reach for chalk, stretch, stand around."""
    t_end = tr.now + T
    away = 0.0
    if rng.random() < 0.55 and T > 40:
        turn(tr, body, rng, rng.uniform(120, 200) * D2R * rng.choice([-1, 1]))
        away = rng.uniform(3, 10)
        walk(tr, body, rng, away)
    while tr.now < t_end - (away + 12):
        left = t_end - (away + 12) - tr.now
        k = rng.choice(["stand", "sit", "bend", "load", "reach", "stretch", "walk"],
                       p=[0.3, 0.15 if away else 0.05, 0.15, 0.1, 0.1, 0.1, 0.1 + (0.1 if not away else 0.0)])
        if k == "stand":
            stand_still(tr, min(left, rng.uniform(5, 40)))
        elif k == "sit" and left > 25:
            sit_rest(tr, body, rng, min(left - 8, rng.uniform(15, 120)))
        elif k == "bend":
            bend_pickup(tr, body, rng, str(rng.choice(["water", "chalk", "plate", "phone"])))
        elif k == "load" and left > 20:
            for _ in range(2):  # a plate for each side of the bar
                bend_pickup(tr, body, rng, "plate")
                walk(tr, body, rng, rng.uniform(1.5, 4))
                stand_still(tr, rng.uniform(2, 6))
                tr.label("load_plates", tr.now - 2, tr.now)
                turn(tr, body, rng, rng.uniform(150, 210) * D2R)
        elif k == "reach":
            reach(tr, body, rng)
        elif k == "stretch" and left > 15:
            stretch(tr, body, rng)
        elif k == "walk" and left > 8:
            turn(tr, body, rng, rng.uniform(-180, 180) * D2R)
            walk(tr, body, rng, rng.uniform(2, 6))
        else:
            stand_still(tr, min(left, rng.uniform(2, 8)))
    if away:
        turn(tr, body, rng, rng.uniform(160, 200) * D2R * rng.choice([-1, 1]))
        walk(tr, body, rng, away)
    if tr.now < t_end:
        stand_still(tr, t_end - tr.now)


def _breathing_and_sway(tr: Track, body: Body, rng: np.random.Generator, reps: list[RepTruth],
                        set_ends: list[float]) -> None:
    """Breathing (faster and deeper after sets) and postural sway over the whole session, damped
    during the reps (bracing)."""
    n, dt = tr.n, tr.dt
    t = dt * np.arange(n)
    eff = np.zeros(n)
    for te in set_ends:
        m = t > te
        eff[m] += np.exp(-(t[m] - te) / rng.uniform(30, 60))
    eff = np.minimum(eff, 1.5)
    env = np.ones(n)
    for r in reps:
        env[int((r.start_s - 0.5) / dt):int((r.end_s + 0.3) / dt)] = 0.3
    k = int(0.6 / dt)
    ker = np.hanning(k)
    env = np.convolve(np.pad(env, k, mode="edge"), ker / ker.sum(), mode="same")[k:-k]  # C1, no kinks
    phase = 2 * np.pi * np.cumsum(body.breath_hz * (1 + eff)) * dt
    tr.add("pitch", 0.0, env * rng.uniform(0.3, 0.8) * D2R * (1 + 1.5 * eff) * np.sin(phase))
    tr.add("oz", 0.0, env * rng.uniform(1.5e-3, 3e-3) * (1 + eff) * np.sin(phase + 0.3))
    tr.add("ox", 0.0, env * rng.uniform(1e-3, 2e-3) * (1 + eff) * np.sin(phase + 0.6))
    for ch, rms in (("hx", rng.uniform(2e-3, 6e-3)), ("hy", rng.uniform(2e-3, 6e-3)), ("roll", rng.uniform(0.3, 0.8) * D2R)):
        tr.add(ch, 0.0, env * slow_noise(rng, n, dt, rng.uniform(0.15, 0.5), rms))


def build_back_session(plan: SessionPlan, rng: np.random.Generator, dt: float
                       ) -> tuple[Track, list[RepTruth], list[SetTruth], Body]:
    """Generate the upper trunk's motion for ``plan`` on a fine grid of step ``dt`` s, with the truth."""
    body = draw_body(rng)
    tr = Track({"hx": 0.0, "hy": 0.0, "hz": body.hip_stand, "yaw": rng.uniform(-np.pi, np.pi),
                "pitch": body.pitch_stand, "flex": body.flex_stand, "roll": 0.0, "twist": 0.0,
                "ox": 0.0, "oy": 0.0, "oz": 0.0}, dt)
    reps: list[RepTruth] = []
    sets: list[SetTruth] = []
    set_ends: list[float] = []
    stand_still(tr, plan.lead_in_s)
    if rng.random() < 0.4:
        walk(tr, body, rng, rng.uniform(2, 8))
        stand_still(tr, rng.uniform(1, 5))
    for sp in plan.sets:
        stand_still(tr, rng.uniform(1, 6))
        if rng.random() < 0.3:
            reach(tr, body, rng)
            stand_still(tr, rng.uniform(0.5, 3))
        hip_xy = (tr.get("hx"), tr.get("hy"))
        lp = draw_posture(rng, body, sp.rom, hip_xy, tr.get("yaw"))
        pose = setup_pose(body, lp)
        setup_descent(tr, rng, pose)
        holds = hold_durations(rng, plan.target_pause_s, sp.n_reps) if sp.style == PAUSED else [None] * sp.n_reps
        v0, h = 0.0, 0.0
        first = len(reps)
        fx_r = rng.uniform(0.3, 0.6)
        fx_f, fx_res = rng.uniform(max(fx_r + 0.05, 0.4), 0.7), rng.uniform(0.2, 0.6)
        for i in range(sp.n_reps):
            spec = sample_rep_spec(rng, sp, i, plan.plates, v0, holds[i])
            prof = build_rep(spec, h, dt)
            peak = max(0.3, sp.rounding_deg + sp.rounding_growth_deg * i + rng.normal(0, 1.0)) * D2R
            fx = FlexShape(peak, fx_r, fx_f, fx_res)
            coords = lift_coords(body, lp, prof, fx)
            t0 = tr.now
            tr.append(coords)
            add_back_hold_noise(tr, rng, prof, t0, dt)
            add_floor_jolts(tr, rng, prof, t0, plan.plates)
            reps.append(rep_truth(prof, t0, len(reps) + 1, sp.index, sp.style, flexion_truth(prof, coords["flex"], dt),
                                  {"contact": spec.contact}))
            v0, h = prof.v_out, float(prof.h[-1])
            if i < sp.n_reps - 1 and v0 == 0:
                if sp.style == DEAD_STOP and sp.reset_standups and rng.random() < 0.5:
                    stand_after(tr, rng, body, hip_xy, "reset_standup")
                    stand_still(tr, rng.uniform(1, 4))
                    setup_descent(tr, rng, pose)
                else:
                    Tb = rng.uniform(0.4, 3.0)
                    if Tb > 1.2 and rng.random() < 0.5:  # re-wedge the hips between reps
                        keys(tr, [0, 0.5 * Tb, Tb], {"hz": [pose["hz"] + rng.uniform(-0.03, 0.04), pose["hz"]],
                                                     "pitch": [pose["pitch"] + rng.uniform(-3, 3) * D2R, pose["pitch"]]},
                             None)
                    else:
                        tr.hold(Tb)
        sets.append(SetTruth(sp.index, reps[first].start_s, reps[-1].end_s, list(range(first + 1, len(reps) + 1)),
                             sp.style))
        tr.hold(rng.uniform(0.3, 1.5))
        stand_after(tr, rng, body, hip_xy, "stand_up_after_set")
        set_ends.append(tr.now)
        stand_still(tr, rng.uniform(1, 5))
        if sp.index < len(plan.sets):
            _rest(tr, body, rng, sp.rest_after_s)
    if plan.end_activity == "walk_away":
        turn(tr, body, rng, rng.uniform(120, 200) * D2R)
        walk(tr, body, rng, rng.uniform(3, 10))
    stand_still(tr, plan.tail_s)
    _breathing_and_sway(tr, body, rng, reps, set_ends)
    return tr, reps, sets, body
