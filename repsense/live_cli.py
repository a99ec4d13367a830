"""``repsense scan`` and ``repsense live``: the live-session application shell.

The lead's :mod:`repsense.cli` registers these subcommands with
:func:`add_scan_arguments` / :func:`run_scan` and :func:`add_live_arguments` / :func:`run_live`.
Both ``run_*`` functions return the process exit status and never let a traceback reach the
user for expected failures (no Bluetooth, unknown device, bad recording): they print one plain
line to stderr and return non-zero.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TextIO

from .cue import BellCue, CueSink, NullCue
from .live_session import LiveSession
from .live_source import (
    BluetoothUnavailable,
    SourceError,
    find_default_demo_recording,
    open_demo_stream,
    open_device_stream,
    scan_devices,
)
from .live_view import JsonlView, PlainView, RichView, summary_lines

if TYPE_CHECKING:
    from analysis.gyro_frame_check import GyroReading

DEFAULT_SCAN_TIMEOUT_S = 5.0
DEFAULT_RATE_HZ = 200.0


# ----------------------------------------------------------------------------------------------
# scan
# ----------------------------------------------------------------------------------------------
def add_scan_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``repsense scan``."""
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_SCAN_TIMEOUT_S, metavar="S",
        help=f"seconds to listen for advertisements (default {DEFAULT_SCAN_TIMEOUT_S:g})",
    )


def run_scan(args: argparse.Namespace) -> int:
    """List the supported sensors in range (address, name, kind, RSSI). Returns the exit status."""
    if args.timeout <= 0:
        print("error: --timeout must be positive", file=sys.stderr)
        return 2
    try:
        found = asyncio.run(scan_devices(args.timeout))
    except BluetoothUnavailable as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    if not found:
        print(f"No supported sensor found in {args.timeout:g} s. Is it switched on and not connected "
              "to another device?")
        return 1
    rows = [(d.address, d.name or "", d.kind, "" if d.rssi is None else str(d.rssi)) for d in found]
    _print_table(("ADDRESS", "NAME", "KIND", "RSSI"), rows, sys.stdout)
    return 0


def _print_table(header: tuple[str, ...], rows: list[tuple[str, ...]], out: TextIO) -> None:
    if out.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table(*header)
        for r in rows:
            table.add_row(*r)
        Console(file=out).print(table)
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    for r in (header, *rows):
        out.write("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() + "\n")
    out.flush()


# ----------------------------------------------------------------------------------------------
# live
# ----------------------------------------------------------------------------------------------
_DEMO_DEFAULT = "<bundled>"


def add_live_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``repsense live``."""
    src = parser.add_mutually_exclusive_group(required=True)
    src.add_argument("--device", metavar="ADDRESS|NAME", help="sensor to connect to (see `repsense scan`)")
    src.add_argument(
        "--demo", nargs="?", const=_DEMO_DEFAULT, metavar="FILE",
        help="replay a recording through a simulated sensor, over the real BLE protocol and "
             "live pipeline (default: the bundled demo recording)",
    )
    parser.add_argument("--placement", choices=("bar", "back"),
                        help="where the sensor is: on the barbell or on the upper back "
                             "(required unless the demo recording's metadata says)")
    parser.add_argument("--target-pause", type=float, metavar="S", dest="target_pause",
                        help="pause target in seconds (cue when reached; flag shorter holds)")
    parser.add_argument("--rate", type=float, metavar="HZ", default=None,
                        help=f"sample rate to request from the sensor (default {DEFAULT_RATE_HZ:g})")
    parser.add_argument("--speed", type=float, default=1.0, metavar="N",
                        help="demo playback speed factor (1 = real time)")
    parser.add_argument("--out", type=Path, metavar="FILE.csv",
                        help="recording file (default session-YYYYmmdd-HHMMSS.csv; never overwritten)")
    parser.add_argument("--no-record", action="store_true", help="do not write a recording")
    parser.add_argument("--jsonl", action="store_true",
                        help="print events as JSON lines on stdout (CONTRACT section 3), nothing else")
    parser.add_argument("--no-sound", action="store_true", help="no terminal bell cues")


def default_recording_path(directory: Path | None = None, now: datetime | None = None) -> Path:
    """``session-YYYYmmdd-HHMMSS.csv`` in ``directory`` (cwd), suffixed -2, -3... if taken."""
    directory = directory if directory is not None else Path.cwd()
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    p = directory / f"session-{stamp}.csv"
    k = 2
    while p.exists():
        p = directory / f"session-{stamp}-{k}.csv"
        k += 1
    return p


class _Fail(Exception):
    """An expected failure: message for the user, exit status."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def _demo_gyro_reading(path: Path) -> GyroReading | None:
    """How a demo's analysis reads the recording's rate columns: as `repsense replay` of the file
    reads them (:func:`repsense.replay.recording_gyro_verdict`), said on stderr where that is not
    as recorded; None: as recorded."""
    from .replay import recording_gyro_verdict

    verdict = recording_gyro_verdict(str(path))
    if verdict.status != "disagrees" or verdict.best is None:
        return None
    print(f"repsense: {path}: warning: {verdict.message()}; the demo analyses the rate read as "
          f"{verdict.best.describe()}, as a replay of it does", file=sys.stderr)
    return verdict.best


def run_live(args: argparse.Namespace) -> int:
    """Run a live (or demo) session until the stream ends or Ctrl-C / SIGTERM. Exit status."""
    try:
        return _run_live(args)
    except _Fail as e:
        print(f"error: {e}", file=sys.stderr)
        return e.status
    except KeyboardInterrupt:  # Ctrl-C before the session started: nothing to save
        return 130


def _run_live(args: argparse.Namespace) -> int:
    from analysis.streaming import StreamingAnalyzer
    from imu.recording import RecordingError, RecordingWriter, read_recording

    if args.speed is not None and args.speed <= 0:
        raise _Fail("--speed must be positive")
    if args.target_pause is not None and args.target_pause <= 0:
        raise _Fail("--target-pause must be positive")
    if args.rate is not None and args.rate <= 0:
        raise _Fail("--rate must be positive")

    if args.device is not None and args.speed != 1.0:
        raise _Fail("--speed applies to --demo only")

    placement: str | None = args.placement
    target: float | None = args.target_pause
    demo_rec = None
    if args.demo is not None:
        path = find_default_demo_recording() if args.demo == _DEMO_DEFAULT else Path(args.demo)
        if path is None:
            raise _Fail("no bundled demo recording found (looked in ./recordings and next to the "
                        "package); pass one: --demo FILE")
        try:
            demo_rec = read_recording(path)
        except RecordingError as e:
            raise _Fail(str(e)) from None
        except OSError as e:
            raise _Fail(f"cannot read {path}: {e.strerror or e}") from None
        meta = dict(demo_rec.metadata)
        if placement is None:
            placement = meta.get("placement")
            if placement not in ("bar", "back"):
                raise _Fail(f"{path} has no placement in its metadata; pass --placement bar|back")
        if target is None and meta.get("target_pause_s") not in (None, ""):
            try:
                target = float(meta["target_pause_s"])
            except (TypeError, ValueError):
                target = None
        source_label = f"demo: {path} at {args.speed:g}x"
        gyro_reading = _demo_gyro_reading(path)
    else:
        if placement is None:
            raise _Fail("--placement bar|back is required (where is the sensor mounted?)")
        source_label = f"sensor {args.device}"
        gyro_reading = None

    # where output goes
    out = sys.stdout
    human = sys.stderr if args.jsonl else sys.stdout
    cue: CueSink = NullCue() if args.no_sound else BellCue(sys.stderr)

    analyzer = StreamingAnalyzer(placement, target_pause_s=target)

    # the recording: created when the first samples arrive, so the metadata can say what the
    # sensor is and the rate it actually runs at
    writer_factory: Callable[[], Any] | None = None
    rec_path: Path | None = None
    if not args.no_record:
        rec_path = args.out if args.out is not None else default_recording_path()
        if rec_path.exists():
            raise _Fail(f"{rec_path} exists; refusing to overwrite it (choose another --out)")
        if not rec_path.parent.is_dir():
            raise _Fail(f"cannot write {rec_path}: no such directory")
        started_at = datetime.now().astimezone().isoformat(timespec="seconds")
        demo_label = None if demo_rec is None else (
            "bundled" if args.demo == _DEMO_DEFAULT else str(args.demo))

        def make_writer() -> Any:
            meta: dict[str, Any] = {
                "sensor": source.sensor_kind or "unknown",
                "placement": placement,
                "rate_hz": f"{source.rate_hz:g}",
                "exercise": "pause-deadlift" if target else "deadlift",
            }
            if target is not None:
                meta["target_pause_s"] = f"{target:g}"
            meta["started_at"] = started_at
            if source.has_gyro is False:
                meta["gyro"] = "none"
            if demo_label is not None:
                meta["demo_of"] = demo_label
            return RecordingWriter(rec_path, meta, flush_interval_s=1.0)

        writer_factory = make_writer

    # the stream (iterated inside the event loop)
    if demo_rec is not None:
        source = open_demo_stream(demo_rec, speed=args.speed, rate_hz=args.rate)
    else:
        source = open_device_stream(args.device, rate_hz=args.rate or DEFAULT_RATE_HZ)

    # the view
    rich_view: RichView | None = None
    if args.jsonl:
        view: Any = JsonlView(out, diagnostics=sys.stderr)
    elif out.isatty():
        from rich.console import Console

        rich_view = RichView(Console(file=out), placement=placement, target_pause_s=target,
                             recording=rec_path, source=source_label)
        view = rich_view
    else:
        view = PlainView(out, target_pause_s=target)
        view.header([f"repsense live ({source_label}), placement {placement}"
                     + (f", target pause {target:g} s" if target else "")]
                    + ([f"recording to {rec_path}"] if rec_path else []))

    session = LiveSession(analyzer, writer_factory=writer_factory, observers=[view], cue=cue,
                          recording_path=rec_path, target_pause_s=target, gyro_reading=gyro_reading)
    status = 0
    error: str | None = None
    with (rich_view if rich_view is not None else contextlib.nullcontext()):
        try:
            interrupted = asyncio.run(_drive(session, source))
        except BluetoothUnavailable as e:
            interrupted, error, status = False, str(e), 1
        except SourceError as e:
            interrupted, error, status = False, str(e), 1
        except KeyboardInterrupt:  # a signal that slipped past the loop's handlers
            interrupted = True
        except (OSError, ValueError) as e:  # the recording could not be created / written
            interrupted, error, status = False, f"{type(e).__name__}: {e}", 1
        finally:
            summary = session.close()
    if error is not None:
        print(f"error: {error}", file=sys.stderr)
    summary.interrupted = interrupted
    if error is None or summary.n_samples > 0:
        for line in summary_lines(summary):
            human.write(line + "\n")
        human.flush()
    if summary.errors and status == 0:
        status = 1
    return status


async def _drive(session: LiveSession, items: Any) -> bool:
    """Run the session until the stream ends or SIGINT/SIGTERM. True if stopped by a signal."""
    loop = asyncio.get_running_loop()
    stopped = False

    def _stop() -> None:
        nonlocal stopped
        if not stopped:
            stopped = True
            consumer.cancel()

    consumer = asyncio.ensure_future(session.run(items))
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, _stop)
            installed.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):  # pragma: no cover - non-Unix
            pass
    try:
        await consumer
    except asyncio.CancelledError:
        if not stopped:  # we were cancelled from outside, not by a signal
            raise
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
    return stopped
