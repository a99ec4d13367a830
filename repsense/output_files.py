"""Files the application writes beside the recordings (review figures, rep tables): checked
before any analysis, and put in place whole.

A file is written to a temporary name in its own directory and renamed over the target once
complete, so an interrupted write leaves the old file or the new one, never half of one. (A
recording is written differently: :mod:`imu.recording_writer` appends and flushes as samples
arrive and never replaces a file.)
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def target_problem(path: str) -> str | None:
    """Why ``path`` cannot be written as a file: "is a directory", or "no such directory: D";
    None where it can be (it may exist: it is replaced)."""
    p = Path(path)
    if p.is_dir():
        return "is a directory"
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        return f"no such directory: {parent}"
    return None


@contextmanager
def replaced_whole(path: str, suffix: str = ".tmp") -> Iterator[str]:
    """A temporary path (ending in ``suffix``) in ``path``'s directory to write the file to; when
    the block ends normally it gets a new file's permissions and is renamed over ``path``, and on
    any failure it is removed (OSError and the rest propagate)."""
    p = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=suffix, dir=str(p.parent) if str(p.parent) else ".")
    os.close(fd)
    try:
        yield tmp
        os.chmod(tmp, _new_file_mode())  # (mkstemp's file is private; this one is as any new file)
        os.replace(tmp, p)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _new_file_mode() -> int:
    """The permissions a newly created file gets here (0o666 less the process's umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
