"""Top level: simulate a session's motion once, then render it for any rate and link.

    motion = simulate_motion(seed, "bar")            # fine-grid ideal signals + physical truth
    s = render(motion, 100.0, "ble")                 # t, acc (g), gyro (deg/s), truth in t's base
    s = simulate_session(seed, "back", 50.0, "clean")

Random streams are separate and seeded from (seed, placement[, rate, link]), so a session's
motion is the same at every rate / link and everything is deterministic per seed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .back_session import build_back_session
from .bar_session import build_bar_session
from .kinematics import FineMotion, back_sensor, bar_sensor
from .link import deliver, sample_times
from .plan import PAUSED, SessionPlan, make_plan
from .sensor import Device, draw_device, measure
from .truth import SessionTruth

SIMULATOR = "repsense-altsim/1"
DT = 0.001  # fine grid step (s)
_PL = {"bar": 1, "back": 2}
_LINK = {"clean": 1, "ble": 2}


@dataclass
class Motion:
    """A simulated session before sampling: plan, ideal signals, device, truth (physical time)."""

    seed: int
    placement: str
    plan: SessionPlan
    fine: FineMotion
    device: Device
    truth: SessionTruth
    channels: dict[str, np.ndarray] | None = None
    carrier: Any = None


@dataclass
class AltSession:
    """A rendered session: ``t`` (s, strictly increasing), ``acc`` (g), ``gyro`` (deg/s),
    recording ``metadata``, ``truth`` in the recording's time base, ``summary`` for reports."""

    t: np.ndarray
    acc: np.ndarray
    gyro: np.ndarray
    metadata: dict[str, str]
    truth: SessionTruth
    summary: dict[str, Any] = field(default_factory=dict)


@functools.lru_cache(maxsize=4)
def simulate_motion(seed: int, placement: str, keep_channels: bool = False) -> Motion:
    """Plan and generate one session's motion (fine grid) with its truth in physical time.

    Deterministic in its arguments, and the last few are kept: a session is rendered at several
    rates and links (the benchmark, and tests parametrised over them), and generating the motion
    costs more than rendering it. The Motion returned is shared: read it, do not modify it."""
    rng = np.random.default_rng([seed, _PL[placement], 1])
    plan = make_plan(seed, placement, rng)
    if placement == "bar":
        tr, reps, sets, carrier = build_bar_session(plan, rng, DT)
        ch = tr.finalize()
        fine = bar_sensor(ch, carrier, DT)
    else:
        tr, reps, sets, carrier = build_back_session(plan, rng, DT)
        ch = tr.finalize()
        fine = back_sensor(ch, carrier, DT)
    device = draw_device(np.random.default_rng([seed, _PL[placement], 2]))
    meta = {"seed": seed, "placement": placement, "session_style": plan.style, "plates": plan.plates,
            "length": plan.length, "target_pause_s": plan.target_pause_s, "plan": plan.describe(),
            "end_activity": plan.end_activity}
    acts = [{"kind": a.kind, "t0": a.t0, "t1": a.t1, "info": a.info} for a in tr.activities]
    truth = SessionTruth(reps, sets, meta, acts)
    return Motion(seed, placement, plan, fine, device, truth, ch if keep_channels else None, carrier)


def render(motion: Motion, rate_hz: float, link: str) -> AltSession:
    """Sample the motion with the session's device at ``rate_hz`` over ``link`` ('clean'/'ble')."""
    rng = np.random.default_rng([motion.seed, _PL[motion.placement], 3, int(round(rate_hz * 1000)), _LINK[link]])
    f = motion.fine
    ppm = motion.device.clock_ppm if link == "ble" else 0.0
    ts = sample_times(rng, float(f.t[-1]), rate_hz, link, ppm)
    acc, gyr = measure(motion.device, rng, f.t, f.f_s, f.w_s, ts, rate_hz)
    dl = deliver(rng, ts, rate_hz, link, ppm)
    truth = motion.truth.mapped(dl.to_rec)
    p = motion.plan
    meta = {
        "sensor": motion.device.name, "placement": motion.placement, "rate_hz": f"{rate_hz:g}",
        "exercise": "pause-deadlift" if any(s.style == PAUSED for s in p.sets) else "deadlift",
    }
    if p.target_pause_s:
        meta["target_pause_s"] = f"{p.target_pause_s:g}"
    meta.update({"synthetic": "true", "simulator": SIMULATOR, "seed": str(motion.seed), "link": link})
    truth.metadata.update({"rate_hz": rate_hz, "link": link, "link_model": dl.info,
                           "device": {"name": motion.device.name, "dlpf": motion.device.dlpf,
                                      "acc_fs_g": motion.device.acc_fs}})
    kinds: dict[str, int] = {}
    for a in motion.truth.activities:
        kinds[a["kind"]] = kinds.get(a["kind"], 0) + 1
    summary = {"plan": p.describe(), "activities": kinds, "link": dl.info, "dlpf": motion.device.dlpf,
               "acc_fs": motion.device.acc_fs, "duration_s": round(float(f.t[-1]), 1)}
    return AltSession(dl.t, acc[dl.idx], gyr[dl.idx], meta, truth, summary)


def simulate_session(seed: int, placement: str, rate_hz: float, link: str = "clean") -> AltSession:
    """Simulate and render in one call."""
    return render(simulate_motion(seed, placement), rate_hz, link)
