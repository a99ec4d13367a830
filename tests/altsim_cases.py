"""Regression cases from the second simulator (benchmarks/altsim): a session's true and found
reps, and their comparison, for the tests that pin a tuning session's fix."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from altsim import simulate_session  # noqa: E402

from analysis import analyze  # noqa: E402


def true_and_found(seed: int, placement: str, rate_hz: float, link: str) -> tuple[list[Any], list[Any]]:
    """(true reps, reps the analysis found) of altsim session ``seed``."""
    s = simulate_session(seed, placement, rate_hz, link)
    return list(s.truth.reps), list(analyze(s.t, s.acc, s.gyro, placement).reps)


def assert_same_reps(found: list[Any], true: list[Any], lockout_s: float, end_s: float, start_s: float | None = None) -> None:
    """As many reps found as true, each within the given errors (s) of its true counterpart."""
    assert len(found) == len(true)
    for got, want in zip(found, true):
        assert abs(got.lockout_s - want.lockout_s) < lockout_s
        assert abs(got.end_s - want.end_s) < end_s
        if start_s is not None:
            assert abs(got.start_s - want.start_s) < start_s
