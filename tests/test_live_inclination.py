"""Live status: a back sensor's trunk inclination from its last lockout posture (the live view
shows it where a bar sensor shows the bar's velocity)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import StreamingAnalyzer, analyze  # noqa: E402
from analysis.batch import in_blocks  # noqa: E402
from imu.recording import read_recording  # noqa: E402


def _statuses(name: str, placement: str):
    rec = read_recording(ROOT / "recordings" / name)
    an = StreamingAnalyzer(placement, None)
    out = []
    for t, a, g in in_blocks(rec.t, rec.acc, rec.gyro, 5):  # 50 ms notifications at 100 Hz
        an.feed(t, a, g)
        out.append((float(t[-1]), an.status.inclination_deg))
    an.finish()
    return rec, an.result(), out


def test_back_inclination_is_near_zero_at_lockouts_and_bent_over_at_the_next_set_up() -> None:
    rec, res, st = _statuses("deadlift_back_100hz.csv", "back")
    t = np.array([x for x, _ in st])
    deg = [d for _, d in st]
    first_rep_event = res.reps[0].end_s  # nothing to measure from before the first rep
    assert all(d is None for x, d in st if x < res.reps[0].lockout_s)
    assert all(d is not None for x, d in st if x > first_rep_event + 0.5)
    at = lambda x: deg[int(np.argmin(np.abs(t - x)))]  # noqa: E731
    # standing at each later rep's lockout: near the last lockout's posture
    assert all(at(r.lockout_s + 0.1) < 10.0 for r in res.reps[1:])
    # bent over in the second set's set-up, just before its first pull
    second = next(r for r in res.reps if r.set == 2)
    assert at(second.start_s - 0.3) > 40.0
    # the same reps as the batch path, status asked for or not
    assert res.to_dict() == analyze(rec.t, rec.acc, rec.gyro, "back").to_dict()


def test_a_bar_sensor_has_no_trunk_inclination() -> None:
    _, _, st = _statuses("pause_deadlift_bar_100hz.csv", "bar")
    assert all(d is None for _, d in st)


def test_the_rich_view_shows_a_back_sensors_trunk_inclination_where_a_bar_shows_velocity(tmp_path) -> None:
    import io

    from rich.console import Console

    from analysis.streaming import LiveStatus
    from repsense.live_view import RichView

    def text(view: RichView) -> str:
        buf = io.StringIO()
        Console(file=buf, width=100, force_terminal=False, color_system=None).print(view.render())
        return buf.getvalue()

    back = RichView(Console(file=io.StringIO(), force_terminal=True), placement="back", target_pause_s=None,
                    recording=tmp_path / "r.csv", source="test")
    back.status = LiveStatus(t_s=5.0, phase="idle", rep_count=2, set_count=1, velocity_mps=0.0, hold_s=None,
                             target_pause_s=None, inclination_deg=63.4)
    txt = text(back)
    assert "Trunk from lockout" in txt and "63 deg" in txt and "Bar velocity" not in txt
    bar = RichView(Console(file=io.StringIO(), force_terminal=True), placement="bar", target_pause_s=None,
                   recording=tmp_path / "r.csv", source="test")
    bar.status = LiveStatus(t_s=5.0, phase="concentric", rep_count=2, set_count=1, velocity_mps=0.41, hold_s=None,
                            target_pause_s=None)
    txt = text(bar)
    assert "Bar velocity" in txt and "+0.41 m/s" in txt and "Trunk" not in txt
