"""One rep of the load (barbell) as a vertical height path, shared by both placements.

:func:`sample_rep_spec` draws the rep's numbers (from the set plan and the rep's position in the
set), :func:`build_rep` turns them into the height of the load above its resting floor height
(m, fine grid) with a phase code per sample and the exact truth events.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .plan import DEAD_STOP, PAUSED, TOUCH_AND_GO, SetPlan
from .truth import PauseTruth, RepTruth
from .profiles import G, PullShape, approach, ballistic, concentric, contact, eccentric, free_fall

FLOOR, CONC, PAUSE, LOCK, ECC, CONTACT, FLIGHT = range(7)


@dataclass
class RepSpec:
    """Numbers of one rep (s, m, m/s, m/s^2).

    ``contact``: 'impact' (dead stop: the load lands and stays), 'bounce' (touch and go: the
    load leaves the floor again at ``v_out``), 'drop' (released at lockout, bumper bounces)."""

    rom: float
    mcv: float
    shape: PullShape
    v0: float
    slack_s: float
    pause_h: float | None
    pause_hold_s: float
    approach_v: float
    approach_tau_r: float
    lock_hold_s: float
    ecc_s: float
    ecc_tau_a: float
    v_touch: float
    contact: str
    contact_s: float
    v_out: float
    restitution: float
    a_dec_max: float
    a_acc_max: float


def sample_rep_spec(rng: np.random.Generator, sp: SetPlan, i: int, plates: str, v0: float,
                    hold_s: float | None) -> RepSpec:
    """Draw rep ``i`` (0-based) of set ``sp``; ``v0`` is the upward velocity left by a touch-and-go
    bounce (0 from rest); ``hold_s`` the pause hold for paused reps."""
    n = sp.n_reps
    frac = i / (n - 1) if n > 1 else 0.0
    mcv = sp.mcv0 * (1 - sp.fatigue * frac**1.5) * (1 + rng.normal(0, 0.03))
    mcv = float(np.clip(mcv, 0.2, 1.1))
    rom = float(sp.rom + rng.normal(0, 0.004))
    tau1 = rng.uniform(0.1, 0.25)
    tau_s = rng.uniform(max(0.3, tau1 + 0.1), 0.55)
    dip = float(np.clip(rng.uniform(0.0, 0.3) + sp.grind * frac, 0, 0.6))
    shape = PullShape(tau1, rng.uniform(0.8, 1.4), tau_s, dip, rng.uniform(max(0.62, tau_s + 0.1), 0.85),
                      rng.uniform(1.2, 1.9))
    last = i == n - 1
    style = sp.style
    if style == TOUCH_AND_GO and not last:
        contact_kind, v_touch = "bounce", rng.uniform(0.35, 0.9)
    else:
        contact_kind, v_touch = "impact", rng.uniform(0.15, 0.6)
    if last and sp.drop_last:
        contact_kind = "drop"
    if contact_kind == "bounce":
        c_s = rng.uniform(0.03, 0.15)
    elif plates == "steel":
        c_s = float(np.clip(np.pi * v_touch / (2 * rng.uniform(5, 15) * G), 0.004, 0.012))
    else:
        c_s = float(np.clip(np.pi * v_touch / (2 * rng.uniform(1.5, 5) * G), 0.01, 0.05))
    a_dec = rng.uniform(0.55, 0.9) * G
    t_conc = max(rom / mcv, np.sqrt(6 * rom / a_dec))  # a pull has to speed up and slow down
    mcv = rom / t_conc
    pause_h, app_v = None, 0.0
    tau_r = rng.uniform(0.25, 0.5)
    if style == PAUSED:
        pause_h = rng.uniform(0.03, 0.30)
        # a controlled, slow break into the pause: peak acceleration 3 h / (tau_r T^2) <= 2-4 m/s^2
        ta_min = max(0.3, np.sqrt(3 * pause_h / (tau_r * rng.uniform(2.0, 4.0))))
        app_v = min(rng.uniform(0.15, 0.4), pause_h / ta_min)
        t_b = max(0.3, np.sqrt(6 * (rom - pause_h) / a_dec))
        if t_conc - pause_h / app_v < t_b:
            t_conc = t_b + pause_h / app_v
            mcv = rom / t_conc
    lock = {DEAD_STOP: (0.3, 2.0), TOUCH_AND_GO: (0.05, 0.5), PAUSED: (0.4, 2.0)}[style]
    return RepSpec(
        rom=rom, mcv=mcv, shape=shape, v0=v0,
        slack_s=0.0 if v0 > 0 else rng.uniform(0.15, 0.5),
        pause_h=pause_h, pause_hold_s=float(hold_s or 0.0), approach_v=float(app_v),
        approach_tau_r=tau_r,
        lock_hold_s=rng.uniform(*lock),
        ecc_s=float(np.clip(t_conc * rng.uniform(0.35, 0.9), 0.35, 2.0)), ecc_tau_a=rng.uniform(0.2, 0.45),
        v_touch=float(v_touch), contact=contact_kind, contact_s=float(c_s),
        v_out=float(rng.uniform(0.05, 0.35)) if contact_kind == "bounce" else 0.0,
        restitution=rng.uniform(0.25, 0.5),
        a_dec_max=a_dec, a_acc_max=rng.uniform(0.4, 1.1) * G,
    )


@dataclass
class RepProfile:
    """Height path of one rep, sampled at local times dt, 2dt, ... after the segment start.

    ``h``: load height above its floor rest (m); ``v``: its velocity (m/s); ``phase``: per-sample
    phase code (FLOOR, CONC, PAUSE, LOCK, ECC, CONTACT, FLIGHT). Event times are local (s):
    lift-off ``start``, ``lockout``, floor touch ``end``, ``pauses`` [(t0, t1)], ``touches``
    (every floor contact start, incl. drop bounces). ``v_out``: upward speed when the segment
    ends (touch and go), else 0."""

    h: np.ndarray
    v: np.ndarray
    phase: np.ndarray
    start: float
    lockout: float
    end: float
    pauses: list[tuple[float, float]]
    touches: list[tuple[float, float]]
    rom: float
    moving_concentric_s: float
    peak_velocity: float
    v_out: float
    contact: str


def build_rep(spec: RepSpec, h0: float, dt: float) -> RepProfile:
    """Build the rep starting at height ``h0`` (m, ~0 = resting on the floor)."""
    vs: list[np.ndarray] = []
    ph: list[np.ndarray] = []
    n = 0

    def push(v: np.ndarray, code: int) -> None:
        nonlocal n
        vs.append(v)
        ph.append(np.full(len(v), code, np.int8))
        n += len(v)

    if spec.slack_s > 0:
        push(np.zeros(max(1, int(round(spec.slack_s / dt)))), FLOOR)
    i_start = n
    pauses = []
    t_moving = 0.0
    lock_h = spec.rom  # lockout height above the floor
    if spec.pause_h is not None:
        ta = spec.pause_h / spec.approach_v
        push(approach(ta, spec.pause_h - h0, spec.approach_tau_r, dt), CONC)
        t_moving += len(vs[-1]) * dt
        p0 = n
        push(np.zeros(max(1, int(round(spec.pause_hold_s / dt)))), PAUSE)
        pauses.append((p0 * dt, n * dt))
        tb = max(0.3, np.sqrt(6 * (lock_h - spec.pause_h) / spec.a_dec_max), spec.rom / spec.mcv - ta)
        v, _ = concentric(tb, lock_h - spec.pause_h, 0.0, spec.shape, spec.a_dec_max, spec.a_acc_max, dt)
        push(v, CONC)
        t_moving += len(v) * dt
    else:
        v, _ = concentric(spec.rom / spec.mcv, lock_h - h0, spec.v0, spec.shape, spec.a_dec_max, spec.a_acc_max, dt)
        push(v, CONC)
        t_moving += len(v) * dt
    i_lock = n
    push(np.zeros(max(1, int(round(spec.lock_hold_s / dt)))), LOCK)
    touches = []
    v_out = 0.0
    a_max = min(spec.a_dec_max, 0.9 * G)
    if spec.contact == "drop":
        push(free_fall(lock_h, dt), ECC)
        i_end = n
        vin = -vs[-1][-1]
        while True:
            touches.append((n * dt, float(vin)))
            vo = spec.restitution * vin
            if vo < 0.15:
                push(contact(-vin, 0.0, spec.contact_s, dt), CONTACT)
                break
            push(contact(-vin, vo, spec.contact_s, dt), CONTACT)
            push(ballistic(vo, dt), FLIGHT)
            vin = -vs[-1][-1]
    else:
        if spec.contact == "impact":
            touch_h = 0.0
            for _ in range(3):  # land so that the load rests at exactly 0 after the impact
                ve, _ = eccentric(spec.ecc_s, lock_h - touch_h, spec.v_touch, spec.ecc_tau_a, a_max, dt)
                vc = contact(ve[-1], 0.0, spec.contact_s, dt)
                touch_h = -vc.sum() * dt
        else:
            ve, _ = eccentric(spec.ecc_s, lock_h, spec.v_touch, spec.ecc_tau_a, a_max, dt)
            vc = contact(ve[-1], spec.v_out, spec.contact_s, dt)
            v_out = spec.v_out
        push(ve, ECC)
        i_end = n
        touches.append((n * dt, float(-ve[-1])))
        push(vc, CONTACT)
    v = np.concatenate(vs)
    h = h0 + np.cumsum(v) * dt
    hat = lambda i: h0 if i == 0 else float(h[i - 1])  # noqa: E731
    conc = np.concatenate(ph) == CONC
    hold = sum(b - a for a, b in pauses)
    return RepProfile(
        h=h, v=v, phase=np.concatenate(ph), start=i_start * dt, lockout=i_lock * dt, end=i_end * dt,
        pauses=pauses, touches=touches, rom=hat(i_lock) - hat(i_start),
        moving_concentric_s=(i_lock - i_start) * dt - hold, peak_velocity=float(v[conc].max()), v_out=v_out,
        contact=spec.contact,
    )


def rep_truth(prof: RepProfile, t0: float, index: int, set_index: int, style: str, back_flexion_deg: float,
              info: dict | None = None) -> RepTruth:
    """Truth of a rep whose profile was appended at physical time ``t0`` (s).

    ``touch_and_go`` is true when the rep left the floor out of a bounce (no dead stop before it)."""
    return RepTruth(
        index=index, set=set_index, start_s=t0 + prof.start, lockout_s=t0 + prof.lockout, end_s=t0 + prof.end,
        pauses=[PauseTruth(t0 + a, t0 + b) for a, b in prof.pauses], rom_m=prof.rom,
        moving_concentric_s=prof.moving_concentric_s,
        mean_concentric_velocity_mps=prof.rom / prof.moving_concentric_s, peak_velocity_mps=prof.peak_velocity,
        back_flexion_deg=float(back_flexion_deg), touch_and_go=bool(prof.v[0] > 0 and prof.phase[0] == CONC),
        style=style, info=dict(info or {}),
    )
