"""The gyroscope checked against the accelerometer (analysis.gyro_frame_check): a recording in
rad/s, or with the rate's axes reversed or swapped, is told apart from a good one by physics
(the rotation between two rests must carry one rest's gravity direction onto the next's), in
replay and live."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.gyro_frame_check import MIN_TURNS, GyroFrameCheck  # noqa: E402
from imu.recording import read_recording, write_recording  # noqa: E402
from imu.stream_types import SampleBlock  # noqa: E402
from repsense.cli import main  # noqa: E402
from repsense.live_session import LiveSession  # noqa: E402
from analysis import StreamingAnalyzer  # noqa: E402

REC = ROOT / "recordings"
BACK = REC / "pause_deadlift_back_50hz_ble.csv"


def _verdict(t: np.ndarray, acc: np.ndarray, gyro: np.ndarray, block: int = 512):
    c = GyroFrameCheck()
    for i in range(0, len(t), block):
        c.feed(t[i : i + block], acc[i : i + block], gyro[i : i + block])
    return c.verdict(), c


@pytest.mark.parametrize("name", ["deadlift_back_100hz.csv", "pause_deadlift_back_50hz_ble.csv", "pause_deadlift_bar_100hz.csv"])
def test_the_bundled_recordings_agree(name: str) -> None:
    r = read_recording(REC / name)
    v, _ = _verdict(r.t, r.acc, r.gyro)
    assert v.status == "agrees" and v.n_turns >= MIN_TURNS and v.recorded_error_deg < 5.0
    assert v.message() == ""


@pytest.mark.parametrize("transform,expect", [
    (lambda g: np.radians(g), "in rad/s, not deg/s"),
    (lambda g: g * [1, 1, -1], "(gx, gy, -gz) about the accelerometer's x, y, z axes"),
    (lambda g: g[:, [1, 0, 2]], "(gy, gx, gz) about the accelerometer's x, y, z axes"),
    (lambda g: -g, "(-gx, -gy, -gz) about the accelerometer's x, y, z axes"),
])
def test_a_rate_in_rad_s_or_in_another_frame_is_found_and_named(transform, expect) -> None:
    r = read_recording(BACK)
    v, _ = _verdict(r.t, r.acc, transform(r.gyro))
    assert v.status == "disagrees"
    assert v.recorded_error_deg > 30.0 and v.best_error_deg < 5.0
    assert v.best.describe() == expect
    assert expect in v.message()


def test_a_scale_error_of_a_cheap_part_is_no_disagreement_and_few_turns_say_nothing() -> None:
    r = read_recording(BACK)
    assert _verdict(r.t, r.acc, r.gyro * 1.1)[0].status == "agrees"
    # the session's first turns only: not enough to judge, whatever the rate says
    first = r.t < r.t[0] + 20.0
    v, c = _verdict(r.t[first], r.acc[first], np.radians(r.gyro[first]))
    assert len(c.turns) < MIN_TURNS and v.status == "undetermined" and v.message() == ""


def test_the_same_verdict_whatever_the_blocks_and_memory_stays_small() -> None:
    r = read_recording(BACK)
    g = r.gyro * [1, 1, -1]
    (a, ca), (b, cb) = _verdict(r.t, r.acc, g, block=7), _verdict(r.t, r.acc, g, block=5000)
    assert (a.status, a.n_turns) == (b.status, b.n_turns)
    assert a.recorded_error_deg == pytest.approx(b.recorded_error_deg, abs=1e-9)
    # a long session at rest (no turn): the check keeps seconds of samples, not the session
    n = 200 * 600
    c = GyroFrameCheck()
    t = np.arange(n) / 200.0
    acc = np.tile([0.0, 0.0, 1.0], (n, 1)) + np.random.default_rng(0).normal(0, 0.002, (n, 3))
    for i in range(0, n, 10):
        c.feed(t[i : i + 10], acc[i : i + 10], np.zeros((len(t[i : i + 10]), 3)))
    assert c._t.shape[0] < 200 * 10


def test_replay_warns_on_stderr_naming_the_file_and_still_analyses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = read_recording(BACK)
    bad = tmp_path / "radians.csv"
    write_recording(bad, r.metadata, r.t, r.acc, np.radians(r.gyro))
    assert main(["replay", str(bad)]) == 0
    cap = capsys.readouterr()
    assert f"{bad}: warning: the gyroscope does not agree with the accelerometer" in cap.err
    assert "in rad/s, not deg/s" in cap.err and "set rep" in cap.out
    assert main(["replay", str(BACK)]) == 0
    assert "warning" not in capsys.readouterr().err
    # a folder of recordings: the summary line marks the file too
    assert main(["replay", str(BACK), str(bad)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(ln.endswith(f"{bad}  (WARNING: gyroscope disagrees with accelerometer)") for ln in lines)
    assert any(ln.endswith(str(BACK)) for ln in lines)


def _live(gyro_transform) -> LiveSession:
    r = read_recording(BACK)
    s = LiveSession(StreamingAnalyzer("back", 3.0))
    g = gyro_transform(r.gyro)
    for i in range(0, len(r.t), 5):  # 0.1 s notifications at 50 Hz
        s.process(SampleBlock(r.t[i : i + 5], r.acc[i : i + 5], g[i : i + 5]))
    return s


def test_a_live_session_says_so_as_it_goes_and_in_its_summary() -> None:
    s = _live(lambda g: g * [1, 1, -1])
    assert s.sensor_warning is not None and "does not agree" in s.sensor_warning
    summary = s.close()
    assert len(summary.warnings) == 1 and "(gx, gy, -gz)" in summary.warnings[0]
    good = _live(lambda g: g)
    assert good.sensor_warning is None and good.close().warnings == []


def test_every_readings_errors_at_once_are_each_readings_own() -> None:
    from analysis.gyro_frame_check import READINGS, _turn_error_deg, _turn_errors_all_deg

    r = read_recording(BACK)
    _, c = _verdict(r.t, r.acc, r.gyro[:, [1, 0, 2]])
    assert len(c.turns) >= MIN_TURNS
    for tr in c.turns + c.qs_turns:
        one_by_one = np.array([_turn_error_deg(tr, x) for x in READINGS])
        assert np.allclose(_turn_errors_all_deg(tr), one_by_one, rtol=0.0, atol=1e-8)
