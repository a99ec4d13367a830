"""A touch-and-go pull that rises steadily right after its bounce looks still, and is not.

The specific force of a bar rising at a constant speed is gravity's, and the bounce's aliased
impact leaves the integration no speed to refuse that "rest" with. The motion integrated from
the rest's end then lands far below the floor the rest lay on: that miss, spread as a constant
speed over the "rest" and the motion after it, is the speed the bar was rising at. (Altsim
tuning seed 4005 lost the last, dropped rep of a touch-and-go set at every rate: the whole pull
passed for a rest, and what was left of it only came down.)"""

from __future__ import annotations

import numpy as np
import pytest
from altsim_cases import true_and_found

from analysis.kinematics import STEADY_MIN_MISS_M, _steady_rise_mps


@pytest.mark.parametrize("rate,link", [(100.0, "clean"), (50.0, "clean")])
def test_a_touch_and_go_set_whose_pulls_passed_for_rests_keeps_every_rep(rate, link):
    trues, found = true_and_found(4005, "bar", rate, link)
    true = [r for r in trues if 96.0 < r.start_s < 121.0]
    assert len(true) == 8 and sum(r.touch_and_go for r in true) == 7
    got = [r for r in found if 96.0 < r.end_s and r.start_s < 121.0]
    assert len(got) == len(true)
    for g, w in zip(got, true):
        assert g.end_s == pytest.approx(w.end_s, abs=0.15)
    # the last two pulls each began with a steady rise taken for a rest: they start at the bounce
    for g, w in zip(got[-2:], true[-2:]):
        assert g.start_s == pytest.approx(w.start_s, abs=0.15)
        assert g.rom_m == pytest.approx(w.rom_m, abs=0.1)


def test_a_set_on_a_link_delivering_every_third_sample_keeps_every_rep():
    trues, found = true_and_found(4039, "bar", 50.0, "ble")
    assert len(found) == len(trues) == 5


def test_the_steady_speed_brings_the_landing_back_to_the_floor():
    """A bar rising at 0.3 m/s through 0.8 s of "rest" (0.24 m), then over T = 2 s slowing,
    turning and coming down onto the floor: integrated from zero at the rest's end, the landing
    reads 0.84 m below the floor, which 0.3 m/s over the 2.8 s makes up."""
    dt, big_t = 0.005, 2.0
    t = np.arange(0.0, big_t + dt / 2, dt)
    true_v = 0.3 * np.cos(np.pi * t / big_t) - (0.12 * np.pi / big_t) * np.sin(np.pi * t / big_t)
    v = true_v - 0.3
    assert _steady_rise_mps(v, dt, t.shape[0] - 1, 0.8) == pytest.approx(0.3, abs=0.005)


def test_a_landing_near_the_floor_or_a_slow_creep_is_no_steady_rise():
    dt = 0.01
    # lands 0.1 m low: drift, not a rise
    v = np.full(200, -0.1 / 2.0)
    assert -float(np.sum(v)) * dt < STEADY_MIN_MISS_M
    assert _steady_rise_mps(v, dt, 199, 0.5) is None
    # 0.25 m low over 3 s of "rest" and 2 s of motion: 0.05 m/s, no pull's speed
    v = np.full(200, -0.25 / 2.0)
    assert _steady_rise_mps(v, dt, 199, 3.0) is None
