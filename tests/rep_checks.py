"""Comparison of the reps an analysis found with a simulator's true reps, for regression tests."""

from __future__ import annotations

from typing import Any


def assert_same_reps(found: list[Any], true: list[Any], lockout_s: float, end_s: float, start_s: float | None = None) -> None:
    """As many reps found as true, each within the given errors (s) of its true counterpart."""
    assert len(found) == len(true)
    for got, want in zip(found, true):
        assert abs(got.lockout_s - want.lockout_s) < lockout_s
        assert abs(got.end_s - want.end_s) < end_s
        if start_s is not None:
            assert abs(got.start_s - want.start_s) < start_s
