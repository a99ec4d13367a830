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


def assert_rep_found(found: list[Any], want: Any, lockout_s: float | None = 0.25, end_s: float = 0.15, start_s: float = 0.15) -> None:
    """Exactly one found rep starts within ``start_s`` (s) of true rep ``want``, its lockout
    (unless ``lockout_s`` is None) and end within the given errors (s) of the true ones."""
    mine = [r for r in found if abs(r.start_s - want.start_s) < start_s]
    assert len(mine) == 1
    if lockout_s is not None:
        assert abs(mine[0].lockout_s - want.lockout_s) < lockout_s
    assert abs(mine[0].end_s - want.end_s) < end_s


def true_rep_at(true: list[Any], start_s: float) -> int:
    """Index of the true rep that starts at ``start_s`` (s, to 0.01 s)."""
    return next(i for i, r in enumerate(true) if abs(r.start_s - start_s) < 0.01)
