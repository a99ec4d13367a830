"""Replay speed and memory on a 1-hour 100 Hz recording versus pandas reading the same CSV.

    python benchmarks/bench_replay_speed.py [--minutes 60]

Writes a long simulated recording (one continuous session, one sensor) to a temporary directory, then times (a) pandas.read_csv of it
and (b) `repsense replay FILE --json` in a fresh process, and prints the ratio, the replay's
peak RSS (ru_maxrss, measured by a fresh parent of the replay alone) and, from one more fresh process, where its time goes (imports,
reading, analysis). Both programs run from compiled bytecode, as installed programs do.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from imu.recording import write_recording  # noqa: E402
from imu.simulator import simulate_long_session  # noqa: E402


def make_long(path: Path, minutes: float) -> tuple[int, int]:
    """One continuous simulated session of ``minutes`` at 100 Hz (clean link), one sensor all the
    way (sets with rests and between-set activity in between). Returns (samples, true reps).

    (Until the sixth session of 2026-12-05 the hour was eleven short sessions laid end to end:
    each had its own simulated sensor, so the gyroscope offset jumped by 10-20 deg/s per axis at
    every joint, which no sensor does, and the analysis at that session's start found 64 of its 117 reps.)"""
    s = simulate_long_session(20000, minutes * 60.0, "bar", 100.0, link="clean")
    write_recording(path, {"placement": "bar", "rate_hz": "100", "synthetic": "true"}, s.t, s.acc, s.gyro)
    return len(s.t), len(s.truth.reps)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=60.0)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "long.csv"
        n, n_true = make_long(path, a.minutes)
        size = path.stat().st_size / 1e6
        code_pd = "import pandas as pd, sys; df = pd.read_csv(sys.argv[1], comment='#'); print(len(df))"

        # both programs run as installed ones do: from compiled bytecode (pip writes it at
        # install; this checkout may run with PYTHONDONTWRITEBYTECODE, which would make every
        # replay compile repsense's sources again), cached here by a first, untimed run
        env_run = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env_run["PYTHONPYCACHEPREFIX"] = str(Path(d) / "pycache")

        def timed(cmd: list[str]) -> float:
            """Median wall time of 3 runs of a command after an untimed one, s."""
            subprocess.run(cmd, check=True, capture_output=True, env=env_run)
            runs = []
            for _ in range(3):
                t0 = time.perf_counter()
                subprocess.run(cmd, check=True, capture_output=True, env=env_run)
                runs.append(time.perf_counter() - t0)
            return float(np.median(runs))

        t_pd = timed([sys.executable, "-c", code_pd, str(path)])
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import pandas"], check=True, env=env_run)
        t_import = time.perf_counter() - t0
        # the replay's own peak RSS: measured by a fresh parent whose only child it is (this
        # process has run pandas and the simulation, whose peaks ru_maxrss would report)
        r = subprocess.run([sys.executable, "-c", _PEAK, sys.executable, "-m", "repsense", "replay", str(path), "--json"],
                           capture_output=True, text=True, env=env_run)
        if r.returncode != 0:
            print(r.stderr)
            return 1
        out, _, peak_line = r.stdout.rstrip("\n").rpartition("\n")
        n_found = len(json.loads(out)["reps"])
        peak_mb = int(peak_line) / 1024
        pd_peak = subprocess.run([sys.executable, "-c", _PEAK, sys.executable, "-c", code_pd, str(path)],
                                 check=True, capture_output=True, text=True, env=env_run)
        pd_peak_mb = int(pd_peak.stdout.rstrip("\n").rpartition("\n")[2]) / 1024
        t_rp = timed([sys.executable, "-m", "repsense", "replay", str(path), "--json"])
        env = dict(env_run, PYTHONPATH=str(ROOT))
        stages = subprocess.run([sys.executable, "-c", _STAGES, str(path)], check=True, capture_output=True, text=True, env=env)
    print(f"recording: {n} samples, {a.minutes:.0f} min at 100 Hz, {size:.1f} MB; the replay found {n_found} of its {n_true} reps")
    print(f"pandas.read_csv (fresh process, median of 3): {t_pd:.2f} s   (of which interpreter + pandas import {t_import:.2f} s)")
    print(f"repsense replay --json (fresh process, median of 3): {t_rp:.2f} s   ratio {t_rp / t_pd:.2f}x")
    print(f"peak RSS of the replay (the larger of its process and its reader's): {peak_mb:.0f} MB; of pandas.read_csv: {pd_peak_mb:.0f} MB")
    print(f"inside one replay process: {stages.stdout.strip()}")
    return 0


# runs a command and prints, after its output, its peak RSS (KiB; of it and the children it waited for)
_PEAK = """
import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)
sys.stdout.write(r.stdout.decode())
print()
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(r.returncode)
"""


# where a replay's time goes: imports, reading the CSV alone, the analysis alone, and the two
# together as the replay runs them (the file parsed in a second process while the analysis runs)
_STAGES = '''
import sys, time
t0 = time.perf_counter()
from imu.recording import read_recording
from analysis import analyze
from repsense.replay import replay_file
t1 = time.perf_counter()
rec = read_recording(sys.argv[1])
t2 = time.perf_counter()
analyze(rec.t, rec.acc, rec.gyro, "bar", None)
t3 = time.perf_counter()
replay_file(sys.argv[1])
t4 = time.perf_counter()
print(f"imports {t1 - t0:.2f} s, reading alone {t2 - t1:.2f} s, analysis alone {t3 - t2:.2f} s, "
      f"both overlapped (replay_file) {t4 - t3:.2f} s")
'''


if __name__ == "__main__":
    sys.exit(main())
