"""Everyday movements of a lifter between and around sets (upper-back placement), none a rep.

Walking (gait at the step frequency: vertical bob, lateral sway, trunk roll / counter-rotation,
heel-strike jolts), turning, sitting down on a bench and standing up, bending down to pick up a
plate / chalk / water (a single unloaded hinge), reaching, stretching, and the descent into the
set-up and standing up after a set. Units: m, s, rad.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from .body import D2R, Body
from .profiles import G
from .shapes import grid, keyframes, onset_ring, smoothstep
from .track import Track


def keys(tr: Track, times: Sequence[float], targets: dict[str, Sequence[float]], label: str | None,
         **info: object) -> None:
    """Move channels through keyframes (values after the first; the first key is the current
    value) at ``times`` (s from now, starting with 0)."""
    u = grid(times[-1], tr.dt)
    seg = {ch: keyframes(times, [tr.get(ch)] + list(vals), u) for ch, vals in targets.items()}
    tr.append(seg, label, **info)


def _fwd(tr: Track, dist: float) -> tuple[float, float]:
    """Hip position moved ``dist`` m along the heading."""
    y = tr.get("yaw")
    return tr.get("hx") + dist * np.cos(y), tr.get("hy") + dist * np.sin(y)


def stand_still(tr: Track, T: float) -> None:
    tr.hold(T, "stand")


def walk(tr: Track, body: Body, rng: np.random.Generator, T: float, label: str = "walk", speed: float | None = None) -> None:
    """Walk for ``T`` s along the current heading, starting and ending at rest in a standing posture."""
    dt = tr.dt
    u = grid(T, dt)
    st = tr.state()
    ramp = min(0.8, T / 3)
    v = body.walk_speed * rng.uniform(0.8, 1.1) if speed is None else speed
    D = v * (T - ramp)
    prog = keyframes([0, ramp, T - ramp, T], [0, v * ramp / 2, D - v * ramp / 2, D], u)
    env = keyframes([0, ramp, T - ramp, T], [0, 1, 1, 0], u)
    f = body.step_hz * rng.uniform(0.95, 1.05)
    ph = 2 * np.pi * f * u
    c, s = np.cos(st["yaw"]), np.sin(st["yaw"])
    lat = rng.uniform(0.01, 0.025) * env * np.sin(ph / 2)
    stand = body.standing()
    back = keyframes([0, ramp, T - ramp, T], [0, 1, 1, 0], u)  # forward lean while walking
    blend = smoothstep(u / ramp)  # into the standing posture
    seg = {
        "hx": st["hx"] + prog * c - lat * s,
        "hy": st["hy"] + prog * s + lat * c,
        "hz": st["hz"] + (stand["hz"] - st["hz"]) * blend
        - rng.uniform(0.02, 0.035) * env * (1 - np.cos(ph)) / 2,
        "pitch": st["pitch"] + (stand["pitch"] - st["pitch"]) * blend
        + rng.uniform(2, 8) * D2R * back + rng.uniform(0.5, 1.5) * D2R * env * np.sin(ph + 0.5),
        "flex": st["flex"] + (stand["flex"] - st["flex"]) * blend,
        "roll": st["roll"] * (1 - blend) + rng.uniform(1.5, 3.5) * D2R * env * np.sin(ph / 2 + 0.3),
        "twist": st["twist"] * (1 - blend) + rng.uniform(2, 6) * D2R * env * np.sin(ph / 2 + 1.2),
    }
    t0 = tr.now
    tr.append(seg, label, duration_s=round(T, 2))
    # heel strikes at the lowest point of the bob (ph = pi mod 2 pi)
    k = np.arange(int(f * T) + 1)
    for tk in (np.pi + 2 * np.pi * k) / (2 * np.pi * f):
        if tk >= T or env[min(len(env) - 1, int(tk / dt))] < 0.3:
            continue
        tau = rng.uniform(0.02, 0.05)
        r = onset_ring(np.arange(int(7 * tau / dt)) * dt, rng.uniform(8, 15), rng.uniform(0.15, 0.5) * G, tau)
        tr.add("oz", t0 + tk, r)
        tr.add("ox", t0 + tk, -0.4 * c * r)
        tr.add("oy", t0 + tk, -0.4 * s * r)


def turn(tr: Track, body: Body, rng: np.random.Generator, angle: float) -> None:
    """Turn on the spot by ``angle`` rad with a few small steps."""
    T = rng.uniform(0.8, 1.6) * abs(angle) / np.pi + 0.6
    u = grid(T, tr.dt)
    st = tr.state()
    env = np.sin(np.pi * u / u[-1])
    ph = 2 * np.pi * body.step_hz * u
    tr.append({"yaw": st["yaw"] + angle * keyframes([0, T], [0, 1], u),
               "hz": st["hz"] - rng.uniform(0.005, 0.015) * env * (1 - np.cos(ph)) / 2,
               "roll": st["roll"] + rng.uniform(1, 2.5) * D2R * env * np.sin(ph / 2)}, "turn",
              angle_deg=round(float(np.degrees(angle))))


def sit_rest(tr: Track, body: Body, rng: np.random.Generator, T_sit: float) -> None:
    """Sit down on a bench (lean forward, hips drop ~0.4 m), sit ``T_sit`` s slumped, stand up."""
    st = tr.state()
    hz_sit = rng.uniform(0.42, 0.52) + 0.08
    back = rng.uniform(0.12, 0.25)
    T = rng.uniform(1.2, 2.2)
    lean = rng.uniform(25, 45) * D2R
    x1, y1 = _fwd(tr, -0.6 * back)
    x2, y2 = _fwd(tr, -back)
    keys(tr, [0, 0.45 * T, T], {"pitch": [st["pitch"] + lean, rng.uniform(5, 20) * D2R],
                                "hz": [st["hz"] - 0.35 * (st["hz"] - hz_sit), hz_sit], "hx": [x1, x2], "hy": [y1, y2],
                                "flex": [st["flex"] + 5 * D2R, rng.uniform(5, 20) * D2R]}, "sit_down")
    tr.add("oz", tr.now - 0.05, onset_ring(np.arange(150) * tr.dt, rng.uniform(6, 12), rng.uniform(0.1, 0.4) * G, 0.03))
    tr.hold(T_sit, "sit")
    stand = body.standing()
    T = rng.uniform(1.0, 2.0)
    x3, y3 = _fwd(tr, back)
    keys(tr, [0, 0.35 * T, T], {"pitch": [tr.get("pitch") + rng.uniform(20, 35) * D2R, stand["pitch"]],
                                "hz": [hz_sit + 0.15 * (stand["hz"] - hz_sit), stand["hz"]],
                                "hx": [tr.get("hx"), x3], "hy": [tr.get("hy"), y3],
                                "flex": [tr.get("flex"), stand["flex"]]}, "stand_up_from_bench")


def bend_pickup(tr: Track, body: Body, rng: np.random.Generator, what: str) -> None:
    """Bend down to pick something up (plate, chalk, water) and stand back up: one unloaded hinge."""
    st = tr.state()
    stand = body.standing()
    t_dn, t_hold, t_up = rng.uniform(0.8, 1.8), rng.uniform(0.3, 2.0), rng.uniform(0.8, 1.8)
    pb = rng.uniform(60, 110) * D2R
    drop = rng.uniform(0.05, 0.45)
    fb = rng.uniform(5, 30) * D2R
    xb, yb = _fwd(tr, -rng.uniform(0.08, 0.2))
    T = t_dn + t_hold + t_up
    keys(tr, [0, t_dn, t_dn + t_hold, T],
         {"pitch": [pb, pb + rng.uniform(-5, 5) * D2R, stand["pitch"]],
          "hz": [st["hz"] - drop, st["hz"] - drop + rng.uniform(-0.03, 0.03), stand["hz"]],
          "flex": [fb, fb, stand["flex"]], "hx": [xb, xb, st["hx"]], "hy": [yb, yb, st["hy"]],
          "roll": [rng.uniform(-8, 8) * D2R, 0.0, 0.0], "twist": [rng.uniform(-15, 15) * D2R, 0.0, 0.0]},
         "bend_pickup", what=what)


def reach(tr: Track, body: Body, rng: np.random.Generator) -> None:
    """Reach up / to the side (chalk bowl, towel): slight extension and twist, then chalk clapping."""
    T = rng.uniform(1.5, 4.0)
    keys(tr, [0, 0.5 * T, T], {"pitch": [tr.get("pitch") - rng.uniform(3, 12) * D2R, tr.get("pitch")],
                               "twist": [rng.uniform(-20, 20) * D2R, 0.0], "roll": [rng.uniform(-6, 6) * D2R, 0.0]},
         "reach")
    t0 = tr.now
    n = int(rng.integers(2, 7))
    tr.hold(n / 3.5 + 0.3, "chalk_clap")
    for i in range(n):
        tr.add("ox", t0 + 0.1 + i / rng.uniform(3, 4), onset_ring(np.arange(100) * tr.dt, rng.uniform(10, 25),
                                                                  rng.uniform(0.05, 0.2) * G, 0.02))


def stretch(tr: Track, body: Body, rng: np.random.Generator) -> None:
    """A few stretches: side bends, twists, a forward fold held for a while."""
    stand = body.standing()
    for _ in range(int(rng.integers(2, 7))):
        k = rng.choice(["side", "twist", "fold", "extend"])
        T = rng.uniform(1.5, 4.0)
        if k == "side":
            a = rng.uniform(10, 25) * D2R * rng.choice([-1, 1])
            keys(tr, [0, 0.4 * T, 0.7 * T, T], {"roll": [a, a, 0.0]}, "stretch", move="side")
        elif k == "twist":
            a = rng.uniform(15, 35) * D2R * rng.choice([-1, 1])
            keys(tr, [0, 0.4 * T, 0.7 * T, T], {"twist": [a, a, 0.0]}, "stretch", move="twist")
        elif k == "extend":
            keys(tr, [0, 0.5 * T, T], {"pitch": [stand["pitch"] - rng.uniform(8, 20) * D2R, stand["pitch"]]},
                 "stretch", move="extend")
        else:
            h = rng.uniform(2, 10)
            p = rng.uniform(80, 110) * D2R
            x, y = _fwd(tr, -0.1)
            keys(tr, [0, T / 2, T / 2 + h, T + h],
                 {"pitch": [p, p, stand["pitch"]], "flex": [20 * D2R, 25 * D2R, stand["flex"]],
                  "hz": [stand["hz"] - 0.03, stand["hz"] - 0.03, stand["hz"]],
                  "hx": [x, x, tr.get("hx")], "hy": [y, y, tr.get("hy")]}, "stretch", move="fold")
        tr.hold(rng.uniform(0.3, 2.0))


def go_to_pose(tr: Track, pose: dict[str, float], T: float, lead: dict[str, float], label: str) -> None:
    """Move every channel of ``pose`` from the current value to its target in ``T`` s; channel c
    covers ``lead[c]`` of its way by mid-time (0.5 = even, > 0.5 leads, < 0.5 lags)."""
    tg = {}
    for ch, val in pose.items():
        a = tr.get(ch)
        tg[ch] = [a + lead.get(ch, 0.5) * (val - a), val]
    keys(tr, [0, 0.5 * T, T], tg, label)


def setup_descent(tr: Track, rng: np.random.Generator, pose: dict[str, float]) -> None:
    """From standing at the bar down into the set-up (hips back first, then knees), then settle:
    grip, hips up and down a little, chest up, ending exactly at ``pose``."""
    T = rng.uniform(1.2, 3.0)
    go_to_pose(tr, pose, T, {"pitch": 0.7, "hz": 0.3, "hx": 0.6, "hy": 0.6, "flex": 0.6}, "setup_descent")
    Ts = rng.uniform(0.8, 4.0)
    j = lambda a: rng.uniform(-a, a)  # noqa: E731
    keys(tr, [0, 0.3 * Ts, 0.65 * Ts, Ts],
         {"pitch": [pose["pitch"] + j(3) * D2R, pose["pitch"] + j(2) * D2R, pose["pitch"]],
          "hz": [pose["hz"] + j(0.04), pose["hz"] + j(0.02), pose["hz"]],
          "flex": [pose["flex"] + j(3) * D2R, pose["flex"], pose["flex"]]}, "setup_settle")


def stand_after(tr: Track, rng: np.random.Generator, body: Body, hip_xy: tuple[float, float], label: str) -> None:
    """Let go of the bar and stand up (no load)."""
    st = body.standing()
    pose = {"hz": st["hz"], "pitch": st["pitch"], "flex": st["flex"], "hx": hip_xy[0], "hy": hip_xy[1],
            "roll": 0.0, "twist": 0.0}
    go_to_pose(tr, pose, rng.uniform(0.8, 2.0), {"hz": 0.6, "pitch": 0.4, "hx": 0.5, "hy": 0.5}, label)
