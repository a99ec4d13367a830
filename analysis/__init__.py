"""repsense analysis: signal stage, rep segmentation, pause timing, per-rep metrics. No I/O.

Public API::

    from analysis import StreamingAnalyzer, analyze, analyze_blocks, AnalysisResult
"""

from .batch import analyze, analyze_blocks
from .results import AnalysisResult, Pause, Rep, SetSummary
from .settings import AnalyzerSettings
from .streaming import LiveStatus, StreamingAnalyzer

__all__ = [
    "AnalysisResult",
    "AnalyzerSettings",
    "LiveStatus",
    "Pause",
    "Rep",
    "SetSummary",
    "StreamingAnalyzer",
    "analyze",
    "analyze_blocks",
]
