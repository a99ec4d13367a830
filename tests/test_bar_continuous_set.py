"""A set the bar never rests in is counted from its pulls (analysis.pull_cycles).

Public recordings of a real barbell sensor (benchmarks/bench_public_recordings.py) show lifters
who pick the bar up before the set, lower it slowly (2-3 s) and pull it fast touch-and-go, never
setting it down. The analysis found 0-5 of their 10 reps: with no rest, the integration runs
through the whole set, a quiet stretch of a slow lowering passes for a rest, and the motion runs
away. imu.simulator.continuous_set makes such sets; the analysis found 2.5 % of them exactly
before (tuning seeds 50000-50019 of benchmarks/bench_accuracy.py --continuous).

Now the specific force's magnitude, which no mounting or gyroscope offset touches, gives each
pull (well above 1 g, then well below it); between two lockouts the bar is still at both ends,
which fixes the magnitude's offset and the velocity there; each pull integrated back from its
lockout gives its lift-off, rise and speeds. When a quiet rest ends the stretch (or the data
ends), the pulls the reps reported in it did not cover are reported.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from accel_shapes import half_sine, min_jerk, rise_m  # noqa: E402
from bench_accuracy import continuous_spec  # noqa: E402

from analysis import AnalyzerSettings, analyze  # noqa: E402
from analysis.batch import stream_events  # noqa: E402
from analysis.pull_cycles import G, PullCycleSettings, StretchBuffer, _pulls, find_pull_cycles  # noqa: E402
from analysis.streaming import StreamingAnalyzer  # noqa: E402
from imu.arrival_times import retime_recording, retiming_period_s  # noqa: E402
from imu.simulator import simulate_session  # noqa: E402


def _session(seed: int, rate_hz: float, link: str):
    return simulate_session(seed, "bar", rate_hz, link=link, spec=continuous_spec(seed))


@pytest.mark.parametrize(("seed", "rate_hz", "link"), [(50004, 100.0, "clean"), (50013, 50.0, "ble"), (50005, 200.0, "ble")])
def test_every_rep_of_a_continuous_set_is_found(seed: int, rate_hz: float, link: str) -> None:
    s = _session(seed, rate_hz, link)
    found = analyze(s.t, s.acc, s.gyro, "bar").reps
    true = s.truth.reps
    assert len(found) == len(true)
    got = sorted(found, key=lambda r: r.start_s)
    # what the pulls gave is close to the truth. (Reps reported before the stretch ended stay as
    # they were reported: one that spans several pulls stands for the first of them, with the
    # runaway integration's lockout and speeds; one may have ended at a lowering taken for the
    # floor. Over the link at 50 Hz a pull's lift-off or rise may be off by more.)
    close = 0
    for r, tr in zip(got, true):
        close += (abs(r.start_s - tr.start_s) < 0.2 and abs(r.lockout_s - tr.lockout_s) < 0.2
                  and abs(r.rom_m - tr.rom_m) < 0.25
                  and abs(r.mean_concentric_velocity_mps - tr.mean_concentric_velocity_mps) < 0.2
                  and (r is got[-1] or abs(r.end_s - tr.end_s) < 0.5))
    assert close >= len(true) - 3


@pytest.mark.parametrize(("seed", "rate_hz"), [(50015, 200.0), (50012, 100.0), (50006, 50.0)])
def test_every_rep_of_a_continuous_set_over_a_rough_link_is_counted(seed: int, rate_hz: float) -> None:
    """Continuous sets over the simulated link (30-60 readings/s, gaps of a few tenths of a
    second), as repsense replays them (arrival times retimed): one with a corrupt reading of 11 g
    next to empty bins (50015), ones with gaps in pulls and lowerings. Counted exactly since the
    twelfth session of 2026-12-06 (before: 8, 10 and 6 of 12, 11 and 8); the reps found across a
    gap are timed less well, and one across a gap of over 0.3 s has no rise or speeds."""
    s = _session(seed, rate_hz, "ble")
    t = retime_recording(s.t, s.acc, s.gyro, retiming_period_s(rate_hz, s.t))
    found = analyze(t, s.acc, s.gyro, "bar").reps
    assert len(found) == len(s.truth.reps)
    for r, tr in zip(sorted(found, key=lambda r: r.start_s), s.truth.reps):
        assert abs(r.lockout_s - tr.lockout_s) < 0.5


def test_before_the_pulls_were_counted_most_reps_were_missed() -> None:
    s = _session(50004, 100.0, "clean")
    off = AnalyzerSettings(pull_cycles=PullCycleSettings(min_reps=10**6))
    assert len(analyze(s.t, s.acc, s.gyro, "bar", settings=off).reps) <= len(s.truth.reps) // 2


def test_live_status_counts_the_reps_as_the_set_goes() -> None:
    """The live view's counts (StreamingAnalyzer.status) follow the reps reported from the pulls:
    mid-set, most of the set's reps done so far are counted, in one set."""
    s = _session(50002, 100.0, "clean")
    an = StreamingAnalyzer("bar")
    t_mid = s.truth.reps[len(s.truth.reps) // 2].end_s + 1.5
    for i in range(0, len(s.t), 5):
        an.feed(s.t[i : i + 5], s.acc[i : i + 5], s.gyro[i : i + 5])
        if s.t[min(i + 4, len(s.t) - 1)] >= t_mid:
            break
    st = an.status
    done = sum(r.end_s < t_mid for r in s.truth.reps)
    assert done - 1 <= st.rep_count <= done and st.set_count == 1
    # (reported only when the set ended: none of them yet)
    off = StreamingAnalyzer("bar", live_pull_reps=False)
    off.feed(s.t[: i + 5], s.acc[: i + 5], s.gyro[: i + 5])
    assert off.status.rep_count == 0 and off.status.set_count == 0


@pytest.mark.parametrize(("seed", "rate_hz", "link"), [(50005, 50.0, "ble"), (50002, 100.0, "clean")])
def test_live_feed_finds_the_same_reps_as_the_set_goes(seed: int, rate_hz: float, link: str) -> None:
    s = _session(seed, rate_hz, link)
    batch = analyze(s.t, s.acc, s.gyro, "bar")
    for block in (1, 3):
        an = StreamingAnalyzer("bar")
        events = stream_events(an, s.t, s.acc, s.gyro, block)
        assert an.result().to_dict() == batch.to_dict()
        # each rep is reported while the set goes on, numbered as reported: the reps found from
        # the pulls when the next pull has come (the first ones when a run of three has), a few
        # tenths of a second after the next pull's lockout; the last when the bar rested; the
        # others by the rest of the analysis as it finds them
        live = [e for e in events if e.to_dict()["event"] == "rep"]
        assert [e.rep.index for e in live] == list(range(1, len(live) + 1))
        assert len(live) == len(batch.reps)
        for e in live:
            final = min(batch.reps, key=lambda r: abs(r.start_s - e.rep.start_s))
            assert abs(final.start_s - e.rep.start_s) < 0.3 and abs(final.lockout_s - e.rep.lockout_s) < 0.3
        delays = np.array([e.t_s - e.rep.end_s for e in live])
        assert np.median(delays) <= 1.0 and delays.max() <= 5.0
    if seed == 50002:
        # reported only when the set ended (the bar set down and rested), they came 10 s after
        # their end (the median)
        an = StreamingAnalyzer("bar", live_pull_reps=False)
        events = stream_events(an, s.t, s.acc, s.gyro, 3)
        assert an.result().to_dict() == batch.to_dict()
        assert np.median([e.t_s - e.rep.end_s for e in events if e.to_dict()["event"] == "rep"]) > 10.0


def test_reps_found_otherwise_are_left_as_they_were() -> None:
    # a session of ordinary sets (rests at the floor): nothing changes where the reps were found
    s = simulate_session(7, "bar", 100.0, link="ble")
    off = AnalyzerSettings(pull_cycles=PullCycleSettings(min_reps=10**6))
    with_pulls = analyze(s.t, s.acc, s.gyro, "bar").to_dict()
    without = analyze(s.t, s.acc, s.gyro, "bar", settings=off).to_dict()
    assert with_pulls == without
    assert len(with_pulls["reps"]) >= len(s.truth.reps)


def _pull_train(n_reps: int, dt: float, rise_m: float = 0.55, lower_s: float = 2.4, pull_s: float = 0.8,
                carry_s: float | None = None) -> tuple[np.ndarray, list[float]]:
    """Magnitude (g) of a bar held at the top, lowered and pulled touch-and-go n_reps times
    (minimum-jerk moves), then held; and the lockout times. ``carry_s``: instead of lowering,
    the bar stays up that long between pulls (each pull then rises from where the last ended)."""
    hold = 1.0
    segs = [np.zeros(int(hold / dt))]
    locks = []
    t = hold
    for _ in range(n_reps):
        for dur, h in (((carry_s, 0.0) if carry_s is not None else (lower_s, -rise_m)), (pull_s, rise_m)):
            segs.append(min_jerk(h, dur, dt))
            t += dur
        locks.append(t)
    segs.append(np.zeros(int(hold / dt)))
    return 1.0 + np.concatenate(segs) / G, locks


def test_pull_cycles_of_a_clean_train() -> None:
    dt = 0.02
    norm, locks = _pull_train(6, dt)
    reps = find_pull_cycles(0.0, dt, norm)
    assert len(reps) == 6
    for r, lk in zip(reps, locks):
        assert abs(r.lockout_s - lk) < 0.06
        assert abs(r.start_s - (lk - 0.8)) < 0.06
        assert abs(r.rom_m - 0.55) < 0.03
        assert abs(r.mean_concentric_velocity_mps - 0.55 / 0.8) < 0.05


def test_a_bar_caught_at_the_top_is_no_pull_of_its_own() -> None:
    """A lifter who jerks the bar up lets it float at the lockout and catches it: the magnitude
    reads near free fall, then well above 1 g (public recordings: 0.1-0.2 g, then 1.2-1.5 g, a
    tenth of a second apart). That catch is no pull: taken for one, it cut the lockout-to-lockout
    cycles in two, their offsets came out wrong and the next reps were lost."""
    dt = 0.02
    norm, locks = _pull_train(6, dt)
    for lk in locks:
        i = int(round(lk / dt))
        norm[i : i + 5] -= 0.4  # floating: 0.4 g below 1 g for 0.1 s, caught ...
        norm[i + 5 : i + 10] += 0.8
        norm[i + 10 : i + 15] -= 0.4  # ... and let go into the lowering (the velocity as it was)
    reps = find_pull_cycles(0.0, dt, norm)
    assert len(reps) == 6
    assert all(abs(r.lockout_s - lk) < 0.1 for r, lk in zip(reps, locks))
    # one pull a rep; before, the catch was a pull too (the cycles between the pulls' marks are
    # what the offsets come from)
    a = (norm - 1.0) * G
    assert len(_pulls(a, dt, PullCycleSettings())) == 6
    assert len(_pulls(a, dt, PullCycleSettings(catch_s=0.0))) == 12


def _slow_lockout_train(n_reps: int, dt: float, up_mps2: float = 2.5, up_s: float = 0.3, down_mps2: float = 0.8):
    """Magnitude (g) of a bar pulled up hard (up_mps2 for up_s, a half sine) and let slow to its
    lockout gently (down_mps2, as long as that takes), lowered in 2.4 s, n_reps times; the
    lockout times and the rise (m)."""
    pull = np.concatenate([half_sine(up_mps2, up_s, dt), -half_sine(down_mps2, up_mps2 * up_s / down_mps2, dt)])
    rise = rise_m(pull, dt)
    lower = min_jerk(-rise, 2.4, dt)
    segs, locks, t = [np.zeros(int(1.0 / dt))], [], 1.0
    for _ in range(n_reps):
        segs += [lower, pull]
        t += (lower.shape[0] + pull.shape[0]) * dt
        locks.append(t)
    segs.append(np.zeros(int(1.0 / dt)))
    return 1.0 + np.concatenate(segs) / G, locks, rise


def test_a_slow_pull_that_slows_gently_to_its_lockout_is_a_pull() -> None:
    """A light or slow pull lets gravity stop the bar: its slowing to the lockout is spread over
    a second at 0.05-0.1 g (public recordings: one lifter's sets, 2 and 4 of 10 reps found when
    the slowing had to reach 0.12 g). It still loses the speed a pull has: that is a pull."""
    dt = 0.02
    norm, locks, rise = _slow_lockout_train(6, dt)
    reps = find_pull_cycles(0.0, dt, norm)
    assert len(reps) == 6
    for r, lk in zip(reps, locks):
        assert abs(r.lockout_s - lk) < 0.2 and abs(r.rom_m - rise) < 0.03
    before = PullCycleSettings(slow_pull_min_dv_mps=np.inf, gentle_pull_min_dv_mps=np.inf)
    assert find_pull_cycles(0.0, dt, norm, settings=before) == []


def test_no_reps_from_too_few_pulls_nor_from_pulls_too_far_apart() -> None:
    dt = 0.02
    assert find_pull_cycles(0.0, dt, _pull_train(2, dt)[0]) == []  # (min_reps 3)
    # pulls with 9 s between them (the bar lifted, carried, racked...): no continuous set. (The
    # magnitude cannot tell a bar held still from one lowered smoothly: a run of pulls that
    # each start where the last ended, a cycle apart, would pass. A slow set's cycle lasts up to
    # slow_max_cycle_s, 8 s, where the run keeps that rhythm; 6 s until the twenty-first
    # session of 2026-12-07)
    assert find_pull_cycles(0.0, dt, _pull_train(5, dt, carry_s=8.2)[0]) == []
    assert find_pull_cycles(0.0, dt, _pull_train(5, dt, carry_s=6.5)[0], settings=PullCycleSettings(slow_max_cycle_s=6.0)) == []
    # nothing but a bar held in jittering hands
    rng = np.random.default_rng(3)
    assert find_pull_cycles(0.0, dt, 1.0 + 0.03 * rng.standard_normal(3000)) == []


def test_a_pull_with_a_long_gap_in_it_is_not_used_and_one_across_a_shorter_gap_has_no_metrics() -> None:
    dt = 0.02
    norm, locks = _pull_train(6, dt)
    gap_s = np.zeros(norm.shape[0])
    i = int(round((locks[3] - 0.4) / dt))
    gap_s[i : i + 10] = 0.8  # (longer than max_gap_s)
    j = int(round((locks[1] - 0.4) / dt))
    gap_s[j : j + 5] = 0.4  # (longer than known_gap_s)
    reps = find_pull_cycles(0.0, dt, norm, gap_s)
    assert len(reps) == 5
    assert all(abs(r.lockout_s - locks[3]) > 1.0 for r in reps)
    blind = [r for r in reps if r.rom_m is None]
    assert len(blind) == 1 and abs(blind[0].lockout_s - locks[1]) < 0.06
    assert blind[0].mean_concentric_velocity_mps is None and blind[0].peak_velocity_mps is None


def _lost(norm: np.ndarray, t0_s: float, span_s: float, dt: float) -> np.ndarray:
    """Lose span_s (s) of the magnitudes ``norm`` (g, changed in place) from t0_s on, as the
    resampler draws such a gap (a straight line between the points either side); returns the
    gap lengths (s) of the points."""
    j0, m = int(round(t0_s / dt)), int(round(span_s / dt))
    norm[j0 : j0 + m] = np.interp(np.arange(j0, j0 + m), [j0 - 1, j0 + m], [norm[j0 - 1], norm[j0 + m]])
    gap_s = np.zeros(norm.shape[0])
    gap_s[j0 : j0 + m] = span_s
    return gap_s


def test_a_pull_whose_rise_a_gap_hides_is_told_by_the_runs_rhythm() -> None:
    """A gap of half a second over a pull's lockout leaves its integration wrong: its rise, or the
    last lowering's, no pull's. Where the run's other pulls are known, it is a rep all the same,
    with no metrics (simulated continuous sets over the link, 50000-50019: one session more
    exact; a public recording's set at 17 readings/s 8 -> 9 of 10)."""
    dt = 0.02
    norm, locks = _pull_train(6, dt)
    gap_s = _lost(norm, locks[3] - 0.2, 0.55, dt)
    reps = find_pull_cycles(0.0, dt, norm, gap_s)
    assert len(reps) == 6
    assert all(abs(r.lockout_s - lk) < 0.3 for r, lk in zip(reps, locks))
    assert reps[3].rom_m is None and all(r.rom_m is not None for r in reps[:3])


def test_a_cycle_a_gap_threw_off_starts_its_pull_from_the_runs_usual_speed_at_the_marks() -> None:
    """Each pull is integrated back from the speed at the mark after its lockout that its cycle
    gives (the bar back at the same height at the next mark). Half a second of a lowering lost
    over the link throws that estimate off (the last reps of the lowering drawn as a straight
    line): where it is more than 0.2 m/s off the median of its run's, the pull starts from the
    median (the lifter lowers each rep alike). Simulated continuous sets 50000-50019: 87.5 ->
    89.2 % exact; public recordings: 7 of 11 deadlift sets exact (6)."""
    dt = 0.02
    norm, locks = _pull_train(6, dt, pull_s=0.6)
    gap_s = _lost(norm, locks[3] - 1.0, 0.5, dt)
    reps = find_pull_cycles(0.0, dt, norm, gap_s)
    assert len(reps) == 6 and all(abs(r.lockout_s - lk) < 0.1 for r, lk in zip(reps, locks))
    assert all(abs(r.rom_m - 0.55) < 0.03 for r in reps if r.rom_m is not None)
    assert len(find_pull_cycles(0.0, dt, norm, gap_s, PullCycleSettings(mark_speed_tol_mps=np.inf))) == 5  # (before)


def test_a_pull_lifts_off_after_the_lowering_braked_before_the_floor() -> None:
    """A lowering braked just above the floor speeds the bar up too: in a touch-and-go set that
    may be the speeding up's peak the pull is found by. The lift-off is the last point as slow as
    a bar leaving the floor before the pull's fastest, not before that peak (which put it in the
    braking, and, where the integration was off, the rise short: simulated continuous sets over
    the link, one rep more in each of three sessions)."""
    dt = 0.02

    def seg(a_mps2: float, s: float) -> np.ndarray:
        return np.full(int(round(s / dt)), a_mps2)

    parts, lifts, t = [seg(0.0, 1.0)], [], 1.0
    for _ in range(6):
        lower = [seg(-0.5, 1.0), seg(0.0, 0.6), seg(5.0, 0.1), seg(0.0, 0.1)]  # (0.5 m/s, braked)
        pull = [seg(2.5, 0.4), seg(-2.5, 0.4)]
        t += sum(x.shape[0] for x in lower) * dt
        lifts.append(t)
        t += sum(x.shape[0] for x in pull) * dt
        parts += lower + pull
    parts.append(seg(0.0, 1.0))
    reps = find_pull_cycles(0.0, dt, 1.0 + np.concatenate(parts) / G)
    assert len(reps) == 6
    assert all(abs(r.start_s - lift) <= 0.15 for r, lift in zip(reps, lifts))  # (before: 0.18 s early)


def _every_other_bin_empty(norm: np.ndarray, dt: float) -> tuple[np.ndarray, np.ndarray]:
    """25 readings a second on the 50 Hz grid: every other point a bin with no reading, drawn
    between its neighbours as the resampler does; (magnitudes g, gap lengths s)."""
    idx = np.arange(norm.shape[0])
    filled = np.zeros(norm.shape[0], bool)
    filled[1:-1:2] = True
    x = norm.copy()
    x[filled] = np.interp(idx[filled], idx[~filled], norm[~filled])
    return x, np.where(filled, 2 * dt, 0.0)


@pytest.mark.parametrize("after_lockout_s", [-0.3, 0.0, 0.5, 1.2])
def test_one_reading_of_several_g_next_to_empty_bins_is_no_pull(after_lockout_s: float) -> None:
    """One reading of an impact, or a corrupt one (11 g: a simulated continuous set over the
    link), between bins with no reading is drawn as a pulse three points wide, which the
    running median kept: its area, a few m/s, broke the cycles around it (3 of 12 reps lost).
    Such a reading is set to the median of it and the readings either side first."""
    dt = 0.02
    clean, locks = _pull_train(6, dt)
    i = int(round((locks[2] + after_lockout_s) / dt))
    i += i % 2  # (a bin with a reading)
    spiked = clean.copy()
    spiked[i] = 11.0
    norm, gap_s = _every_other_bin_empty(spiked, dt)
    reps = find_pull_cycles(0.0, dt, norm, gap_s)
    assert len(reps) == 6 and all(abs(r.lockout_s - lk) < 0.1 for r, lk in zip(reps, locks))
    # (before; since the twenty-first session of 2026-12-07 the gentle pulls' longer look for a
    # slowing finds the pulls around the spike's pulse all the same, so that look is off here)
    before = PullCycleSettings(lone_spike_g=np.inf, gentle_pull_min_dv_mps=np.inf)
    assert len(find_pull_cycles(0.0, dt, norm, gap_s, before)) < 6
    # the readings of the pulls themselves are left as they are
    norm, gap_s = _every_other_bin_empty(clean, dt)
    plain = find_pull_cycles(0.0, dt, norm, gap_s, PullCycleSettings(lone_spike_g=np.inf))
    assert find_pull_cycles(0.0, dt, norm, gap_s) == plain and len(plain) == 6


def test_stretch_buffer_keeps_the_points_since_its_start() -> None:
    b = StretchBuffer(max_points=1000)
    acc = np.zeros((10, 3))
    acc[:, 2] = np.arange(10) + 1.0  # magnitudes 1..10
    b.append(100, acc[:4], np.zeros(4))
    b.append(104, acc[4:], np.r_[0.5, np.zeros(5)])
    assert b.quiet(100, 102, 1.0) and not b.quiet(100, 105, 1.0)
    i0, norm, gap_s = b.take(106)
    assert i0 == 100 and norm.tolist() == [1, 2, 3, 4, 5, 6] and gap_s.tolist() == [0, 0, 0, 0, 0.5, 0]
    b.drop_before(108)
    i0, norm, _ = b.take(200)
    assert i0 == 108 and norm.tolist() == [9, 10]


def test_stretch_buffer_says_since_when_the_magnitude_lay_still() -> None:
    b = StretchBuffer(max_points=1000)
    norm = np.r_[1.0, 1.3, 0.7, 1.0, 1.005, 0.995, 1.0, 1.0]  # (still from index 3 on, within +-0.01 g)
    b.append(50, np.c_[np.zeros((8, 2)), norm], np.zeros(8))
    assert b.quiet_since(0, 58, 0.01) == 53
    assert b.quiet_since(55, 58, 0.01) == 55  # (looked for back to i0 at most)
    assert b.quiet_since(50, 58, 0.5) == 50 and b.quiet_since(0, 58, 0.001) == 56
    assert b.quiet_since(60, 70, 0.01) == 70  # (nothing kept there)


def test_stretch_buffer_drops_its_oldest_blocks_beyond_its_size() -> None:
    b = StretchBuffer(max_points=10)
    for k in range(5):
        b.append(4 * k, np.ones((4, 3)), np.zeros(4))
    i0, norm, _ = b.take(20)
    assert i0 == 12 and norm.shape[0] == 8


def test_which_pulls_the_reps_reported_already_are() -> None:
    from types import SimpleNamespace as NS

    from analysis.pull_cycles import CycleRep, pulls_reported

    def pull(t0: float) -> CycleRep:
        return CycleRep(t0, t0 + 0.8, t0 + 3.0, 0.5, 0.6, 1.2)

    found = [pull(0.0), pull(3.0), pull(6.0), pull(9.0), pull(12.0)]
    reported = [
        NS(index=1, start_s=0.02, lockout_s=0.8, pauses=()),  # pull 0, as found
        NS(index=2, start_s=2.9, lockout_s=9.6, pauses=()),  # ran away through pulls 1-3
        # a paused rep: up to a hold at 12.5 s, held until 12.9 s (two pulls of the finder's)
        NS(index=3, start_s=12.0, lockout_s=13.7, pauses=(NS(start_s=12.5, end_s=12.9),)),
    ]
    found.append(CycleRep(12.9, 13.7, 16.0, 0.3, 0.4, 0.8))
    found[4] = CycleRep(12.0, 12.5, 12.9, 0.2, 0.4, 0.7)
    explained, spanned = pulls_reported(found, reported)
    assert explained == {0, 1, 4, 5}  # pulls 2 and 3 are reps it missed
    assert spanned == {2: 1}
