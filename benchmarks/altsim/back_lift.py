"""Map a rep's load height path onto the lifter's trunk (upper-back placement).

The shoulders rise and fall with the bar (arms hang straight). The trunk angle follows the
progress s = h / rom with a lag: early in the pull the knees extend and the trunk angle barely
changes, later the hips extend fast (regularized incomplete beta timing); on the way down the
hips hinge first. Upper-back flexion builds early in the pull and is straightened out by
lockout. Units: m, rad.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import betainc

from .body import D2R, Body
from .lift import CONTACT, ECC, FLIGHT, LOCK, RepProfile
from .profiles import G
from .shapes import band_noise, onset_ring, slow_noise, smootherstep, taper
from .track import Track


@dataclass
class LiftPosture:
    """Posture of one set: trunk angles at the setup and at lockout (rad), setup flexion (rad),
    shoulder height in the setup (m), trunk timing exponents, shoulder-over-bar offsets (m) at the
    setup / lockout, bar position (m) and heading (rad)."""

    pitch_setup: float
    pitch_lock: float
    flex0: float
    z_sh0: float
    rom: float
    gc: tuple[float, float]
    ge: tuple[float, float]
    e0: float
    e1: float
    bar_x: float
    bar_y: float
    heading: float


def draw_posture(rng: np.random.Generator, body: Body, rom: float, hip_xy: tuple[float, float],
                 heading: float) -> LiftPosture:
    """Set posture for a lifter standing at ``hip_xy`` facing ``heading``: the bar is placed so that
    the lockout hip position is where the lifter stands; the setup trunk angle (35-85 deg) is
    moved into the range that gives a plausible hip height."""
    pl = rng.uniform(-6, 4) * D2R
    fl_lock = body.flex_stand
    z_sh_lock = body.shoulder_z(body.hip_stand - rng.uniform(0.0, 0.02), pl, fl_lock)
    z_sh0 = float(z_sh_lock - rom)
    flex0 = body.flex_stand + rng.uniform(-4, 6) * D2R
    want = rng.uniform(35, 85) * D2R
    cands = np.radians(np.arange(30, 88, 0.5))
    hz = z_sh0 - body.L1 * np.cos(cands) - (body.L2 + body.L3) * np.cos(cands + flex0)
    ok = (hz >= 0.38) & (hz <= body.hip_stand - 0.1)
    ps = float(cands[ok][np.argmin(abs(cands[ok] - want))]) if ok.any() else float(cands[np.argmin(abs(hz - 0.5))])
    e0, e1 = rng.uniform(0.02, 0.08), rng.uniform(-0.05, 0.0)
    hip_f_lock = e1 - body.shoulder_fwd(pl, fl_lock)
    c, s = np.cos(heading), np.sin(heading)
    return LiftPosture(ps, pl, flex0, z_sh0, rom, (rng.uniform(2.5, 3.5), rng.uniform(1.8, 2.3)),
                       (rng.uniform(3.0, 4.5), rng.uniform(1.5, 2.0)), e0, e1,
                       hip_xy[0] - hip_f_lock * c, hip_xy[1] - hip_f_lock * s, heading)


def posture_at(body: Body, lp: LiftPosture, h: np.ndarray, pitch: np.ndarray, flex: np.ndarray) -> dict[str, np.ndarray]:
    """Hip position for bar height ``h`` (m) and trunk angles, keeping the shoulders above the bar."""
    s = np.clip(h / lp.rom, 0, 1)
    hz = lp.z_sh0 + h - body.L1 * np.cos(pitch) - (body.L2 + body.L3) * np.cos(pitch + flex)
    f = lp.e0 + (lp.e1 - lp.e0) * smootherstep(s) - body.shoulder_fwd(pitch, flex)
    return {"hx": lp.bar_x + f * np.cos(lp.heading), "hy": lp.bar_y + f * np.sin(lp.heading), "hz": hz,
            "pitch": pitch, "flex": flex}


def setup_pose(body: Body, lp: LiftPosture) -> dict[str, float]:
    """Channels of the set-up position (bar on the floor, hands on it)."""
    p = posture_at(body, lp, np.zeros(1), np.full(1, lp.pitch_setup), np.full(1, lp.flex0))
    return {k: float(v[0]) for k, v in p.items()} | {"yaw": lp.heading, "roll": 0.0, "twist": 0.0}


@dataclass
class FlexShape:
    """Upper-back flexion in one pull (rad): peaks at ``peak`` once s >= ``s_r``, held until
    ``s_f`` and straightened to ``resid`` x peak at lockout."""

    peak: float
    s_r: float
    s_f: float
    resid: float


def lift_coords(body: Body, lp: LiftPosture, prof: RepProfile, fx: FlexShape) -> dict[str, np.ndarray]:
    """Trunk channels (hx, hy, hz, pitch, flex) for a rep profile."""
    h = prof.h
    s = np.clip(h / lp.rom, 0, 1)
    down = np.isin(prof.phase, (ECC, CONTACT, FLIGHT))
    gc = betainc(lp.gc[0], lp.gc[1], s)
    ge = betainc(lp.ge[0], lp.ge[1], s)
    g = np.where(down, ge, gc)
    pitch = lp.pitch_lock + (lp.pitch_setup - lp.pitch_lock) * (1 - g)
    f_up = np.where(s < fx.s_r, smootherstep(s / fx.s_r),
                    1 - (1 - fx.resid) * smootherstep((s - fx.s_f) / (1 - fx.s_f)))
    k_lock = lp.flex0 + fx.peak * fx.resid
    flex = np.where(down, k_lock + (lp.flex0 - k_lock) * (1 - smootherstep(s)), lp.flex0 + fx.peak * f_up)
    return posture_at(body, lp, h, pitch, flex)


def flexion_truth(prof: RepProfile, flex: np.ndarray, dt: float) -> float:
    """Max upper-back flexion during the pull (lift-off .. lockout) minus its value at lift-off (deg)."""
    i0 = max(0, int(round(prof.start / dt)) - 1)
    i1 = int(round(prof.lockout / dt))
    return float(np.degrees(flex[i0:i1].max() - flex[i0]))


def add_back_hold_noise(tr: Track, rng: np.random.Generator, prof: RepProfile, t0: float, dt: float) -> None:
    """Under-load trembling of the trunk during pauses and lockout: 6-11 Hz tremor in position and
    pitch, slow wobble and a mm drift, tapered to zero at the span edges."""
    spans = list(prof.pauses)
    lk = np.flatnonzero(prof.phase == LOCK)
    if len(lk):
        spans.append((lk[0] * dt, (lk[-1] + 1) * dt))
    for a, b in spans:
        m = int(round((b - a) / dt))
        if m < 50:
            continue
        w = taper(m, int(0.1 / dt))
        tr.add("oz", t0 + a, w * (band_noise(rng, m, dt, 6, 11, rng.uniform(0.03e-3, 0.15e-3))
                                  + slow_noise(rng, m, dt, 1.5, rng.uniform(0.3e-3, 1.2e-3))
                                  + rng.uniform(-2e-3, 1e-3) * np.sin(np.pi * np.arange(m) / m) ** 2))
        tr.add("pitch", t0 + a, w * band_noise(rng, m, dt, 6, 11, rng.uniform(0.03, 0.15) * D2R))
        tr.add("ox", t0 + a, w * slow_noise(rng, m, dt, 1.0, rng.uniform(0.3e-3, 1.0e-3)))


def add_floor_jolts(tr: Track, rng: np.random.Generator, prof: RepProfile, t0: float, plates: str) -> None:
    """The jolt of the plates landing, felt at the upper back (0.1-0.5 g, 8-20 Hz)."""
    for tt, vt in prof.touches:
        a = rng.uniform(0.1, 0.5) * G * min(2.0, vt / 0.4 + 0.2) * (0.5 if plates == "bumper" else 1.0)
        tau = rng.uniform(0.02, 0.05)
        r = onset_ring(np.arange(int(7 * tau / tr.dt)) * tr.dt, rng.uniform(8, 20), a, tau)
        tr.add("oz", t0 + tt, r)
