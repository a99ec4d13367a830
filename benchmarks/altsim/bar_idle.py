"""What happens to a barbell between sets (none of it is a rep).

Rolling on the plates (the sensor turns with the shaft), kicks and bumps, loading and stripping
plates with one end lifted and plates knocking on the sleeve, faint floor vibration from other
lifters, and carrying the bar to a rack or to another spot. Units: m, s, rad, m/s^2.
"""

from __future__ import annotations

import numpy as np

from .bar_motion import BarGeometry
from .profiles import G
from .shapes import grid, keyframes, onset_ring, slow_noise, smoothstep
from .track import Track


def knock(tr: Track, rng: np.random.Generator, t: float, direction: np.ndarray, acc: float,
          f: tuple[float, float] = (25.0, 90.0)) -> None:
    """A short mechanical knock at time ``t`` s: damped ringing of peak ~``acc`` m/s^2 along the
    world ``direction`` (unit 3-vector), added to the sensor offset channels."""
    tau = rng.uniform(0.015, 0.06)
    tt = np.arange(int(7 * tau / tr.dt)) * tr.dt
    r = onset_ring(tt, rng.uniform(*f), acc, tau)
    for ch, c in zip(("ox", "oy", "oz"), direction):
        if abs(c) > 1e-6:
            tr.add(ch, t, c * r)


def _unit(rng: np.random.Generator) -> np.ndarray:
    v = rng.normal(size=3)
    return v / np.linalg.norm(v)


def roll(tr: Track, geo: BarGeometry, d: float, T: float, label: str = "roll") -> None:
    """Roll the bar on its plates by ``d`` m across the shaft over ``T`` s (spin changes -d/R)."""
    u = grid(T, tr.dt)
    q = smoothstep(u / u[-1])
    yaw = tr.get("yaw")
    nx, ny = -np.sin(yaw), np.cos(yaw)
    tr.append({"x": tr.get("x") + d * nx * q, "y": tr.get("y") + d * ny * q,
               "spin": tr.get("spin") - d / geo.plate_radius * q}, label, d_m=round(d, 3))


def kick(tr: Track, geo: BarGeometry, rng: np.random.Generator, label: str = "kick") -> None:
    """A foot or plate hits the bar: a knock, then the bar rolls off and slows by rolling friction."""
    v0 = rng.uniform(0.1, 0.8) * rng.choice([-1, 1])
    a_r = rng.uniform(0.4, 2.0)
    tk = rng.uniform(0.008, 0.02)
    T = tk + abs(v0) / a_r + 0.1
    u = grid(T, tr.dt)
    v = np.where(u < tk, v0 * smoothstep(u / tk), np.sign(v0) * np.maximum(abs(v0) - a_r * (u - tk), 0.0))
    v = np.convolve(v, np.ones(60) / 60, mode="full")[: len(u)]  # rolling to a stop is not abrupt
    d = np.cumsum(v) * tr.dt
    yaw = tr.get("yaw")
    nx, ny = -np.sin(yaw), np.cos(yaw)
    t0 = tr.now
    tr.append({"x": tr.get("x") + d * nx, "y": tr.get("y") + d * ny, "spin": tr.get("spin") - d / geo.plate_radius},
              label, d_m=round(float(d[-1]), 3))
    knock(tr, rng, t0, np.array([nx, ny, 0.3]) / np.sqrt(1.09), rng.uniform(1, 5) * G)


def bump(tr: Track, rng: np.random.Generator) -> None:
    """A knock without rolling (plate or foot bumps the bar)."""
    knock(tr, rng, tr.now + 0.01, _unit(rng), rng.uniform(0.5, 4) * G)
    tr.hold(0.3, "bump")


def load_end(tr: Track, geo: BarGeometry, rng: np.random.Generator, side: int, label: str = "load_plates") -> None:
    """Lift one end of the bar a few cm (by hand, foot or a jack), slide plates on with knocks on
    the sleeve, put it down. ``side`` +1 lifts the +x end of the shaft, -1 the other."""
    lift = rng.uniform(0.02, 0.10)
    beta = np.arcsin(lift / (2 * geo.half_span))
    t_up, t_hold, t_dn = rng.uniform(0.4, 1.0), rng.uniform(3, 15), rng.uniform(0.3, 0.8)
    T = t_up + t_hold + t_dn
    u = grid(T, tr.dt)
    q = keyframes([0, t_up, t_up + t_hold, T], [0, 1, 1, 0], u)
    by_hand = rng.random() < 0.6
    if by_hand:
        m = len(u)
        q = q + slow_noise(rng, m, tr.dt, rng.uniform(0.5, 3), rng.uniform(0.05, 0.2)) * np.sin(np.pi * q / 2) ** 2
    t0 = tr.now
    ax = np.array([np.cos(tr.get("yaw")), np.sin(tr.get("yaw")), 0.0])
    tr.append({"tilt": tr.get("tilt") - side * beta * q, "z": tr.get("z") + lift / 2 * q}, label, side=side, lift_m=round(lift, 3), by_hand=by_hand)
    for tk in np.sort(rng.uniform(t_up + 0.5, t_up + t_hold - 0.2, size=int(rng.integers(1, 5)))):
        knock(tr, rng, t0 + tk, ax * rng.choice([-1, 1]) + 0.2 * _unit(rng), rng.uniform(1, 6) * G, (30, 120))
    knock(tr, rng, t0 + T - 0.02, np.array([0, 0, 1.0]), rng.uniform(1, 4) * G)


def plate_slide(tr: Track, geo: BarGeometry, rng: np.random.Generator) -> None:
    """Small plates slid on without lifting: knocks along the shaft and a small roll."""
    t0 = tr.now
    ax = np.array([np.cos(tr.get("yaw")), np.sin(tr.get("yaw")), 0.0])
    T = rng.uniform(2, 8)
    tr.hold(T, "plate_slide")
    for tk in rng.uniform(0.2, T - 0.2, size=int(rng.integers(1, 4))):
        knock(tr, rng, t0 + tk, ax, rng.uniform(0.5, 4) * G, (30, 120))
    if rng.random() < 0.5:
        roll(tr, geo, rng.uniform(-0.03, 0.03), rng.uniform(0.3, 0.8), "plate_slide")


def floor_vibration(tr: Track, rng: np.random.Generator, t0: float, t1: float,
                    exclude: list[tuple[float, float]] = ()) -> None:
    """Faint knocks from other lifters dropping weights nearby (about one per 30 s), only while
    the bar rests (not inside the ``exclude`` spans, s)."""
    n = rng.poisson(max(0.0, t1 - t0) / 30)
    for t in rng.uniform(t0, t1, size=n):
        if any(a <= t <= b for a, b in exclude):
            continue
        knock(tr, rng, t, _unit(rng), rng.uniform(0.01, 0.06) * G, (12, 45))


def carry(tr: Track, geo: BarGeometry, rng: np.random.Generator, to_rack: bool) -> None:
    """Pick the bar up to the hips (no lowering back to the floor there), walk it somewhere with
    the gait bob, then hang it on a rack or set it down on the floor."""
    dt = tr.dt
    st = tr.state()
    t_lift = rng.uniform(1.0, 2.2)
    h_c = rng.uniform(0.5, 0.75)
    u = grid(t_lift, dt)
    tr.append({"z": st["z"] + h_c * smoothstep(u / u[-1]) ** 1.0,
               "spin": st["spin"] + rng.uniform(-0.1, 0.1) * smoothstep(u / u[-1])}, "carry_lift")
    tr.hold(rng.uniform(0.3, 1.5), "carry")
    # walk: progress along the bar normal, vertical bob at the step frequency
    T = rng.uniform(2, 8)
    dist = rng.uniform(0.8, 1.3) * T * rng.choice([-1, 1])
    fs = rng.uniform(1.5, 2.0)
    u = grid(T, dt)
    ramp = min(0.8, T / 3)
    prog = keyframes([0, ramp, T - ramp, T], [0, dist * ramp / (2 * T - 2 * ramp), dist - dist * ramp / (2 * T - 2 * ramp), dist], u)
    env = keyframes([0, ramp, T - ramp, T], [0, 1, 1, 0], u)
    bob = rng.uniform(0.01, 0.025)
    ph = 2 * np.pi * fs * u
    yaw = tr.get("yaw")
    nx, ny = -np.sin(yaw), np.cos(yaw)
    st = tr.state()
    tr.append({
        "x": st["x"] + prog * nx, "y": st["y"] + prog * ny,
        "z": st["z"] - bob * env * (1 - np.cos(ph)) / 2,
        "yaw": st["yaw"] + np.radians(rng.uniform(1, 4)) * env * np.sin(ph / 2),
        "tilt": st["tilt"] + np.radians(rng.uniform(0.3, 1.5)) * env * np.sin(ph / 2 + 1.0),
        "spin": st["spin"] + np.radians(rng.uniform(0.5, 3)) * env * np.sin(ph + 0.5),
    }, "carry_walk")
    st = tr.state()
    if to_rack:
        rise = rng.uniform(0.1, 0.5)
        t_r = rng.uniform(0.6, 1.2)
        u = grid(t_r, dt)
        z = keyframes([0, 0.7 * t_r, t_r], [st["z"], st["z"] + rise + 0.03, st["z"] + rise], u)
        t0 = tr.now
        tr.append({"z": z}, "rack")
        knock(tr, rng, t0 + t_r * 0.85, np.array([0, 0, 1.0]), rng.uniform(2, 6) * G, (40, 120))
    else:
        t_d = rng.uniform(0.8, 1.6)
        u = grid(t_d, dt)
        tr.append({"z": st["z"] - (st["z"] - geo.plate_radius) * smoothstep(u / u[-1])}, "carry_set_down")
        knock(tr, rng, tr.now, np.array([0, 0, 1.0]), rng.uniform(1, 4) * G)
