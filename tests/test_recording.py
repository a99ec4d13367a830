"""Recording CSV reader and writer (imu.recording; docs/formats.md section 1)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from imu.recording import (
    RECORDING_COLUMNS,
    Recording,
    RecordingError,
    RecordingWriter,
    iter_recording_blocks,
    read_metadata,
    read_recording,
    write_recording,
)

REPO = Path(__file__).resolve().parents[1]

CONTRACT_EXAMPLE = """\
# repsense-recording: 1
# sensor: witmotion-wt901ble
# placement: bar
# rate_hz: 100
# exercise: pause-deadlift
# target_pause_s: 2.0
t,ax,ay,az,gx,gy,gz
0.000000,0.0123,-0.9981,0.0312,0.12,-0.05,0.30
0.010000,0.0125,-0.9979,0.0310,0.10,-0.04,0.31
0.020000,0.0121,-0.9983,0.0314,0.13,-0.06,0.29
"""

HEADER = "# placement: bar\nt,ax,ay,az,gx,gy,gz\n"  # header on line 2, data from line 3


def rows(n: int, t0: float = 0.0) -> str:
    """n plausible rows (at rest, 1 g on -y) starting at t0, 100 Hz."""
    return "".join(f"{t0 + i * 0.01:.6f},0.0123,-0.9981,0.0312,0.12,-0.05,0.30\n" for i in range(n))


def put(tmp_path: Path, content: str | bytes, name: str = "rec.csv") -> str:
    p = tmp_path / name
    p.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return str(p)


def synthetic(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    t = 3.0 + np.cumsum(rng.uniform(0.005, 0.02, n))
    acc = rng.normal(0.0, 0.2, (n, 3)) + np.array([0.02, -0.98, 0.1])
    gyro = rng.normal(0.0, 40.0, (n, 3))
    return t, acc, gyro


def as_written(x: np.ndarray, decimals: int) -> np.ndarray:
    """What the file holds: each value printed with `decimals` places, parsed back."""
    return np.array([float(f"{v:.{decimals}f}") for v in np.ravel(x)]).reshape(np.shape(x))


def read_error(path: str, **kw) -> RecordingError:
    with pytest.raises(RecordingError) as ei:
        read_recording(path)
    return ei.value


def assert_error(path: str, line: int | None, *phrases: str, block_sizes=(1, 3, 65536)) -> RecordingError:
    """read_recording and the streaming reader (several block sizes) report the same line and reason."""
    e = read_error(path)
    assert e.path == path
    assert e.line == line, str(e)
    for ph in phrases:
        assert ph in e.reason, str(e)
    expected = f"{path}:{line}: {e.reason}" if line is not None else f"{path}: {e.reason}"
    assert str(e) == expected
    for block_rows in block_sizes:
        with pytest.raises(RecordingError) as ei:
            _, blocks = iter_recording_blocks(path, block_rows=block_rows)
            for _ in blocks:
                pass
        assert (ei.value.line, ei.value.reason) == (e.line, e.reason), block_rows
    return e


# ----------------------------------------------------------------------------------------------
# good files


def test_contract_example_reads(tmp_path):
    p = put(tmp_path, CONTRACT_EXAMPLE)
    rec = read_recording(p)
    assert isinstance(rec, Recording)
    assert rec.path == p
    assert rec.metadata == {
        "repsense-recording": "1",
        "sensor": "witmotion-wt901ble",
        "placement": "bar",
        "rate_hz": "100",
        "exercise": "pause-deadlift",
        "target_pause_s": "2.0",
    }
    assert rec.placement == "bar" and rec.target_pause_s == 2.0
    np.testing.assert_array_equal(rec.t, [0.0, 0.01, 0.02])
    np.testing.assert_array_equal(rec.acc[0], [0.0123, -0.9981, 0.0312])
    np.testing.assert_array_equal(rec.gyro[2], [0.13, -0.06, 0.29])
    for a, shape in ((rec.t, (3,)), (rec.acc, (3, 3)), (rec.gyro, (3, 3))):
        assert a.shape == shape and a.dtype == np.float64 and a.flags.c_contiguous
    assert len(rec) == 3 and rec.duration_s == pytest.approx(0.02)
    assert read_metadata(p) == rec.metadata
    assert RECORDING_COLUMNS == ("t", "ax", "ay", "az", "gx", "gy", "gz")


def test_metadata_parsing_details(tmp_path):
    text = (
        "\ufeff# sensor:  my sensor  \n"  # BOM (Excel), spaces around the value
        "#note: a: b\n"  # only the first colon separates key and value
        "# just a free comment line without a key\n"
        "#\n"
        "\n"
        "# custom.key-2: x\n"
        "# empty_value:\n"
        "t,ax,ay,az,gx,gy,gz\n" + rows(3)
    )
    p = put(tmp_path, text)
    md = read_metadata(p)
    assert md == {"sensor": "my sensor", "note": "a: b", "custom.key-2": "x", "empty_value": ""}
    assert read_recording(p).placement is None and read_recording(p).target_pause_s is None


def test_no_metadata_at_all(tmp_path):
    p = put(tmp_path, "t,ax,ay,az,gx,gy,gz\n" + rows(4))
    rec = read_recording(p)
    assert rec.metadata == {} and len(rec) == 4


def test_crlf_equals_lf(tmp_path):
    lf = read_recording(put(tmp_path, CONTRACT_EXAMPLE, "lf.csv"))
    crlf_path = put(tmp_path, CONTRACT_EXAMPLE.replace("\n", "\r\n"), "crlf.csv")
    crlf = read_recording(crlf_path)
    assert crlf.metadata == lf.metadata
    for a, b in ((crlf.t, lf.t), (crlf.acc, lf.acc), (crlf.gyro, lf.gyro)):
        np.testing.assert_array_equal(a, b)
    # line numbers still count CRLF lines correctly
    bad = put(tmp_path, (HEADER + rows(3) + "0.5,0,x,1,0,0,0\n").replace("\n", "\r\n"), "bad.csv")
    assert_error(bad, 6, "column 'ay'", "not a number", "'x'")


def test_lone_cr_inside_a_long_file_is_an_error(tmp_path):
    """A CR that does not end a line is reported in a file long enough for the vectorised parser
    too (pandas would take it for a line break; found by the fuzz test below)."""
    lines = (HEADER + rows(70)).split("\n")
    lines[13] = "\r" + lines[13]
    p = put(tmp_path, "\n".join(lines))
    assert_error(p, 14, "carriage return")


def test_no_final_newline(tmp_path):
    rec = read_recording(put(tmp_path, HEADER + rows(3).rstrip("\n")))
    assert len(rec) == 3


def test_extra_columns_any_position_ignored(tmp_path):
    text = "seq,gz,t,note,ax,ay,az,gx,gy,mag_x\n" + "".join(
        f"{i},{0.3 + i},{i * 0.01:.2f},hello world,0.01,-0.99,0.02,0.1,0.2,{'' if i == 1 else 42}\n"
        for i in range(5)
    )
    rec = read_recording(put(tmp_path, text))
    np.testing.assert_array_equal(rec.t, [0.0, 0.01, 0.02, 0.03, 0.04])
    np.testing.assert_array_equal(rec.gyro[:, 2], [0.3, 1.3, 2.3, 3.3, 4.3])
    np.testing.assert_array_equal(rec.acc[3], [0.01, -0.99, 0.02])


def test_quoted_cells_and_spaces(tmp_path):
    text = 't,ax,ay,az,gx,gy,gz,label\n0.0, 0.1 ,"-0.99",0,1,2,3,"a, quoted, label"\n0.01,0.1,-0.99,0,1,2,3,x\n'
    rec = read_recording(put(tmp_path, text))
    np.testing.assert_array_equal(rec.acc[:, 1], [-0.99, -0.99])
    np.testing.assert_array_equal(rec.acc[:, 0], [0.1, 0.1])


def test_blank_lines_in_data_are_skipped_and_counted(tmp_path):
    p = put(tmp_path, HEADER + rows(2) + "\n\r\n" + rows(2, t0=1.0) + "\n\n")
    assert len(read_recording(p)) == 4
    bad = put(tmp_path, HEADER + rows(2) + "\n\n" + "1.0,0,0,1,0,0\n", "bad.csv")
    assert_error(bad, 7, "row has 6 cells", "(line 2) has 7 columns")


def test_gaps_in_t_are_allowed(tmp_path):
    p = put(tmp_path, HEADER + rows(3) + rows(3, t0=10.0))
    rec = read_recording(p)
    assert rec.t[3] - rec.t[2] > 9


def test_streaming_blocks_equal_whole_read(tmp_path):
    t, acc, gyro = synthetic(9_000)
    p = str(tmp_path / "s.csv")
    write_recording(p, {"placement": "back"}, t, acc, gyro)
    whole = read_recording(p)
    for block_rows in (1, 7, 1000, 6000, 8999, 65536):
        md, blocks = iter_recording_blocks(p, block_rows=block_rows)
        assert md == whole.metadata
        got = list(blocks)
        assert all(1 <= len(b[0]) <= block_rows for b in got)
        assert sum(len(b[0]) for b in got) == len(whole)
        np.testing.assert_array_equal(np.concatenate([b[0] for b in got]), whole.t)
        np.testing.assert_array_equal(np.concatenate([b[1] for b in got]), whole.acc)
        np.testing.assert_array_equal(np.concatenate([b[2] for b in got]), whole.gyro)
        for bt, ba, bg in got:
            assert ba.shape == (len(bt), 3) and bg.shape == (len(bt), 3) and ba.flags.c_contiguous


def test_streaming_does_not_load_whole_file(tmp_path):
    t, acc, gyro = synthetic(200_000)
    p = str(tmp_path / "big.csv")
    write_recording(p, {}, t, acc, gyro)
    size = os.path.getsize(p)
    tracemalloc.start()
    try:
        _, blocks = iter_recording_blocks(p, block_rows=2000)
        n = 0
        for bt, _, _ in blocks:
            n += len(bt)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 200_000
    assert peak < size / 4, (peak, size)


def test_read_recording_memory_is_about_the_result(tmp_path):
    t, acc, gyro = synthetic(200_000)
    p = str(tmp_path / "big.csv")
    write_recording(p, {}, t, acc, gyro)
    tracemalloc.start()
    try:
        rec = read_recording(p)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    result = rec.t.nbytes + rec.acc.nbytes + rec.gyro.nbytes  # 11.2 MB
    assert peak < result + 32e6, (peak, result)


def test_errors_header_raised_at_call_time_data_errors_while_iterating(tmp_path):
    with pytest.raises(RecordingError):
        iter_recording_blocks(put(tmp_path, "# placement: floor\nt,ax,ay,az,gx,gy,gz\n" + rows(3), "h.csv"))
    p = put(tmp_path, HEADER + rows(7000) + "bad\n", "d.csv")
    md, blocks = iter_recording_blocks(p, block_rows=1000)
    assert md == {"placement": "bar"}
    got = []
    with pytest.raises(RecordingError) as ei:
        for b in blocks:
            got.append(b)
    assert ei.value.line == 7003
    assert 6000 <= sum(len(b[0]) for b in got) < 7000  # blocks before the bad one were delivered


# ----------------------------------------------------------------------------------------------
# bad input: each names the file, the exact line and the problem


def test_empty_file(tmp_path):
    assert_error(put(tmp_path, b""), 1, "empty")


def test_metadata_only_no_header(tmp_path):
    assert_error(put(tmp_path, "# placement: bar\n# rate_hz: 100\n"), 2, "no header line", "t,ax,ay,az,gx,gy,gz")


def test_missing_header_line(tmp_path):
    e = assert_error(put(tmp_path, "# placement: bar\n" + rows(3)), 2, "missing header line", "looks like data")
    assert "t,ax,ay,az,gx,gy,gz" in e.reason


def test_missing_required_columns_listed(tmp_path):
    e = assert_error(put(tmp_path, "# a: 1\n\nt,ax,ay,gx\n1,2,3,4\n"), 3, "missing required columns az, gy, gz")
    assert "ax" not in e.reason.split("columns")[1].split(";")[0]


def test_one_missing_column_singular(tmp_path):
    assert_error(put(tmp_path, "t,ax,ay,az,gx,gy\n" + "0,0,0,1,0,0\n"), 1, "missing required column gz")


def test_header_case_hint(tmp_path):
    assert_error(put(tmp_path, "T,AX,AY,AZ,GX,GY,GZ\n" + rows(2)), 1, "missing required columns t, ax", "case-sensitive")


def test_duplicate_required_column(tmp_path):
    assert_error(put(tmp_path, "t,ax,ay,az,gx,gy,gz,ax\n" + "0,0,0,1,0,0,0,0\n"), 1, "'ax' appears more than once")


@pytest.mark.parametrize(
    "row, phrase",
    [
        ("0.05,0,0,1,0,0\n", "row has 6 cells, but the header (line 2) has 7 columns"),
        ("0.05,0,0,1,0,0,0,0\n", "row has 8 cells"),
        ("0.05\n", "row has 1 cell,"),
        ("   \n", "row has 1 cell,"),
    ],
)
def test_wrong_number_of_cells(tmp_path, row, phrase):
    assert_error(put(tmp_path, HEADER + rows(5) + row + rows(2, t0=1.0)), 8, phrase)


def test_truncated_last_line_hint(tmp_path):
    assert_error(put(tmp_path, HEADER + rows(5) + "0.05,0.01,-0.9"), 8, "row has 3 cells", "cut off")


@pytest.mark.parametrize(
    "row, column, phrase",
    [
        ("0.05,0,abc,1,0,0,0", "ay", "is not a number: 'abc'"),
        ("0.05,0,0,1,0,0,1.2.3", "gz", "is not a number: '1.2.3'"),
        ("0.05,0,0,1,0,0,1;2", "gz", "is not a number"),
        ("0.05,0,0,1,0x10,0,0", "gx", "is not a number"),
        ("0.05,0,0,1,1_000,0,0", "gx", "is not a number"),
        ("abc,0,0,1,0,0,0", "t", "is not a number"),
        ("0.05,0,,1,0,0,0", "ay", "is empty"),
        ("0.05,0,0,1,nan,0,0", "gx", "NaN"),
        ("0.05,0,0,1,NaN,0,0", "gx", "NaN"),
        ("0.05,0,0,1,0,NA,0", "gy", "NaN"),
        ("0.05,0,0,1,0,0,inf", "gz", "infinite"),
        ("0.05,-Infinity,0,1,0,0,0", "ax", "infinite"),
        ("0.05,0,0,1e999,0,0,0", "az", "infinite"),
        ("nan,0,0,1,0,0,0", "t", "NaN"),
    ],
)
def test_bad_cells_name_the_column(tmp_path, row, column, phrase):
    assert_error(put(tmp_path, HEADER + rows(5) + row + "\n" + rows(2, t0=1.0)), 8, f"column '{column}'", phrase)


def test_bad_cell_in_extra_column_is_ignored(tmp_path):
    p = put(tmp_path, "t,ax,ay,az,gx,gy,gz,seq\n" + "".join(f"{i / 100},0,0,1,0,0,0,{'x' if i == 2 else i}\n" for i in range(4)))
    assert len(read_recording(p)) == 4


@pytest.mark.parametrize(
    "t_bad, shown",
    [("0.04", "t = 0.04 follows t = 0.04"), ("0.01", "t = 0.01 follows t = 0.04"), ("-1", "t = -1.0 follows t = 0.04")],
)
def test_t_not_strictly_increasing(tmp_path, t_bad, shown):
    e = assert_error(put(tmp_path, HEADER + rows(5) + f"{t_bad},0,0,1,0,0,0\n"), 8, "t is not strictly increasing", shown)
    assert "row before" in e.reason


def test_t_decrease_across_block_boundary(tmp_path):
    p = put(tmp_path, HEADER + rows(6500) + rows(10, t0=3.0))  # t jumps back from 64.99 to 3.0
    e = assert_error(p, 2 + 6500 + 1, "t is not strictly increasing", "t = 3.0 follows t = 64.99")
    for block_rows in (6500, 100, 6499):
        with pytest.raises(RecordingError) as ei:
            list(iter_recording_blocks(p, block_rows=block_rows)[1])
        assert ei.value.line == e.line


def test_accelerations_in_m_s2(tmp_path):
    body = "".join(f"{i * 0.01:.2f},0.0,-9.79,0.0,0.1,0.2,0.3\n" for i in range(50))
    e = assert_error(put(tmp_path, HEADER + body), 3, "accelerations look like m/s^2 (median |a| = 9.79); the format wants g")
    assert e.reason == "accelerations look like m/s^2 (median |a| = 9.79); the format wants g"


def test_accelerations_m_s2_with_movement(tmp_path):
    rng = np.random.default_rng(3)
    n = 3000
    t = np.arange(n) / 100
    acc = (rng.normal(0, 0.3, (n, 3)) + [0.0, 0.0, 1.0]) * 9.80665
    gyro = rng.normal(0, 30, (n, 3))
    body = "".join(f"{a},{b[0]},{b[1]},{b[2]},{c[0]},{c[1]},{c[2]}\n" for a, b, c in zip(t, acc, gyro))
    assert_error(put(tmp_path, "\n" + HEADER + body), 4, "m/s^2", "the format wants g")


def test_accelerations_in_milli_g(tmp_path):
    body = "".join(f"{i * 0.01:.2f},12,-998,31,0.1,0.2,0.3\n" for i in range(50))
    assert_error(put(tmp_path, HEADER + body), 3, "milli-g or raw sensor counts", "the format wants g")


def test_gravity_removed(tmp_path):
    body = "".join(f"{i * 0.01:.2f},0.001,-0.002,0.003,0.1,0.2,0.3\n" for i in range(50))
    assert_error(put(tmp_path, HEADER + body), 3, "gravity has been removed", "about 1 g at rest")


def test_gyro_raw_counts(tmp_path):
    body = "".join(f"{i * 0.01:.2f},0,-1,0,12000,-8000,300\n" for i in range(50))
    assert_error(put(tmp_path, HEADER + body), 3, "angular rates are implausible", "deg/s")


def test_gyro_small_rates_are_accepted(tmp_path):
    # A bar that does not rotate gives small rates in deg/s too: rad/s cannot be told from this.
    body = "".join(f"{i * 0.01:.2f},0,-1,0,0.01,-0.02,0.005\n" for i in range(50))
    assert len(read_recording(put(tmp_path, HEADER + body))) == 50


def test_units_checked_on_first_rows_regardless_of_block_size(tmp_path):
    # 1 g for 6000 rows (the probe), then m/s^2: the probe decides, identically for any block size
    ok = rows(6000)
    later = "".join(f"{60 + i * 0.01:.2f},0,-9.8,0,0,0,0\n" for i in range(10))
    p = put(tmp_path, HEADER + ok + later)
    assert len(read_recording(p)) == 6010
    assert sum(len(b[0]) for b in iter_recording_blocks(p, block_rows=5)[1]) == 6010


def test_binary_garbage(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert_error(put(tmp_path, png), 1, "not a text CSV file")
    rnd = np.random.default_rng(0).integers(0, 256, 5000, dtype=np.uint8).tobytes()
    assert_error(put(tmp_path, b"\x00" + rnd, "r.bin"), 1, "not a text CSV file")


def test_nul_bytes_in_data(tmp_path):
    raw = (HEADER + rows(5)).encode() + b"0.05,0,0,1,0\x00,0,0\n" + rows(2, t0=1.0).encode()
    assert_error(put(tmp_path, raw), 8, "not a text CSV file", "NUL")


def test_utf16_file_is_not_text_csv(tmp_path):
    assert_error(put(tmp_path, (HEADER + rows(3)).encode("utf-16")), 1, "not a text CSV file")


def test_not_utf8_in_metadata(tmp_path):
    raw = b"# placement: bar\n# note: caf\xe9\n" + ("t,ax,ay,az,gx,gy,gz\n" + rows(3)).encode()
    assert_error(put(tmp_path, raw), 2, "not a text CSV file", "UTF-8")


def test_non_ascii_utf8_in_extra_column_is_fine(tmp_path):
    p = put(tmp_path, "# note: café ✓\nt,ax,ay,az,gx,gy,gz,who\n0,0,-1,0,0,0,0,Zoë\n0.01,0,-1,0,0,0,0,Zoë\n")
    rec = read_recording(p)
    assert rec.metadata["note"] == "café ✓" and len(rec) == 2


def test_header_but_no_data(tmp_path):
    assert_error(put(tmp_path, HEADER), 2, "header but no data rows")
    assert_error(put(tmp_path, HEADER + "\n\r\n\n", "blank.csv"), 2, "header but no data rows")


@pytest.mark.parametrize("value", ["floor", "Bar", "", "bar back"])
def test_placement_must_be_bar_or_back(tmp_path, value):
    p = put(tmp_path, f"# sensor: x\n# placement: {value}\nt,ax,ay,az,gx,gy,gz\n" + rows(2))
    assert_error(p, 2, "placement must be 'bar' or 'back'", repr(value))
    with pytest.raises(RecordingError) as ei:
        read_metadata(p)
    assert ei.value.line == 2


def test_back_placement_ok(tmp_path):
    assert read_recording(put(tmp_path, "# placement: back\nt,ax,ay,az,gx,gy,gz\n" + rows(2))).placement == "back"


@pytest.mark.parametrize(
    "line, phrase",
    [
        ("# rate_hz: fast", "rate_hz must be a positive number"),
        ("# rate_hz: 0", "rate_hz must be a positive number"),
        ("# target_pause_s: -1", "target_pause_s must be a positive number of seconds"),
        ("# target_pause_s: 0", "target_pause_s must be a positive number of seconds"),
        ("# target_pause_s: nan", "target_pause_s"),
        ("# repsense-recording: 2", "unsupported recording format version '2'"),
    ],
)
def test_known_metadata_values_checked(tmp_path, line, phrase):
    assert_error(put(tmp_path, f"# sensor: x\n{line}\nt,ax,ay,az,gx,gy,gz\n" + rows(2)), 2, phrase)


def test_duplicate_metadata_key(tmp_path):
    p = put(tmp_path, "# placement: bar\n# sensor: x\n# placement: back\nt,ax,ay,az,gx,gy,gz\n" + rows(2))
    assert_error(p, 3, "'placement' is given twice (first on line 1)")


def test_comment_line_inside_data(tmp_path):
    assert_error(put(tmp_path, HEADER + rows(3) + "# placement: back\n" + rows(2, t0=1.0)), 6, "comment or metadata line inside the data")


def test_cr_inside_a_line(tmp_path):
    assert_error(put(tmp_path, HEADER + rows(3) + "0.5,0,-1\r,0,0,0,0\n"), 6, "carriage return (CR) inside the line")


def test_missing_file_and_directory(tmp_path):
    missing = str(tmp_path / "nope.csv")
    for fn in (read_recording, read_metadata, iter_recording_blocks):
        with pytest.raises(RecordingError) as ei:
            fn(missing)
        assert ei.value.line is None and str(ei.value) == f"{missing}: no such file"
    with pytest.raises(RecordingError) as ei:
        read_recording(str(tmp_path))
    assert "directory" in str(ei.value) and str(ei.value).startswith(f"{tmp_path}: ")


def test_pathlike_and_error_attributes(tmp_path):
    p = Path(put(tmp_path, ""))
    with pytest.raises(RecordingError) as ei:
        read_recording(p)
    e = ei.value
    assert (e.path, e.line, e.reason) == (str(p), 1, "the file is empty")
    assert isinstance(e, ValueError)
    import pickle  # noqa: F401  (only to check the exception survives copy, as multiprocessing does)
    import copy

    c = copy.copy(e)
    assert (c.path, c.line, c.reason, str(c)) == (e.path, e.line, e.reason, str(e))


def test_error_line_numbers_far_into_a_big_file(tmp_path):
    p = put(tmp_path, HEADER + rows(150_000) + "1499.99,0,0,1,0,0\n" + rows(10, t0=2000.0))
    assert_error(p, 150_003, "row has 6 cells", block_sizes=(50, 999, 65536))


# ----------------------------------------------------------------------------------------------
# writer


def test_round_trip_exact_to_written_precision(tmp_path):
    t, acc, gyro = synthetic(5000, seed=4)
    p = str(tmp_path / "rt.csv")
    md = {"sensor": "witmotion-wt901ble", "placement": "bar", "rate_hz": 100, "target_pause_s": 2.0, "x-y.z": "a: b"}
    write_recording(p, md, t, acc, gyro)
    rec = read_recording(p)
    assert rec.metadata == {"repsense-recording": "1", **{k: str(v) for k, v in md.items()}}
    np.testing.assert_array_equal(rec.t, as_written(t, 6))
    np.testing.assert_array_equal(rec.acc, as_written(acc, 6))
    np.testing.assert_array_equal(rec.gyro, as_written(gyro, 4))
    assert np.abs(rec.acc - acc).max() <= 0.5e-6 + 1e-12
    assert np.abs(rec.gyro - gyro).max() <= 0.5e-4 + 1e-12
    lines = Path(p).read_text().splitlines()
    assert lines[0] == "# repsense-recording: 1"
    assert lines[6] == "t,ax,ay,az,gx,gy,gz"


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 40),
    data=st.data(),
)
def test_round_trip_property(tmp_path_factory, n, data):
    steps = data.draw(hnp.arrays(np.float64, n, elements=st.floats(1e-5, 100.0)))
    t = 1.0 + np.cumsum(steps)
    # |a| stays near 1 g so the units check (median |a|) passes for any n
    acc = data.draw(hnp.arrays(np.float64, (n, 3), elements=st.floats(-0.5, 0.5))) + [0, 0, 1]
    gyro = data.draw(hnp.arrays(np.float64, (n, 3), elements=st.floats(-1000, 1000)))
    p = tmp_path_factory.mktemp("prop") / "r.csv"
    write_recording(p, {"placement": "back"}, t, acc, gyro)
    rec = read_recording(p)
    np.testing.assert_array_equal(rec.t, as_written(t, 6))
    np.testing.assert_array_equal(rec.acc, as_written(acc, 6))
    np.testing.assert_array_equal(rec.gyro, as_written(gyro, 4))


def test_writer_blocks_samples_and_extra_columns(tmp_path):
    p = str(tmp_path / "live.csv")
    t, acc, gyro = synthetic(30, seed=5)
    with RecordingWriter(p, {"placement": "back", "sensor": "x"}, extra_columns=("seq",)) as w:
        assert w.path == p and w.n_samples == 0
        w.write_block(t[:20], acc[:20], gyro[:20], {"seq": np.arange(20)})
        for i in range(20, 30):
            w.write_sample(t[i], *acc[i], *gyro[i], i)
        assert w.n_samples == 30
    assert w.closed
    w.close()  # idempotent
    lines = Path(p).read_text().splitlines()
    assert lines[3] == "t,ax,ay,az,gx,gy,gz,seq"
    assert [ln.rsplit(",", 1)[1] for ln in lines[4:]] == [str(i) for i in range(30)]
    rec = read_recording(p)
    np.testing.assert_array_equal(rec.t, as_written(t, 6))
    np.testing.assert_array_equal(rec.gyro, as_written(gyro, 4))
    with pytest.raises(ValueError):
        w.write_sample(100.0, 0, 0, 1, 0, 0, 0, 1)


def test_write_recording_extra(tmp_path):
    t, acc, gyro = synthetic(10)
    p = tmp_path / "e.csv"
    write_recording(p, None, t, acc, gyro, extra={"seq": np.arange(10, 20), "temp_c": np.full(10, 21.5)})
    lines = p.read_text().splitlines()
    assert lines[1] == "t,ax,ay,az,gx,gy,gz,seq,temp_c"
    assert lines[2].endswith(",10,21.5")
    assert len(read_recording(p)) == 10


def test_writer_refuses_to_overwrite(tmp_path):
    p = tmp_path / "keep.csv"
    p.write_text("precious")
    t, acc, gyro = synthetic(5)
    with pytest.raises(FileExistsError):
        RecordingWriter(p, {})
    with pytest.raises(FileExistsError):
        write_recording(p, {}, t, acc, gyro)
    assert p.read_text() == "precious"
    write_recording(p, {"placement": "bar"}, t, acc, gyro, overwrite=True)
    assert len(read_recording(p)) == 5
    assert sorted(x.name for x in tmp_path.iterdir()) == ["keep.csv"]  # no temp file left


def test_overwrite_with_bad_data_keeps_old_file(tmp_path):
    p = tmp_path / "keep.csv"
    t, acc, gyro = synthetic(5)
    write_recording(p, {}, t, acc, gyro)
    before = p.read_bytes()
    acc[2, 1] = np.nan
    with pytest.raises(ValueError):
        write_recording(p, {}, t, acc, gyro, overwrite=True)
    assert p.read_bytes() == before
    assert sorted(x.name for x in tmp_path.iterdir()) == ["keep.csv"]


@pytest.mark.parametrize(
    "mutate, phrase",
    [
        (lambda t, a, g: a.__setitem__((1, 1), np.nan), "acc"),
        (lambda t, a, g: g.__setitem__((3, 0), np.inf), "gyro"),
        (lambda t, a, g: t.__setitem__(3, t[2]), "strictly increasing"),
        (lambda t, a, g: t.__setitem__(3, t[2] + 1e-9), "strictly increasing"),  # equal at 6 decimals
    ],
)
def test_write_recording_rejects_bad_data_and_creates_nothing(tmp_path, mutate, phrase):
    t, acc, gyro = synthetic(6)
    mutate(t, acc, gyro)
    p = tmp_path / "x.csv"
    with pytest.raises(ValueError, match=phrase):
        write_recording(p, {}, t, acc, gyro)
    assert not p.exists()


def test_writer_rejects_bad_metadata_before_creating(tmp_path):
    p = tmp_path / "x.csv"
    for md, phrase in (
        ({"placement": "floor"}, "placement"),
        ({"bad key": "x"}, "metadata key"),
        ({"note": "two\nlines"}, "line break"),
        ({"repsense-recording": "2"}, "version"),
    ):
        with pytest.raises(ValueError, match=phrase):
            RecordingWriter(p, md)
        assert not p.exists()
    with pytest.raises(ValueError):
        RecordingWriter(p, {}, extra_columns=("t",))
    with pytest.raises(ValueError):
        RecordingWriter(p, {}, extra_columns=("a,b",))
    assert not p.exists()


def test_writer_t_must_increase_across_blocks(tmp_path):
    p = tmp_path / "x.csv"
    with RecordingWriter(p, {}) as w:
        w.write_sample(1.0, 0, 0, 1, 0, 0, 0)
        with pytest.raises(ValueError, match="strictly increasing"):
            w.write_sample(1.0, 0, 0, 1, 0, 0, 0)
        with pytest.raises(ValueError, match="shape"):
            w.write_block([2.0, 3.0], [[0, 0, 1]], [[0, 0, 0]])
        w.write_sample(1.01, 0, 0, 1, 0, 0, 0)
    assert len(read_recording(p)) == 2


def test_file_is_readable_while_being_written(tmp_path):
    p = str(tmp_path / "live.csv")
    w = RecordingWriter(p, {"placement": "bar"}, flush_interval_s=0)
    try:
        assert read_metadata(p)["placement"] == "bar"  # header on disk at open
        w.write_sample(0.0, 0, -1, 0, 0, 0, 0)
        assert len(read_recording(p)) == 1
        w.write_sample(0.01, 0, -1, 0, 0, 0, 0)
        assert len(read_recording(p)) == 2
    finally:
        w.close()


def _child(code: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        # (Ctrl-C's default action in the child, as in a terminal: a test run started in the
        # background by a shell ignores SIGINT, and a child inherits that, never raising
        # KeyboardInterrupt)
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_kill_9_mid_stream_leaves_flushed_rows(tmp_path):
    p = str(tmp_path / "crash.csv")
    proc = _child(
        f"""
        import sys, time
        from imu.recording import RecordingWriter
        w = RecordingWriter({p!r}, {{"placement": "bar"}}, flush_interval_s=3600, extra_columns=("seq",))
        i = 0
        while True:
            for _ in range(50):
                w.write_sample(i * 0.01, 0.001 * (i % 7), -1.0, 0.02, 0.5, -0.25, 0.125, i)
                i += 1
            if i % 1000 == 0:
                w.flush()
                print(i, flush=True)
            if i >= 3000:
                time.sleep(0.001)  # keep writing, slowly, unflushed
        """
    )
    try:
        assert proc.stdout.readline().strip() == "1000"
        assert proc.stdout.readline().strip() == "2000"
        assert proc.stdout.readline().strip() == "3000"
        time.sleep(0.2)  # the child is now writing rows that are never flushed
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    rec = read_recording(p)
    assert len(rec) >= 3000
    seq = np.arange(len(rec))
    np.testing.assert_array_equal(rec.t, as_written(seq * 0.01, 6))
    np.testing.assert_array_equal(rec.acc[:, 0], as_written(0.001 * (seq % 7), 6))
    np.testing.assert_array_equal(rec.gyro[-1], [0.5, -0.25, 0.125])
    assert Path(p).read_bytes().endswith(b"\n")


def test_kill_9_after_stall_keeps_rows_flushed_by_time(tmp_path):
    # rows written, then the source stalls (BLE link lost): the background flush still writes them
    p = str(tmp_path / "stall.csv")
    proc = _child(
        f"""
        import time
        from imu.recording import RecordingWriter
        w = RecordingWriter({p!r}, {{"placement": "back"}}, flush_interval_s=0.2)
        for i in range(777):
            w.write_sample(i * 0.01, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0)
        print("written", flush=True)
        time.sleep(60)
        """
    )
    try:
        assert proc.stdout.readline().strip() == "written"
        time.sleep(1.0)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    assert len(read_recording(p)) == 777


@pytest.mark.parametrize("use_with", [True, False])
def test_ctrl_c_flushes_everything(tmp_path, use_with):
    p = str(tmp_path / "int.csv")
    loop = (
        "for i in range(1234):\n"
        "    w.write_sample(i * 0.01, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0)\n"
        "print('written', flush=True)\n"
        "time.sleep(60)\n"
    )
    code = "import time\nfrom imu.recording import RecordingWriter\n"
    if use_with:
        code += f"with RecordingWriter({p!r}, {{}}, flush_interval_s=3600) as w:\n" + textwrap.indent(loop, "    ")
    else:
        code += f"w = RecordingWriter({p!r}, {{}}, flush_interval_s=3600)\n" + loop
    proc = _child(code)
    try:
        assert proc.stdout.readline().strip() == "written", proc.stderr.read()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(10)
    assert proc.returncode != 0  # KeyboardInterrupt
    assert len(read_recording(p)) == 1234


# ----------------------------------------------------------------------------------------------
# fuzz: whatever the bytes, the reader either reads or raises RecordingError, the same way for
# every block size


def _outcome(path: str, block_rows: int | None):
    try:
        if block_rows is None:
            rec = read_recording(path)
            return ("ok", rec.t.tobytes(), rec.acc.tobytes(), rec.gyro.tobytes())
        _, blocks = iter_recording_blocks(path, block_rows=block_rows)
        got = list(blocks)
        cat = (lambda i, w: np.concatenate([b[i] for b in got]).reshape(-1, w) if got else np.empty((0, w)))
        return ("ok", cat(0, 1).ravel().tobytes(), cat(1, 3).tobytes(), cat(2, 3).tobytes())
    except RecordingError as e:
        return ("error", e.line, e.reason)


_VALID = (HEADER + rows(70)).encode()
_PIECES = [b",", b"\n", b"\r\n", b"\r", b"#", b'"', b"\x00", b"\xff", b"nan", b"-", b"e", b"1", b".", b" ", b"\n\n", b"x"]


@settings(max_examples=150, deadline=None)
@given(
    edits=st.lists(st.tuples(st.integers(0, len(_VALID)), st.integers(0, 3), st.sampled_from(_PIECES)), max_size=4),
    cut=st.integers(0, len(_VALID)),
)
def test_fuzz_mutations_give_recording_error_or_data(tmp_path_factory, edits, cut):
    data = bytearray(_VALID)
    for pos, delete, piece in edits:
        pos = min(pos, len(data))
        data[pos : pos + delete] = piece
    if cut < len(data) and cut % 3 == 0:
        data = data[:cut]
    p = str(tmp_path_factory.mktemp("fuzz") / "f.csv")
    Path(p).write_bytes(bytes(data))
    whole = _outcome(p, None)
    for block_rows in (1, 5, 64, 65536):
        assert _outcome(p, block_rows) == whole, block_rows
    if whole[0] == "error":
        assert isinstance(whole[1], int) and 1 <= whole[1] <= data.count(b"\n") + 1


@settings(max_examples=60, deadline=None)
@given(blob=st.binary(max_size=3000))
def test_fuzz_random_bytes(tmp_path_factory, blob):
    p = str(tmp_path_factory.mktemp("fuzzb") / "f.csv")
    Path(p).write_bytes(blob)
    whole = _outcome(p, None)
    assert _outcome(p, 3) == whole
