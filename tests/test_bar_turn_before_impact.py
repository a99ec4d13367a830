"""A dead stop whose bottom turn was found before the plates touched: own tuning seed 31075
(200 Hz sensor over BLE). The integration had the bar turn at 388.06 s while it still came
down at 0.2 m/s; the floor's impact 0.26 s later (1.6 g) left it rising at 0.67 m/s while it
lay still for two seconds. The rule that a bar cannot rest below the floor put that velocity
into the turn, 0.46 s back, which placed every rest 0.17 m below the floor: all were refused,
and the next rep, pulled from there, was lost. The velocity left is put into the last impact
instead (from there on the integration saw what the bar did): the bar lies on the floor.
(The next rep, at 397.3 s, is found with its start 1.55 s early.)"""

from __future__ import annotations

from analysis import analyze
from imu.simulator import simulate_session
from rep_checks import assert_same_reps


def test_a_rest_after_a_late_impact_is_on_the_floor():
    s = simulate_session(31075, "bar", 200.0, link="ble")
    true = [r for r in s.truth.reps if 389.0 < r.start_s < 391.0]
    assert len(true) == 1
    reps = analyze(s.t, s.acc, s.gyro, "bar").reps
    assert len(reps) == len(s.truth.reps) == 21
    assert_same_reps([r for r in reps if 389.0 < r.lockout_s < 394.0], true, lockout_s=0.15, end_s=0.15, start_s=0.15)
