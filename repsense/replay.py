"""`repsense replay`: analyse a recorded session file (the same analyzer the live path runs)."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Callable, Iterator, TextIO

import numpy as np

from analysis import AnalysisResult, StreamingAnalyzer
from analysis.gyro_frame_check import GyroFrameCheck, GyroFrameVerdict, GyroReading
from analysis.saturation_check import SaturationCheck
from imu.arrival_times import retime_blocks, retiming_period_s
from imu.recording_prefetch import prefetch_recording_blocks

from .rep_table_csv import RepTableError, check_csv_path, write_rep_table


class UsageError(Exception):
    """A problem with what the user asked for (exit status 2, no traceback)."""


def resolve_placement(flag: str | None, metadata: dict[str, str], path: str) -> str:
    if flag:
        return flag
    p = metadata.get("placement")
    if p in ("bar", "back"):
        return p
    raise UsageError(f"{path}: no placement: the recording's metadata has no '# placement: bar|back' line; pass --placement bar or --placement back")


def resolve_target(flag: float | None, metadata: dict[str, str], path: str) -> float | None:
    if flag is not None:
        if not flag > 0:
            raise UsageError(f"--target-pause must be > 0 seconds, got {flag}")
        return flag
    return _positive_metadata(metadata, "target_pause_s", "seconds", path)


def _positive_metadata(metadata: dict[str, str], key: str, unit: str, path: str, suffix: str = "") -> float | None:
    """The number > 0 the metadata gives for ``key`` (``suffix`` after it allowed, any case), None
    where it gives none; UsageError naming the file where it is no number or not > 0 ``unit``."""
    raw = metadata.get(key)
    if raw is None or raw.strip() == "":
        return None
    text = raw.strip()
    if suffix and text.lower().endswith(suffix):
        text = text[: -len(suffix)].strip()
    try:
        v = float(text)
    except ValueError:
        raise UsageError(f"{path}: metadata {key} is not a number: {raw!r}") from None
    if not v > 0:
        raise UsageError(f"{path}: metadata {key} must be > 0 {unit}, got {raw!r}")
    return v


def resolve_rate(metadata: dict[str, str], path: str) -> float | None:
    """The sensor's nominal sample rate (Hz) from the metadata ``rate_hz`` (a number, "Hz" after
    it allowed), or None where the recording does not say."""
    v = _positive_metadata(metadata, "rate_hz", "Hz", path, suffix="hz")
    if v == float("inf"):
        raise UsageError(f"{path}: metadata rate_hz must be > 0 Hz, got {metadata['rate_hz']!r}")
    return v


BlockObserver = Callable[[np.ndarray, np.ndarray, np.ndarray], None]


def retimed_recording_blocks(path: str) -> tuple[dict[str, str], Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]]:
    """A recording's metadata and its (t s, acc g, gyro deg/s) blocks, streamed, with the times
    a replay analyses: stamps from arrival at the host retimed (:mod:`imu.arrival_times`; a sensor
    clock's left as they are) with the period of the metadata's ``rate_hz``, else the one the
    first block's times show. Raises RecordingError / UsageError."""
    metadata, blocks = prefetch_recording_blocks(path)
    rate = resolve_rate(metadata, path)
    first = next(blocks)  # the reader rejects a file without data rows
    period = retiming_period_s(rate, first[0])
    return metadata, retime_blocks(itertools.chain([first], blocks), period)


def recording_gyro_verdict(path: str) -> GyroFrameVerdict:
    """What :mod:`analysis.gyro_frame_check` says of a recording's gyroscope, judged on the
    samples a replay analyses (so a live demo of the file corrects what a replay corrects)."""
    check = GyroFrameCheck()
    for t, acc, gyro in retimed_recording_blocks(path)[1]:
        check.feed(t, acc, gyro)
    return check.verdict()


def replay_file(path: str, placement: str | None = None, target_pause_s: float | None = None,
                on_block: BlockObserver | None = None, gyro_reading: GyroReading | None = None) -> AnalysisResult:
    """Analyse a recording file, streaming it block by block, its times retimed as
    :func:`retimed_recording_blocks` gives them. Raises RecordingError / UsageError.
    ``on_block(t s, acc g, gyro deg/s)``, if given, sees each block as the analyzer is fed it
    (retimed), e.g. to collect what a plot draws without keeping the samples. ``gyro_reading``:
    how to read the rate columns (:mod:`analysis.gyro_frame_check`; None: as recorded)."""
    metadata, blocks = retimed_recording_blocks(path)
    pl = resolve_placement(placement, metadata, path)
    target = resolve_target(target_pause_s, metadata, path)
    an = StreamingAnalyzer(pl, target, live_pull_reps=False)  # (the result only)
    for t, acc, gyro in blocks:
        if gyro_reading is not None:
            gyro = gyro_reading.apply(gyro)
        an.feed(t, acc, gyro)
        if on_block is not None:
            on_block(t, acc, gyro)
    an.finish()
    return an.result()


def _fmt(x: float | None, nd: int = 2) -> str:
    return "-" if x is None else f"{x:.{nd}f}"


def format_table(result: AnalysisResult, path: str) -> str:
    lines = [f"{path}: {result.placement} sensor, {result.duration_s:.1f} s, {result.n_samples} samples"]
    tgt = result.target_pause_s
    lines.append(f"target pause: {'-' if tgt is None else f'{tgt:.1f} s'}")
    head = f"{'set':>3} {'rep':>3} {'start':>8} {'lockout':>8} {'end':>8} {'conc s':>6} {'ROM m':>6} {'MCV m/s':>7} {'peak':>5}  pauses (hold s)    flags"
    lines.append(head)
    lines.append("-" * len(head))
    for r in result.reps:
        pauses = ", ".join(f"{p.hold_s:.2f}{'' if p.meets_target is None else (' ok' if p.meets_target else ' SHORT')}" for p in r.pauses) or "-"
        lines.append(
            f"{r.set:>3} {r.index:>3} {r.start_s:>8.2f} {r.lockout_s:>8.2f} {r.end_s:>8.2f} {r.moving_concentric_s:>6.2f} "
            f"{_fmt(r.rom_m):>6} {_fmt(r.mean_concentric_velocity_mps):>7} {_fmt(r.peak_velocity_mps):>5}  {pauses:<18} {' '.join(r.flags) or '-'}"
        )
    s = result.summary()
    lines.append("")
    lines.append(f"{s['n_sets']} set(s), {s['n_reps']} rep(s), {s['n_pauses']} pause(s)"
                 + (f", {s['n_pauses_meeting_target']} met the target" if tgt is not None else ""))
    for st in result.sets:
        lines.append(f"  set {st.index}: {st.start_s:.1f}-{st.end_s:.1f} s, reps {', '.join(map(str, st.reps))}")
    return "\n".join(lines)


def _plot_module(check_path: str | None = None, check_dir: str | None = None):
    """:mod:`repsense.plot`, after checking (before any analysis) that ``check_path`` can be
    written as a figure, or that ``check_dir`` is a directory to write figures in; UsageError
    where not (matplotlib missing, a file type it cannot write, no such directory)."""
    from . import plot as review_plot

    try:
        if check_path is not None:
            review_plot.check_plot_path(check_path)
        if check_dir is not None:
            if not Path(check_dir).is_dir():
                raise review_plot.PlotUnavailable(
                    f"{check_dir}: no such directory (with several recordings, --plot names the directory for their figures)")
            review_plot.require_matplotlib()
    except review_plot.PlotUnavailable as e:
        raise UsageError(str(e)) from None
    return review_plot


def _replay_and_plot(path: str, placement: str | None, target: float | None, review_plot, figure: str | None,
                     gyro_as_recorded: bool = False) -> tuple[AnalysisResult, str | None, bool]:
    """Analyse ``path``; with ``figure``, also write its review figure there. Returns the result,
    where the figure could not be written, why (the analysis stands either way), and whether the
    recording's gyroscope was found not to agree with its accelerometer
    (:mod:`analysis.gyro_frame_check`: rad/s, axes reversed or swapped; then a warning naming the
    file has gone to stderr). Where it disagrees and another reading of the rate columns agrees,
    the recording is analysed again with them read that way (unless ``gyro_as_recorded``), and
    the warning says so: a sensor whose driver mirrors its axes (the Arduino BMI270 library on a
    Nano 33 BLE Sense Rev2) gives reps on the first try."""
    signals = review_plot.SessionSignals() if figure is not None else None
    frame_check = GyroFrameCheck()
    clip_check = SaturationCheck()

    def observe(t: np.ndarray, acc: np.ndarray, gyro: np.ndarray) -> None:
        frame_check.feed(t, acc, gyro)
        clip_check.feed(t, acc, gyro)
        if signals is not None:
            signals.add_block(t, acc, gyro)

    result = replay_file(path, placement, target, on_block=observe)
    clipped = clip_check.verdict().message()
    if clipped:
        # (the analysis stands; its timing near the clipped readings is less sure)
        print(f"repsense: {path}: warning: {clipped}", file=sys.stderr)
    verdict = frame_check.verdict()
    warning = verdict.message()
    if warning and verdict.best is not None and not gyro_as_recorded:
        if signals is not None:
            signals = review_plot.SessionSignals()
        result = replay_file(path, placement, target, on_block=None if signals is None else signals.add_block,
                             gyro_reading=verdict.best)
        warning += f"; analysed with the rate read as {verdict.best.describe()} (--gyro-as-recorded: as recorded)"
    if warning:
        print(f"repsense: {path}: warning: {warning}", file=sys.stderr)
    if figure is None:
        return result, None, bool(warning)
    try:
        review_plot.write_figure(review_plot.build_figure(result, signals, title=Path(path).name), figure)
    except OSError as e:
        return result, f"{figure}: the figure could not be written: {e.strerror or e}", bool(warning)
    return result, None, bool(warning)


def _check_csv(csv_path: str | None, inputs: list[str]) -> None:
    """Before any analysis: the rep table (``--csv``) can be written there (UsageError if not)."""
    if csv_path is None:
        return
    try:
        check_csv_path(csv_path, inputs)
    except RepTableError as e:
        raise UsageError(str(e)) from None


def _write_csv(csv_path: str | None, tables: list[tuple[str, AnalysisResult]]) -> bool:
    """Write the rep table (``--csv``) of the analysed recordings; False (said on stderr) where
    it could not be written."""
    if csv_path is None:
        return True
    try:
        write_rep_table(csv_path, tables)
    except OSError as e:
        print(f"repsense: {csv_path}: the rep table could not be written: {e.strerror or e}", file=sys.stderr)
        return False
    return True


def run_replay(path: str, placement: str | None, target: float | None, as_json: bool, out: TextIO | None = None,
               plot: str | None = None, csv_path: str | None = None, gyro_as_recorded: bool = False) -> int:
    """The `repsense replay` command: the table (or the JSON with ``as_json``) on ``out`` (default:
    sys.stdout as it is at the call); with ``plot``, also the review figure written to that file
    (:mod:`repsense.plot`), with ``csv_path`` the rep table (:mod:`repsense.rep_table_csv`); where
    either cannot be written, the table still follows and the exit status is 2."""
    out = sys.stdout if out is None else out
    if not Path(path).exists():
        raise UsageError(f"{path}: no such file")
    _check_csv(csv_path, [path])
    review_plot = _plot_module(check_path=plot) if plot is not None else None
    result, plot_error, _ = _replay_and_plot(path, placement, target, review_plot, plot, gyro_as_recorded)
    if plot_error is not None:
        print(f"repsense: {plot_error}", file=sys.stderr)
    csv_ok = _write_csv(csv_path, [(path, result)])
    if as_json:
        json.dump(result.to_dict(), out)
        out.write("\n")
    else:
        out.write(format_table(result, path) + "\n")
    return 2 if plot_error is not None or not csv_ok else 0


def run_replay_many(paths: list[str], placement: str | None, target: float | None, as_json: bool,
                    out: TextIO | None = None, plot_dir: str | None = None, csv_path: str | None = None,
                    gyro_as_recorded: bool = False) -> int:
    """`repsense replay FILE FILE ...`: each recording analysed in turn, one bad file reported
    (``repsense: FILE:LINE: reason`` on stderr) without stopping the others.

    Table mode: each file's table, then one line per file (sets, reps, pauses, holds meeting the
    target, mean concentric velocity, or the error). ``as_json``: JSON lines, one per file in the
    order given, ``{"file": path, "analysis": <the analysis JSON>}`` or ``{"file": path,
    "error": reason}``. ``plot_dir``: each file's review figure written there as ``<stem>.png``
    (``<stem>-2.png`` and on where two files share a name). ``csv_path``: the reps of every file
    analysed, in one table (:mod:`repsense.rep_table_csv`). Exit status 2 if any file, figure or
    the table failed, else 0."""
    from imu.recording import RecordingError

    out = sys.stdout if out is None else out
    _check_csv(csv_path, paths)
    tables: list[tuple[str, AnalysisResult]] = []
    review_plot = _plot_module(check_dir=plot_dir) if plot_dir is not None else None
    used: set[str] = set()
    rows: list[tuple[str, dict | None, str | None, bool]] = []
    failed = False
    for path in paths:
        figure = None
        if plot_dir is not None:
            stem, k = Path(path).stem, 1
            while (name := stem if k == 1 else f"{stem}-{k}") in used:
                k += 1
            used.add(name)
            figure = str(Path(plot_dir) / f"{name}.png")
        try:
            if not Path(path).is_file():
                raise UsageError(f"{path}: no such file")
            result, plot_error, gyro_doubt = _replay_and_plot(path, placement, target, review_plot, figure, gyro_as_recorded)
        except (RecordingError, UsageError) as e:
            print(f"repsense: {e}", file=sys.stderr)
            rows.append((path, None, str(e), False))
            failed = True
            if as_json:
                out.write(json.dumps({"file": path, "error": str(e)}) + "\n")
            continue
        if plot_error is not None:
            print(f"repsense: {plot_error}", file=sys.stderr)
            failed = True
        rows.append((path, result.summary(), None, gyro_doubt))
        if csv_path is not None:
            tables.append((path, result))
        if as_json:
            out.write(json.dumps({"file": path, "analysis": result.to_dict()}) + "\n")
        else:
            out.write(format_table(result, path) + "\n\n")
    if not _write_csv(csv_path, tables):
        failed = True
    if not as_json:
        out.write(format_files_summary(rows) + "\n")
    return 2 if failed else 0


def format_files_summary(rows: list[tuple[str, dict | None, str | None, bool]]) -> str:
    """One line per recording: its summary's counts, or why it could not be analysed; a
    recording whose gyroscope disagreed with its accelerometer is marked (see the warning)."""
    lines = [f"{len(rows)} recording(s):", f"{'sets':>4} {'reps':>4} {'pauses':>6} {'met':>4} {'MCV m/s':>7}  file"]
    for path, s, err, gyro_doubt in rows:
        if s is None:
            lines.append(f"{'-':>4} {'-':>4} {'-':>6} {'-':>4} {'-':>7}  FAILED: {err}")
            continue
        met = s["n_pauses_meeting_target"] if s["target_pause_s"] is not None else "-"
        lines.append(f"{s['n_sets']:>4} {s['n_reps']:>4} {s['n_pauses']:>6} {met:>4} {_fmt(s['mean_concentric_velocity_mps']):>7}  {path}"
                     + ("  (WARNING: gyroscope disagrees with accelerometer)" if gyro_doubt else ""))
    return "\n".join(lines)
