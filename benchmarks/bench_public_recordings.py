"""Rep counts on public recordings of a real barbell sensor (not bundled: they carry no licence).

    git clone https://github.com/suzanmanasreh/wireless-imu-activity-tracking /tmp/wit
    python benchmarks/bench_public_recordings.py /tmp/wit

The repository (a student project; read at commit 81f21d2) holds sets recorded with an Adafruit
Feather nRF52840 Sense (LSM6DS33 at 104 Hz, +-4 g) clipped to the middle of a barbell and
streamed over BLE UART: ``data2/dead/*_reps10_*.csv`` (deadlifts) and ``data2/rdl/*`` (Romanian
deadlifts), 10 reps each as their names say. A row is ``node, device ms, ax, ay, az (m/s^2),
gx, gy, gz (rad/s), mx, my, mz (uT)``: the link delivers 12-52 distinct readings/s, each row
repeated up to 3 times, with gaps of 0.1-0.7 s (one of 120 s). The lifters hold the bar the
whole set: picked up before it starts, lowered slowly (2-3 s) and pulled fast touch-and-go
(peak speed about 1.5-2 m/s), never set down. The gyroscope reads 7-10 deg/s when still.

Each file is converted to repsense's units (g, deg/s, s from the first row) and analysed as a
bar recording, as `repsense replay` analyses a recording of it without a rate in its metadata;
the script prints the reps found against the 10 done. There is no other ground
truth (no video, no rep times).

Live: the same data fed to the streaming analyzer as `repsense live` feeds it, in 50 ms blocks,
gives a `rep` event for each rep as the set goes; the script prints how many, how long after
the rep's end (data time, the median and the longest), and how many of them are reps the replay
found (its start within 0.3 s of one's).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import analyze  # noqa: E402
from analysis.batch import stream_events  # noqa: E402
from analysis.streaming import StreamingAnalyzer  # noqa: E402
from imu.arrival_times import retime_recording, retiming_period_s  # noqa: E402

G = 9.80665


def load(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(t s, acc g, gyro deg/s) of one file; rows whose time does not increase are dropped."""
    d = np.loadtxt(path, delimiter=",", ndmin=2)
    t = d[:, 1] / 1000.0
    keep = np.concatenate(([True], np.diff(t) > 0))
    d, t = d[keep], t[keep]
    return t - t[0], d[:, 2:5] / G, np.degrees(d[:, 5:8])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("repo", type=Path, help="a clone of suzanmanasreh/wireless-imu-activity-tracking")
    a = ap.parse_args()
    files = sorted((a.repo / "data2" / "dead").glob("*.csv")) + sorted((a.repo / "data2" / "rdl").glob("*.csv"))
    if not files:
        print(f"{a.repo}: no data2/dead or data2/rdl CSV files", file=sys.stderr)
        return 2
    exact = {"dead": [0, 0], "rdl": [0, 0]}
    print(f"{'file':34s} {'s':>6s} {'rows':>5s} {'readings/s':>10s} {'max gap s':>9s} {'reps':>4s}  "
          f"live: {'events':>6s} {'delay p50':>9s} {'max':>5s} {'replay reps':>11s}")
    delays: list[float] = []
    n_events = n_same = 0
    for f in files:
        t, acc, gyro = load(f)
        distinct = np.concatenate(([True], np.any(np.diff(np.c_[acc, gyro], axis=0) != 0, axis=1)))
        gap = float(np.diff(t[distinct]).max()) if distinct.sum() > 1 else 0.0
        # (as `repsense replay` would: a file without a rate is retimed by its own steps)
        tr = retime_recording(t, acc, gyro, retiming_period_s(None, t))
        reps = analyze(tr, acc, gyro, "bar", None).reps
        n = len(reps)
        kind = "rdl" if f.parent.name == "rdl" else "dead"
        exact[kind][0] += n == 10
        exact[kind][1] += 1
        # (one notification per 50 ms of data time; until the eighteenth session of 2026-12-07 as
        # many readings as the file's mean rate gives in 50 ms, which its gaps stretched)
        ev = [e for e in stream_events(StreamingAnalyzer("bar"), tr, acc, gyro, period_s=0.05) if e.to_dict()["event"] == "rep"]
        d = [e.t_s - e.rep.end_s for e in ev]
        same = sum(any(abs(r.start_s - e.rep.start_s) < 0.3 for r in reps) for e in ev)
        delays += d
        n_events += len(ev)
        n_same += same
        print(f"{f.name:34s} {t[-1]:6.1f} {len(t):5d} {distinct.sum() / t[-1]:10.0f} {gap:9.2f} {n:4d}        "
              f"{len(ev):6d} {np.median(d) if d else float('nan'):9.1f} {max(d) if d else float('nan'):5.1f} {same:11d}")
    for kind, (ok, tot) in exact.items():
        print(f"{kind}: {ok} of {tot} sets counted exactly")
    dd = np.array(delays)
    print(f"live: {n_events} rep events, {n_same} of them reps the replay found; delay after the rep's end: "
          f"median {np.median(dd):.2f} s, 90th percentile {np.percentile(dd, 90):.2f} s, {np.mean(dd <= 0.3):.0%} within 0.3 s, "
          f"{np.mean(dd <= 1.5):.0%} within 1.5 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
