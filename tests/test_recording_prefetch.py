"""The prefetching reader: a child process parses the CSV while the caller analyses.

It must hand over exactly what the in-process reader reads, raise the same errors at the same
point (file, line, reason), and leave no process behind when the caller stops early.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import imu.recording_prefetch as prefetch
from analysis import analyze
from imu.arrival_times import retime_recording, retiming_period_s
from imu.recording import RecordingError, iter_recording_blocks, read_recording, write_recording
from imu.simulator import simulate_session
from repsense.replay import replay_file

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(not prefetch._can_fork(), reason="no fork on this platform")


@pytest.fixture(scope="module")
def session_file(tmp_path_factory) -> Path:
    s = simulate_session(150, "bar", 100.0, link="ble")
    p = tmp_path_factory.mktemp("prefetch") / "session.csv"
    write_recording(p, s.metadata, s.t, s.acc, s.gyro)
    return p


def _gen_name(blocks) -> str:
    return blocks.gi_code.co_name


def test_child_hands_over_exactly_what_the_in_process_reader_reads(session_file):
    meta_a, in_process = iter_recording_blocks(session_file, 4096)
    meta_b, fetched = prefetch.prefetch_recording_blocks(session_file, 4096, min_bytes=0)
    assert _gen_name(fetched) == "_receive" and _gen_name(in_process) != "_receive"
    assert meta_a == meta_b
    a, b = list(in_process), list(fetched)
    assert len(a) == len(b) > 2
    for (ta, aa, ga), (tb, ab, gb) in zip(a, b):
        assert np.array_equal(ta, tb) and np.array_equal(aa, ab) and np.array_equal(ga, gb)
        assert tb.shape == ta.shape and ab.shape == aa.shape == (len(ta), 3)
        assert all(x.flags.writeable and x.flags.c_contiguous for x in (tb, ab, gb))
    assert not multiprocessing.active_children()


def test_small_files_are_read_in_process(session_file):
    _, blocks = prefetch.prefetch_recording_blocks(session_file)  # about 1 MB: under the default
    assert _gen_name(blocks) != "_receive"
    blocks.close()


def test_a_bad_row_raises_the_same_error_after_the_blocks_before_it(tmp_path, session_file):
    lines = session_file.read_text().splitlines(keepends=True)
    bad_line = len(lines) - 100  # 1-based number of the row broken below
    lines[bad_line - 1] = lines[bad_line - 1].replace(",", ",abc", 1)
    p = tmp_path / "bad.csv"
    p.write_text("".join(lines))
    with pytest.raises(RecordingError) as ref:
        list(iter_recording_blocks(p, 4096)[1])
    got: list[int] = []
    _, blocks = prefetch.prefetch_recording_blocks(p, 4096, min_bytes=0)
    with pytest.raises(RecordingError) as err:
        for t, _, _ in blocks:
            got.append(len(t))
    assert (err.value.path, err.value.line, err.value.reason) == (ref.value.path, ref.value.line, ref.value.reason)
    assert err.value.line == bad_line and str(p) in str(err.value)
    assert sum(got) >= 4096  # the rows before the bad one's block were handed over first
    assert not multiprocessing.active_children()


def test_a_bad_header_is_raised_at_call_time_with_no_child(tmp_path):
    p = tmp_path / "bad_header.csv"
    p.write_text("# repsense-recording: 1\nt,ax,ay\n0.0,0,0\n")
    with pytest.raises(RecordingError) as err:
        prefetch.prefetch_recording_blocks(p, min_bytes=0)
    assert err.value.line == 2
    assert not multiprocessing.active_children()


def test_stopping_early_ends_the_child(session_file):
    _, blocks = prefetch.prefetch_recording_blocks(session_file, 1024, min_bytes=0)
    next(blocks)
    assert multiprocessing.active_children()
    blocks.close()
    assert not multiprocessing.active_children()


def test_replay_with_the_child_reader_gives_the_analysis_of_the_whole_arrays(monkeypatch, session_file):
    monkeypatch.setattr(prefetch, "PREFETCH_MIN_BYTES", 0)
    rec = read_recording(session_file)
    # (the replay retimes the link's host stamps, with the recording's rate: imu.arrival_times)
    t = retime_recording(rec.t, rec.acc, rec.gyro, retiming_period_s(float(rec.metadata["rate_hz"])))
    assert replay_file(str(session_file)).to_dict() == analyze(t, rec.acc, rec.gyro, "bar").to_dict()


def test_cli_reports_a_bad_row_found_by_the_child_as_file_line_reason(tmp_path, session_file):
    lines = session_file.read_text().splitlines(keepends=True)
    lines[-50] = "not,a,number,row,at,all,x\n"
    p = tmp_path / "bad_late.csv"
    p.write_text("".join(lines) * 1)
    code = (
        "import sys, imu.recording_prefetch as p; p.PREFETCH_MIN_BYTES = 0; "
        "from repsense.cli import main; sys.exit(main(['replay', sys.argv[1], '--json']))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 2, out.stderr
    assert f"{p}:{len(lines) - 49}:" in out.stderr and "Traceback" not in out.stderr


def test_a_reader_that_dies_is_an_error_naming_the_file_not_a_short_recording(monkeypatch, session_file):
    def dies_after_one_block(path, block_rows, conn):
        _, blocks = iter_recording_blocks(path, block_rows)
        t, acc, gyro = next(blocks)
        conn.send_bytes(b"B" + len(t).to_bytes(8, "little") + t.tobytes() + acc.tobytes() + gyro.tobytes())
        os._exit(3)  # killed: no end-of-data message

    monkeypatch.setattr(prefetch, "_read_in_child", dies_after_one_block)
    _, blocks = prefetch.prefetch_recording_blocks(session_file, 1024, min_bytes=0)
    assert 0 < len(next(blocks)[0]) <= 1024
    with pytest.raises(RuntimeError, match=str(session_file)):
        next(blocks)
    assert not multiprocessing.active_children()
