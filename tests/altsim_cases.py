"""Regression cases from the second simulator (benchmarks/altsim): a session's true and found
reps, and their comparison, for the tests that pin a tuning session's fix."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from altsim import render, simulate_motion, simulate_session  # noqa: E402

from analysis import analyze  # noqa: E402
from imu.arrival_times import retime_recording, retiming_period_s  # noqa: E402
from rep_checks import assert_rep_found, assert_same_reps, true_rep_at  # noqa: E402,F401  (the tests import them from here too)


def true_and_found(seed: int, placement: str, rate_hz: float, link: str) -> tuple[list[Any], list[Any]]:
    """(true reps, reps the analysis found) of altsim session ``seed``."""
    s = simulate_session(seed, placement, rate_hz, link)
    return list(s.truth.reps), list(analyze(s.t, s.acc, s.gyro, placement).reps)


def as_replayed(seed: int, placement: str, rate_hz: float, link: str) -> tuple[Any, Any, float | None]:
    """(session, its times, its pause target) of altsim session ``seed`` as `repsense replay`
    and the benchmark see it: times retimed from the arrival stamps (imu.arrival_times)."""
    m = simulate_motion(seed, placement)
    s = render(m, rate_hz, link)
    return s, retime_recording(s.t, s.acc, s.gyro, retiming_period_s(rate_hz, s.t)), m.plan.target_pause_s


def replayed(seed: int, placement: str, rate_hz: float, link: str) -> tuple[Any, list[Any]]:
    """(session, reps the analysis found) of altsim session ``seed`` replayed as `repsense replay`
    and the benchmark do (:func:`as_replayed`), the session's pause target given."""
    s, t, target = as_replayed(seed, placement, rate_hz, link)
    return s, list(analyze(t, s.acc, s.gyro, placement, target).reps)
