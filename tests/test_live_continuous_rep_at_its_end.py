"""Live, a rep of a set the bar never rests in is reported when its lowering has ended.

Reps found from a continuous set's pulls (analysis.pull_cycles) were reported a few tenths of a
second after the *next* pull's lockout: a rep ends where the next pull leaves the floor, which
the pull integrated back from its lockout gives. Issue 3 asks for each rep event within 0.3 s of
the rep's end; these came 0.8-0.9 s after it (the median; 17 % within 0.3 s on tuning seeds
50000-50009 of `bench_live.py --part continuous`).

Now the end of the last pull found is taken where the data shows the bar's lowering ended: once
the bar is going down (integrated from its lockout), the first point where the vertical
acceleration speeds it up as a pull does (the next pull off the floor; a lowering's braking is
gentler), or, where no pull follows, where the bar was set down (an impact, then the magnitude
still). Live, a rise of the magnitude to well above 1 g starts a watch: the pulls are looked
for on each block until that end is seen (0.5 s at most). A pull whose slowing goes on past the
data's end is no pull yet (a window cut in mid-pull made one of the braking before the floor
and the next pull's slowing, which threw its run's cycles off).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from bench_accuracy import continuous_spec  # noqa: E402

from accel_shapes import min_jerk  # noqa: E402
from altsim_cases import as_replayed  # noqa: E402

from analysis import analyze  # noqa: E402
from analysis.batch import stream_events  # noqa: E402
from analysis.pull_cycles import G, find_pull_cycles  # noqa: E402
from analysis.streaming import StreamingAnalyzer  # noqa: E402
from imu.simulator import simulate_session  # noqa: E402

DT = 0.02
RISE_M, LOWER_S, PULL_S = 0.55, 2.4, 0.8


def _train(n_reps: int) -> tuple[np.ndarray, list[float]]:
    """Magnitude (g) of a bar held at the top, then lowered (LOWER_S) and pulled touch-and-go
    (PULL_S) n_reps times, minimum-jerk moves, then held; and the bottom times (each rep's end
    but the last, which ends where the bar is set down: not simulated here)."""
    segs = [np.zeros(int(1.0 / DT))]
    t, bottoms = 1.0, []
    for _ in range(n_reps):
        for dur, h in ((LOWER_S, -RISE_M), (PULL_S, RISE_M)):
            segs.append(min_jerk(h, dur, DT))
            t += dur
        bottoms.append(t - PULL_S)
    segs.append(np.zeros(int(1.0 / DT)))
    return 1.0 + np.concatenate(segs) / G, bottoms


def test_the_last_pull_ends_where_the_next_pull_leaves_the_floor() -> None:
    norm, bottoms = _train(6)
    # the data cut 0.1 s after the 5th pull left the floor (the 4th rep's end): its slowing has
    # not come, so it is no pull yet; the 4th is the last found and its end is seen
    k = int(round((bottoms[4] + 0.1) / DT))
    reps = find_pull_cycles(0.0, DT, norm[:k], complete=False)
    assert len(reps) == 4
    assert reps[-1].end_seen
    assert abs(reps[-1].end_s - bottoms[4]) < 0.06
    assert all(r.end_seen for r in reps)
    for r, b in zip(reps[:-1], bottoms[1:]):
        assert abs(r.end_s - b) < 0.15  # (from the next pull integrated back from its lockout)


def test_a_lowering_still_going_has_no_end_seen() -> None:
    norm, bottoms = _train(6)
    # cut halfway down the lowering after the 4th pull: that pull's end is not known yet (the
    # run's usual lowering is all the replay could say: as far as the data goes)
    k = int(round((bottoms[4] - LOWER_S / 2) / DT))
    reps = find_pull_cycles(0.0, DT, norm[:k], complete=False)
    assert len(reps) == 4
    assert not reps[-1].end_seen
    assert all(r.end_seen for r in reps[:-1])


def test_a_pull_cut_in_its_slowing_is_no_pull_yet() -> None:
    norm, bottoms = _train(6)
    # cut in the 5th pull's slowing (past its fastest, before its lockout): four reps, the
    # fourth ending where the 5th left the floor; the 5th is not one yet
    k = int(round((bottoms[4] + 0.6 * PULL_S) / DT))
    reps = find_pull_cycles(0.0, DT, norm[:k], complete=False)
    assert len(reps) == 4
    assert abs(reps[-1].end_s - bottoms[4]) < 0.06


def test_the_set_s_last_pull_ends_where_the_bar_was_set_down() -> None:
    """After the set's last pull the bar is lowered and set down: no pull follows, but the plates'
    impact on the floor, the magnitude still after it, ends the rep there (0.15 s of stillness
    after the impact's ringing: live, the event comes about 0.25 s after the landing, not when
    the bar has rested for 2 s and the stretch closes)."""
    norm, bottoms = _train(5)
    top = norm[: -int(1.0 / DT)]  # (up to the last lockout)
    lower = 1.0 + min_jerk(-RISE_M, LOWER_S, DT) / G
    landing = np.ones(int(1.0 / DT))
    landing[:3] += [0.6, -0.3, 0.1]  # (the plates on the floor)
    x = np.concatenate((top, lower, landing))
    t_land = (top.shape[0] + lower.shape[0]) * DT
    k = top.shape[0] + lower.shape[0] + int(round(0.3 / DT))
    reps = find_pull_cycles(0.0, DT, x[:k], complete=False)
    assert len(reps) == 5
    assert reps[-1].end_seen and abs(reps[-1].end_s - t_land) < 0.06
    # (a moment earlier, the stillness after the impact not yet long enough: not seen yet)
    early = find_pull_cycles(0.0, DT, x[: k - int(round(0.15 / DT))], complete=False)
    assert not early[-1].end_seen


@pytest.mark.parametrize(
    ("seed", "rate_hz", "link"), [(50002, 100.0, "clean"), (50002, 50.0, "ble"), (50004, 50.0, "ble"), (50005, 100.0, "clean")]
)
def test_live_rep_events_come_when_the_lowering_ended(seed: int, rate_hz: float, link: str) -> None:
    """Simulated continuous sets (tuning seeds) fed as 50 ms notifications: every rep but the
    first two (a run needs two pulls and the third's lift-off) and the last (the bar set down:
    reported when it has rested) is reported within 0.3 s of its true end, its end within 0.2 s
    of the truth; the result is the replay's. (50005: the third rep, the only one the rest of the
    analysis missed, came with the fourth, 3.7 s late, before a lone missed pull was reported.)"""
    s = simulate_session(seed, "bar", rate_hz, link=link, spec=continuous_spec(seed))
    an = StreamingAnalyzer("bar")
    events = [e for e in stream_events(an, s.t, s.acc, s.gyro, max(1, int(round(rate_hz * 0.05))))
              if e.to_dict()["event"] == "rep"]
    assert an.result().to_dict() == analyze(s.t, s.acc, s.gyro, "bar").to_dict()
    true = s.truth.reps
    for tr in true[2:-1]:
        (e,) = [e for e in events if abs(e.rep.start_s - tr.start_s) < 0.3]
        assert e.t_s - tr.end_s <= 0.3
        assert abs(e.rep.end_s - tr.end_s) <= 0.2


def test_a_paused_rep_is_not_two_reps_live() -> None:
    """Two pulls whose second's lowering ended in a third's speeding up (a run one pull short, the
    third under way) are reported live only where the rest of the analysis saw no pause hold in
    them: a paused rep's pull to its hold and the one from it, the next rep leaving the floor
    after, were reported as two reps (altsim 1 at 100 Hz over BLE, at 720.4 s) in a form measured
    and not kept. Every live rep event is a rep of the result."""
    s, t, target = as_replayed(1, "bar", 100.0, "ble")
    an = StreamingAnalyzer("bar", target)
    events = [e for e in stream_events(an, t, s.acc, s.gyro, 5) if e.to_dict()["event"] == "rep"]
    final = an.result().reps
    assert len(events) == len(final)
    for e in events:
        assert any(abs(r.start_s - e.rep.start_s) < 0.3 for r in final)


def _live_and_final(seed: int, rate_hz: float, link: str, sim: str) -> tuple[list, list]:
    """(rep events, result reps) of a session fed as 50 ms notifications: ``sim`` "alt" (altsim,
    as replayed) or "own" (the project's simulator, its metadata's pause target)."""
    if sim == "alt":
        s, t, target = as_replayed(seed, "bar", rate_hz, link)
    else:
        s = simulate_session(seed, "bar", rate_hz, link=link)
        t, raw = s.t, s.metadata.get("target_pause_s")
        target = float(raw) if raw else None
    an = StreamingAnalyzer("bar", target)
    events = [e for e in stream_events(an, t, s.acc, s.gyro, max(1, int(round(rate_hz * 0.05))))
              if e.to_dict()["event"] == "rep"]
    return events, list(an.result().reps)


@pytest.mark.parametrize(
    ("seed", "rate_hz", "link", "sim"),
    [(1, 25.0, "clean", "alt"), (30002, 100.0, "clean", "own"), (8, 50.0, "clean", "alt"), (0, 200.0, "ble", "alt"),
     (5005, 200.0, "ble", "alt"), (5002, 100.0, "clean", "alt"), (5, 200.0, "ble", "alt"), (5001, 25.0, "ble", "alt")],
)
def test_a_lone_missed_pull_is_reported_only_as_the_rep_it_is(seed: int, rate_hz: float, link: str, sim: str) -> None:
    """A rep found from its pull that the rest of the analysis has not reported is reported on
    its own (one missed pull, not two) only where it is the whole rep: no pause hold the rest
    of the analysis saw lies in it, and its end is the next pull leaving the floor, well clear
    of the data's end. In forms measured and not kept, each of these sessions had one rep
    reported early with the wrong lockout or end: the pull from a paused rep's hold (altsim 1 at
    25 Hz, 3 s before the rep, its lockout at the hold's end) or up to it (own 30002, its
    lockout at the hold); a dead-stop rep's landing taken for the next pull's speeding up in
    the data's last points (altsim 8 and 0: 0.4 s before the bar lay still); two pulls reported
    19 s after they ended, one "rep" spanning from before a paused rep to its hold (altsim 5005 at
    200 Hz: only the last hold the rest of the analysis saw was looked at); a rep whose "lowering"
    held a pull the finder missed, the rest of the analysis' rep there begun in it (altsim 5002
    at 100 Hz: its end 1.8 s late). The first pull after a rest on the floor, found alone
    (tests/test_live_first_rep_of_a_held_set.py), in forms measured and not kept: a paused rep's
    pull up to a 4 s hold, its tremor read as a lowering (altsim 5 at 200 Hz over BLE; the hold
    began 0.05 s after that pull's "lockout", which a pull that rose as a whole rep does not
    make a pause); a quick touch-and-go rep at 25 readings/s "lowered" in 0.3 s, its lockout
    and end 0.4 s off (altsim 5001). Every rep event is a rep of the result, one each, with its
    lockout and end within 0.3 s."""
    events, final = _live_and_final(seed, rate_hz, link, sim)
    assert len(events) == len(final)
    for e in events:
        (r,) = [r for r in final if abs(r.start_s - e.rep.start_s) < 0.3]
        assert abs(r.lockout_s - e.rep.lockout_s) <= 0.3
        assert abs(r.end_s - e.rep.end_s) <= 0.3


def test_the_second_rep_of_a_held_set_comes_at_its_end() -> None:
    """A set the bar is held through (tuning seed 50006 at 50 Hz over BLE: picked up, never set
    down until the set ends): its first two reps were reported when the third pull had locked
    out, 2.4 s after the second's end. Two pulls whose second's lowering has ended (the third
    leaving the floor) are reported where the rest of the analysis saw no hold in them: the
    second rep now comes within 0.3 s of its end (the first came with it; since the seventeenth
    session of 2026-12-07 it comes at its own end: tests/test_live_first_rep_of_a_held_set.py)."""
    s = simulate_session(50006, "bar", 50.0, link="ble", spec=continuous_spec(50006))
    keep = np.concatenate(([True], np.diff(s.reading_t) > 0.0))  # (the sensor's times, a repeat dropped)
    an = StreamingAnalyzer("bar")
    events = [e for e in stream_events(an, s.reading_t[keep], s.acc[keep], s.gyro[keep], 2)  # (50 ms)
              if e.to_dict()["event"] == "rep"]
    true = s.truth.reps
    first, second = ([e for e in events if abs(e.rep.start_s - tr.start_s) < 0.3] for tr in true[:2])
    assert len(first) == len(second) == 1
    assert second[0].t_s - true[1].end_s <= 0.3
    assert first[0].t_s - true[0].end_s <= 0.3
    assert len(events) == len(an.result().reps) == len(true)


def test_the_last_rep_of_a_held_set_comes_once_the_bar_lies_still() -> None:
    """A held set's last rep set down with no impact the link kept (tuning seed 50006 at 200 Hz
    over BLE, about 41 readings a second): the bar then lies still, but the integration, run away
    through the set, refuses that rest for seconds, and the rep waited for it, 3.5 s after its
    end. The bar lying as still as on the floor for live_wait_s (0.8 s) with no rest taken lets
    the pulls be looked at up to where it began to (since the eighteenth session of 2026-12-07),
    on the same terms as a rest: the last pull counts where it was lowered as the others were
    before the bar lay still."""
    s = simulate_session(50006, "bar", 200.0, link="ble", spec=continuous_spec(50006))
    keep = np.concatenate(([True], np.diff(s.reading_t) > 0.0))
    an = StreamingAnalyzer("bar")
    events = [e for e in stream_events(an, s.reading_t[keep], s.acc[keep], s.gyro[keep], period_s=0.05)
              if e.to_dict()["event"] == "rep"]
    last = s.truth.reps[-1]
    (e,) = [e for e in events if abs(e.rep.start_s - last.start_s) < 0.3]
    assert e.t_s - last.end_s <= 1.2
