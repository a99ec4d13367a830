"""Reading recording CSV files (docs/formats.md): validated, streaming, exact line numbers.

Every problem raises :class:`~imu.recording_format.RecordingError` naming the file, the 1-based
line and what is wrong. Data rows are read in blocks: a fast vectorised path (numpy, with its C
text parser) handles well-formed blocks; any block it finds unusual is re-read by a line-by-line
reference parser that finds the first offending line and says what is wrong with it.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import weakref
from dataclasses import dataclass
from typing import BinaryIO, Iterator

import numpy as np

from .recording_format import (
    RECORDING_COLUMNS,
    RecordingError,
    check_metadata_value,
    parse_metadata_line,
)

#: Unit plausibility checks use the first this many data rows (1 min at 100 Hz).
UNITS_PROBE_ROWS = 6000
#: Median |a| (in the file's units) above which accelerations are taken to be m/s^2, not g.
ACC_MS2_MIN = 4.0
#: ... above which they are taken to be milli-g or raw sensor counts.
ACC_COUNTS_MIN = 40.0
#: ... below which gravity looks removed (the format wants specific force, ~1 g at rest).
ACC_NO_GRAVITY_MAX = 0.2
#: Median |gyro| (deg/s) above which rates exceed any MEMS gyro's range (+-2000 deg/s full scale).
GYRO_IMPLAUSIBLE_MIN = 2000.0

_MAX_HEADER_LINE = 1 << 16  # bytes; longer metadata/header lines are refused
_MAX_DATA_LINE = 1 << 20  # bytes; a data row longer than this is refused
_BOM = b"\xef\xbb\xbf"
_FAST_MIN_LINES = 64  # smaller chunks are quicker to parse line by line than with numpy.loadtxt
_NUMBER_RE = re.compile(r"\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*")
_INF_WORDS = {"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
_NAN_WORDS = {"nan", "+nan", "-nan", "na", "n/a", "nul", "null", "none", "#n/a", "-1.#ind", "1.#qnan"}


@dataclass(frozen=True, eq=False)
class Recording:
    """A whole recording in memory.

    path: the file name as given. metadata: the ``# key: value`` lines (values stripped strings).
    t: (N,) float64 seconds, strictly increasing. acc: (N, 3) float64 specific force in g,
    sensor frame. gyro: (N, 3) float64 angular rate in deg/s, sensor frame. Extra columns of the
    file are not kept.
    """

    path: str
    metadata: dict[str, str]
    t: np.ndarray
    acc: np.ndarray
    gyro: np.ndarray

    def __len__(self) -> int:
        return int(self.t.shape[0])

    @property
    def placement(self) -> str | None:
        """``'bar'`` / ``'back'`` from the metadata, or ``None`` if the file does not say."""
        return self.metadata.get("placement")

    @property
    def target_pause_s(self) -> float | None:
        """The ``target_pause_s`` metadata value in seconds, or ``None``."""
        v = self.metadata.get("target_pause_s")
        return None if v is None else float(v)

    @property
    def duration_s(self) -> float:
        """``t[-1] - t[0]`` in seconds."""
        return float(self.t[-1] - self.t[0]) if len(self) else 0.0


@dataclass(frozen=True)
class _Header:
    metadata: dict[str, str]
    line: int  # 1-based line number of the column-name line
    columns: tuple[str, ...]
    required_pos: tuple[int, ...]  # position of t, ax, ..., gz in the file's columns
    data_offset: int  # byte offset of the first data line


def _open(path: str | os.PathLike[str]) -> BinaryIO:
    try:
        return open(path, "rb")
    except FileNotFoundError as e:
        raise RecordingError(path, None, "no such file") from e
    except IsADirectoryError as e:
        raise RecordingError(path, None, "is a directory, not a recording file") from e
    except OSError as e:
        raise RecordingError(path, None, f"cannot open the file: {e.strerror or e}") from e


def _decode_line(path: str, line: int, raw: bytes) -> str:
    if b"\x00" in raw:
        raise RecordingError(path, line, "not a text CSV file (contains NUL bytes)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RecordingError(path, line, "not a text CSV file (contains bytes that are not UTF-8 text)") from None


def _strip_eol(raw: bytes) -> bytes:
    if raw.endswith(b"\n"):
        raw = raw[:-1]
    if raw.endswith(b"\r"):
        raw = raw[:-1]
    return raw


def _looks_numeric(cell: str) -> bool:
    s = cell.strip().lower()
    return bool(_NUMBER_RE.fullmatch(s)) or s in _INF_WORDS or s in _NAN_WORDS - {"none", "na"}


def _read_header(f: BinaryIO, path: str) -> _Header:
    metadata: dict[str, str] = {}
    key_line: dict[str, int] = {}
    line = 0
    while True:
        raw = f.readline(_MAX_HEADER_LINE + 1)
        if not raw:
            if line == 0:
                raise RecordingError(path, 1, "the file is empty")
            raise RecordingError(
                path, line, "no header line: the file ends before the line of column names "
                f"({','.join(RECORDING_COLUMNS)})"
            )
        line += 1
        if line == 1 and raw.startswith(_BOM):
            raw = raw[len(_BOM):]
        if len(raw) > _MAX_HEADER_LINE and not raw.endswith(b"\n"):
            _decode_line(path, line, raw[:-4])  # binary garbage is reported as such first
            raise RecordingError(path, line, "line is too long (over 64 KiB) for a metadata or header line")
        text = _decode_line(path, line, _strip_eol(raw))
        if not text.strip():
            continue
        if text.lstrip().startswith("#"):
            kv = parse_metadata_line(text.lstrip())
            if kv is None:
                continue  # a free comment
            key, value = kv
            if key in metadata:
                raise RecordingError(
                    path, line, f"metadata key {key!r} is given twice (first on line {key_line[key]})"
                )
            problem = check_metadata_value(key, value)
            if problem:
                raise RecordingError(path, line, problem)
            metadata[key] = value
            key_line[key] = line
            continue
        # the column-name line
        try:
            columns = tuple(c.strip() for c in next(csv.reader([text])))
        except csv.Error as e:
            raise RecordingError(path, line, f"malformed header line ({e})") from None
        wanted = ",".join(RECORDING_COLUMNS)
        if columns and _looks_numeric(columns[0]) and not set(RECORDING_COLUMNS) & set(columns):
            raise RecordingError(
                path, line, f"missing header line: this line looks like data; the first line after the "
                f"metadata must name the columns ({wanted})"
            )
        seen: set[str] = set()
        for c in columns:
            if c in seen and c in RECORDING_COLUMNS:
                raise RecordingError(path, line, f"column {c!r} appears more than once in the header")
            seen.add(c)
        missing = [c for c in RECORDING_COLUMNS if c not in columns]
        if missing:
            reason = f"header is missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}"
            lower = {c.lower() for c in columns}
            if all(m in lower for m in missing):
                reason += " (column names are case-sensitive: use lower case)"
            reason += f"; the header must contain {wanted}"
            raise RecordingError(path, line, reason)
        required_pos = tuple(columns.index(c) for c in RECORDING_COLUMNS)
        return _Header(metadata, line, columns, required_pos, f.tell())


def read_metadata(path: str | os.PathLike[str]) -> dict[str, str]:
    """The ``# key: value`` metadata lines of a recording (validated), without reading the data.

    Also checks that a header line with the required columns follows. Raises RecordingError.
    """
    p = os.fspath(path)
    with _open(p) as f:
        return dict(_read_header(f, p).metadata)


# --------------------------------------------------------------------------------------------
# data rows


_NOT_SEPARATOR = bytes(b for b in range(256) if b not in b",\n")


def _raw_chunks(f: BinaryIO, block_rows: int) -> Iterator[tuple[bytes, bytes, int, bool]]:
    """Yield ``(chunk, separators, n_lines, complete)``: byte runs of 1..``block_rows`` whole lines.

    ``separators`` is the chunk with everything but ',' and newline deleted (for the fast
    cell-count check). Only the last chunk may lack a final newline. ``complete`` is False for a
    run of more than 1 MiB without any newline (the caller refuses it). Reads are sized from the
    average line length seen so far so that a read usually holds a little under ``block_rows``
    lines.
    """
    carry = b""
    avg = 64.0  # bytes per line, refined as we go
    eof = False
    while not eof or carry:
        if not eof and (not carry or _after_nth_newline(carry, block_rows) < 0):
            size = max(int(block_rows * avg * 0.95) - len(carry), 1 << 12)
            data = f.read(size)
            eof = not data
            buf = carry + data if carry else data
        else:
            buf = carry
        cut = len(buf) if eof else buf.rfind(b"\n") + 1
        if cut == 0:
            if len(buf) > _MAX_DATA_LINE:
                yield buf[: _MAX_DATA_LINE + 1], b"", 1, False
                return
            carry = buf
            continue
        chunk = buf if cut == len(buf) else buf[:cut]
        seps = chunk.translate(None, _NOT_SEPARATOR)
        n = seps.count(b"\n")
        if n > block_rows or (n == block_rows and not chunk.endswith(b"\n")):
            cut, n = _after_nth_newline(buf, block_rows), block_rows
            chunk = buf[:cut]
            seps = chunk.translate(None, _NOT_SEPARATOR)
        elif not chunk.endswith(b"\n"):
            n += 1  # the last line of the file, without a newline
        avg = 0.5 * avg + 0.5 * (len(chunk) / n)
        yield chunk, seps, n, True
        carry = buf[cut:]


def _after_nth_newline(buf: bytes, n: int) -> int:
    """Index just after the n-th newline in buf, or -1 if it has fewer."""
    if n <= 16:
        pos = -1
        for _ in range(n):
            pos = buf.find(b"\n", pos + 1)
            if pos < 0:
                return -1
        return pos + 1
    nl = np.flatnonzero(np.frombuffer(buf, dtype=np.uint8) == 10)
    return int(nl[n - 1]) + 1 if len(nl) >= n else -1


def _fmt_t(x: float) -> str:
    return repr(float(x))


def _cell_problem(cell: str) -> tuple[float, str | None]:
    """Parse one required cell: ``(value, None)`` or ``(nan, what is wrong)``."""
    s = cell.strip()
    if not s:
        return math.nan, "is empty"
    if _NUMBER_RE.fullmatch(s):
        v = float(s)
        if math.isinf(v):
            return v, f"is infinite ({s!r} overflows a 64-bit float)"
        return v, None
    low = s.lower()
    if low in _INF_WORDS:
        return math.nan, f"is infinite ({s!r})"
    if low in _NAN_WORDS:
        return math.nan, f"is NaN / missing ({s!r})"
    shown = s if len(s) <= 40 else s[:37] + "..."
    return math.nan, f"is not a number: {shown!r}"


def _parse_slow(
    path: str, chunk: bytes, first_line: int, hdr: _Header, prev_t: float | None
) -> tuple[np.ndarray, int | None]:
    """Reference parser: ``(values (n, 7), line of first row)``; raises at the first bad line."""
    lines = chunk.split(b"\n")
    if chunk.endswith(b"\n"):
        lines.pop()
    ncols = len(hdr.columns)
    rows: list[list[float]] = []
    first_row_line: int | None = None
    for i, raw in enumerate(lines):
        ln = first_line + i
        text = _decode_line(path, ln, _strip_eol(raw))
        if not text:
            continue
        if text.lstrip().startswith("#"):
            raise RecordingError(
                path, ln, "a '#' comment or metadata line inside the data; such lines must come "
                "before the header line"
            )
        if "\r" in text:
            raise RecordingError(
                path, ln, "a carriage return (CR) inside the line; lines must end with LF or CRLF"
            )
        try:
            cells = next(csv.reader([text]))
        except (csv.Error, StopIteration) as e:
            raise RecordingError(path, ln, f"malformed CSV row ({e})") from None
        if len(cells) != ncols:
            reason = (
                f"row has {len(cells)} cell{'s' if len(cells) != 1 else ''}, but the header "
                f"(line {hdr.line}) has {ncols} columns"
            )
            if i == len(lines) - 1 and not chunk.endswith(b"\n"):
                reason += (
                    " (the last line is incomplete: the recording was probably cut off while being "
                    "written; delete that line to read the rest)"
                )
            raise RecordingError(path, ln, reason)
        vals = []
        for name, p in zip(RECORDING_COLUMNS, hdr.required_pos):
            v, problem = _cell_problem(cells[p])
            if problem:
                raise RecordingError(path, ln, f"column {name!r} {problem}")
            vals.append(v)
        t = vals[0]
        if prev_t is not None and not t > prev_t:
            raise RecordingError(
                path, ln, f"t is not strictly increasing: t = {_fmt_t(t)} follows t = {_fmt_t(prev_t)} "
                "on the row before"
            )
        prev_t = t
        if first_row_line is None:
            first_row_line = ln
        rows.append(vals)
    arr = np.array(rows, dtype=np.float64).reshape(len(rows), len(RECORDING_COLUMNS))
    return arr, first_row_line


def _parse_fast(chunk: bytes, seps: bytes, n_lines: int, hdr: _Header) -> tuple[np.ndarray, int] | None:
    """Vectorised parse of a well-formed chunk: ``(values (n, 7), index of first row's line)``.

    Returns None if anything is unusual (the slow parser then finds and reports it).
    """
    if not chunk:
        return np.empty((0, len(RECORDING_COLUMNS))), 0
    if not chunk.isascii() or b"\x00" in chunk or b'"' in chunk or b"#" in chunk:
        return None  # NUL, non-ASCII, quotes, '#': leave to the reference parser
    if b"\r" in chunk and chunk.count(b"\r") != chunk.count(b"\r\n"):
        return None  # a CR that does not end a line (a text parser would take it for one)
    ncols = len(hdr.columns)
    # Well-formed rows: the separators (',' and newline) run ',,,,,,\n' over and over.
    pattern = (b"," * (ncols - 1) + b"\n") * n_lines
    regular = seps == (pattern if chunk.endswith(b"\n") else pattern[:-1])
    a = np.frombuffer(chunk, dtype=np.uint8)
    first_idx = 0
    if regular:
        n_rows = n_lines
    else:  # blank lines are allowed; anything else irregular is diagnosed by the slow parser
        nl = np.flatnonzero(a == 10)
        ends = nl if a[-1] == 10 else np.append(nl, a.size)
        starts = np.empty_like(ends)
        starts[0] = 0
        starts[1:] = ends[:-1] + 1
        has_cr = (ends > starts) & (a[np.maximum(ends - 1, 0)] == 13)
        blank = (ends - has_cr) == starts
        if not blank.any():
            return None
        commas = np.flatnonzero(a == 44)
        n_commas = np.searchsorted(commas, ends) - np.searchsorted(commas, starts)
        nonblank = np.flatnonzero(~blank)
        if (n_commas[nonblank] != ncols - 1).any():
            return None
        n_rows = len(nonblank)
        if n_rows == 0:
            return np.empty((0, len(RECORDING_COLUMNS))), 0
        first_idx = int(nonblank[0])
    # numpy's C text parser: the same cells convert as with pandas' C parser (a non-finite value,
    # which pandas refuses and numpy reads, is refused just below), without importing pandas,
    # which costs a replay more than the parsing does
    try:
        vals = np.loadtxt(io.BytesIO(chunk), delimiter=",", dtype=np.float64, usecols=hdr.required_pos, ndmin=2, comments=None)
    except ValueError:
        return None
    if vals.shape[0] != n_rows:
        return None
    if not np.isfinite(vals).all():
        return None
    t = vals[:, 0]
    if t.size > 1 and not (t[1:] > t[:-1]).all():
        return None
    return vals, first_idx


def _check_units(path: str, line: int, vals: np.ndarray) -> None:
    acc_norm = np.sqrt(np.einsum("ij,ij->i", vals[:, 1:4], vals[:, 1:4]))
    med = float(np.median(acc_norm))
    if ACC_MS2_MIN < med < ACC_COUNTS_MIN:
        raise RecordingError(path, line, f"accelerations look like m/s^2 (median |a| = {med:.2f}); the format wants g")
    if med >= ACC_COUNTS_MIN:
        raise RecordingError(
            path, line, f"accelerations look like milli-g or raw sensor counts (median |a| = {med:.4g}); "
            "the format wants g"
        )
    if med < ACC_NO_GRAVITY_MAX:
        raise RecordingError(
            path, line, f"accelerations look like gravity has been removed (median |a| = {med:.3f} g); the "
            "format wants specific force in g, which includes gravity (about 1 g at rest)"
        )
    gyro_norm = np.sqrt(np.einsum("ij,ij->i", vals[:, 4:7], vals[:, 4:7]))
    gmed = float(np.median(gyro_norm))
    if gmed > GYRO_IMPLAUSIBLE_MIN:
        raise RecordingError(
            path, line, f"angular rates are implausible for deg/s (median |w| = {gmed:.4g}, beyond any "
            "gyro's range): raw counts or milli-deg/s?; the format wants deg/s"
        )


def _iter_values(f: BinaryIO, path: str, hdr: _Header, block_rows: int) -> Iterator[np.ndarray]:
    """Validated (n, 7) float64 blocks [t, ax, ay, az, gx, gy, gz] of the data rows."""
    line = hdr.line + 1  # line number of the next chunk's first line
    prev_t: float | None = None
    held: list[np.ndarray] = []  # blocks held back until the unit check has run
    n_held = 0
    first_row_line: int | None = None
    checked = False
    for chunk, seps, n_lines, complete in _raw_chunks(f, block_rows):
        if not complete:
            _parse_slow(path, chunk[:_MAX_DATA_LINE], line, hdr, prev_t)  # reports NUL / non-text
            raise RecordingError(path, line, "line is too long (over 1 MiB) for a data row")
        fast = _parse_fast(chunk, seps, n_lines, hdr) if n_lines >= _FAST_MIN_LINES else None
        if fast is not None and (prev_t is None or fast[0].shape[0] == 0 or fast[0][0, 0] > prev_t):
            vals, first_idx = fast
            row_line = line + first_idx
        else:
            vals, row_line_opt = _parse_slow(path, chunk, line, hdr, prev_t)
            row_line = row_line_opt if row_line_opt is not None else line
        line += n_lines
        if vals.shape[0] == 0:
            continue
        prev_t = float(vals[-1, 0])
        if checked:
            yield vals
            continue
        if first_row_line is None:
            first_row_line = row_line
        held.append(vals)
        n_held += vals.shape[0]
        if n_held >= UNITS_PROBE_ROWS:
            probe = held[0] if len(held) == 1 else np.concatenate(held)
            _check_units(path, first_row_line, probe[:UNITS_PROBE_ROWS])
            del probe
            checked = True
            yield from held
            held = []
    if not checked:
        if n_held == 0:
            raise RecordingError(path, hdr.line, "the file has a header but no data rows")
        _check_units(path, first_row_line or hdr.line + 1, np.concatenate(held))
        yield from held


def iter_recording_blocks(
    path: str | os.PathLike[str], block_rows: int = 65536
) -> tuple[dict[str, str], Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]]:
    """Stream a recording: ``(metadata, blocks)``, never holding the whole file in memory.

    The metadata and header are read and validated at call time (RecordingError raised here);
    the data rows are validated block by block as ``blocks`` is iterated, and a bad row raises
    RecordingError with its line number when the block containing it is reached. Each block is
    ``(t (n,) s, acc (n, 3) g, gyro (n, 3) deg/s)``, contiguous float64 arrays, with
    1 <= n <= block_rows (blank lines are skipped). The unit plausibility check runs on the first
    6000 rows, so the first block is yielded only after those have been read.
    The file stays open until the iterator is exhausted or closed.
    """
    if block_rows < 1:
        raise ValueError("block_rows must be >= 1")
    p = os.fspath(path)
    f = _open(p)
    try:
        hdr = _read_header(f, p)
    except BaseException:
        f.close()
        raise

    def blocks() -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        with f:
            for vals in _iter_values(f, p, hdr, block_rows):
                yield (
                    np.ascontiguousarray(vals[:, 0]),
                    np.ascontiguousarray(vals[:, 1:4]),
                    np.ascontiguousarray(vals[:, 4:7]),
                )

    gen = blocks()
    weakref.finalize(gen, f.close)  # also close the file if the iterator is dropped unstarted
    return dict(hdr.metadata), gen


def read_recording(path: str | os.PathLike[str]) -> Recording:
    """Read and validate a whole recording file. Raises RecordingError (see docs/formats.md).

    Memory: the result arrays plus one block of about 65k rows; the file is not held in memory.
    """
    p = os.fspath(path)
    with _open(p) as f:
        hdr = _read_header(f, p)
        data_bytes = max(os.fstat(f.fileno()).st_size - hdr.data_offset, 0)
        cap = 0
        n = 0
        for vals in _iter_values(f, p, hdr, 65536):
            k = vals.shape[0]
            if n + k > cap:
                if cap == 0:  # size the arrays from the first block's bytes per row, with 3 % to spare
                    cap = max(int(data_bytes / max(f.tell() - hdr.data_offset, 1) * k * 1.03) + 16, k)
                    t, acc, gyro = np.empty(cap), np.empty((cap, 3)), np.empty((cap, 3))
                else:  # longer rows later on, or the file grew while we read it
                    cap = max(int(cap * 1.25), n + k)
                    t.resize(cap, refcheck=False)
                    acc.resize((cap, 3), refcheck=False)
                    gyro.resize((cap, 3), refcheck=False)
            t[n : n + k] = vals[:, 0]
            acc[n : n + k] = vals[:, 1:4]
            gyro[n : n + k] = vals[:, 4:7]
            n += k
    if cap == 0:
        t, acc, gyro = np.empty(0), np.empty((0, 3)), np.empty((0, 3))
    elif n < cap:  # shrink in place (no second copy of the data)
        t.resize(n, refcheck=False)
        acc.resize((n, 3), refcheck=False)
        gyro.resize((n, 3), refcheck=False)
    return Recording(p, dict(hdr.metadata), t, acc, gyro)
