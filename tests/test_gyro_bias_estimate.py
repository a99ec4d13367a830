"""The gyro bias comes from rests weighted by how long they last (a scalar Kalman update):
a short still-looking stretch (a slow turn about the vertical, which the accelerometer cannot
see) moves a bias measured over a long rest only a little. Before, each rest of 0.4 s or more
replaced the bias with its own gyro mean: altsim seed 18 (bar) took a steady descent for a rest
and its bias 2 deg/s off, and the bar's orientation drifted 10 deg over the next rep."""

from __future__ import annotations

import numpy as np

from analysis import StreamingAnalyzer

BIAS = np.array([12.0, -8.0, 15.0])  # deg/s


def _session(turn_dps: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """100 Hz, sensor z up: 10 s still, a 1 s bump, 2.5 s turning about the vertical at
    ``turn_dps``, a 1 s bump, 5 s still. Specific force in g, rates in deg/s. Each bump tips the
    sensor up to 13 deg about x and back (gravity turns in the sensor frame with it) while it
    moves up and down."""
    t = np.arange(0.0, 19.5, 0.01)
    acc = np.tile([0.0, 0.0, 1.0], (t.size, 1)) + rng.normal(0, 0.002, (t.size, 3))
    gyro = BIAS + rng.normal(0, 0.1, (t.size, 3))
    for t0 in (10.0, 13.5):
        m = (t >= t0) & (t < t0 + 1.0)
        ph = 2 * np.pi * (t[m] - t0)
        tip = np.radians(40.0 / (2 * np.pi) * (1.0 - np.cos(ph)))  # the integral of the rate
        f = 1.0 + 0.3 * np.sin(ph)  # specific force along the vertical, g
        acc[m, 1] += f * np.sin(tip)
        acc[m, 2] += f * np.cos(tip) - 1.0
        gyro[m, 0] += 40.0 * np.sin(ph)
    turning = (t >= 11.0) & (t < 13.5)
    gyro[turning, 2] += turn_dps
    return t, acc, gyro


def _bias_after(t: np.ndarray, acc: np.ndarray, gyro: np.ndarray, t_stop: float) -> np.ndarray:
    an = StreamingAnalyzer("bar")
    m = t < t_stop
    an.feed(t[m], acc[m], gyro[m])
    b = an.gyro_bias_dps
    assert b is not None
    return b


def test_a_long_rest_measures_the_bias():
    t, acc, gyro = _session(0.0, np.random.default_rng(3))
    assert np.abs(_bias_after(t, acc, gyro, 11.5) - BIAS).max() < 0.05


def test_a_short_still_looking_turn_moves_the_bias_only_a_little():
    t, acc, gyro = _session(3.0, np.random.default_rng(4))
    b = _bias_after(t, acc, gyro, 15.0)  # after the turning stretch ended as a rest
    # its own mean is 3 deg/s off; weighted by duration against the 10 s rest before it, the
    # 2.5 s stretch moves the bias by a fifth of that (replacing it would move it by all of it)
    assert abs(b[2] - BIAS[2]) < 0.7
    assert np.abs(b[:2] - BIAS[:2]).max() < 0.1
