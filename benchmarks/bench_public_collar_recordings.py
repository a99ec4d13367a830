"""Rep counts and peak bar speeds on public recordings of a sensor in a barbell collar (not
bundled: the repository carries no licence).

    git clone https://github.com/rfurst/barbellAi /tmp/barbellAi
    python benchmarks/bench_public_collar_recordings.py /tmp/barbellAi

The repository (BarbellAI, a student project; read at commit 5b1a77b) holds deadlift sets
recorded with an Arduino Nano 33 BLE Sense Rev2 (BMI270) held in a 3D-printed collar on the
bar's sleeve and streamed over BLE: ``software/data/4 Farming Deadlift/imu_data_*.csv`` and
``software/data_collection/FarmingV2-<set>-<reps>.csv``. A row is ``tMillis (device ms), ax, ay,
az (g), gx, gy, gz (deg/s)``, 33-48 readings/s with gaps up to 0.3 s. Three lifters, dead-stop
reps with the bar set down between them for 1-4 s. The sleeve turns on its bearing through each
pull (20-40 deg/s), and the Arduino library mirrors the BMI270's axes (x = -y, y = -x for both
sensors): the rate as logged turns the wrong way about every axis.

Ground truth: how many reps each set has (``software/data/organized/*_labels.json``, one entry a
rep; ``velocity_validated_imu_data_<set>.csv``, one row a rep; the FarmingV2 file names), and per
rep a peak velocity measured by the authors' reference device (of unknown make: compared, not
trusted).

Each file is written as a repsense recording (bar placement, the device clock's times) and
analysed as `repsense replay FILE --json` does it, the gyroscope check and its correction
included; the script prints the reps found against the reps done, what the check said, and the
peak velocities of sets counted exactly against the reference's. ``--gyro-as-recorded``: as
`repsense replay --gyro-as-recorded`, the rate analysed as logged.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from imu.recording import write_recording  # noqa: E402
from repsense.replay import run_replay  # noqa: E402


def load(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(t s from the first row, acc g, gyro deg/s as logged); rows with an empty cell or whose
    time does not increase are dropped."""
    d = np.genfromtxt(path, delimiter=",", skip_header=1)
    d = d[~np.isnan(d).any(axis=1)]
    t = d[:, 0] / 1000.0
    keep = np.concatenate(([True], np.diff(t) > 0))
    d, t = d[keep], t[keep]
    return t - t[0], d[:, 1:4], d[:, 4:7]


def reference(repo: Path, f: Path) -> list[float | None] | None:
    """Per rep of the set in ``f``, the reference's peak velocity (m/s; None where the set's
    labels give only the count), or None where the set has no labels."""
    stem = f.stem
    labels = repo / "software" / "data" / "organized" / f"{stem}_labels.json"
    if labels.exists():
        return [float(r["peak_velocity"]) for r in json.loads(labels.read_text())["reps"]]
    rows = f.parent / f"velocity_validated_{f.name}"
    if rows.exists():
        out = []
        for line in rows.read_text().splitlines()[1:]:
            cells = line.split(",")
            if len(cells) > 1 and cells[0].strip() and cells[1].strip():
                out.append(float(cells[1]))
        return out
    m = re.fullmatch(r"FarmingV2-(\d+)-(\d+)", stem)
    return [None] * int(m.group(2)) if m else None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("repo", type=Path, help="a clone of rfurst/barbellAi")
    ap.add_argument("--gyro-as-recorded", action="store_true")
    a = ap.parse_args()
    files = sorted((a.repo / "software" / "data" / "4 Farming Deadlift").glob("imu_data_*.csv"))
    files += sorted((a.repo / "software" / "data_collection").glob("FarmingV2-*.csv"))
    sets = [(f, ref) for f in files if (ref := reference(a.repo, f)) is not None]
    if not sets:
        print(f"{a.repo}: no labelled deadlift sets found", file=sys.stderr)
        return 2
    print(f"{'file':34s} {'s':>5s} {'readings/s':>10s} {'done':>4s} {'found':>5s}  gyroscope")
    exact = done = found = matched = 0
    pairs: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as d:
        for f, ref in sets:
            t, acc, gyro = load(f)
            rec = Path(d) / f"{f.stem}.csv"
            write_recording(rec, {"placement": "bar", "source": f"rfurst/barbellAi {f.name}"}, t, acc, gyro)
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stderr(err):
                run_replay(str(rec), None, None, True, out=out, gyro_as_recorded=a.gyro_as_recorded)
            reps = json.loads(out.getvalue())["reps"]
            said = err.getvalue()
            m = re.search(r"analysed with the rate read as (.*?) about the accelerometer", said)
            note = f"read as {m.group(1)}" if m else ("disagrees" if "does not agree" in said else "-")
            n = len(reps)
            exact += n == len(ref)
            done += len(ref)
            found += n
            matched += min(n, len(ref))
            if n == len(ref) and ref[0] is not None:
                pairs += [(r["peak_velocity_mps"], v) for r, v in zip(reps, ref) if r["peak_velocity_mps"] is not None]
            print(f"{f.name:34s} {t[-1]:5.0f} {len(t) / t[-1]:10.0f} {len(ref):4d} {n:5d}  {note}")
    print(f"sets counted exactly: {exact} of {len(sets)}; reps done {done}, found {found}")
    if pairs:
        e = np.array([p - r for p, r in pairs])
        print(f"peak velocity against the reference ({len(e)} reps of exactly counted sets): median error {np.median(e):+.2f} m/s, "
              f"median abs {np.median(np.abs(e)):.2f} m/s, ratio median {np.median([p / r for p, r in pairs]):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
