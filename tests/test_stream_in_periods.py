"""Live parts of the benchmarks feed the analyzer as a sensor sends: one notification per 50 ms of
data time, however many samples the link let through (analysis.batch.in_periods), not a fixed
count of samples, which over a link delivering a fifth of the nominal rate made each
"notification" 0.25 s long; and the events are the same reps either way."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.batch import in_periods, stream_events
from analysis.streaming import StreamingAnalyzer
from imu.simulator import simulate_session


def test_periods_cover_every_sample_once_in_order() -> None:
    rng = np.random.default_rng(3)
    # 200 Hz nominal, a link passing about a fifth of the samples, and a 0.4 s gap
    t = np.sort(rng.choice(np.arange(4000) * 0.005, size=800, replace=False))
    t = t[(t < 5.0) | (t > 5.4)]
    acc, gyro = np.zeros((t.size, 3)), np.zeros((t.size, 3))
    blocks = [b[0] for b in in_periods(t, acc, gyro, 0.05)]
    assert np.array_equal(np.concatenate(blocks), t)
    for b in blocks:
        assert np.floor((b[0] - t[0]) / 0.05) == np.floor((b[-1] - t[0]) / 0.05)
    # about one per 50 ms of the 20 s of data, none across the gap
    assert 300 <= len(blocks) <= 392
    assert not any(b[0] < 5.0 and b[-1] > 5.4 for b in blocks)
    assert list(in_periods(t[:0], acc[:0], gyro[:0], 0.05)) == []


def test_one_way_of_cutting_blocks() -> None:
    t = np.arange(10) * 0.01
    with pytest.raises(ValueError):
        stream_events(StreamingAnalyzer("bar"), t, np.zeros((10, 3)), np.zeros((10, 3)))
    with pytest.raises(ValueError):
        stream_events(StreamingAnalyzer("bar"), t, np.zeros((10, 3)), np.zeros((10, 3)), 5, period_s=0.05)


def test_fed_by_time_the_same_reps() -> None:
    s = simulate_session(7, "bar", 200.0, link="ble")
    by_count, by_time = StreamingAnalyzer("bar"), StreamingAnalyzer("bar")
    stream_events(by_count, s.t, s.acc, s.gyro, 10)
    stream_events(by_time, s.t, s.acc, s.gyro, period_s=0.05)
    assert by_count.result().reps and by_count.result() == by_time.result()
