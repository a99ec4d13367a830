"""Near-maximal pulls: the bar breaks off the floor, slows to a grind at the sticking point and
takes 3-4 s to reach lockout (mean concentric velocity 0.15-0.2 m/s). A bar rising that
steadily reads gravity alone, as a bar at rest does; the integration from the set-up knows its
speed (no impact, never lowered), and refuses the rests that a tolerance made for the drift
after a fast pull would allow. A stretch at the sticking point taken for a rest must not become
the magnitude reference of its orientation either: the next short rest would integrate from it
0.1 m/s a second off (own simulator: without these, none of these reps was found).

The slowest grinds (0.12 m/s, 4.5 s to lockout, slowed to 0.05-0.08 m/s at the sticking point)
are judged through their whole pull, not the 4 s after the set-up that a drifting
integration allows elsewhere; and where the grind's last stretch to lockout was taken for the
start of the rest there, the rest's mean specific force (read while the bar slowed) is not
taken for gravity's magnitude: the fitted accelerometer offset predicts it.
"""

from __future__ import annotations

import pytest

from analysis import analyze
from imu.simulator import SessionSpec, simulate_session
from rep_checks import assert_same_reps


def _assert_grinds_found(spec: SessionSpec, seed: int, rate: float, link: str, lockout_s: float, end_s: float) -> None:
    """Every rep of the simulated session found, timed within the given errors (s; starts within
    0.3 s), its mean concentric velocity within 0.05 m/s."""
    s = simulate_session(seed, "bar", rate, link=link, spec=spec)
    res = analyze(s.t, s.acc, s.gyro, "bar")
    assert_same_reps(list(res.reps), list(s.truth.reps), lockout_s=lockout_s, end_s=end_s, start_s=0.3)
    for got, want in zip(res.reps, s.truth.reps):
        assert got.mean_concentric_velocity_mps is not None
        assert abs(got.mean_concentric_velocity_mps - want.mean_concentric_velocity_mps) < 0.05


@pytest.mark.parametrize("rate", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("link", ["clean", "ble"])
@pytest.mark.parametrize("mcv", [0.15, 0.2])
def test_grinding_reps_are_counted_and_timed(rate: float, link: str, mcv: float) -> None:
    rom = 0.55
    spec = SessionSpec.simple("dead_stop", 3, 1, rom_m=rom, concentric_s=rom / mcv, grind=0.5, eccentric_s=1.5, floor_s=1.0)
    _assert_grinds_found(spec, 151, rate, link, lockout_s=0.3, end_s=0.3)


@pytest.mark.parametrize("rate", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("grind", [0.3, 0.5])
def test_grinds_of_four_and_a_half_seconds(rate: float, grind: float) -> None:
    # 0.12 m/s, the bar slowing to 0.05-0.08 m/s at the sticking point (without the longer
    # judgement, reps here were lost on every rate). Over a BLE link that loses a few tenths
    # of a second mid-grind, the bar's speed is unknown after the gap and a rest may still be
    # taken there (a known failure: README, "What it still gets wrong"). The last 2-3 cm to
    # lockout take most of a second, slower than the 0.04 m/s (0.06 before 2026-12-07) a slow
    # pull is told from a rest by: the lockout is found up to 0.6 s before the bar stopped
    spec = SessionSpec.simple("dead_stop", 3, 1, rom_m=0.55, concentric_s=4.5, grind=grind, eccentric_s=1.5, floor_s=1.5)
    _assert_grinds_found(spec, 153, rate, "clean", lockout_s=0.7, end_s=0.6)
