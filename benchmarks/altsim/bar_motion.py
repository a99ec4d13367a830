"""Barbell rigid-body motion during reps.

Bar channels on the :class:`~.track.Track` (world frame, z up): ``x, y, z`` position of the bar's
centre on its axis (m; z = plate radius when the plates rest on the floor), ``yaw`` (direction of
the shaft about z), ``tilt`` (one end higher; rotation about the bar's horizontal normal),
``spin`` (rotation about the shaft) in rad, and ``ox, oy, oz``: extra sensor displacement in
world axes (m; bar bend under load, vibration, tremor). Bar body frame: x along the shaft, y
horizontal across it, z up; orientation ``Rz(yaw) Ry(tilt) Rx(spin)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .lift import FLOOR, LOCK, RepProfile
from .profiles import G
from .shapes import band_noise, onset_ring, slow_noise, smoothstep, taper
from .track import Track

BAR_CHANNELS = ("x", "y", "z", "yaw", "tilt", "spin", "ox", "oy", "oz")


@dataclass
class BarGeometry:
    """Plates and the sensor clip. ``lever``: sensor centre in the bar body frame (m);
    ``mount``: rotation sensor -> bar body frame; ``half_span``: centre to plate distance (m)."""

    plate_radius: float
    half_span: float
    lever: np.ndarray
    mount: np.ndarray
    bend_m: float  # extra sensor rise when the loaded bar bends (m)


@dataclass
class RepStyleParams:
    """Per-rep bar path details (rad, m): how the bar yaws, tilts, spins and drifts sideways."""

    yaw_amp: float
    tilt_amp: float
    spin_amp: float
    path_amp: float
    land_shift: float


def draw_style(rng: np.random.Generator) -> RepStyleParams:
    """Small, lifter-specific bar path deviations (tilt < 3 deg, spin a few deg)."""
    d = np.pi / 180
    return RepStyleParams(
        yaw_amp=rng.uniform(-2, 2) * d, tilt_amp=rng.uniform(-2.5, 2.5) * d, spin_amp=rng.uniform(-6, 6) * d,
        path_amp=rng.uniform(-0.04, 0.015), land_shift=rng.uniform(-0.01, 0.01),
    )


def _transition(n: int, i0: int, i1: int) -> np.ndarray:
    """0 before sample i0, smooth rise to 1 at sample i1, 1 after."""
    k = np.arange(n)
    return smoothstep((k - i0) / max(1, i1 - i0))


def bar_rep_coords(prof: RepProfile, st: dict[str, float], geo: BarGeometry, sty: RepStyleParams,
                   dt: float) -> dict[str, np.ndarray]:
    """Channels of the bar for one rep profile starting from the (resting) state ``st``."""
    h = prof.h
    n = len(h)
    rom = max(prof.rom, 0.05)
    s = np.clip(h / rom, 0.0, 1.0)
    k = np.arange(n)
    yaw = st["yaw"] + sty.yaw_amp * np.sin(np.pi * s)
    tilt = st["tilt"] + sty.tilt_amp * s
    spin = st["spin"] + sty.spin_amp * np.sin(0.5 * np.pi * s)
    perp = sty.path_amp * np.sin(np.pi * s) + sty.land_shift * smoothstep(k / n)
    nx, ny = -np.sin(st["yaw"]), np.cos(st["yaw"])
    # bar bend: builds during the slack pull, held while loaded, released at the first floor touch
    ph = prof.phase
    bend = np.zeros(n)
    if geo.bend_m > 0:
        fl = np.flatnonzero(ph == FLOOR)
        i_up = int(round(prof.start / dt))
        up = _transition(n, fl[0], i_up) if (len(fl) and prof.v[0] <= 0) else np.ones(n)
        if prof.contact == "drop":  # the bar unloads when released at the end of the lockout
            i_r = int(np.flatnonzero(ph == LOCK)[-1]) + 1
            down = 1 - _transition(n, i_r, i_r + int(0.03 / dt))
        elif prof.contact == "impact":
            i_t = int(round(prof.end / dt))
            down = 1 - _transition(n, i_t, i_t + int(0.03 / dt))
        else:  # touch and go: the lifter keeps the bar loaded through the bounce
            down = np.ones(n)
        bend = geo.bend_m * (up * down - (1.0 if prof.v[0] > 0 else 0.0))
    return {
        "x": st["x"] + perp * nx, "y": st["y"] + perp * ny, "z": geo.plate_radius + h,
        "yaw": yaw, "tilt": tilt, "spin": spin, "oz": st["oz"] + bend,
    }


def add_hold_wobble(tr: Track, rng: np.random.Generator, prof: RepProfile, t0: float, dt: float) -> None:
    """Physiological tremor (7-12 Hz) while the load is in the hands, slow wobble and a 1-2 mm
    drift during pauses and at lockout; all fade to zero at the span edges."""
    i0, i1 = int(round(prof.start / dt)), int(round(prof.end / dt))
    n = i1 - i0
    if n > 50:
        w = taper(n, int(0.05 / dt))
        rms = rng.uniform(0.02e-3, 0.08e-3)
        for ch, f in (("oz", 1.0), ("ox", 0.5), ("oy", 0.5)):
            tr.add(ch, t0 + prof.start, w * band_noise(rng, n, dt, 7, 12, rms * f))
    holds = list(prof.pauses)
    lk = np.flatnonzero(prof.phase == LOCK)
    if len(lk):
        holds.append(((lk[0]) * dt, (lk[-1] + 1) * dt))
    for a, b in holds:
        m = int(round((b - a) / dt))
        if m < 50:
            continue
        u = np.arange(m) / m
        w = taper(m, int(0.1 / dt))
        wob = slow_noise(rng, m, dt, rng.uniform(0.8, 3.0), rng.uniform(0.2e-3, 0.8e-3)) * w
        drift = rng.uniform(-2e-3, 1e-3) * np.sin(np.pi * u) ** 2
        tr.add("oz", t0 + a, wob + drift)
        tr.add("ox", t0 + a, 0.5 * slow_noise(rng, m, dt, 1.5, 0.4e-3) * w)


def add_ringing(tr: Track, rng: np.random.Generator, t: float, v_touch: float, plates: str, yaw: float) -> None:
    """Bar vibration after a floor contact at time ``t`` s with touch speed ``v_touch`` m/s: damped
    10-40 Hz ringing of the shaft (mostly vertical) and a small rocking of the sensor."""
    f = rng.uniform(10, 40)
    tau = rng.uniform(0.03, 0.15)
    a = (rng.uniform(0.5, 3.0) if plates == "steel" else rng.uniform(0.2, 1.0)) * G * min(2.0, v_touch / 0.4 + 0.2)
    tt = np.arange(int(7 * tau / tr.dt)) * tr.dt
    ring = onset_ring(tt, f, a, tau)
    tr.add("oz", t, ring)
    side = onset_ring(tt, f * rng.uniform(0.8, 1.3), a * rng.uniform(0.1, 0.4), tau)
    tr.add("ox", t, -np.sin(yaw) * side)
    tr.add("oy", t, np.cos(yaw) * side)
    tr.add("tilt", t, ring / rng.uniform(0.4, 1.2))
