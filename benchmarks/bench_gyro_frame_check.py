"""How often the gyroscope-frame check (analysis.gyro_frame_check) is right, run by hand.

    python benchmarks/bench_gyro_frame_check.py [--own-seeds 40000:40010] [--alt-seeds 1000:1010]

Sessions of both simulators (own: 50/100/200 Hz; altsim: 25-200 Hz; BLE and clean links; bar
and back), each checked as recorded (a false alarm is a 'disagrees') and with its rate column
changed as loggers and firmwares get it wrong: in rad/s, gz reversed, gx and gy swapped, all
three reversed (a detection is a 'disagrees' naming that change). Prints the verdicts per
simulator, placement and change.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from altsim import render, simulate_motion  # noqa: E402

from analysis.gyro_frame_check import GyroFrameCheck  # noqa: E402
from imu.simulator import simulate_session  # noqa: E402

CHANGES = {
    "as recorded": (lambda g: g, None),
    "rad/s": (np.radians, "in rad/s, not deg/s"),
    "gz reversed": (lambda g: g * [1, 1, -1], "(gx, gy, -gz) about the accelerometer's x, y, z axes"),
    "gx, gy swapped": (lambda g: g[:, [1, 0, 2]], "(gy, gx, gz) about the accelerometer's x, y, z axes"),
    "all reversed": (lambda g: -g, "(-gx, -gy, -gz) about the accelerometer's x, y, z axes"),
}


def _span(a: str) -> range:
    lo, hi = (int(x) for x in a.split(":"))
    return range(lo, hi)


def _judge(t: np.ndarray, acc: np.ndarray, gyro: np.ndarray, expect: str | None) -> str:
    c = GyroFrameCheck()
    for i in range(0, len(t), 256):
        c.feed(t[i : i + 256], acc[i : i + 256], gyro[i : i + 256])
    v = c.verdict()
    if v.status != "disagrees":
        return v.status
    if expect is None:
        return "FALSE ALARM"
    return "found" if v.best is not None and v.best.describe() == expect else "found, misnamed"


def _sessions(own: range, alt: range):
    for pl in ("bar", "back"):
        for seed in own:
            for rate in (50.0, 100.0, 200.0):
                for link in ("clean", "ble"):
                    s = simulate_session(seed, pl, rate, link=link)
                    yield "own", pl, s.t, s.acc, s.gyro
        for seed in alt:
            m = simulate_motion(seed, pl)
            for rate in (25.0, 50.0, 100.0, 200.0):
                for link in ("clean", "ble"):
                    s = render(m, rate, link)
                    yield "altsim", pl, s.t, s.acc, s.gyro


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--own-seeds", default="40000:40010")
    ap.add_argument("--alt-seeds", default="1000:1010")
    a = ap.parse_args()
    counts: Counter = Counter()
    for sim, pl, t, acc, gyro in _sessions(_span(a.own_seeds), _span(a.alt_seeds)):
        for name, (change, expect) in CHANGES.items():
            counts[(sim, pl, name, _judge(t, acc, change(gyro), expect))] += 1
    print(f"own seeds {a.own_seeds}, altsim seeds {a.alt_seeds}")
    print(f"{'simulator':9} {'placement':9} {'rate column':15} verdicts")
    for sim in ("own", "altsim"):
        for pl in ("bar", "back"):
            for name in CHANGES:
                got = {k[3]: v for k, v in counts.items() if k[:3] == (sim, pl, name)}
                n = sum(got.values())
                line = ", ".join(f"{k} {v}" for k, v in sorted(got.items(), key=lambda kv: -kv[1]))
                print(f"{sim:9} {pl:9} {name:15} {line}  (of {n})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
