"""Feeding a simulated session to a StreamingAnalyzer the way a BLE link delivers it, for the
tests of live events."""

from __future__ import annotations

from analysis.batch import stream_events
from analysis.streaming import StreamingAnalyzer


def live_events(s, placement: str, target_s: float | None) -> list:
    """All events of a StreamingAnalyzer fed session ``s`` as 50 ms notifications, then finished."""
    return stream_events(StreamingAnalyzer(placement, target_s), s.t, s.acc, s.gyro, max(1, int(round(s.rate_hz * 0.05))))
