"""Shared definitions of the recording CSV format (CONTRACT.md section 1, docs/formats.md).

Kept separate from the reader and the writer so both apply exactly the same rules.
"""

from __future__ import annotations

import math
import os
import re

#: The value of the ``# repsense-recording:`` metadata line this code writes and reads.
FORMAT_VERSION = "1"
#: Metadata key that carries the format version.
VERSION_KEY = "repsense-recording"
#: Required columns, in the order the writer puts them. t in s; ax..az in g; gx..gz in deg/s.
RECORDING_COLUMNS: tuple[str, ...] = ("t", "ax", "ay", "az", "gx", "gy", "gz")
#: Allowed values of the ``placement`` metadata key.
PLACEMENTS: tuple[str, ...] = ("bar", "back")

#: Metadata keys are one word: letters, digits, ``_``, ``-``, ``.``.
METADATA_KEY_RE = re.compile(r"[A-Za-z0-9_.\-]+")
_METADATA_LINE_RE = re.compile(r"^#\s*([A-Za-z0-9_.\-]+)\s*:(.*)$")


class RecordingError(ValueError):
    """A recording file that cannot be read, or that breaks the format.

    ``path`` is the file name as given by the caller, ``line`` the 1-based line number of the
    offending line (``None`` when no line applies, e.g. the file cannot be opened) and ``reason``
    a plain-words description. ``str(e)`` is ``"{path}:{line}: {reason}"`` (or
    ``"{path}: {reason}"`` without a line), the form editors and compilers use.
    """

    def __init__(self, path: str | os.PathLike[str], line: int | None, reason: str) -> None:
        self.path = os.fspath(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")

    def __reduce__(self):  # so copy.copy() and multiprocessing can rebuild it
        return (type(self), (self.path, self.line, self.reason))


def parse_metadata_line(text: str) -> tuple[str, str] | None:
    """``'# key: value'`` -> ``(key, value)`` (both stripped); ``None`` for a free comment."""
    m = _METADATA_LINE_RE.match(text)
    if m is None:
        return None
    return m.group(1), m.group(2).strip()


def _positive_number(value: str) -> bool:
    try:
        x = float(value)
    except ValueError:
        return False
    return math.isfinite(x) and x > 0


def check_metadata_value(key: str, value: str) -> str | None:
    """The problem with a known metadata key's value, in plain words, or ``None`` if it is fine.

    Unknown keys are always fine (kept and ignored).
    """
    if key == VERSION_KEY:
        if value != FORMAT_VERSION:
            return (
                f"unsupported recording format version {value!r} (this reader handles "
                f"{VERSION_KEY}: {FORMAT_VERSION})"
            )
    elif key == "placement":
        if value not in PLACEMENTS:
            return f"placement must be 'bar' or 'back', not {value!r}"
    elif key == "rate_hz":
        if not _positive_number(value):
            return f"rate_hz must be a positive number of samples per second, not {value!r}"
    elif key == "target_pause_s":
        if not _positive_number(value):
            return f"target_pause_s must be a positive number of seconds, not {value!r}"
    return None
