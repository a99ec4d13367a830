"""A set the bar never rests in, lifted at a slow tempo, is counted from its pulls.

Public recordings of a real barbell sensor (benchmarks/bench_public_recordings.py) hold one
lifter's Romanian deadlifts at 6-6.5 s a rep: the bar lowered for about 3 s, pulled in 1.5-2 s
with its speed peaking early, so that gravity slows it to the lockout over a second or more
(the magnitude only 0.03-0.05 g below 1 g), held at the top for about a second. The pull finder
(analysis.pull_cycles) found none of their 20 reps: it looked for a pull's slowing within 1.2 s
of its peak, 0.05 g deep, and took pulls more than 6 s apart for separate lifts. Since the
twenty-first session of 2026-12-07 a gentle pull's slowing is looked for up to 2 s after its
peak (0.03 g deep, 0.15 m/s lost), and a run's cycles may last up to 8 s where they keep the
run's rhythm (each within 1.3 times the one before it): 9 and 3 of those 10 reps (the second
set has a 4 s gap in its data). imu.simulator.slow_continuous_set makes such sets.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from accel_shapes import half_sine, min_jerk, rise_m  # noqa: E402
from bench_accuracy import slow_continuous_spec  # noqa: E402

from analysis import AnalyzerSettings, analyze  # noqa: E402
from analysis.batch import stream_events  # noqa: E402
from analysis.pull_cycles import G, PullCycleSettings, StretchBuffer, _in_rhythm, _pulls, find_pull_cycles  # noqa: E402
from analysis.streaming import StreamingAnalyzer  # noqa: E402
from imu.arrival_times import retime_recording, retiming_period_s  # noqa: E402
from imu.simulator import simulate_session  # noqa: E402

#: the pull finder as it was before the twenty-first session of 2026-12-07
BEFORE = PullCycleSettings(gentle_pull_min_dv_mps=np.inf, slow_max_cycle_s=6.0)


def _gentle_train(n_reps: int, dt: float, lower_s: float = 3.0, hold_s: float = 1.0, jitter_s: float = 0.0,
                  seed: int = 0, weak: int | None = None) -> tuple[np.ndarray, list[float], float]:
    """Magnitude (g) of a bar held at the top, then n_reps times: lowered in ``lower_s``
    (minimum jerk), pulled touch-and-go with a speeding up of 1.6 m/s^2 for 0.5 s and a slowing
    as gentle as gravity allows (0.4 m/s^2 peak, 2 s), held ``hold_s`` at the top (each lowering
    and hold longer or shorter by up to ``jitter_s``); rep ``weak`` (0-based) sped up at 0.9
    m/s^2 for 0.9 s instead (the same speed gained). The lockout times (s) and the rise (m)."""
    rng = np.random.default_rng(seed)
    slowing = -half_sine(0.4, 2.0, dt)
    pull = np.concatenate([half_sine(1.6, 0.5, dt), slowing])
    weak_pull = np.concatenate([half_sine(0.9, 0.9, dt), slowing])
    rise = rise_m(pull, dt)
    segs, locks, t = [np.zeros(int(1.0 / dt))], [], 1.0
    for i in range(n_reps):
        this = weak_pull if i == weak else pull
        drop = rise_m(this, dt)  # (lowered as far as it then rises)
        lower = min_jerk(-drop, lower_s + rng.uniform(-jitter_s, jitter_s), dt)
        hold = np.zeros(int(round((hold_s + rng.uniform(-jitter_s, jitter_s)) / dt)))
        segs += [lower, this]
        t += (lower.shape[0] + this.shape[0]) * dt
        locks.append(t)
        segs.append(hold)
        t += hold.shape[0] * dt
    segs.append(np.zeros(int(1.0 / dt)))
    noise = 0.004 * rng.standard_normal(sum(x.shape[0] for x in segs))
    return 1.0 + np.concatenate(segs) / G + noise, locks, rise


def test_a_pull_that_gravity_slows_over_two_seconds_is_a_pull() -> None:
    dt = 0.02
    norm, locks, rise = _gentle_train(8, dt)
    reps = find_pull_cycles(0.0, dt, norm)
    assert len(reps) == 8
    for r, lk in zip(reps, locks):
        # (the lockout: where the integrated speed ran out, or where the slowing had faded to
        # half its strongest, 0.3-0.45 s before the bar's last millimetres' creep ends)
        assert abs(r.lockout_s - lk) < 0.5 and abs(r.rom_m - rise) < 0.05
    assert find_pull_cycles(0.0, dt, norm, settings=BEFORE) == []
    # each pull is seen as one, its slowing well past the 1.2 s looked at before
    a = (norm - 1.0) * G
    a_s = np.convolve(a, np.ones(5) / 5, mode="same")
    assert len(_pulls(a_s, dt, PullCycleSettings())) == 8
    assert _pulls(a_s, dt, BEFORE) == []


def test_a_slow_rhythm_joins_a_run_and_a_cycle_out_of_it_does_not() -> None:
    dt = 0.1

    def marks(cycles: list[float]) -> list[int]:
        return [int(round(x / dt)) for x in np.concatenate(([0.0], np.cumsum(cycles)))]

    s = PullCycleSettings()
    slow = marks([6.5, 6.4, 6.7, 6.3])
    assert all(_in_rhythm(slow, k, k, dt, s) for k in range(1, len(slow)))
    # a run's first cycle is judged by the one after it
    assert _in_rhythm(marks([7.2, 6.8]), 1, 1, dt, s)
    assert not _in_rhythm(marks([7.5, 3.0]), 1, 1, dt, s)
    assert not _in_rhythm(marks([7.5]), 1, 1, dt, s)
    # a set at 2.5 s a rep, then a jolt 7.5 s after its last pull (the bar racked, carried)
    fast = marks([2.5, 2.6, 2.4, 7.5])
    assert [_in_rhythm(fast, k, k, dt, s) for k in range(1, 5)] == [True, True, True, False]
    # any cycle up to 6 s joins, none over 8 s
    assert _in_rhythm(marks([2.0, 5.9]), 2, 2, dt, s)
    assert not _in_rhythm(marks([8.3, 8.2, 8.4]), 2, 2, dt, s)


def test_a_gentle_train_at_an_uneven_slow_rhythm_is_counted() -> None:
    dt = 0.02
    norm, locks, _ = _gentle_train(8, dt, lower_s=3.2, hold_s=1.3, jitter_s=0.6, seed=4)
    cycles = np.diff(locks)
    assert cycles.max() > 6.0  # (joined only in the rhythm)
    assert len(find_pull_cycles(0.0, dt, norm)) == 8
    assert len(find_pull_cycles(0.0, dt, norm, settings=PullCycleSettings(slow_max_cycle_s=6.0))) < 8


@pytest.mark.parametrize(("seed", "rate_hz", "link"), [(70002, 100.0, "clean"), (70002, 50.0, "ble"), (70000, 200.0, "ble")])
def test_a_simulated_slow_tempo_set_is_counted(seed: int, rate_hz: float, link: str) -> None:
    """Simulated slow-tempo sets (imu.simulator.slow_continuous_set; tuning seeds of
    ``bench_accuracy.py --slow-continuous``), as `repsense replay` reads them (times retimed)."""
    s = simulate_session(seed, "bar", rate_hz, link=link, spec=slow_continuous_spec(seed))
    t = retime_recording(s.t, s.acc, s.gyro, retiming_period_s(rate_hz, s.t))
    found = sorted(analyze(t, s.acc, s.gyro, "bar").reps, key=lambda r: r.start_s)
    assert len(found) == len(s.truth.reps)
    for r, tr in zip(found, s.truth.reps):
        assert abs(r.start_s - tr.start_s) < 0.5 and abs(r.lockout_s - tr.lockout_s) < 0.8
    before = AnalyzerSettings(pull_cycles=BEFORE)
    assert len(analyze(t, s.acc, s.gyro, "bar", settings=before).reps) < len(s.truth.reps)


@pytest.mark.parametrize(("seed", "rate_hz", "link"), [(70002, 100.0, "clean"), (70002, 50.0, "ble")])
def test_a_slow_tempo_set_live_gives_the_replays_reps_as_the_set_goes(seed: int, rate_hz: float, link: str) -> None:
    """Fed as `repsense live` feeds it (a few samples a notification), the same reps as the
    whole recording gives; the reps come as the set goes (most within a second of their end),
    not when it ends."""
    s = simulate_session(seed, "bar", rate_hz, link=link, spec=slow_continuous_spec(seed))
    batch = analyze(s.t, s.acc, s.gyro, "bar")
    assert len(batch.reps) == len(s.truth.reps)
    an = StreamingAnalyzer("bar")
    events = stream_events(an, s.t, s.acc, s.gyro, 5)
    assert an.result().to_dict() == batch.to_dict()
    live = [e for e in events if e.to_dict()["event"] == "rep"]
    assert len(live) == len(batch.reps)
    delays = np.array([e.t_s - tr.end_s for e, tr in zip(live, s.truth.reps)])
    assert np.median(delays) <= 0.5 and np.mean(delays <= 1.0) >= 0.6
    assert s.truth.reps[-1].end_s - live[-2].t_s > 3.0  # (not all at the set's end)


@pytest.mark.parametrize(("seed", "rate_hz", "link"), [(70004, 100.0, "clean"), (70004, 200.0, "ble"), (70000, 50.0, "ble")])
def test_a_slow_sets_still_top_and_lowering_do_not_end_its_stretch(seed: int, rate_hz: float, link: str) -> None:
    """The hold at the top and the slow lowering after it look as still as a bar on the floor
    for 2 s and more, which ended the stretch of pulls there and cut the set into runs too short
    to count. A rest that began with no impact (the bar not set down) ends a stretch only after
    4 s (stretch_rest_unlanded_s); one that began with the bar set down still after 2 s (a
    set-up's jolt next to a set is not joined to it: tests/test_bar_knock_is_no_lift.py)."""
    s = simulate_session(seed, "bar", rate_hz, link=link, spec=slow_continuous_spec(seed))
    t = retime_recording(s.t, s.acc, s.gyro, retiming_period_s(rate_hz, s.t))
    assert len(analyze(t, s.acc, s.gyro, "bar").reps) == len(s.truth.reps)
    cut = AnalyzerSettings(pull_cycles=PullCycleSettings(stretch_rest_unlanded_s=2.0))
    assert len(analyze(t, s.acc, s.gyro, "bar", settings=cut).reps) < len(s.truth.reps)


def test_stretch_buffer_tells_a_jolt() -> None:
    b = StretchBuffer(max_points=1000)
    acc = np.zeros((20, 3))
    acc[:, 2] = 1.0
    acc[12, 2] = 1.4  # (an impact: 0.4 g off the rest)
    b.append(0, acc[:10], np.zeros(10))
    b.append(10, acc[10:], np.zeros(10))
    assert b.jolted(8, 16, 0.3) and not b.jolted(0, 12, 0.3) and not b.jolted(8, 16, 0.5)
    assert not b.jolted(40, 50, 0.3)  # (none kept there)


def test_a_weaker_pull_where_the_runs_rhythm_puts_one_is_a_pull() -> None:
    """A slow pull that speeds the bar up gently too (0.9 m/s^2 over 0.9 s: a soft touch at the
    floor, or a set's first pull from a dead stop) has no peak a pull has (1.2 m/s^2), and the
    run split at the cycle twice the others it left: 4 of 7 reps of a simulated slow set (70001
    at 100 Hz). Where a cycle lasts twice the run's rhythm, a weaker pull (0.6 m/s^2) slowed as
    a gentle pull is, where the rhythm puts one, is the pull missed."""
    dt = 0.02
    norm, locks, _ = _gentle_train(8, dt, weak=4)
    reps = find_pull_cycles(0.0, dt, norm)
    assert len(reps) == 8 and abs(reps[4].lockout_s - locks[4]) < 0.6
    # (before: the runs either side of it, 4 and 3 pulls)
    assert len(find_pull_cycles(0.0, dt, norm, settings=PullCycleSettings(weak_pull_min_mps2=np.inf))) == 7
