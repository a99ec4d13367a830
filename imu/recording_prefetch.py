"""Read a large recording in a second process while the caller analyses what has arrived.

Parsing the CSV text (numpy's C parser holds the GIL) and analysing it are both CPU work, so a
thread gains nothing; a forked child process parses block after block and hands each to the
parent through a pipe while the parent analyses the block before. The parent then waits only for
the first block. Off Linux (Windows has no ``fork``; macOS frameworks are not fork-safe), for a
small file, or where the parent already runs other threads (forking those is unsafe), it reads
in-process. Either way :func:`prefetch_recording_blocks` returns what
:func:`iter_recording_blocks` would (the same values, as writable contiguous arrays).

Messages on the pipe are plain bytes (no pickle): ``B`` + row count (8 bytes, little endian) +
t, acc, gyro as float64; ``E`` + JSON of a RecordingError (path, line, reason); ``X`` + JSON of
any other exception in the child; ``D`` at the end.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterator
from multiprocessing.connection import Connection

import numpy as np

from .recording_format import RecordingError
from .recording_reader import iter_recording_blocks

#: files smaller than this (bytes) are read in-process: a fork costs more than it saves
PREFETCH_MIN_BYTES = 4 << 20

Blocks = Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]


def prefetch_recording_blocks(
    path: str | os.PathLike[str], block_rows: int = 16384, min_bytes: int | None = None
) -> tuple[dict[str, str], Blocks]:
    """:func:`iter_recording_blocks` with the parsing done ahead in a child process.

    The same ``(metadata, blocks)``: the metadata and header are validated here (RecordingError
    raised at call time), and a bad data row raises the same RecordingError, with its line
    number, when iteration reaches the block that holds it. Closing or dropping the iterator
    stops the child. ``min_bytes``: smaller files are read in-process (default
    :data:`PREFETCH_MIN_BYTES`).
    """
    metadata, blocks = iter_recording_blocks(path, block_rows)
    if not _can_fork() or os.path.getsize(path) < (PREFETCH_MIN_BYTES if min_bytes is None else min_bytes):
        return metadata, blocks
    blocks.close()  # the child reads the file itself
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_read_in_child, args=(os.fspath(path), block_rows, send), daemon=True)
    child.start()
    send.close()  # the child holds its own end; the parent sees EOF if the child dies
    return metadata, _receive(os.fspath(path), recv, child, block_rows)


def _can_fork() -> bool:
    # Linux only: macOS system frameworks are not fork-safe (why Python stopped forking there)
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _read_in_child(path: str, block_rows: int, conn: Connection) -> None:
    """The child: parse the recording and send it block by block (see the module docstring)."""
    # Ctrl-C reaches the whole process group: the parent handles it and ends this process
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _, blocks = iter_recording_blocks(path, block_rows)
        for t, acc, gyro in blocks:
            conn.send_bytes(b"B" + len(t).to_bytes(8, "little") + t.tobytes() + acc.tobytes() + gyro.tobytes())
        conn.send_bytes(b"D")
    except RecordingError as e:
        conn.send_bytes(b"E" + json.dumps({"path": e.path, "line": e.line, "reason": e.reason}).encode())
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which raises it
        try:
            conn.send_bytes(b"X" + json.dumps({"type": type(e).__name__, "message": str(e), "os": isinstance(e, OSError)}).encode())
        except OSError:
            pass  # the parent has gone
    finally:
        conn.close()


def _receive(path: str, conn: Connection, child: multiprocessing.process.BaseProcess, block_rows: int) -> Blocks:
    """The parent: the child's blocks as (t, acc, gyro) arrays, its errors raised; the child is
    ended (if it still runs) and reaped however the iteration stops."""
    try:
        while True:
            # a fresh buffer per block, so the arrays handed out are the caller's to keep and write
            msg = bytearray(9 + 7 * 8 * block_rows)
            try:
                size = conn.recv_bytes_into(msg)
            except EOFError:
                raise RuntimeError(f"{path}: the process reading the file ended without finishing it") from None
            kind = bytes(msg[:1])
            if kind == b"B":
                n = int.from_bytes(msg[1:9], "little")
                vals = np.frombuffer(msg, dtype=np.float64, count=7 * n, offset=9)
                yield vals[:n], vals[n : 4 * n].reshape(n, 3), vals[4 * n : 7 * n].reshape(n, 3)
            elif kind == b"D":
                return
            elif kind == b"E":
                e = json.loads(msg[1:size])
                raise RecordingError(e["path"], e["line"], e["reason"])
            else:
                e = json.loads(msg[1:size])
                if e["os"]:
                    raise OSError(f"{path}: {e['message']}")
                raise RuntimeError(f"{path}: reading failed: {e['type']}: {e['message']}")
    finally:
        conn.close()
        if child.is_alive():
            child.terminate()
        child.join()
