"""A bar bobbing up and down in the hands is not pulled: no rep (analysis.reps, `_bobbed`).

Loading plates, the lifter holds one end of the bar a few cm up for seconds, and it wobbles in
the hand; carried, it bobs with the gait. The stillness detector finds "rests" in that wobble
where the bar still moves, and the velocity closed at them drifts: the level climbs a rep's
height. A pull rises from stop to stop (floor, holds, top); its velocity may dip below zero once
(a hitch, a settle into a hold), but does not reverse again and again.
"""

from __future__ import annotations

import pytest

from altsim_cases import true_and_found
from test_analysis_units import lift_session

from analysis import analyze
from analysis.settings import AnalyzerSettings

#: a dead-stop rep at 2-5 s (floor -> 0.55 m -> floor), then the bar at 12-16 s, moved as given
REP = [(2.0, 3.0, 0.0, 0.55), (3.8, 5.0, 0.55, 0.0)]


def _bobbing_rise() -> list[tuple[float, float, float, float]]:
    """Up 6 cm, down 4, up 8, down 4, up 9, down 5, up 15: 0.25 m in 2.8 s, three reversals,
    then held and put down."""
    levels = [0.0, 0.06, 0.02, 0.10, 0.06, 0.15, 0.10, 0.25]
    moves = [(12.0 + 0.4 * i, 12.4 + 0.4 * i, a, b) for i, (a, b) in enumerate(zip(levels[:-1], levels[1:]))]
    return moves + [(16.0, 17.0, 0.25, 0.0)]


def _hitched_pull() -> list[tuple[float, float, float, float]]:
    """A pull that slips back 3 cm at 0.2 m once (one reversal), then locks out."""
    return [(12.0, 12.6, 0.0, 0.2), (12.6, 12.9, 0.2, 0.17), (12.9, 13.6, 0.17, 0.55), (15.0, 16.2, 0.55, 0.0)]


def test_a_pull_reverses_fewer_than_three_times_between_stops() -> None:
    s = AnalyzerSettings()
    assert s.max_stretch_reversals == 3 and s.reversal_speed_mps == pytest.approx(0.05)


@pytest.mark.parametrize("fs", [50.0, 100.0])
def test_a_bobbing_rise_is_no_rep(fs: float) -> None:
    t, acc, gyro, _ = lift_session(fs=fs, moves=REP + _bobbing_rise(), duration_s=24.0)
    reps = analyze(t, acc, gyro, "bar").reps
    assert [round(r.start_s) for r in reps] == [2]


@pytest.mark.parametrize("fs", [50.0, 100.0])
def test_a_pull_with_one_hitch_is_a_rep(fs: float) -> None:
    t, acc, gyro, _ = lift_session(fs=fs, moves=REP + _hitched_pull(), duration_s=24.0)
    reps = analyze(t, acc, gyro, "bar").reps
    assert [round(r.start_s) for r in reps] == [2, 12]
    assert reps[1].rom_m == pytest.approx(0.55, abs=0.05)


@pytest.mark.parametrize(
    ("seed", "rate_hz", "link", "t0", "t1"),
    [
        (0, 50.0, "clean", 46.9, 62.2),  # plates loaded, the end held up by hand 15 s
        (34, 200.0, "clean", 18.7, 34.1),
        (2022, 25.0, "clean", 85.0, 90.0),
    ],
)
def test_no_rep_while_plates_are_loaded_on_altsim(seed: int, rate_hz: float, link: str, t0: float, t1: float) -> None:
    true, found = true_and_found(seed, "bar", rate_hz, link)
    assert not [r for r in found if t0 <= r.start_s <= t1]
    assert len(found) == len(true)
