"""Back sensor, a pause just off the floor: the rep starts when the pull does, not after the hold.

A rep's start is the last moment the load was stopped before it clearly left the floor's level.
Pulling to a hold just off the floor, a back sensor's shoulders barely rise (the trunk turns
about the hips as the bar comes off the floor), so their level first cleared the floor's after
the hold: the replay dated such a rep's start at the end of its pause, 4 s late (own simulator
seed 30015, rep 5: true start 46.31 s, reported 50.32 s, the pause itself reported right).
"""

from __future__ import annotations

import pytest

from analysis import analyze
from imu.simulator import simulate_session


@pytest.mark.parametrize("rate,link", [(100.0, "clean"), (50.0, "ble")])
def test_paused_back_reps_start_before_their_holds(rate: float, link: str) -> None:
    s = simulate_session(30015, "back", rate, link=link)
    result = analyze(s.t, s.acc, s.gyro, "back", float(s.metadata["target_pause_s"]))
    paused = [r for r in s.truth.reps if r.pauses]
    assert paused
    for true in paused:
        found = [r for r in result.reps if r.pauses and abs(r.pauses[0].start_s - true.pauses[0].start_s) < 0.3]
        assert len(found) == 1, true
        rep = found[0]
        assert rep.start_s <= rep.pauses[0].start_s
        assert abs(rep.start_s - true.start_s) < 0.3, (true.start_s, rep.start_s)
