"""A slow touch-and-go set (0.25 m/s mean concentric velocity) from the project's simulator
(seed 30080, a tuning seed): the pull after a touch-and-go bottom is steady enough to look
still for a moment, and the bottom's impact left the integrated velocity uncertain by more than
the pull's speed, so the moment was taken for a rest (a pause) and the third rep was lost. A rest
there would put the bar 0.26 m below the floor it was just lifted from: it is no rest."""

from __future__ import annotations

import pytest

from analysis import analyze
from imu.simulator import simulate_session


@pytest.mark.parametrize("rate", [50.0, 200.0])
def test_a_slow_touch_and_go_pull_is_no_rest_below_the_floor(rate: float):
    s = simulate_session(30080, "bar", rate, link="clean")
    true = [r for r in s.truth.reps if 450.0 < r.start_s < 466.0]
    assert len(true) == 3 and all(r.touch_and_go for r in true)
    reps = [r for r in analyze(s.t, s.acc, s.gyro, "bar").reps if 450.0 < r.start_s < 466.0]
    assert len(reps) == 3
    for got, want in zip(reps, true):
        assert got.start_s == pytest.approx(want.start_s, abs=0.15)
        assert got.end_s == pytest.approx(want.end_s, abs=0.15)
        assert got.rom_m == pytest.approx(want.rom_m, abs=0.06)
