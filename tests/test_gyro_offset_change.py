"""A gyroscope offset that changes at once (a firmware recalibrating itself while still, a sensor
restarted after a link loss or a knock on its battery): the accelerometer tells it from a turn.

A quiet stretch whose angular rate, against the offset known so far, turns the sensor across
gravity while the specific force keeps its direction has not turned: the offset changed. It is a
rest (after ``offset_check_s``), and its reading replaces the old offset at once where it lies
further from it than the estimate's drift and a rest's noise allow. Before, a change of 4 deg/s
or more made every quiet stretch "turning" for up to 45 deg / rate and cost whole sets.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import StreamingAnalyzer, analyze  # noqa: E402
from analysis.batch import in_blocks  # noqa: E402
from analysis.stillness import StillnessDetector  # noqa: E402
from imu.recording import read_recording  # noqa: E402


def _rot_x(deg: np.ndarray) -> np.ndarray:
    c, s = np.cos(np.radians(deg)), np.sin(np.radians(deg))
    return np.stack([np.stack([np.ones_like(c), 0 * c, 0 * c], -1), np.stack([0 * c, c, -s], -1), np.stack([0 * c, s, c], -1)], -2)


@pytest.mark.parametrize("turns", [False, True])
def test_a_rate_across_gravity_the_accelerometer_did_not_see_is_an_offset_not_a_turn(turns: bool) -> None:
    """Still sensor, gravity along z; the gyroscope reads 6 deg/s about x more than the known
    offset. If the specific force stays put, the offset changed: still once offset_check_s has
    shown it (plus the window's lag). If it turns with the rate (a trunk settling slowly, a bar
    rolled slowly), it is a turn: not still while such a turn could last (steady_turn_deg)."""
    dt = 0.01
    det = StillnessDetector(dt)
    rng = np.random.default_rng(11)
    offset = np.array([12.0, -9.0, 15.0])
    n = 400
    t = np.arange(n) * dt
    g0 = np.array([0.0, 0.0, 1.0])
    if turns:
        # the sensor turns about its x axis at 6 deg/s: gravity turns the other way in its frame
        acc = np.einsum("nij,j->ni", _rot_x(-6.0 * t), g0)
    else:
        acc = np.tile(g0, (n, 1))
    acc = acc + rng.normal(0, 0.002, (n, 3))
    gyro = offset + np.array([6.0, 0.0, 0.0]) + rng.normal(0, 0.1, (n, 3))
    f = det.features(acc, gyro, np.zeros(n))
    d = det.decide(f, g0[None, :], offset)
    still = d.still(False)
    if turns:
        assert not still.any()
    else:
        first = int(np.argmax(still))
        assert still[first:].all()
        assert first * dt == pytest.approx(det.span * dt + det.s.offset_check_s, abs=0.1)
    # the same in blocks (the lagged direction carried across them)
    det2 = StillnessDetector(dt)
    parts, qb, ob, fb, state = [], 0, 0, 0, False
    for a in range(0, n, 37):
        fb_ = det2.features(acc[a : a + 37], gyro[a : a + 37], np.zeros(min(37, n - a)))
        dd = det2.decide(fb_, g0[None, :], offset, qb, False, ob, fb)
        parts.append(dd.still(state))
        state = bool(parts[-1][-1])
        qb, ob, fb = int(dd.quiet_run[-1]), int(dd.off_run[-1]), int(dd.free_run[-1])
    assert np.array_equal(np.concatenate(parts), still)


def _across(acc: np.ndarray) -> np.ndarray:
    """A unit vector perpendicular to the specific force ``acc`` (3,)."""
    u = np.cross(acc, [1.0, 0.3, 0.2])
    return u / np.linalg.norm(u)


def _same_reps(a, b) -> bool:
    return len(a.reps) == len(b.reps) and all(
        abs(x.start_s - y.start_s) < 0.05 and abs(x.end_s - y.end_s) < 0.05 and len(x.pauses) == len(y.pauses)
        for x, y in zip(a.reps, b.reps)
    )


CASES = [
    ("pause_deadlift_bar_100hz.csv", "bar", 90.0),  # the bar still on the floor between sets
    ("deadlift_back_100hz.csv", "back", 80.0),  # the lifter walking about between sets
    ("tng_deadlift_bar_ble.csv", "bar", 67.0),  # over a BLE link that loses samples
]


@pytest.mark.parametrize("name,placement,t_jump", CASES)
@pytest.mark.parametrize("jump_dps", [8.0, 16.0])
def test_a_session_keeps_its_reps_through_an_offset_that_jumps_between_sets(name: str, placement: str, t_jump: float, jump_dps: float) -> None:
    rec = read_recording(ROOT / "recordings" / name)
    t, acc, gyro = rec.t, rec.acc, rec.gyro
    tgt = float(rec.metadata["target_pause_s"]) if "target_pause_s" in rec.metadata else None
    base = analyze(t, acc, gyro, placement, tgt)
    step = jump_dps * _across(acc[np.searchsorted(t, t_jump)])
    jumped = gyro + np.where(t[:, None] >= t_jump, step, 0.0)
    an = StreamingAnalyzer(placement, tgt)
    for tb, ab, gb in in_blocks(t, acc, jumped, 50):
        an.feed(tb, ab, gb)
    an.finish()
    res = an.result()
    assert _same_reps(res, base)
    assert res.to_dict() == analyze(t, acc, jumped, placement, tgt).to_dict()  # streaming == batch
    # the offset the analysis ends with is the new one
    before = StreamingAnalyzer(placement, tgt)
    for tb, ab, gb in in_blocks(t, acc, gyro, 4096):
        before.feed(tb, ab, gb)
    before.finish()
    assert np.linalg.norm(an.gyro_bias_dps - (before.gyro_bias_dps + step)) < 1.0


@pytest.mark.parametrize("name,placement", [("pause_deadlift_bar_100hz.csv", "bar"), ("deadlift_back_100hz.csv", "back")])
def test_a_sensor_left_on_a_bench_with_another_offset_before_the_session(name: str, placement: str) -> None:
    """Thirty seconds still in the set-up's orientation, its gyroscope offset 16 deg/s off the
    session's (calibrated by its firmware when it was switched on, say): the session's reps."""
    rec = read_recording(ROOT / "recordings" / name)
    t, acc, gyro = rec.t, rec.acc, rec.gyro
    tgt = float(rec.metadata["target_pause_s"]) if "target_pause_s" in rec.metadata else None
    base = analyze(t, acc, gyro, placement, tgt)
    dt = float(np.median(np.diff(t)))
    n0 = int(round(30.0 / dt))
    rng = np.random.default_rng(2)
    first = acc[: int(round(1.0 / dt))].mean(axis=0)
    t0 = t[0] - dt * np.arange(n0, 0, -1)
    a0 = first + rng.normal(0, 0.003, (n0, 3))
    g0 = gyro[: int(round(1.0 / dt))].mean(axis=0) + 16.0 * _across(first) + rng.normal(0, 0.1, (n0, 3))
    res = analyze(np.r_[t0, t], np.r_[a0, acc], np.r_[g0, gyro], placement, tgt)
    assert _same_reps(res, base)
