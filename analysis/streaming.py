"""The streaming analyzer: samples in (in blocks, in time order), events out.

Live sessions feed it a notification's few samples at a time; replay feeds it thousands.
Both get the same reps (the batch API in :mod:`analysis.batch` is this class fed big blocks).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .events import AnalysisEvent
from .results import AnalysisResult


@dataclass(frozen=True)
class LiveStatus:
    """A snapshot for a live display.

    phase: 'idle' | 'concentric' | 'pause' | 'lockout' | 'eccentric'
    velocity_mps: current vertical bar velocity estimate (m/s, up positive; None for back placement).
    hold_s: seconds the current pause has lasted (None when not in a pause).
    """

    t_s: float
    phase: str
    rep_count: int
    set_count: int
    velocity_mps: float | None
    hold_s: float | None
    target_pause_s: float | None
    warnings: tuple[str, ...] = ()


class StreamingAnalyzer:
    """Analyse a session sample block by sample block.

    Parameters
    ----------
    placement : 'bar' | 'back'
    target_pause_s : pause target in seconds, or None.

    Usage::

        an = StreamingAnalyzer("bar", target_pause_s=2.0)
        for t, acc, gyro in blocks:       # t (N,) s; acc (N,3) g; gyro (N,3) deg/s
            for ev in an.feed(t, acc, gyro):
                ...
        events = an.finish()              # flush at end of data
        result = an.result()              # AnalysisResult (CONTRACT.md section 2)
    """

    def __init__(self, placement: str, target_pause_s: float | None = None) -> None:
        raise NotImplementedError("being written")

    def feed(self, t: np.ndarray, acc: np.ndarray, gyro: np.ndarray) -> list[AnalysisEvent]:
        raise NotImplementedError

    def finish(self) -> list[AnalysisEvent]:
        raise NotImplementedError

    def result(self) -> AnalysisResult:
        raise NotImplementedError

    @property
    def status(self) -> LiveStatus:
        raise NotImplementedError
