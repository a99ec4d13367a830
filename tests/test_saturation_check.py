"""Readings held at the end of a narrow range (analysis.saturation_check): a recording from a
sensor left at +-2 g / +-250 deg/s is told apart from a full-range one by its flat tops, and the
user is told (replay: stderr, naming the file; live: the summary's warnings), the analysis going
on either way."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import StreamingAnalyzer  # noqa: E402
from analysis.saturation_check import SaturationCheck  # noqa: E402
from imu.recording import read_recording, write_recording  # noqa: E402
from imu.simulator import simulate_session  # noqa: E402
from imu.stream_types import SampleBlock  # noqa: E402
from repsense.cli import main  # noqa: E402
from repsense.live_session import LiveSession  # noqa: E402

REC = ROOT / "recordings"


def _verdict(acc: np.ndarray, gyro: np.ndarray, block: int = 700):
    c = SaturationCheck()
    for i in range(0, acc.shape[0], block):
        c.feed(np.zeros(acc[i : i + block].shape[0]), acc[i : i + block], gyro[i : i + block])
    return c.verdict()


@pytest.mark.parametrize("name", sorted(p.name for p in REC.glob("*.csv")))
def test_the_bundled_recordings_do_not_clip(name: str) -> None:
    r = read_recording(REC / name)
    v = _verdict(r.acc, r.gyro)
    assert v.message() == ""
    assert v.acc_clip_g is None and v.gyro_clip_dps is None


def test_a_narrow_range_is_found_and_named_per_sensor() -> None:
    s = simulate_session(4, "bar", 100.0, link="clean")  # landings of 4 g, a bar rolled at 312 deg/s
    assert _verdict(s.acc, s.gyro).message() == ""
    v = _verdict(np.clip(s.acc, -2.0, 2.0), np.clip(s.gyro, -250.0, 250.0))
    assert v.acc_clip_g == pytest.approx(2.0) and v.acc_held_samples >= 5
    assert v.gyro_clip_dps == pytest.approx(250.0) and v.gyro_held_samples >= 5
    msg = v.message()
    assert "+-2.0 g" in msg and "+-250 deg/s" in msg and "set it to +-4 g" in msg
    # only the accelerometer clipped: only it is named
    only_acc = _verdict(np.clip(s.acc, -2.0, 2.0), s.gyro)
    assert only_acc.gyro_clip_dps is None and "gyroscope" not in only_acc.message()
    # impacts clipped at +-4 g are found but no warning: the analysis uses no impact's velocity,
    # and a bar's pull or a trunk's jolt stays within +-4 g; nor a gyroscope clipped at +-500 deg/s
    at_4g = _verdict(np.clip(s.acc * 1.5, -4.0, 4.0), np.clip(s.gyro * 2.0, -500.0, 500.0))
    assert at_4g.acc_clip_g == pytest.approx(4.0) and at_4g.gyro_clip_dps == pytest.approx(500.0)
    assert at_4g.message() == ""


def test_a_still_coarse_sensor_repeating_its_reading_is_no_range() -> None:
    # a 12-bit part at +-16 g lying still: z reads one of a few levels near 1 g, thousands of times
    rng = np.random.default_rng(0)
    lsb = 32.0 / 4096
    acc = np.round((np.array([0.0, 0.0, 1.0]) + rng.normal(0, 0.003, (5000, 3))) / lsb) * lsb
    assert _verdict(acc, rng.normal(0, 0.2, (5000, 3))).acc_clip_g is None


def test_replay_warns_on_stderr_naming_the_file_and_still_analyses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = read_recording(REC / "pause_deadlift_bar_100hz.csv")
    clipped = tmp_path / "narrow.csv"
    write_recording(clipped, r.metadata, r.t, np.clip(r.acc, -2.0, 2.0), r.gyro)
    assert main(["replay", str(clipped)]) == 0
    cap = capsys.readouterr()
    assert f"{clipped}: warning: the accelerometer's readings stop at +-2.0 g" in cap.err
    assert "7 rep(s)" in cap.out


def test_a_live_session_says_so_in_its_summary() -> None:
    s = simulate_session(4, "bar", 100.0, link="clean")
    acc = np.clip(s.acc, -2.0, 2.0)
    live = LiveSession(StreamingAnalyzer("bar"))
    first_clip = float(s.t[np.flatnonzero((np.abs(acc) >= 2.0).any(axis=1))[0]])
    said_at = None
    for i in range(0, len(s.t), 5):
        live.process(SampleBlock(s.t[i : i + 5], acc[i : i + 5], s.gyro[i : i + 5]))
        if said_at is None and live.range_warning is not None:
            said_at = float(s.t[min(i + 4, len(s.t) - 1)])
    # said as it goes (the views show it), once a few samples have been held at the range
    assert said_at is not None and first_clip <= said_at < s.t[-1] / 2
    assert "+-2.0 g" in live.range_warning
    summary = live.close()
    assert any("readings stop at +-2.0 g" in w for w in summary.warnings)
    assert len(summary.result.reps) == len(s.truth.reps)
