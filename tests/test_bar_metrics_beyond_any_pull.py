"""A bar rep whose integrated rise is beyond any pull's reports no bar metrics, not the rise the
level ran away to.

The bundled touch-and-go recording over BLE with a further 0.5 s of data lost in the second
rep's concentric (the link already lost 0.35 s at its bottom): that rep and the next merge into
one whose level ran away to a 1.84 m "rise" and whose mean concentric velocity came out
accordingly. No deadlift raises a bar a metre above the floor (settings.max_bar_rise_m): the rep
stands, its ROM, mean and peak velocity are unknown (null)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import AnalyzerSettings  # noqa: E402
from imu.recording import read_recording, write_recording  # noqa: E402
from repsense.replay import replay_file  # noqa: E402


def test_no_bar_rep_reports_a_rise_beyond_any_pull(tmp_path: Path) -> None:
    r = read_recording(ROOT / "recordings" / "tng_deadlift_bar_ble.csv")
    keep = ~((r.t >= 19.128) & (r.t < 19.628))
    lossy = tmp_path / "lossier.csv"
    write_recording(lossy, r.metadata, r.t[keep], r.acc[keep], r.gyro[keep])
    reps = replay_file(str(lossy)).reps
    limit = AnalyzerSettings().max_bar_rise_m
    assert all(x.rom_m is None or x.rom_m <= limit for x in reps)
    assert all((x.rom_m is None) == (x.mean_concentric_velocity_mps is None) == (x.peak_velocity_mps is None) for x in reps)
    merged = [x for x in reps if x.start_s < 19.2 < x.end_s]
    assert len(merged) == 1 and merged[0].rom_m is None
    # the reps around it keep their metrics
    assert sum(x.rom_m is not None for x in reps) == len(reps) - 1
