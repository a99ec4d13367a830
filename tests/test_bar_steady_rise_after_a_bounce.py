"""After a touch-and-go bounce whose impact the grid aliased, the bar rises at a steady speed
that the integration never saw, and that looks still: the stillness detector finds a "rest" on
the floor while the bar goes up. Where the motion after that "rest" comes back onto the floor
far below the floor's level, the rest was that steady rise (kinematics._steady_rise_mps).

- A rest that began within the bounce's rebound, after the landing that ended the last rep
  (not only right after a bottom turn), is checked so too.
- The last rep of a set is lowered onto the floor with no impact: the closing rest is then the
  landing, and the same steady rise must explain both the miss of the floor's level and the
  velocity left at that rest.
- The rep starts where the load left the floor (the steady rise's start), not where the
  "rest" ended; its mean concentric velocity counts the rise that looked still.

Second simulator (benchmarks/altsim), tuning seeds: 5031 at 200 Hz lost its last touch-and-go
rep; 4039 at 200 Hz timed a rep's start 0.7 s late and its mean concentric velocity 0.56 m/s
high; 4005 at 50 Hz over BLE lost a rep."""

from __future__ import annotations

from altsim_cases import replayed, true_rep_at
from rep_checks import assert_rep_found


def test_last_touch_and_go_rep_lowered_onto_the_floor_is_found():
    s, found = replayed(5031, "bar", 200.0, "clean")
    true = list(s.truth.reps)
    assert len(found) == len(true)
    assert_rep_found(found, true[true_rep_at(true, 408.50)], lockout_s=0.15, end_s=0.1, start_s=0.1)


def test_rep_after_a_steady_rise_starts_where_the_load_left_the_floor():
    s, found = replayed(4039, "bar", 200.0, "clean")
    true = list(s.truth.reps)
    assert len(found) == len(true)
    for got, want in zip(found, true):
        assert abs(got.start_s - want.start_s) < 0.1
        assert abs(got.mean_concentric_velocity_mps - want.mean_concentric_velocity_mps) < 0.1


def test_touch_and_go_set_over_ble_counted():
    s, found = replayed(4005, "bar", 50.0, "ble")
    assert len(found) == len(s.truth.reps)
