"""Back sensor, live pause hints: a pause keeps the trunk inclined away from the lockout posture.

Between sets a lifter stands, half-bends, stands again; the integrated level of a back sensor
drifts up by a few cm over such motions, so a standing rest after one looked like a hold just
above the floor (or a rest standing upright after a half-bend like one on the way up) and
``pause_started`` / ``pause_target`` fired outside any pause (own simulator seed 1: four false
hints at 50 Hz). A real hold has the bar below the knee: the trunk stays inclined, well away
from the posture of the last rep's lockout.
"""

from __future__ import annotations

import numpy as np

from analysis.events import PauseStarted, PauseTarget
from analysis.reps import Keypoint
from analysis.streaming import StreamingAnalyzer
from imu.simulator import simulate_session
from live_feed import live_events


def test_back_pause_hints_only_inside_true_holds() -> None:
    s = simulate_session(1, "back", 50.0, link="clean")
    holds = [p for r in s.truth.reps for p in r.pauses]
    hints = [e for e in live_events(s, "back", 3.0) if isinstance(e, (PauseStarted, PauseTarget))]
    outside = [e.t_s for e in hints if not any(p.start_s - 0.3 <= e.t_s <= p.end_s + 0.3 for p in holds)]
    assert outside == []
    # every true hold still gets its pause_started
    started = [e.t_s for e in hints if isinstance(e, PauseStarted)]
    for p in holds:
        assert any(p.start_s - 0.3 <= t <= p.end_s + 0.3 for t in started), p


def _kp(t: float, incline_deg: float, level: float = 0.0) -> Keypoint:
    """A rest keypoint with the trunk inclined ``incline_deg`` forward from upright (gravity in
    the sensor frame of a sensor strapped flat on the back, z out of the back)."""
    a = np.radians(incline_deg)
    return Keypoint("rest", t, t + 1.0, level, np.array([-np.cos(a), 0.0, np.sin(a)]))


def test_back_pause_hint_scales_with_the_lifters_hinge() -> None:
    """A lifter whose set-up inclines the trunk only 20 deg (an upright pull) holds a pause 9 deg
    from the lockout posture: still a pause (30 % of the usual hinge), and standing 2 deg from it
    is none."""
    an = StreamingAnalyzer("back", 3.0)
    tr = an._tracker
    an._trunk_turns = [20.0, 20.0, 20.0]
    tr._last_rep_top = _kp(0.0, 0.0)
    tr.floor = _kp(10.0, 20.0)
    for incline, pause in ((9.0, True), (2.0, False)):
        kp = _kp(12.0, incline, 0.05)
        tr.state, tr.holds = "rising", [kp]
        assert an._is_provisional_pause(kp) is pause, incline
