"""Sample-time reconstruction from sensor clocks and from counters with bursty arrival times."""

from __future__ import annotations

import numpy as np
import pytest

from imu.timestamps import RateTimeline, SensorTimeline


def _bursty_arrivals(true_t: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Arrival = sample time + latency: a 7.5 ms connection interval, small random delays and
    every 1 s a 150 ms stall released in one burst (what BLE stacks do under congestion)."""
    ci = 0.0075
    arr = np.ceil(true_t / ci) * ci + rng.exponential(0.002, true_t.size)
    for start in np.arange(0.5, true_t[-1], 1.0):
        stall = (true_t >= start) & (true_t < start + 0.15)
        arr[stall] = np.maximum(arr[stall], start + 0.15 + rng.uniform(0, 0.003, stall.sum()))
    return np.maximum.accumulate(arr)  # in-order delivery


def _run(tl: RateTimeline[int], arrivals: np.ndarray, per_packet: int = 1):
    chunks = []
    for i in range(0, arrivals.size, per_packet):
        chunks += tl.push(i, min(per_packet, arrivals.size - i), float(arrivals[i + min(per_packet, arrivals.size - i) - 1]))
    chunks += tl.flush()
    return chunks


@pytest.mark.parametrize("drift", [0.0, 0.02, -0.03])
def test_rate_timeline_follows_true_sample_times_through_bursts(drift: float) -> None:
    rng = np.random.default_rng(1)
    rate = 100.0
    true_t = np.arange(3000) / (rate * (1 + drift))  # the sensor's crystal is off by `drift`
    arrivals = _bursty_arrivals(true_t, rng)
    chunks = _run(RateTimeline[int](rate), arrivals)
    t = np.concatenate([c.t for c in chunks])
    assert t.size == true_t.size
    assert np.all(np.diff(t) > 0)
    assert sum(c.lost_before for c in chunks) == 0, "bursts must not be reported as losses"
    # after the envelope fit has converged (a few seconds) the times track the truth
    err = (t - t[0]) - (true_t - true_t[0])
    assert np.max(np.abs(err[:500])) < 0.04  # ~1 s to measure the rate: at most drift x 1 s
    assert np.max(np.abs(err[1000:])) < 0.008  # then the phase loop pulls it back
    # arrival-time stamping would be off by the 150 ms stalls; we are not
    assert np.max(np.abs(np.diff(t))) < 1.1 / rate * (1 + abs(drift)) + 1e-3


def test_rate_timeline_detects_a_loss_from_arrival_gaps_despite_bursts() -> None:
    rng = np.random.default_rng(2)
    rate = 100.0
    true_t = np.arange(2000) / rate
    keep = np.ones(true_t.size, bool)
    keep[1200:1237] = False  # 37 samples never arrive
    arrivals = _bursty_arrivals(true_t, rng)[keep]
    chunks = _run(RateTimeline[int](rate), arrivals)
    lost = [(c.payload, c.lost_before) for c in chunks if c.lost_before]
    assert lost == [(1200, 37)]
    t = np.concatenate([c.t for c in chunks])
    assert np.all(np.diff(t) > 0)
    # samples after the gap are placed at their true times again
    np.testing.assert_allclose(t[1200:] - t[0], true_t[1237:] - true_t[0], atol=0.015)


def test_rate_timeline_link_gap_counts_missing_samples() -> None:
    rate = 200.0
    true_t = np.arange(1000) / rate
    arrivals = true_t + 0.004
    tl: RateTimeline[int] = RateTimeline(rate)
    chunks = []
    for i in range(400):
        chunks += tl.push(i, 1, float(arrivals[i]))
    chunks += tl.mark_link_gap()
    for i in range(600, 1000):  # 200 samples (1 s) lost during the outage
        chunks += tl.push(i, 1, float(arrivals[i]))
    assert [(c.payload, c.lost_before) for c in chunks if c.lost_before] == [(600, 200)]
    t = np.concatenate([c.t for c in chunks])
    np.testing.assert_allclose(t[400:] - t[0], true_t[600:] - true_t[0], atol=1e-3)


def test_rate_timeline_multi_sample_packets() -> None:
    rate = 50.0
    true_t = np.arange(600) / rate
    arrivals = _bursty_arrivals(true_t, np.random.default_rng(3))
    chunks = _run(RateTimeline[int](rate), arrivals, per_packet=4)
    t = np.concatenate([c.t for c in chunks])
    assert t.size == 600 and np.all(np.diff(t) > 0)
    np.testing.assert_allclose(t - t[0], true_t, atol=0.02)


def test_sensor_timeline_rebases_detects_gaps_and_stays_increasing() -> None:
    tl = SensorTimeline(0.01)
    t1, lost1 = tl.push(np.array([1000.00, 1000.01, 1000.02]))
    np.testing.assert_allclose(t1, [0.0, 0.01, 0.02])
    assert lost1 == 0
    t2, lost2 = tl.push(np.array([1000.08, 1000.09]))  # 5 samples missing (.03 .. .07)
    assert lost2 == 5
    np.testing.assert_allclose(t2, [0.08, 0.09])
    t3, lost3 = tl.push(np.array([1000.09, 1000.10]))  # clock glitch: repeated time
    assert lost3 == 0
    assert t3[0] > t2[-1] and t3[1] > t3[0]
