"""Writing recording CSV files (docs/formats.md) so that they are valid at every moment.

The header and metadata are written and fsync'ed when the file is created; rows are appended as
whole lines only, flushed and fsync'ed at least every ``flush_interval_s`` seconds of wall time
(by a background thread, so a stalled data source does not hold rows back) and on close. A crash,
``kill -9`` or Ctrl-C therefore leaves a file the reader accepts, holding every row up to the last
flush. An existing file is never overwritten or truncated.
"""

from __future__ import annotations

import math
import os
import tempfile
import threading
import weakref
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .recording_format import (
    FORMAT_VERSION,
    METADATA_KEY_RE,
    RECORDING_COLUMNS,
    VERSION_KEY,
    check_metadata_value,
)

#: Decimal places written: t (s) to 1 us, acc (g) to 1 ug, gyro (deg/s) to 0.1 mdeg/s.
T_DECIMALS = 6
ACC_DECIMALS = 6
GYRO_DECIMALS = 4
_ROW_FMT = ",".join(["%.6f"] * 3 + ["%.4f"] * 3)  # the 6 columns after t


def _header_bytes(metadata: Mapping[str, Any] | None, extra_columns: Sequence[str]) -> bytes:
    lines = [f"# {VERSION_KEY}: {FORMAT_VERSION}"]
    for key, value in (metadata or {}).items():
        if not isinstance(key, str) or not METADATA_KEY_RE.fullmatch(key):
            raise ValueError(f"metadata key {key!r}: use letters, digits, '_', '-', '.' only")
        text = str(value).strip()
        if "\n" in text or "\r" in text:
            raise ValueError(f"metadata value for {key!r} contains a line break")
        problem = check_metadata_value(key, text)
        if problem:
            raise ValueError(problem)
        if key == VERSION_KEY:
            continue  # always written first
        lines.append(f"# {key}: {text}")
    seen = set(RECORDING_COLUMNS)
    for c in extra_columns:
        if not isinstance(c, str) or not c or c != c.strip() or any(ch in c for ch in ',"\r\n#'):
            raise ValueError(f"extra column name {c!r} is not a plain CSV column name")
        if c in seen:
            raise ValueError(f"extra column name {c!r} is used twice or clashes with a required column")
        seen.add(c)
    lines.append(",".join(RECORDING_COLUMNS + tuple(extra_columns)))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _extra_strings(values: Any, n: int, name: str) -> list[str]:
    arr = np.asarray(values)
    if arr.shape != (n,):
        raise ValueError(f"extra column {name!r}: expected shape ({n},), got {arr.shape}")
    if arr.dtype.kind in "iub":
        return [str(int(v)) for v in arr.tolist()]
    if arr.dtype.kind == "f":
        return [repr(float(v)) for v in arr.tolist()]
    out = [str(v) for v in arr.tolist()]
    for s in out:
        if any(ch in s for ch in ',"\r\n'):
            raise ValueError(f"extra column {name!r}: value {s!r} contains a comma, quote or line break")
    return out


def _format_block(
    t: Any, acc: Any, gyro: Any, extra: Mapping[str, Any] | None, extra_columns: Sequence[str], last_t: float | None
) -> tuple[str, int, float | None]:
    """Validate and format one block: ``(text, n_rows, last t as written)``. Raises ValueError."""
    t = np.asarray(t, dtype=np.float64)
    acc = np.asarray(acc, dtype=np.float64)
    gyro = np.asarray(gyro, dtype=np.float64)
    if t.ndim != 1:
        raise ValueError(f"t must be 1-D (N,), got shape {t.shape}")
    n = t.shape[0]
    if acc.shape != (n, 3) or gyro.shape != (n, 3):
        raise ValueError(f"acc and gyro must have shape ({n}, 3), got {acc.shape} and {gyro.shape}")
    extra = extra or {}
    if set(extra) != set(extra_columns):
        raise ValueError(f"extra values must be given for exactly the extra columns {tuple(extra_columns)}")
    if n == 0:
        return "", 0, last_t
    for name, a in (("t", t), ("acc", acc), ("gyro", gyro)):
        if not np.isfinite(a).all():
            raise ValueError(f"{name} contains NaN or infinite values")
    t_str = [f"{v:.{T_DECIMALS}f}" for v in t.tolist()]
    t_written = np.array(t_str, dtype=np.float64)  # what a reader will see
    if n > 1 and not (t_written[1:] > t_written[:-1]).all():
        i = int(np.flatnonzero(t_written[1:] <= t_written[:-1])[0]) + 1
        raise ValueError(
            f"t must be strictly increasing at {T_DECIMALS} decimals: t[{i}] = {t_str[i]} after {t_str[i - 1]}"
        )
    if last_t is not None and not t_written[0] > last_t:
        raise ValueError(f"t must be strictly increasing: {t_str[0]} after the previously written {last_t!r}")
    rest = np.concatenate([acc, gyro], axis=1).tolist()
    body = [ts + "," + _ROW_FMT % tuple(r) for ts, r in zip(t_str, rest)]
    for name in extra_columns:
        vals = _extra_strings(extra[name], n, name)
        body = [b + "," + v for b, v in zip(body, vals)]
    return "\n".join(body) + "\n", n, float(t_written[-1])


class _State:
    """Everything the flusher thread and the finalizer need (not the writer, so it can be collected).

    ``lock`` guards ``pending`` and is never held during file I/O, so a writer thread (e.g. an
    event loop) never waits for an fsync; ``io_lock`` serialises the writes themselves so rows
    reach the file in order.
    """

    def __init__(self, fh: Any, flush_interval_s: float) -> None:
        self.fh = fh
        self.lock = threading.Lock()
        self.io_lock = threading.Lock()
        self.pending: list[str] = []
        self.interval = flush_interval_s
        self.stop = threading.Event()
        self.closed = False  # no more appends
        self.error: BaseException | None = None

    def _write_out(self, chunks: list[str], fsync: bool) -> None:
        if chunks:
            view = memoryview("".join(chunks).encode("utf-8"))
            while view:  # whole lines only; loop over short writes
                view = view[self.fh.write(view):]
        if fsync:
            os.fsync(self.fh.fileno())

    def flush(self, fsync: bool = True) -> None:
        with self.io_lock:
            with self.lock:
                if self.closed:
                    return
                chunks, self.pending = self.pending, []
            if chunks or fsync:
                self._write_out(chunks, fsync and bool(chunks))

    def run(self) -> None:
        while not self.stop.wait(self.interval):
            try:
                self.flush()
            except BaseException as e:  # surfaced by the next write / close
                self.error = e
                return

    def close(self) -> None:
        self.stop.set()
        with self.io_lock:
            with self.lock:
                if self.closed:
                    return
                self.closed = True
                chunks, self.pending = self.pending, []
            try:
                self._write_out(chunks, True)
            finally:
                self.fh.close()


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class RecordingWriter:
    """Append samples to a new recording file, crash-safely (see the module docstring).

    Parameters
    ----------
    path : the file to create. It must not exist (FileExistsError otherwise).
    metadata : ``key -> value`` written as ``# key: value`` lines (values are str()'ed;
        ``placement`` must be 'bar' or 'back'). The ``# repsense-recording: 1`` line is added.
    flush_interval_s : rows are written out and fsync'ed at least this often (wall time, s)
        and on close. 0 flushes after every write call.
    extra_columns : names of extra columns after t,ax,ay,az,gx,gy,gz (e.g. ``("seq",)``).

    Written precision: t 6 decimals (s), acc 6 decimals (g), gyro 4 decimals (deg/s).
    Thread-safe. Use as a context manager, or call close().
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        metadata: Mapping[str, Any] | None = None,
        flush_interval_s: float = 1.0,
        extra_columns: Sequence[str] = (),
    ) -> None:
        if not (flush_interval_s >= 0 and math.isfinite(flush_interval_s)):
            raise ValueError("flush_interval_s must be a finite number >= 0")
        self._path = os.fspath(path)
        self._extra_columns = tuple(extra_columns)
        header = _header_bytes(metadata, self._extra_columns)
        fh = open(self._path, "xb", buffering=0)  # never overwrites: FileExistsError
        try:
            view = memoryview(header)
            while view:
                view = view[fh.write(view):]
            os.fsync(fh.fileno())
        except BaseException:
            fh.close()
            raise
        _fsync_dir(self._path)
        self._state = _State(fh, flush_interval_s)
        self._n = 0
        self._last_t: float | None = None
        self._finalizer = weakref.finalize(self, _State.close, self._state)
        self._thread: threading.Thread | None = None
        if flush_interval_s > 0:
            self._thread = threading.Thread(
                target=self._state.run, name=f"RecordingWriter-flush:{self._path}", daemon=True
            )
            self._thread.start()

    @property
    def path(self) -> str:
        """The file name as given."""
        return self._path

    @property
    def n_samples(self) -> int:
        """Rows accepted so far (written or pending the next flush)."""
        return self._n

    @property
    def closed(self) -> bool:
        return self._state.closed

    def write_block(
        self, t: Any, acc: Any, gyro: Any, extra: Mapping[str, Any] | None = None
    ) -> None:
        """Append N samples: t (N,) s, acc (N, 3) g, gyro (N, 3) deg/s, sensor frame.

        ``extra`` maps each extra column name to an (N,) array. t must be strictly increasing
        (also across calls) at the written precision; nothing is written if a check fails
        (ValueError). Does not wait for disk I/O (unless flush_interval_s is 0).
        """
        st = self._state
        if st.error is not None:
            raise OSError(f"writing {self._path} failed") from st.error
        with st.lock:  # validation + append atomic w.r.t. other writer threads
            if st.closed:
                raise ValueError(f"write to closed RecordingWriter ({self._path})")
            text, n, last = _format_block(t, acc, gyro, extra, self._extra_columns, self._last_t)
            if n == 0:
                return
            st.pending.append(text)
            self._last_t = last
            self._n += n
        if st.interval == 0:
            st.flush()

    def write_sample(
        self, t: float, ax: float, ay: float, az: float, gx: float, gy: float, gz: float, *extra: Any
    ) -> None:
        """Append one sample (t s; ax..az g; gx..gz deg/s); ``extra`` values in extra-column order."""
        if len(extra) != len(self._extra_columns):
            raise ValueError(f"expected {len(self._extra_columns)} extra value(s) for {self._extra_columns}")
        self.write_block(
            [t], [[ax, ay, az]], [[gx, gy, gz]],
            {name: [v] for name, v in zip(self._extra_columns, extra)},
        )

    def flush(self) -> None:
        """Write out pending rows and fsync now."""
        self._state.flush()

    def close(self) -> None:
        """Flush, fsync and close. Idempotent."""
        self._finalizer()
        if self._thread is not None:
            self._thread.join(timeout=5)
        if self._state.error is not None:
            err, self._state.error = self._state.error, None
            raise OSError(f"writing {self._path} failed") from err

    def __enter__(self) -> RecordingWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def write_recording(
    path: str | os.PathLike[str],
    metadata: Mapping[str, Any] | None,
    t: Any,
    acc: Any,
    gyro: Any,
    *,
    overwrite: bool = False,
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Write a whole recording: t (N,) s, acc (N, 3) g, gyro (N, 3) deg/s, sensor frame.

    Refuses to replace an existing file (FileExistsError) unless ``overwrite=True``, in which case
    the new file is written beside it and renamed over it atomically. The data are validated
    before the file is created (ValueError); ``extra`` maps extra column names to (N,) arrays.
    """
    p = os.fspath(path)
    t = np.asarray(t, dtype=np.float64)
    acc = np.asarray(acc, dtype=np.float64)
    gyro = np.asarray(gyro, dtype=np.float64)
    extra = dict(extra or {})
    extra_columns = tuple(extra)
    _header_bytes(metadata, extra_columns)  # validate metadata before touching the disk
    if t.ndim != 1 or acc.shape != (t.shape[0], 3) or gyro.shape != (t.shape[0], 3):
        raise ValueError(f"expected t (N,), acc (N, 3), gyro (N, 3); got {t.shape}, {acc.shape}, {gyro.shape}")
    for name, a in (("t", t), ("acc", acc), ("gyro", gyro)):
        if not np.isfinite(a).all():
            raise ValueError(f"{name} contains NaN or infinite values")
    if t.size > 1 and not (np.diff(t) > 0).all():
        raise ValueError("t must be strictly increasing")
    if not overwrite and os.path.lexists(p):
        raise FileExistsError(f"{p} exists; pass overwrite=True to replace it")
    target = p
    if overwrite:
        fd, target = tempfile.mkstemp(
            prefix="." + os.path.basename(p) + ".", suffix=".tmp", dir=os.path.dirname(os.path.abspath(p))
        )
        os.close(fd)
        os.unlink(target)
    w = RecordingWriter(target, metadata, flush_interval_s=0, extra_columns=extra_columns)  # 'x' mode
    try:
        with w:
            w._state.interval = math.inf  # written per block below, one fsync at close
            step = 65536
            for i in range(0, t.shape[0], step):
                sl = slice(i, i + step)
                w.write_block(t[sl], acc[sl], gyro[sl], {k: np.asarray(v)[sl] for k, v in extra.items()})
                w._state.flush(fsync=False)
        if overwrite:
            os.replace(target, p)
            _fsync_dir(p)
    except BaseException:
        try:
            os.unlink(target)  # a file this call created (the 'x' open succeeded)
        except OSError:
            pass
        raise
