"""Write a simulated session as a recording CSV plus its truth sidecar.

    python -m imu.simulator OUT.csv [--seed 1] [--placement bar|back] [--rate 100]
                                    [--link ble|clean] [--duration-s SECONDS]
"""

from __future__ import annotations

import argparse

from .io import write_session
from .session import simulate_long_session, simulate_session


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m imu.simulator", description="Simulate a deadlift session (synthetic IMU recording).")
    ap.add_argument("out", help="output CSV path (the truth goes to OUT.truth.json)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--placement", choices=("bar", "back"), default="bar")
    ap.add_argument("--rate", type=float, default=100.0, help="nominal sample rate, Hz")
    ap.add_argument("--link", choices=("ble", "clean"), default="ble")
    ap.add_argument("--duration-s", type=float, default=None, help="make a long session of about this length")
    ap.add_argument("--force", action="store_true", help="overwrite existing files")
    a = ap.parse_args(argv)
    if a.duration_s:
        s = simulate_long_session(a.seed, a.duration_s, a.placement, a.rate, link=a.link)
    else:
        s = simulate_session(a.seed, a.placement, a.rate, link=a.link)
    try:
        csv, truth = write_session(s, a.out, overwrite=a.force)
    except FileExistsError as e:
        print(f"error: {e} (use --force)")
        return 1
    print(f"{csv}: {len(s.t)} samples, {s.duration_s:.1f} s, {len(s.truth.sets)} sets, {len(s.truth.reps)} reps; truth: {truth}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
