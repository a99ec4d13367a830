"""A bar that came down fast and hit the floor, where the link's few samples of the impact
added anything but the stop (at 50 Hz a clipped, aliased impact often reads as more descent),
has landed: the velocity integrated through the impact still reads -0.73 m/s, the level is below
the floor, but with the impact's samples apart the descent had braked, and the bar lies still.

Own simulator, seed 30012 at 50 Hz over BLE (a tuning seed): the rep of the second set ends at
93.80 s; live, its event came 0.88 s later (the rest waited for the stillness detector's long
window; issue 3 asks 0.3 s). The short window that looks quiet 0.1 s after the impact is now
taken as the load set down. A bounce's touch is not: altsim 3027 at 25 Hz over BLE touches the
floor for 0.12 s with no impact seen, and the touch-and-go rep after it must stay found."""

from __future__ import annotations

import numpy as np

from altsim_cases import replayed, true_rep_at
from analysis import analyze
from analysis.batch import stream_events
from analysis.streaming import StreamingAnalyzer
from imu.simulator import simulate_session
from rep_checks import assert_rep_found


def _sensor_times(s):
    """The session as the live path's device layer times it: the sensor's reading times, a
    repeated reading dropped (as benchmarks/bench_live.py feeds it)."""
    keep = np.concatenate(([True], np.diff(s.reading_t) > 0.0))
    return s.reading_t[keep], s.acc[keep], s.gyro[keep]


def test_rep_event_comes_soon_after_a_landing_whose_impact_was_aliased():
    s = simulate_session(30012, "bar", 50.0, link="ble")
    t, acc, gyro = _sensor_times(s)
    events = stream_events(StreamingAnalyzer("bar"), t, acc, gyro, max(1, int(round(s.rate_hz * 0.05))))
    reps = [e for e in events if e.to_dict()["event"] == "rep"]
    mine = [e for e in reps if abs(e.rep.end_s - 93.80) < 0.1]
    assert len(mine) == 1
    assert mine[0].t_s - mine[0].rep.end_s <= 0.3
    # every rep's event within 0.3 s of its end, and the same reps as the batch path
    assert all(e.t_s - e.rep.end_s <= 0.3 for e in reps)
    batch = analyze(t, acc, gyro, "bar").reps
    assert [(r.start_s, r.lockout_s, r.end_s) for r in batch] == [(e.rep.start_s, e.rep.lockout_s, e.rep.end_s) for e in reps]
    true = [r for r in s.truth.reps if 85.0 < r.start_s < 95.0]
    assert len(true) == 1
    assert_rep_found(batch, true[0])


def test_touch_of_a_bounce_with_no_impact_seen_is_no_set_down():
    s, found = replayed(3027, "bar", 25.0, "ble")
    true = list(s.truth.reps)
    assert len(found) == len(true)
    assert_rep_found(found, true[true_rep_at(true, 58.26)])
