"""A live feed and a replay judge a refused rest's aftermath alike, however the points came.

A steady grind looks still to the sensor; the integration refuses the rest there, and the point
stays in the moving run. Two things had depended on how the points were cut into blocks (a
replay's thousands of samples, a live notification's few), found on own tuning seed 31009,
whose grind's lockout came 0.12 s apart between the two paths:

- the grid points after a refused one that decide nothing themselves (between the stillness
  thresholds) took the still state inside one decision run, and were judged and refused with
  it, but the moving state at the start of the next block; they now keep the state they come
  after, moving, wherever a block begins (``Decisions.entering``);
- where the bar stopped after the last refusal was looked for only in the first stretch
  integrated after it, so a live feed, whose stretches are a few points long, rarely found it;
  it is now looked for until found;
- a run of still-looking points judged at once read the integration's state at its first
  point (whether the bar had been lowered, hit or turned since the last rest, and the velocity
  after the last impact); point by point each reads its own (altsim tuning seeds 5029 at
  200 Hz and 5031 at 25 Hz over BLE: the replay found 37 and 24 reps, a live feed 35 and 23);
- a bottom turn at the last point of such a run was not seen as one inside it (the scan
  stops just after a turn, where it would have stopped anyway), so the point after it kept the
  judgement taken before the turn (altsim tuning seed 2020 at 25 Hz over BLE: a paused rep's
  range 0.386 m in the replay, 0.354 m live).
"""

from __future__ import annotations

import numpy as np
import pytest

from altsim_cases import as_replayed
from analysis import analyze
from analysis.batch import stream_events
from analysis.stillness import Decisions
from analysis.streaming import StreamingAnalyzer
from imu.simulator import simulate_session


def test_entering_flags_only_decisive_points_that_enter() -> None:
    enter = np.array([True, False, True, True, False, True])
    # decisive: 0 (enters), 2 (enters), 4 (leaves); 1, 3 and 5 decide nothing
    last = np.array([0, 0, 2, 2, 4, 4])
    z = np.zeros(6, np.int64)
    d = Decisions(enter, last, z, np.zeros(6, bool), np.zeros(6, bool), z, z)
    assert d.entering().tolist() == [True, False, True, False, False, False]
    assert d.entering(2).tolist() == [True, False, False, False]
    # (the hysteresis itself is unchanged: a point that decides nothing holds the state before)
    assert d.still(False, 2).tolist() == [True, True, False, False]


@pytest.mark.parametrize(("rate", "link", "block"), [(100.0, "clean", 5), (50.0, "ble", 1)])
def test_a_grind_after_refused_rests_is_the_same_rep_live_and_in_replay(rate: float, link: str, block: int) -> None:
    """(block: samples per feed; a 50 Hz BLE link's notification carries one or two)"""
    s = simulate_session(31009, "bar", rate, link=link)
    batch = analyze(s.t, s.acc, s.gyro, "bar", 2.0).to_dict()
    live = StreamingAnalyzer("bar", 2.0)
    stream_events(live, s.t, s.acc, s.gyro, block)
    assert live.result().to_dict() == batch


@pytest.mark.parametrize("seed", [5031, 2020])
def test_a_run_of_refused_points_is_judged_by_the_state_at_each(seed: int) -> None:
    s, t, target = as_replayed(seed, "bar", 25.0, "ble")
    batch = analyze(t, s.acc, s.gyro, "bar", target).to_dict()
    live = StreamingAnalyzer("bar", target)
    stream_events(live, t, s.acc, s.gyro, 1)
    assert live.result().to_dict() == batch
