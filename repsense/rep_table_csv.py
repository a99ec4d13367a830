"""`repsense replay --csv OUT.csv`: every rep of one or many recordings as one CSV table.

One row per rep, the recording it came from in the first column, for a spreadsheet or
``pandas.read_csv``: what a coach keeps per lifter, what a researcher pools over a folder of
sessions. The columns (docs/formats.md, "Rep table CSV") are the analysis JSON's rep fields
(CONTRACT.md section 2: seconds in the recording's own time base, m, m/s, rounded to 3
decimals); a rep's pause holds are joined by ``;`` in one cell, as are its flags. An empty cell
is a value the analysis does not give (a back sensor's velocities, no target).

The table is written to a temporary file beside ``OUT.csv`` and renamed over it at the end, so
an interrupted export leaves the old file or the new one, never half of one; and no recording
(one the same run reads, or any file that begins as a recording does) is ever written over.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterable

from analysis import AnalysisResult
from imu.recording_format import VERSION_KEY, parse_metadata_line

from .output_files import replaced_whole, target_problem

COLUMNS = (
    "file", "placement", "set", "rep", "start_s", "lockout_s", "end_s", "moving_concentric_s",
    "rom_m", "mean_concentric_velocity_mps", "peak_velocity_mps", "n_pauses", "hold_s",
    "target_pause_s", "pauses_meeting_target", "flags",
)


class RepTableError(Exception):
    """The rep table cannot be written where asked (the message says why)."""


def check_csv_path(out: str, inputs: Iterable[str]) -> None:
    """Before any analysis: ``out`` can be written as the rep table. RepTableError where it is
    a directory, its directory does not exist, it is one of the recordings being read (a typo
    that would replace a session by its own table), or it is any other recording."""
    target = Path(out)
    why = target_problem(out)
    if why is not None:
        hint = " (--csv names the table file to write)" if target.is_dir() else ""
        raise RepTableError(f"{out}: {why}{hint}")
    for path in inputs:
        p = Path(path)
        if p.exists() and target.exists() and p.resolve() == target.resolve():
            raise RepTableError(f"{out}: is one of the recordings being read; --csv would write over it")
    if target.is_file() and _is_recording(target):
        raise RepTableError(f"{out}: is a recording (repsense-recording header); --csv writes over no recording")


def _is_recording(path: Path) -> bool:
    """Whether the file at ``path`` begins as a repsense recording does: a ``# repsense-recording:``
    version line among its leading metadata lines."""
    try:
        with open(path, "rb") as f:
            head = f.read(8192)
    except OSError:
        return False
    for line in head.splitlines():
        if not line.startswith(b"#"):
            return False
        kv = parse_metadata_line(line.decode("utf-8", errors="replace"))
        if kv is not None and kv[0] == VERSION_KEY:
            return True
    return False


def rep_rows(path: str, result: AnalysisResult) -> list[dict[str, object]]:
    """The rows of one recording's reps (values as the analysis JSON gives them)."""
    d = result.to_dict()
    target = result.target_pause_s
    rows = []
    for r in d["reps"]:
        pauses = r["pauses"]
        rows.append({
            "file": path,
            "placement": d["placement"],
            "set": r["set"],
            "rep": r["index"],
            "start_s": r["start_s"],
            "lockout_s": r["lockout_s"],
            "end_s": r["end_s"],
            "moving_concentric_s": r["moving_concentric_s"],
            "rom_m": r["rom_m"],
            "mean_concentric_velocity_mps": r["mean_concentric_velocity_mps"],
            "peak_velocity_mps": r["peak_velocity_mps"],
            "n_pauses": len(pauses),
            "hold_s": ";".join(f"{p['hold_s']:g}" for p in pauses),
            "target_pause_s": target,
            "pauses_meeting_target": None if target is None else sum(1 for p in pauses if p["meets_target"]),
            "flags": ";".join(r["flags"]),
        })
    return rows


def write_rep_table(out: str, tables: Iterable[tuple[str, AnalysisResult]]) -> int:
    """Write the reps of every (recording path, result) to ``out`` (replacing it at the end, see
    the module doc). Returns the number of rows. OSError where it cannot be written (the partial
    temporary file is removed)."""
    n = 0
    with replaced_whole(out) as tmp, open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        for path, result in tables:
            for row in rep_rows(path, result):
                w.writerow({k: "" if v is None else v for k, v in row.items()})
                n += 1
    return n
