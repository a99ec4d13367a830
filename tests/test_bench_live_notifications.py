"""benchmarks/bench_live.py feeds the live parts as a sensor sends them: one notification per 50 ms
of data time, however many samples the link let through (not a fixed count of samples, which
over a link delivering a fifth of the nominal rate made each "notification" 0.25 s long)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from bench_live import notification_spans  # noqa: E402


def test_spans_cover_every_sample_once_in_order_within_a_period() -> None:
    rng = np.random.default_rng(3)
    # 200 Hz nominal, a link passing about a fifth of the samples, and a 0.4 s gap
    t = np.sort(rng.choice(np.arange(4000) * 0.005, size=800, replace=False))
    t = t[(t < 5.0) | (t > 5.4)]
    spans = notification_spans(t, 0.05)
    assert spans[0][0] == 0 and spans[-1][1] == t.size
    assert all(j > i for i, j in spans) and all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    for i, j in spans:
        assert t[j - 1] - t[i] < 0.05
        assert np.floor((t[i] - t[0]) / 0.05) == np.floor((t[j - 1] - t[0]) / 0.05)
    # about one notification per 50 ms of data, none across the gap
    assert 300 <= len(spans) <= 392  # (20 s of data, 0.4 s of it a gap)
    assert not any(t[i] < 5.0 < 5.4 < t[j - 1] for i, j in spans)


def test_no_samples_no_spans() -> None:
    assert notification_spans(np.array([]), 0.05) == []
