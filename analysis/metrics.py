"""Per-rep timing and bar metrics from a segmented rep (times s, distances m, velocities m/s)."""

from __future__ import annotations

import numpy as np

from .reps import Keypoint, RepCandidate
from .results import Pause, Rep
from .settings import AnalyzerSettings


def _concat(cand: RepCandidate) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Absolute level and velocity over the rep's motion segments (rest gaps are simply skipped)."""
    ts, hs, vs = [], [], []
    for seg in cand.segments:
        ts.append(seg.t)
        hs.append(seg.height + seg.base_level)
        vs.append(seg.velocity)
    if not ts:
        z = np.zeros(0)
        return z, z, z
    return np.concatenate(ts), np.concatenate(hs), np.concatenate(vs)


def _kp_end(k: Keypoint) -> float:
    return k.t_end if k.t_end is not None else k.t_start


def lift_off_time(t: np.ndarray, h: np.ndarray, v: np.ndarray, floor: Keypoint, s: AnalyzerSettings) -> float:
    """Last moment the bar was stopped before it clearly left the floor level."""
    if floor.kind == "turn":
        return floor.t_start
    t0 = _kp_end(floor)
    sel = t >= t0
    idx = np.flatnonzero(sel & (h >= floor.level + 2 * s.hold_min_rise_m / 3))
    if idx.size == 0:
        return t0
    i = idx[0]
    stopped = np.flatnonzero(sel[:i] & (v[:i] <= s.stop_speed_mps))
    return float(t[stopped[-1]]) if stopped.size else t0


def touch_down_time(t: np.ndarray, h: np.ndarray, v: np.ndarray, bottom: Keypoint, s: AnalyzerSettings) -> float:
    """First moment the load is back at floor level and stopped."""
    if bottom.kind == "turn":
        return bottom.t_start
    sel = t <= bottom.t_start
    near = np.flatnonzero(sel & (h <= bottom.level + 0.01))
    if near.size == 0:
        return bottom.t_start
    # first point of the final approach that is within 1 cm of the floor
    above = np.flatnonzero(sel & (h > bottom.level + 0.01))
    first = near[near > above[-1]] if above.size else near
    return float(t[first[0]]) if first.size else bottom.t_start


def build_rep(
    cand: RepCandidate, index: int, set_index: int, placement: str, target_pause_s: float | None, s: AnalyzerSettings
) -> Rep:
    t, h, v = _concat(cand)
    start = lift_off_time(t, h, v, cand.floor, s)
    lockout = cand.top.t_start
    end = touch_down_time(t, h, v, cand.bottom, s)
    pauses = []
    for k in cand.holds:
        k_end = _kp_end(k)
        hold = k_end - k.t_start
        meets = None if target_pause_s is None else bool(hold >= target_pause_s)
        pauses.append(Pause(k.t_start, k_end, hold, meets))
    moving = max(lockout - start - sum(p.hold_s for p in pauses), 1e-6)
    flags = []
    if any(p.meets_target is False for p in pauses):
        flags.append("short_pause")
    if placement == "bar":
        rom = float(cand.top.level - cand.floor.level)
        conc = (t >= start) & (t <= lockout)
        peak = float(v[conc].max()) if conc.any() else None
        mcv = rom / moving
    else:
        rom = peak = mcv = None
    return Rep(
        index=index,
        set=set_index,
        start_s=float(start),
        lockout_s=float(lockout),
        end_s=float(end),
        pauses=tuple(pauses),
        moving_concentric_s=float(moving),
        rom_m=rom,
        mean_concentric_velocity_mps=mcv,
        peak_velocity_mps=peak,
        flags=tuple(flags),
    )
