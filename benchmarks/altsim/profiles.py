"""Vertical velocity profiles of the load (m/s, +up) on the fine grid.

Not polynomial minimum-jerk curves: each profile is a chain of C1 smoothstep blends between a few
velocity knots that mimic real pulls (quick break from the floor, a sticking dip near the knee,
peak velocity late, deceleration into lockout capped below g), plus explicit contact pulses.
Every function returns velocities at the local times dt, 2dt, ..., so ``z0 + cumsum(v) * dt`` is the
height path; the profiles are scaled so that this sum hits the requested displacement exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .shapes import grid, smoothstep

G = 9.80665  # m/s^2


@dataclass(frozen=True)
class PullShape:
    """Knots of a concentric velocity profile in normalised time tau = t / T (velocities relative).

    tau1: end of the break from the floor (velocity w1); tau_s: bottom of the sticking dip
    (velocity w1 * (1 - dip)); tau_p: peak velocity wp; then deceleration to 0 at tau = 1.
    """

    tau1: float
    w1: float
    tau_s: float
    dip: float
    tau_p: float
    wp: float


def _pull_w(tau: np.ndarray, sh: PullShape) -> np.ndarray:
    ws = sh.w1 * (1.0 - sh.dip)
    w = np.empty_like(tau)
    p1 = tau < sh.tau1
    p2 = (tau >= sh.tau1) & (tau < sh.tau_s)
    p3 = (tau >= sh.tau_s) & (tau < sh.tau_p)
    p4 = tau >= sh.tau_p
    w[p1] = sh.w1 * smoothstep(tau[p1] / sh.tau1)
    w[p2] = sh.w1 + (ws - sh.w1) * smoothstep((tau[p2] - sh.tau1) / (sh.tau_s - sh.tau1))
    w[p3] = ws + (sh.wp - ws) * smoothstep((tau[p3] - sh.tau_s) / (sh.tau_p - sh.tau_s))
    w[p4] = sh.wp * (1.0 - smoothstep((tau[p4] - sh.tau_p) / (1.0 - sh.tau_p)))
    return w


def concentric(T: float, rom: float, v0: float, sh: PullShape, a_dec_max: float, a_acc_max: float,
               dt: float) -> tuple[np.ndarray, PullShape]:
    """Concentric velocity (m/s) over duration ``T`` s rising ``rom`` m, starting at ``v0`` m/s
    (0 from a dead stop, > 0 out of a touch-and-go bounce) and ending at rest (lockout).

    The knots are adjusted until the deceleration into lockout stays below ``a_dec_max`` and the
    acceleration below ``a_acc_max`` (m/s^2). Returns (v, the shape actually used).
    """
    sh0 = sh
    for _outer in range(40):  # if the knots cannot meet the limits, the pull takes longer
        sh = sh0
        tau = grid(T, dt) / (grid(T, dt)[-1])
        ok = False
        for _ in range(25):
            w = _pull_w(tau, sh)
            base = v0 * (1.0 - smoothstep(tau / sh.tau1))
            k = (rom / dt - base.sum()) / w.sum()
            ws = sh.w1 * (1 - sh.dip)
            a_dec = 1.5 * k * sh.wp / ((1 - sh.tau_p) * T)
            a_dip = 1.5 * k * (sh.w1 - ws) / ((sh.tau_s - sh.tau1) * T)
            a_acc1 = 1.5 * max(k * sh.w1 - v0, 0.0) / (sh.tau1 * T)
            a_acc3 = 1.5 * k * max(sh.wp - ws, 0.0) / ((sh.tau_p - sh.tau_s) * T)
            ok = True
            if a_dec > a_dec_max:
                ok = False
                frac = min(0.6, (1 - sh.tau_p) * a_dec / a_dec_max * 1.05)
                tp = 1 - frac
                if tp < sh.tau_s + 0.08:
                    sh = replace(sh, wp=max(0.5 * (sh.wp + ws), 0.6), tau_s=max(sh.tau1 + 0.05, tp - 0.08))
                    tp = max(tp, sh.tau_s + 0.08)
                sh = replace(sh, tau_p=tp)
            if a_dip > a_dec_max:
                ok = False
                sh = replace(sh, dip=sh.dip * 0.7)
            if a_acc1 > a_acc_max:
                ok = False
                t1 = min(sh.tau1 * a_acc1 / a_acc_max * 1.05, sh.tau_s - 0.05)
                if t1 <= sh.tau1 + 1e-3:
                    sh = replace(sh, w1=sh.w1 * 0.85)
                sh = replace(sh, tau1=t1)
            if a_acc3 > a_acc_max:
                ok = False
                sh = replace(sh, wp=max(ws + 0.7 * (sh.wp - ws), 0.6))
            if ok:
                break
        if ok:
            break
        T *= 1.08
    w = _pull_w(tau, sh)
    base = v0 * (1.0 - smoothstep(tau / sh.tau1))
    k = (rom / dt - base.sum()) / w.sum()
    return base + k * w, sh


def eccentric(T: float, drop: float, v_touch: float, tau_a: float, a_max: float,
              dt: float) -> tuple[np.ndarray, float]:
    """Lowering velocity (m/s, negative) from rest at lockout down ``drop`` m, arriving at the
    floor at about ``-v_touch`` m/s with zero acceleration. The first ``tau_a`` of the time is the
    hip hinge (speeding up); the rest blends to the touch speed. Downward acceleration is kept
    below ``a_max`` (< g) by lengthening the lowering. Returns (v, duration actually used in s)."""
    for _ in range(40):
        u = grid(T, dt)
        tau = u / u[-1]
        V = drop / T
        den = V - v_touch * (1 - tau_a) / 2
        r = (v_touch / 2) / den if den > 0.05 * V else 1.6
        r = float(np.clip(r, 0.15, 1.6))
        w = np.where(tau < tau_a, smoothstep(tau / tau_a), 1 + (r - 1) * smoothstep((tau - tau_a) / (1 - tau_a)))
        k = drop / dt / w.sum()
        a1 = 1.5 * k / (tau_a * T)
        a2 = 1.5 * k * abs(r - 1) / ((1 - tau_a) * T)
        if a1 <= a_max and (r <= 1 or a2 <= a_max):
            return -k * w, T
        T *= 1.08
    return -k * w, T


def approach(T: float, h: float, tau_r: float, dt: float) -> np.ndarray:
    """Velocity (m/s) rising from rest by ``h`` m and coming back to rest (into a paused hold):
    speeds up over the first ``tau_r`` of the time, slows down over the rest."""
    u = grid(T, dt)
    tau = u / u[-1]
    w = np.where(tau < tau_r, smoothstep(tau / tau_r), 1 - smoothstep((tau - tau_r) / (1 - tau_r)))
    return w * h / (dt * w.sum())


def contact(v_in: float, v_out: float, tau: float, dt: float) -> np.ndarray:
    """Velocity through a floor contact of duration ``tau`` s: from ``v_in`` (< 0) to ``v_out``
    (>= 0) with a half-sine acceleration pulse (peak pi (v_out - v_in) / (2 tau))."""
    u = grid(tau, dt)
    return v_in + (v_out - v_in) * (1 - np.cos(np.pi * u / u[-1])) / 2


def ballistic(v_up: float, dt: float) -> np.ndarray:
    """Velocity of a free flight that leaves the floor at ``v_up`` m/s and lands back at the same
    height (gravity rescaled by < 1 % so the grid sum is exactly zero displacement)."""
    T = 2 * v_up / G
    u = grid(T, dt)
    m = len(u)
    # v_k = v_up - g' k dt, k = 1..m ; sum = m v_up - g' dt m (m + 1) / 2 = 0
    gp = 2 * v_up / (dt * (m + 1))
    return v_up - gp * u


def free_fall(h: float, dt: float) -> np.ndarray:
    """Velocity of a drop from rest through ``h`` m (gravity rescaled by < 1 % so that the grid
    sum is exactly -h)."""
    T = np.sqrt(2 * h / G)
    u = grid(T, dt)
    m = len(u)
    gp = 2 * h / (dt * dt * m * (m + 1))
    return -gp * u
