"""Feeding a simulated session to a StreamingAnalyzer the way a BLE link delivers it, for the
tests of live events."""

from __future__ import annotations

from analysis.streaming import StreamingAnalyzer


def live_events(s, placement: str, target_s: float | None) -> list:
    """All events of a StreamingAnalyzer fed session ``s`` as 50 ms notifications, then finished."""
    an = StreamingAnalyzer(placement, target_s)
    step = max(1, int(round(s.rate_hz * 0.05)))
    events = []
    for i in range(0, len(s.t), step):
        events += an.feed(s.t[i : i + step], s.acc[i : i + step], s.gyro[i : i + step])
    return events + an.finish()
