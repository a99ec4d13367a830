"""The `repsense` command line: replay, scan, live."""

from __future__ import annotations

import argparse
import sys

from imu.recording import RecordingError

from .replay import UsageError, run_replay, run_replay_many

EXIT_USAGE = 2


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with ``command`` "replay", the live subcommands are listed without their
    arguments, so that a replay does not import the live shell (asyncio, bleak: 40 ms)."""
    p = argparse.ArgumentParser(prog="repsense", description="IMU lifting coach for the deadlift and other hip hinges.")
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("replay", help="analyse a recorded session (CSV)")
    r.add_argument("file", nargs="+", help="recording CSV (repsense-recording: 1); several: each analysed in turn, "
                   "then one line per file (with --json: JSON lines, one object per file)")
    r.add_argument("--placement", choices=("bar", "back"), help="where the sensor was (default: the recording's metadata)")
    r.add_argument("--target-pause", type=float, metavar="S", help="pause target in seconds (default: metadata target_pause_s)")
    r.add_argument("--json", action="store_true", help="print the analysis JSON (CONTRACT section 2) instead of a table")
    r.add_argument("--plot", metavar="FIG", help="also write a review figure (.png, .pdf, .svg, ...; needs the 'plot' extra: "
                   "pip install 'repsense[plot]'); with several FILEs, FIG is a directory that gets one <name>.png per file")
    r.add_argument("--csv", metavar="OUT.csv", help="also write every rep (of every FILE) as one CSV table, a row per rep "
                   "(docs/formats.md); replaced at the end, never a FILE being read")
    r.add_argument("--gyro-as-recorded", action="store_true", help="analyse the rate columns as recorded even where they "
                   "disagree with the accelerometer (by default such a recording is analysed with them read the way that "
                   "agrees, e.g. all three axes reversed, and a warning says so)")
    s = sub.add_parser("scan", help="find supported Bluetooth LE sensors")
    lv = sub.add_parser("live", help="live session from a sensor (or --demo)")
    if command != "replay":
        from . import live_cli

        live_cli.add_scan_arguments(s)
        live_cli.add_live_arguments(lv)
    return p


def _command(argv: list[str]) -> str | None:
    """The subcommand named in argv (the first argument that is not an option), or None."""
    return next((a for a in argv if not a.startswith("-")), None)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(_command(argv))
    args = parser.parse_args(argv)
    try:
        if args.command == "replay":
            if len(args.file) == 1:
                return run_replay(args.file[0], args.placement, args.target_pause, args.json, plot=args.plot, csv_path=args.csv,
                                  gyro_as_recorded=args.gyro_as_recorded)
            return run_replay_many(args.file, args.placement, args.target_pause, args.json, plot_dir=args.plot, csv_path=args.csv,
                                   gyro_as_recorded=args.gyro_as_recorded)
        from . import live_cli

        if args.command == "scan":
            return live_cli.run_scan(args)
        return live_cli.run_live(args)
    except (RecordingError, UsageError) as e:
        print(f"repsense: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
