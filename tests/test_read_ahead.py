"""imu.read_ahead: the background reader gives the plain iterator's items and errors, in order."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from imu.read_ahead import read_ahead
from imu.recording import RecordingError, iter_recording_blocks, write_recording


def test_same_items_in_order() -> None:
    assert list(read_ahead(iter(range(1000)), depth=3)) == list(range(1000))


def test_error_raised_after_the_items_before_it() -> None:
    def gen():
        yield 1
        yield 2
        raise ValueError("bad block 3")

    got = []
    with pytest.raises(ValueError, match="bad block 3"):
        for x in read_ahead(gen()):
            got.append(x)
    assert got == [1, 2]


def test_early_stop_ends_the_producer_and_closes_the_source() -> None:
    closed = threading.Event()

    def gen():
        try:
            for i in range(10**9):
                yield i
        finally:
            closed.set()

    it = read_ahead(gen(), depth=2)
    assert next(it) == 0
    it.close()
    assert closed.wait(5.0)
    assert not any(th.name == "read-ahead" and th.is_alive() for th in threading.enumerate())


def test_recording_blocks_and_bad_row_line_through_read_ahead(tmp_path) -> None:
    n = 9000
    t = np.arange(n) * 0.01
    acc = np.tile([0.0, 0.0, 1.0], (n, 1))
    gyro = np.zeros((n, 3))
    p = tmp_path / "s.csv"
    write_recording(p, {"placement": "bar"}, t, acc, gyro)
    plain = [b[0] for b in iter_recording_blocks(p, block_rows=1000)[1]]
    ahead = [b[0] for b in read_ahead(iter_recording_blocks(p, block_rows=1000)[1])]
    assert len(plain) == len(ahead) > 2
    for x, y in zip(plain, ahead):
        np.testing.assert_array_equal(x, y)
    # a non-numeric cell late in the file: the blocks before it arrive, then the error names its line
    lines = p.read_text().splitlines(keepends=True)
    bad = next(i for i, ln in enumerate(lines) if ln.startswith("80.00") or ln.startswith("80,"))
    lines[bad] = "80.0,x,0,1,0,0,0\n"
    p.write_text("".join(lines))
    rows = 0
    with pytest.raises(RecordingError) as e:
        for b in read_ahead(iter_recording_blocks(p, block_rows=1000)[1]):
            rows += len(b[0])
    assert f":{bad + 1}:" in str(e.value)
    assert rows >= 6000
