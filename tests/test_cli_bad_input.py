"""`repsense replay` on bad recording files: exit status 2, `FILE:LINE: reason` on stderr, no traceback.

Each case is a file the recording reader rejects (docs/formats.md, "What the reader rejects");
the CLI must pass the reader's message through unchanged.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
HEADER = "# placement: bar\nt,ax,ay,az,gx,gy,gz\n"  # the column line is line 2


def rows(n: int, t0: float = 0.0) -> str:
    return "".join(f"{t0 + i * 0.01:.6f},0.0123,-0.9981,0.0312,0.12,-0.05,0.30\n" for i in range(n))


# (id, file content, expected line, phrases that must appear in the reason)
CASES: list[tuple[str, bytes, int, tuple[str, ...]]] = [
    ("empty", b"", 1, ("the file is empty",)),
    ("metadata_only", b"# placement: bar\n# rate_hz: 100\n", 2, ("no header line",)),
    ("no_header", ("# placement: bar\n" + rows(3)).encode(), 2, ("missing header line",)),
    ("missing_columns", b"# placement: bar\nt,ax,ay,gx\n0,0,-1,0\n", 2, ("missing required columns az, gy, gz",)),
    ("too_few_cells", (HEADER + rows(4) + "0.5,0,-1,0,0,0\n").encode(), 7, ("row has 6 cells", "7 columns")),
    ("too_many_cells", (HEADER + rows(4) + "0.5,0,-1,0,0,0,0,9\n").encode(), 7, ("row has 8 cells",)),
    ("not_a_number", (HEADER + rows(4) + "0.5,0,abc,0,0,0,0\n").encode(), 7, ("column 'ay'", "not a number", "'abc'")),
    ("nan", (HEADER + rows(4) + "0.5,0,-1,0,nan,0,0\n").encode(), 7, ("column 'gx'", "NaN")),
    ("inf", (HEADER + rows(4) + "0.5,0,-1,0,0,0,inf\n").encode(), 7, ("column 'gz'", "infinite")),
    ("empty_cell", (HEADER + rows(4) + "0.5,,-1,0,0,0,0\n").encode(), 7, ("column 'ax'", "is empty")),
    (
        "t_not_increasing",
        (HEADER + rows(4) + "0.02,0,-1,0,0,0,0\n").encode(),
        7,
        ("t is not strictly increasing", "t = 0.02 follows t = 0.03"),
    ),
    (
        "m_per_s2",
        (HEADER + "".join(f"{i * 0.01:.2f},0.0,-9.79,0.0,0.1,0.2,0.3\n" for i in range(50))).encode(),
        3,
        ("accelerations look like m/s^2 (median |a| = 9.79); the format wants g",),
    ),
    ("binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, 1, ("not a text CSV file",)),
    ("nul_in_data", (HEADER + rows(4)).encode() + b"0.5,0,-1\x00,0,0,0,0\n", 7, ("not a text CSV file",)),
    ("not_utf8", b"# note: caf\xe9\n" + (HEADER + rows(3)).encode(), 1, ("not a text CSV file", "UTF-8")),
    ("header_no_data", HEADER.encode(), 2, ("header but no data rows",)),
    (
        "bad_placement",
        ("# sensor: x\n# placement: floor\nt,ax,ay,az,gx,gy,gz\n" + rows(3)).encode(),
        2,
        ("placement must be 'bar' or 'back'", "'floor'"),
    ),
    ("truncated_last_line", (HEADER + rows(4) + "0.5,0.01,-0.9").encode(), 7, ("row has 3 cells", "cut off")),
    (
        "crlf_line_count",
        (HEADER + rows(4) + "0.5,0,x,0,0,0,0\n").replace("\n", "\r\n").encode(),
        7,
        ("column 'ay'", "not a number"),
    ),
    ("big_file_late_error", (HEADER + rows(100_000) + "999.0,0,-1\n").encode(), 100_003, ("row has 3 cells",)),
]


def run_replay(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run(
        [sys.executable, "-m", "repsense", "replay", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=str(REPO),
        timeout=120,
    )


@pytest.mark.parametrize("content, line, phrases", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_replay_bad_file_exit_2_with_file_line_reason(tmp_path, content, line, phrases):
    path = str(tmp_path / "bad.csv")
    Path(path).write_bytes(content)
    proc = run_replay(path, "--placement", "bar")
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr, proc.stderr
    assert f"{path}:{line}: " in proc.stderr, proc.stderr
    for ph in phrases:
        assert ph in proc.stderr, proc.stderr


def test_replay_bad_file_json_mode_too(tmp_path):
    path = str(tmp_path / "bad.csv")
    Path(path).write_text(HEADER + rows(4) + "0.5,0,abc,0,0,0,0\n")
    proc = run_replay(path, "--placement", "bar", "--json")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"{path}:7: column 'ay' is not a number: 'abc'" in proc.stderr
    assert proc.stdout.strip() == ""  # no half-written JSON on stdout


def test_replay_missing_file(tmp_path):
    path = str(tmp_path / "does-not-exist.csv")
    proc = run_replay(path, "--placement", "bar")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"{path}: no such file" in proc.stderr


def test_replay_directory_instead_of_file(tmp_path):
    proc = run_replay(str(tmp_path), "--placement", "bar")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"{tmp_path}: " in proc.stderr and "directory" in proc.stderr
