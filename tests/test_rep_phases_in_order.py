"""A rep's phases come in order: start <= each pause <= lockout <= end.

A back sensor's shoulders, integrated through a touch-and-go pull, may not rise above the floor's
level until they drift there on the way down: the lift-off was then searched past the top and
found after it (altsim 2021 at 100 Hz: start 220.12 s, lockout 219.46 s, end 219.48 s). The
pull leaves the floor before it reaches the top, so the search stops there. And a hold ends by
the lockout: a back's lockout, where the trunk stopped turning, came 0.04-0.23 s before the end
its last hold was given by the shoulders' velocity integrated from it (altsim 5 at 50 Hz over
BLE, its arrival stamps as they came).
"""

from __future__ import annotations

import pytest

from altsim_cases import true_and_found

from analysis import analyze
from imu.simulator import simulate_session


def _assert_in_order(reps) -> None:  # type: ignore[no-untyped-def]
    assert reps
    for r in reps:
        assert r.start_s <= r.lockout_s <= r.end_s, r
        for p in r.pauses:
            assert r.start_s <= p.start_s <= p.end_s <= r.lockout_s, (r, p)


@pytest.mark.parametrize(("seed", "rate_hz", "link"), [(2021, 100.0, "clean"), (5, 50.0, "ble")])
def test_altsim_back_reps_are_in_order(seed: int, rate_hz: float, link: str) -> None:
    _, found = true_and_found(seed, "back", rate_hz, link)
    _assert_in_order(found)


@pytest.mark.parametrize("placement", ["bar", "back"])
def test_simulated_sessions_reps_are_in_order(placement: str) -> None:
    for seed in (11, 12):
        s = simulate_session(seed, placement, 50.0, link="ble")
        _assert_in_order(analyze(s.t, s.acc, s.gyro, placement).reps)
