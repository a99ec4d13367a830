"""Sample times for recordings stamped on arrival at the host (imu.arrival_times)."""

from __future__ import annotations

import numpy as np
import pytest

from imu.arrival_times import (
    PERIOD_MARGIN,
    ArrivalRetimer,
    _window_min_ahead,
    retime_arrivals,
    retime_blocks,
    retiming_period_s,
)


def _bursty(n: int = 3000, period: float = 0.01, interval: float = 0.0375, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(true sample times, arrival stamps) of a sensor sampling every ``period`` s whose samples
    wait for the next connection event (every ``interval`` s), then 5-20 ms of latency."""
    rng = np.random.default_rng(seed)
    true = np.arange(n) * period
    events = np.ceil((true + 1e-9) / interval) * interval
    arrival = np.maximum.accumulate(events + 0.005 + rng.uniform(0.0, 0.015, n))
    return true, arrival + np.arange(n) * 1e-7  # (a recorder's tie-break keeps them increasing)


def test_window_min_ahead_is_the_minimum_of_the_samples_ahead() -> None:
    w = np.random.default_rng(1).normal(size=300)
    for window in (1, 4, 64):
        expect = np.array([w[i : i + window + 1].min() for i in range(w.size)])
        assert np.array_equal(_window_min_ahead(w, window), expect)


def test_bursts_are_spread_back_at_the_sensor_period() -> None:
    true, arrival = _bursty()
    t = retime_arrivals(arrival, PERIOD_MARGIN * 0.01)
    lag_raw = arrival - true
    lag = t - true
    # arrival stamps lag the samples by 5-55 ms, varying within each burst; retimed, the lag
    # left is the burst's last sample's (a steady offset does not change any duration)
    assert np.ptp(lag_raw) > 0.04
    assert np.ptp(lag[100:]) < 0.025
    assert np.all(np.diff(t) > 0.0)
    # steps between consecutive samples: close to the period, not bunched within microseconds
    assert np.percentile(np.diff(t), 5) >= PERIOD_MARGIN * 0.01 - 1e-9
    assert np.percentile(np.diff(arrival), 5) < 1e-3


def test_a_sensor_clock_is_left_exactly_as_it_is() -> None:
    t = 12.5 + np.arange(5000) / 100.0 * (1 + 80e-6)  # a clock 80 ppm fast, a gap
    t[2000:] += 0.4
    assert np.array_equal(retime_arrivals(t, retiming_period_s(100.0)), t)
    assert np.array_equal(retime_arrivals(t, retiming_period_s(None, t)), t)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_any_block_split_gives_the_same_times(seed: int) -> None:
    _, arrival = _bursty(seed=seed)
    whole = retime_arrivals(arrival, 0.0097)
    rng = np.random.default_rng(seed)
    cuts = np.sort(rng.choice(np.arange(1, arrival.size), size=40, replace=False))
    r = ArrivalRetimer(0.0097)
    parts = [r.feed(x) for x in np.split(arrival, cuts)] + [r.finish()]
    assert np.array_equal(np.concatenate(parts), whole)
    # sample by sample too, with the readings travelling with their times
    acc = np.arange(arrival.size * 3, dtype=float).reshape(-1, 3)
    out = list(retime_blocks(((arrival[i : i + 1], acc[i : i + 1], -acc[i : i + 1]) for i in range(300)), 0.0097))
    t_out = np.concatenate([o[0] for o in out])
    assert np.array_equal(t_out, retime_arrivals(arrival[:300], 0.0097))
    assert np.array_equal(np.concatenate([o[1] for o in out]), acc[:300])
    assert np.array_equal(np.concatenate([o[2] for o in out]), -acc[:300])


def test_a_burst_longer_than_the_window_keeps_the_times_increasing() -> None:
    t = np.concatenate([np.arange(100) * 0.01, 2.0 + np.arange(200) * 1e-6])  # a stall, then 200 at once
    out = retime_arrivals(t, 0.0097, window=16)
    assert out.shape == t.shape and np.all(np.diff(out) > 0.0)
    assert np.all(out <= t + 1e-3)


def test_the_period_from_the_rate_or_from_the_steps() -> None:
    assert retiming_period_s(100.0) == pytest.approx(PERIOD_MARGIN / 100.0)
    _, arrival = _bursty()
    # without a rate: the steps between one notification's samples (none here: bursts tie
    # them within microseconds) or between events
    p = retiming_period_s(None, arrival)
    assert p is not None and 0.0 < p < 0.0375
    assert retiming_period_s(None, np.arange(10) * 0.01) is None
    assert retiming_period_s(None, None) is None
    with pytest.raises(ValueError):
        ArrivalRetimer(0.0)


def test_a_stated_rate_below_the_samples_own_is_not_trusted() -> None:
    t = 3.0 + np.arange(3000) / 100.0  # a 100 Hz sensor clock...
    p = retiming_period_s(50.0, t)  # ...recorded with "rate_hz: 50"
    assert p == pytest.approx(PERIOD_MARGIN * 0.01)
    assert np.array_equal(retime_arrivals(t, p), t)  # (a 20 ms period would drag every time back)
    # a stated rate above the samples' own (a lossy link delivering fewer) is kept
    assert retiming_period_s(200.0, t) == pytest.approx(PERIOD_MARGIN / 200.0)
    _, arrival = _bursty()
    assert retiming_period_s(100.0, arrival) == pytest.approx(PERIOD_MARGIN / 100.0)
