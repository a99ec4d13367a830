"""Replay of a recording stamped on arrival at the host: the bursts are retimed before analysis.

A touch-and-go set over a BLE link whose recorder stamped arrival times (altsim seed 3036 at
50 Hz): a 0.23 s stall at one bounce and three samples at a time elsewhere. With the stamps as
they are, the descent's braking, squeezed in time, looked like the floor's impact, the bottom was
taken 0.17 s early, and the impact after it integrated as the next pull's speed: two reps went
by as one. Retimed from the recording's ``rate_hz``, all five are found.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from altsim import simulate_session  # noqa: E402
from altsim.recording import write_session  # noqa: E402

from analysis import analyze  # noqa: E402
from imu.arrival_times import retime_recording, retiming_period_s  # noqa: E402
from imu.recording import read_recording  # noqa: E402
from repsense.replay import UsageError, replay_file, resolve_rate  # noqa: E402


def test_a_host_stamped_touch_and_go_set_is_counted_rep_for_rep(tmp_path: Path) -> None:
    s = simulate_session(3036, "bar", 50.0, "ble")
    assert s.summary["link"]["stamping"] == "host"
    csv, _ = write_session(s, tmp_path / "host.csv")
    res = replay_file(str(csv))
    true = s.truth.reps
    assert len(res.reps) == len(true) == 5
    for r, q in zip(res.reps, true):
        assert abs(r.start_s - q.start_s) < 0.15 and abs(r.end_s - q.end_s) < 0.25
    # the replay is the analysis of the retimed arrays (what the benchmarks score)
    rec = read_recording(csv)
    again = analyze(retime_recording(rec.t, rec.acc, rec.gyro, retiming_period_s(50.0)), rec.acc, rec.gyro, "bar", None)
    assert again.to_dict() == res.to_dict()


def test_a_sensor_clock_recording_replays_as_its_arrays_do(tmp_path: Path) -> None:
    s = simulate_session(3036, "bar", 50.0, "clean")
    csv, _ = write_session(s, tmp_path / "clean.csv")
    rec = read_recording(csv)
    assert replay_file(str(csv)).to_dict() == analyze(rec.t, rec.acc, rec.gyro, "bar", None).to_dict()


def test_the_rate_from_the_metadata(tmp_path: Path) -> None:
    assert resolve_rate({"rate_hz": "100"}, "f.csv") == 100.0
    assert resolve_rate({"rate_hz": " 50 Hz"}, "f.csv") == 50.0
    assert resolve_rate({}, "f.csv") is None
    for bad in ("fast", "0", "-5", "nan"):
        try:
            resolve_rate({"rate_hz": bad}, "f.csv")
        except UsageError as e:
            assert "f.csv" in str(e) and "rate_hz" in str(e)
        else:
            raise AssertionError(f"rate_hz {bad!r} accepted")


def test_without_a_rate_in_the_metadata_the_period_comes_from_the_steps(tmp_path: Path) -> None:
    s = simulate_session(3036, "bar", 50.0, "ble")
    csv, _ = write_session(s, tmp_path / "host.csv")
    lines = csv.read_text().splitlines(keepends=True)
    bare = tmp_path / "no_rate.csv"
    bare.write_text("".join(x for x in lines if not x.startswith("# rate_hz")))
    assert "rate_hz" not in bare.read_text()
    # (a notification's samples are a period apart: the steps show the 20 ms)
    assert abs(retiming_period_s(None, s.t) - retiming_period_s(50.0)) < 1e-6
    assert replay_file(str(bare)).to_dict()["reps"] == replay_file(str(csv)).to_dict()["reps"]
    assert len(replay_file(str(bare)).reps) == 5
