"""Batch analysis: the streaming analyzer fed large blocks (so both paths give the same reps)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .results import AnalysisResult
from .settings import AnalyzerSettings
from .streaming import StreamingAnalyzer

DEFAULT_BLOCK = 65536


def analyze_blocks(
    blocks: Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]],
    placement: str,
    target_pause_s: float | None = None,
    settings: AnalyzerSettings | None = None,
) -> AnalysisResult:
    """Analyse (t, acc, gyro) blocks in time order: t s, acc g, gyro deg/s (sensor frame)."""
    an = StreamingAnalyzer(placement, target_pause_s, settings)
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
    n = len(t)
    blocks = ((t[i : i + block_size], acc[i : i + block_size], gyro[i : i + block_size]) for i in range(0, n, block_size))
    return analyze_blocks(blocks, placement, target_pause_s, settings)
