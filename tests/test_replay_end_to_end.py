"""End to end: simulated sessions with exact ground truth through the analysis and the CLI.

Seeds 100-199 are for tests only (tuning used 1-9; the benchmark uses 10000 and up).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from analysis import StreamingAnalyzer, analyze
from analysis.batch import stream_events
from imu.recording import write_recording
from imu.simulator import SessionSpec, simulate_session

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from score import aggregate, score_session  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _run(s, placement, target=None):
    return analyze(s.t, s.acc, s.gyro, placement, target)


def _stream(s, placement, target=None, block=5):
    """A streaming analyzer fed the session in blocks of ``block`` samples (50 ms notifications
    at 100 Hz) and finished, and its events."""
    an = StreamingAnalyzer(placement, target)
    return an, stream_events(an, s.t, s.acc, s.gyro, block)


@pytest.mark.parametrize("placement", ["bar", "back"])
@pytest.mark.parametrize("rate", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("style", ["dead_stop", "touch_and_go", "paused"])
def test_each_style_rate_and_placement_counts_reps_and_times_them(placement, rate, style):
    spec = SessionSpec.simple(style, 4, 1, target_pause_s=2.0 if style == "paused" else None, hold_s=[2.5, 1.2, 3.0, 2.2])
    s = simulate_session(101, placement, rate, link="clean", spec=spec)
    res = _run(s, placement, 2.0 if style == "paused" else None)
    sc = score_session(res.to_dict(), s.truth, placement=placement)
    assert sc["count_exact"], (len(res.reps), len(s.truth.reps))
    assert max(sc["start_err_s"] + sc["lockout_err_s"] + sc["end_err_s"]) < 0.3
    if style == "paused":
        assert sc["pause_tp"] == 4 and sc["pause_fp"] == 0
        assert max(sc["hold_err_s"]) < 0.2
        # the 1.2 s hold is short of the 2 s target
        assert [r.pauses[0].meets_target for r in res.reps] == [True, False, True, True]
        assert "short_pause" in res.reps[1].flags and "short_pause" not in res.reps[0].flags
    if placement == "bar":
        assert np.median(sc["mcv_err_mps"]) < 0.05
        assert all(r.rom_m is not None and 0.3 < r.rom_m < 0.8 for r in res.reps)
    else:
        assert all(r.rom_m is None and r.mean_concentric_velocity_mps is None for r in res.reps)


@pytest.mark.parametrize("placement", ["bar", "back"])
@pytest.mark.parametrize("height_m", [0.05, 0.30])
def test_holds_just_off_the_floor_and_below_the_knee(placement, height_m):
    """Pause holds at the two weak points the lifters choose: just off the floor (5 cm, where a
    back sensor barely moves) and just below the knee (30 cm)."""
    spec = SessionSpec.simple("paused", 3, 1, target_pause_s=2.0, hold_s=[2.5, 1.2, 3.0], pause_height_m=height_m)
    s = simulate_session(103, placement, 100.0, link="clean", spec=spec)
    res = _run(s, placement, 2.0)
    sc = score_session(res.to_dict(), s.truth, placement=placement)
    assert sc["count_exact"] and sc["pause_tp"] == 3 and sc["pause_fp"] == 0, sc
    assert max(sc["hold_err_s"]) < 0.1
    assert [r.pauses[0].meets_target for r in res.reps] == [True, False, True]


@pytest.mark.parametrize("placement", ["bar", "back"])
def test_random_sessions_with_distractors_and_ble_link(placement):
    """Random sessions (sets of every style, between-set activity, BLE impairments, random
    mounting and sensor errors): the reps found are nearly all real and nearly all found."""
    scores = []
    for seed in range(110, 116):
        s = simulate_session(seed, placement, 100.0, link="ble")
        tgt = s.metadata.get("target_pause_s")
        res = _run(s, placement, float(tgt) if tgt else None)
        scores.append(score_session(res.to_dict(), s.truth, placement=placement))
    agg = aggregate(scores)
    assert agg["rep_precision"] >= 0.9, agg
    # regression floors (both 0.97 when last measured); benchmarks/bench_accuracy.py reports the figures
    assert agg["rep_recall"] >= 0.93, agg
    assert agg["p95_start_err_s"] < 0.3, agg
    assert agg["p95_lockout_err_s"] < 0.3, agg
    if placement == "bar":
        assert agg["median_abs_mcv_err_mps"] < 0.05, agg


@pytest.mark.parametrize("placement", ["bar", "back"])
def test_streaming_in_any_block_sizes_equals_batch(placement):
    s = simulate_session(120, placement, 100.0, link="ble")
    batch = _run(s, placement, 2.0).to_dict()
    rng = np.random.default_rng(0)
    an = StreamingAnalyzer(placement, 2.0)
    i = 0
    while i < len(s.t):
        n = int(rng.integers(1, 40))
        an.feed(s.t[i : i + n], s.acc[i : i + n], s.gyro[i : i + n])
        i += n
    an.finish()
    assert an.result().to_dict() == batch
    assert batch["reps"], "the session has reps"


def test_a_sensor_left_alone_or_carried_around_makes_no_reps():
    spec = SessionSpec.simple("dead_stop", 1, 1)
    s = simulate_session(130, "bar", 100.0, link="ble", spec=spec)
    quiet = s.t < s.truth.reps[0].start_s - 1.0
    assert analyze(s.t[quiet], s.acc[quiet], s.gyro[quiet], "bar").reps == ()


def test_replay_cli_json_matches_the_api(tmp_path):
    s = simulate_session(140, "bar", 100.0, link="ble")
    meta = dict(s.metadata)
    meta["target_pause_s"] = "2.0"
    p = tmp_path / "session.csv"
    write_recording(p, meta, s.t, s.acc, s.gyro)
    out = subprocess.run([sys.executable, "-m", "repsense", "replay", str(p), "--json"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["schema"] == "repsense.analysis/1" and d["placement"] == "bar"
    from imu.recording import read_recording

    from imu.arrival_times import retime_recording, retiming_period_s

    rec = read_recording(p)
    t = retime_recording(rec.t, rec.acc, rec.gyro, retiming_period_s(100.0))  # (the link's host stamps, retimed)
    assert d == analyze(t, rec.acc, rec.gyro, "bar", 2.0).to_dict()
    for r in d["reps"]:
        assert set(r) >= {"index", "set", "start_s", "lockout_s", "end_s", "pauses", "moving_concentric_s", "rom_m",
                          "mean_concentric_velocity_mps", "peak_velocity_mps", "flags", "scores"}
    table = subprocess.run([sys.executable, "-m", "repsense", "replay", str(p)], capture_output=True, text=True, cwd=ROOT)
    assert table.returncode == 0 and f"{len(d['reps'])} rep(s)" in table.stdout


def test_placement_comes_from_flag_then_metadata_else_clear_error(tmp_path):
    s = simulate_session(141, "back", 50.0, link="clean", spec=SessionSpec.simple("dead_stop", 2, 1))
    meta = {k: v for k, v in s.metadata.items() if k != "placement"}
    p = tmp_path / "no_placement.csv"
    write_recording(p, meta, s.t, s.acc, s.gyro)
    out = subprocess.run([sys.executable, "-m", "repsense", "replay", str(p)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 2 and "placement" in out.stderr and "Traceback" not in out.stderr
    ok = subprocess.run([sys.executable, "-m", "repsense", "replay", str(p), "--placement", "back", "--json"], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0 and json.loads(ok.stdout)["placement"] == "back"


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "recordings").glob("*.csv")))
def test_bundled_recordings_replay(name):
    out = subprocess.run([sys.executable, "-m", "repsense", "replay", str(ROOT / "recordings" / name), "--json"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    from imu.simulator import SessionTruth

    truth = SessionTruth.from_dict(json.loads((ROOT / "recordings" / name.replace(".csv", ".truth.json")).read_text()))
    sc = score_session(d, truth, placement=d["placement"])
    assert sc["rep_fp"] <= 1
    # touch-and-go over a lossy BLE link is a known weak spot (see README): a floor impact lost
    # on the link can hide a bottom turn, so two reps merge; 9 of 11 are found when written
    need = 0.75 if name.startswith("tng_") and "ble" in name else 0.9
    assert sc["rep_tp"] >= need * len(truth.reps), sc


@pytest.mark.parametrize("style", ["touch_and_go", "dead_stop"])
def test_bar_rep_reported_at_its_bottom_turn(style):
    """Fed as 50 ms notifications, a bar rep is reported within 0.3 s (data time) of its end: the
    bottom turn completes it, not the next rest (for touch-and-go, after the next lockout)."""
    spec = SessionSpec.simple(style, 5, 1)
    s = simulate_session(131, "bar", 100.0, link="clean", spec=spec)
    an, events = _stream(s, "bar")
    reps = [e for e in events if e.to_dict()["event"] == "rep"]
    assert len(reps) == len(s.truth.reps) == 5
    delays = [e.t_s - e.rep.end_s for e in reps]
    assert all(0.0 <= d <= 0.3 for d in delays), delays
    true_ends = [r.end_s for r in s.truth.reps]
    assert max(abs(e.rep.end_s - t) for e, t in zip(reps, true_ends)) < 0.15
    # and the batch path finds the same reps
    assert [r.__dict__ for r in an.result().reps] == [r.__dict__ for r in _run(s, "bar").reps]


def test_back_reps_are_reported_as_the_trunk_settles_at_the_bottom():
    """A back sensor's rep is complete when the trunk, carried by the gyroscope, is back in the
    bottom posture and has stopped turning: most rep events come within 0.3 s of data time of
    the rep's end, not after the stillness detector has seen the rest (0.4 s and more; before
    this, 3 % of back reps came within 0.3 s). Ten sessions over BLE, 50 ms notifications."""
    delays = []
    for seed in range(140, 150):
        s = simulate_session(seed, "back", 100.0, link="ble")
        _, events = _stream(s, "back")
        delays += [e.t_s - e.rep.end_s for e in events if e.to_dict()["event"] == "rep"]
    assert min(delays) >= 0.0
    assert np.mean(np.array(delays) <= 0.3) >= 0.7, delays


def test_back_pause_cues_come_in_holds_not_at_a_standing_lockout():
    """Live pause hints for a back sensor: a hold keeps the trunk inclined, while standing at
    lockout it has turned through most of the hinge. A rest turned 0.6 of the usual hinge or more
    from the set-up is no provisional pause, so the 3 s cue rings in holds, not while the lifter
    stands. The test sessions with holds of 3 s or more (BLE, 50 ms notifications): 18 cues in
    holds, and 11 outside them before this rule, 6 with it."""
    inside = outside = long_holds = 0
    for seed in (154, 158, 162, 164, 167, 169, 172, 174):
        s = simulate_session(seed, "back", 100.0, link="ble")
        _, events = _stream(s, "back", 3.0)
        holds = [p for r in s.truth.reps for p in r.pauses]
        long_holds += sum(p.end_s - p.start_s >= 3.0 for p in holds)
        for e in events:
            d = e.to_dict()
            if d["event"] == "pause_target":
                if any(p.start_s - 0.5 <= d["t_s"] <= p.end_s + 0.5 for p in holds):
                    inside += 1
                else:
                    outside += 1
    assert inside >= 0.9 * long_holds
    assert outside * 2.5 <= inside
