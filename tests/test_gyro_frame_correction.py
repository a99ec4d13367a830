"""A gyroscope whose axes a driver mirrored (the Arduino BMI270 library on a Nano 33 BLE Sense
Rev2 remaps x = -y, y = -x for both sensors: the rate then turns the wrong way about every axis)
is found from the few degrees a bar sensor turns between rests, and the recording is analysed
with the rate read the way that agrees: in replay (a warning says so; --gyro-as-recorded opts
out) and in a live demo of the file. A bar sensor in a collar turns with the sleeve, which spins
on its bearing through every pull; read mirrored, that spin tilts the estimated vertical and
the reps are lost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.gyro_frame_check import MIN_TURNS, QS_MIN_TURN_DEG, GyroFrameCheck  # noqa: E402
from imu.recording import write_recording  # noqa: E402
from imu.simulator import random_session_spec, simulate_session  # noqa: E402
from repsense.cli import main  # noqa: E402

MIRRORED = "(-gx, -gy, -gz) about the accelerometer's x, y, z axes"


@pytest.fixture(scope="module")
def collar_files(tmp_path_factory) -> tuple[Path, Path, int]:
    """A simulated bar session with the sensor in a collar (100 Hz, clean link): the recording as
    the sensor frame is, and the same with the rate mirrored; and how many reps were done."""
    d = tmp_path_factory.mktemp("collar")
    spec = random_session_spec(30006, "bar").with_(collar=True)
    s = simulate_session(30006, "bar", 100.0, link="clean", spec=spec)
    good, mirrored = d / "collar.csv", d / "collar_mirrored.csv"
    write_recording(good, s.metadata, s.t, s.acc, s.gyro)
    write_recording(mirrored, s.metadata, s.t, s.acc, -s.gyro)
    return good, mirrored, len(s.truth.reps)


def _replay_json(path: Path, capsys: pytest.CaptureFixture[str], *flags: str) -> tuple[dict, str]:
    assert main(["replay", str(path), "--json", *flags]) == 0
    cap = capsys.readouterr()
    return json.loads(cap.out), cap.err


def test_the_sleeve_spin_of_a_collar_sensor_reaches_the_gyroscope(collar_files) -> None:
    from imu.recording import read_recording

    good, _, _ = collar_files
    r = read_recording(good)
    # (tens of deg/s through the pulls, where a sensor on the shaft reads a few)
    assert np.percentile(np.abs(r.gyro).max(axis=1), 99) > 20.0


def test_a_mirrored_rate_is_found_from_a_bar_sensors_small_turns(collar_files) -> None:
    from imu.recording import read_recording

    good, mirrored, _ = collar_files
    verdicts = []
    for path in (good, mirrored):
        r = read_recording(path)
        c = GyroFrameCheck()
        for i in range(0, len(r.t), 50):
            c.feed(r.t[i : i + 50], r.acc[i : i + 50], r.gyro[i : i + 50])
        verdicts.append(c.verdict())
    ok, bad = verdicts
    assert ok.status == "agrees" and ok.message() == ""
    assert bad.status == "disagrees" and bad.n_turns >= MIN_TURNS
    # (the turns a bar makes are small: between rests, and while it is held still at the top
    # and its sleeve rocks; the check must not need a back's hinge)
    assert QS_MIN_TURN_DEG <= bad.turn_deg < 15.0
    assert bad.best is not None and bad.best.describe() == MIRRORED
    assert MIRRORED in bad.message()
    # the same verdict from the whole file at once (a replay's reader block) and sample by sample
    r = read_recording(mirrored)
    whole, one = GyroFrameCheck(), GyroFrameCheck()
    whole.feed(r.t, r.acc, r.gyro)
    for i in range(0, 3000):
        one.feed(r.t[i : i + 1], r.acc[i : i + 1], r.gyro[i : i + 1])
    one.feed(r.t[3000:], r.acc[3000:], r.gyro[3000:])
    assert (whole.verdict().status, whole.verdict().n_turns) == (bad.status, bad.n_turns) == (one.verdict().status, one.verdict().n_turns)
    assert whole.verdict().recorded_error_deg == pytest.approx(bad.recorded_error_deg, abs=1e-9)


def test_replay_analyses_a_mirrored_rate_read_the_way_that_agrees(collar_files, capsys) -> None:
    good, mirrored, n_true = collar_files
    as_sensor, err = _replay_json(good, capsys)
    assert "warning" not in err
    corrected, err = _replay_json(mirrored, capsys)
    assert "does not agree with the accelerometer" in err and f"analysed with the rate read as {MIRRORED}" in err
    # read back the right way, the rate is the sensor's to the bit: the same analysis
    assert corrected == as_sensor
    assert len(as_sensor["reps"]) >= n_true - 1
    # as recorded (opted out), the spin read backwards tilts the vertical: reps are lost
    raw, err = _replay_json(mirrored, capsys, "--gyro-as-recorded")
    assert "does not agree" in err and "analysed with the rate read as" not in err
    assert len(raw["reps"]) <= len(as_sensor["reps"]) - 2


def test_several_files_are_each_corrected_and_marked(collar_files, capsys) -> None:
    good, mirrored, _ = collar_files
    assert main(["replay", str(good), str(mirrored), "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines[0]["analysis"] == lines[1]["analysis"]


def test_a_live_demo_of_a_mirrored_recording_reports_the_corrected_replays_reps(collar_files, capsys) -> None:
    good, mirrored, _ = collar_files
    replayed, _ = _replay_json(mirrored, capsys)
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.run(
        [sys.executable, "-m", "repsense", "live", "--demo", str(mirrored), "--jsonl", "--speed", "1000", "--no-sound",
         "--no-record"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    assert "the demo analyses the rate read as (-gx, -gy, -gz)" in proc.stderr
    reps = [json.loads(x)["rep"] for x in proc.stdout.splitlines() if json.loads(x)["event"] == "rep"]
    assert len(reps) == len(replayed["reps"])
    for ev, r in zip(reps, replayed["reps"]):
        assert abs(ev["start_s"] - r["start_s"]) <= 0.021 and abs(ev["end_s"] - r["end_s"]) <= 0.021


def test_a_live_session_reads_a_mirrored_rate_back_once_it_is_found(collar_files, capsys) -> None:
    from analysis import StreamingAnalyzer
    from imu.recording import read_recording
    from imu.stream_types import SampleBlock
    from repsense.live_session import LiveSession

    good, mirrored, _ = collar_files
    replayed, _ = _replay_json(good, capsys)
    raw, _ = _replay_json(mirrored, capsys, "--gyro-as-recorded")
    r = read_recording(mirrored)
    s = LiveSession(StreamingAnalyzer("bar"))
    for i in range(0, len(r.t), 5):  # 50 ms notifications at 100 Hz
        s.process(SampleBlock(r.t[i : i + 5], r.acc[i : i + 5], r.gyro[i : i + 5]))
    summary = s.close()
    assert s.gyro_reading is not None and s.gyro_reading.describe() == MIRRORED
    assert "analysing it read as (-gx, -gy, -gz)" in s.sensor_warning
    t_from = float(s.sensor_warning.rsplit("from t=", 1)[1].split(" s on")[0])
    assert t_from < r.t[-1] / 2  # (found in the first half of the session)
    live = [e.rep for e in s.events if type(e).__name__ == "RepCompleted"]
    assert len(live) > len(raw["reps"])
    # every rep the corrected replay finds after the switch (and a few seconds to settle) is
    # found live too
    later = [x for x in replayed["reps"] if x["start_s"] > t_from + 10.0]
    assert later
    for x in later:
        assert min(abs(y.start_s - x["start_s"]) for y in live) <= 0.3
    assert any("(-gx, -gy, -gz)" in w for w in summary.warnings)
