"""Batch analysis: the streaming analyzer fed large blocks (so both paths give the same reps)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np

from .events import AnalysisEvent
from .results import AnalysisResult
from .settings import AnalyzerSettings
from .streaming import StreamingAnalyzer

DEFAULT_BLOCK = 65536


def in_blocks(
    t: np.ndarray, acc: np.ndarray, gyro: np.ndarray, block_size: int
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Whole arrays (t s, acc g, gyro deg/s) as consecutive (t, acc, gyro) blocks of
    ``block_size`` samples (the last one shorter)."""
    for i in range(0, len(t), block_size):
        yield t[i : i + block_size], acc[i : i + block_size], gyro[i : i + block_size]


def in_periods(
    t: np.ndarray, acc: np.ndarray, gyro: np.ndarray, period_s: float
) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Whole arrays (t s, acc g, gyro deg/s) as consecutive (t, acc, gyro) blocks of the samples
    each ``period_s`` of data time from the first sample holds (a period with none, in a gap of
    the data, gives no block): what a sensor sending one notification every period_s delivers,
    however many samples its link let through."""
    if len(t) == 0:
        return
    k = np.floor((np.asarray(t) - t[0]) / period_s).astype(np.int64)
    edges = np.concatenate(([0], np.flatnonzero(np.diff(k)) + 1, [len(t)])).tolist()
    for i, j in zip(edges[:-1], edges[1:]):
        yield t[i:j], acc[i:j], gyro[i:j]


def stream_events(
    analyzer: StreamingAnalyzer, t: np.ndarray, acc: np.ndarray, gyro: np.ndarray, block_size: int | None = None,
    period_s: float | None = None,
) -> list[AnalysisEvent]:
    """Feed whole arrays to ``analyzer`` in blocks of ``block_size`` samples, or of the samples of
    each ``period_s`` of data time (:func:`in_periods`), as a live link delivers notifications;
    finish it, and return all its events in order."""
    if (block_size is None) == (period_s is None):
        raise ValueError("give one of block_size and period_s")
    blocks = in_blocks(t, acc, gyro, block_size) if block_size is not None else in_periods(t, acc, gyro, period_s)  # type: ignore[arg-type]
    events: list[AnalysisEvent] = []
    for block in blocks:
        events += analyzer.feed(*block)
    return events + analyzer.finish()


def analyze_blocks(
    blocks: Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]],
    placement: str,
    target_pause_s: float | None = None,
    settings: AnalyzerSettings | None = None,
) -> AnalysisResult:
    """Analyse (t, acc, gyro) blocks in time order: t s, acc g, gyro deg/s (sensor frame)."""
    # (the result only: the reps of a continuous set are not looked for early, see
    # StreamingAnalyzer's live_pull_reps)
    an = StreamingAnalyzer(placement, target_pause_s, settings, live_pull_reps=False)
    for t, acc, gyro in blocks:
        an.feed(t, acc, gyro)
    an.finish()
    return an.result()


def analyze(
    t: np.ndarray,
    acc: np.ndarray,
    gyro: np.ndarray,
    placement: str,
    target_pause_s: float | None = None,
    settings: AnalyzerSettings | None = None,
    block_size: int = DEFAULT_BLOCK,
) -> AnalysisResult:
    """Analyse whole arrays: t (N,) s, acc (N,3) g, gyro (N,3) deg/s, sensor frame."""
    return analyze_blocks(in_blocks(t, acc, gyro, block_size), placement, target_pause_s, settings)
