"""Replay speed and memory on a 1-hour 100 Hz recording versus pandas reading the same CSV.

    python benchmarks/bench_replay_speed.py [--minutes 60]

Writes a long simulated recording to a temporary directory, then times (a) pandas.read_csv of it
and (b) `repsense replay FILE --json` in a fresh process, and prints the ratio and the replay's
peak RSS (ru_maxrss of the child).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from imu.recording import write_recording  # noqa: E402
from imu.simulator import simulate_session  # noqa: E402


def make_long(path: Path, minutes: float) -> int:
    """Concatenate simulated 100 Hz sessions (clean link) until `minutes` of data."""
    ts, accs, gyros, t_off, seed = [], [], [], 0.0, 20000
    while t_off < minutes * 60:
        s = simulate_session(seed, "bar", 100.0, link="clean")
        ts.append(s.t - s.t[0] + t_off)
        accs.append(s.acc)
        gyros.append(s.gyro)
        t_off = ts[-1][-1] + 0.01
        seed += 1
    t = np.concatenate(ts)
    keep = t < minutes * 60
    write_recording(path, {"placement": "bar", "rate_hz": "100", "synthetic": "true"}, t[keep], np.vstack(accs)[keep], np.vstack(gyros)[keep])
    return int(keep.sum())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=60.0)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "long.csv"
        n = make_long(path, a.minutes)
        size = path.stat().st_size / 1e6
        code_pd = "import pandas as pd, sys; df = pd.read_csv(sys.argv[1], comment='#'); print(len(df))"

        def timed(cmd: list[str]) -> float:
            """Median wall time of 3 runs of a command, s."""
            runs = []
            for _ in range(3):
                t0 = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True)
                runs.append(time.perf_counter() - t0)
            return float(np.median(runs))

        t_pd = timed([sys.executable, "-c", code_pd, str(path)])
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import pandas"], check=True)
        t_import = time.perf_counter() - t0
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        r = subprocess.run([sys.executable, "-m", "repsense", "replay", str(path), "--json"], capture_output=True, text=True)
        if r.returncode != 0:
            print(r.stderr)
            return 1
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        t_rp = timed([sys.executable, "-m", "repsense", "replay", str(path), "--json"])
    print(f"recording: {n} samples, {a.minutes:.0f} min at 100 Hz, {size:.1f} MB")
    print(f"pandas.read_csv (fresh process, median of 3): {t_pd:.2f} s   (of which interpreter + pandas import {t_import:.2f} s)")
    print(f"repsense replay --json (fresh process, median of 3): {t_rp:.2f} s   ratio {t_rp / t_pd:.2f}x")
    print(f"peak RSS of the largest child process: {peak_mb:.0f} MB (before replay: {before / 1024:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
