"""A touch-and-go set whose integration ran away from a bounce is closed at its bounces' spikes.

A bounce's aliased impact may leave the velocity a metre a second off; then no landing is found
against it (the velocity never seems to go down) and the level climbs metres through the set,
with no bottom anywhere. Where the motion closed by its rest rises beyond any pull (1 m), each
cluster of upward spikes at least a rep's time after the last is the floor, if closed floor to
floor between them every stretch rises like a rep. (Altsim validation seed 5029 over a link
delivering 45 of 200 samples/s: a set's last four reps were one.)"""

from __future__ import annotations

import numpy as np
import pytest
from altsim_cases import true_and_found

from analysis.kinematics import _closed_at_landings, _ran_away_cuts, cumulative_trapezoid0


def _touch_and_go(reversal_measured_mps: float) -> tuple[np.ndarray, float, int]:
    """Vertical acceleration (m/s^2) of two touch-and-go reps floor to floor (0.55 m, 1.5 s
    each) and a third pull to its lockout held still; each bounce reverses 2.3 m/s, measured
    (aliased) as ``reversal_measured_mps``. Returns (a, dt, samples per rep)."""
    dt, period = 0.02, 1.5
    n = int(round(period / dt))
    t = np.arange(n) * dt
    rep = -0.55 * (np.pi / period) ** 2 * np.sin(np.pi * t / period)
    a = np.concatenate([rep, rep, rep[: n // 2], np.zeros(25)])
    for k in (n, 2 * n):
        a[k : k + 2] += reversal_measured_mps / (2 * dt)
    return a, dt, n


def test_a_run_away_set_is_closed_at_its_bounces():
    a, dt, n = _touch_and_go(0.8)
    v0 = cumulative_trapezoid0(a, dt)  # from zero at the first bounce, whose rebound was lost
    assert float(np.max(cumulative_trapezoid0(v0 - v0[-1], dt))) > 5.0  # metres: ran away
    cuts = _ran_away_cuts(a, dt, v0)
    assert cuts is not None and [c - k for c, k in zip(cuts, (n, 2 * n))] == [2, 2]
    h = cumulative_trapezoid0(_closed_at_landings(a, dt, v0, cuts, True), dt)
    for i0, i1 in zip([0] + cuts[:-1], cuts):
        assert float(np.max(h[i0 : i1 + 1]) - h[i0]) == pytest.approx(0.55, abs=0.03)


def test_a_set_that_did_not_run_away_keeps_its_own_landings():
    a, dt, _ = _touch_and_go(2.3)
    # measured right, the closed level stays a rep's: nothing to redo
    v0 = cumulative_trapezoid0(a, dt) + 1.15  # (the first bounce's rebound known)
    assert _ran_away_cuts(a, dt, v0) is None


def test_touch_and_go_reps_over_a_lossy_link_are_not_merged():
    trues, found = true_and_found(5029, "bar", 200.0, "ble")
    true = [r for r in trues if 100.0 < r.start_s < 111.0]
    assert len(true) == 7
    got = [r for r in found if 100.0 < r.end_s and r.start_s < 111.0]
    # (4 before: the last four were one; one bottom fell in a gap with no spike left)
    assert len(got) == 6
    for g in got:
        assert min(abs(g.end_s - w.end_s) for w in true) < 0.2
