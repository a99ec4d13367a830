"""Audible cues for a live session: the pause target and warnings.

A *cue sink* is anything with ``cue(kind: str) -> None``. Kinds used by the live session:

- ``"pause_target"``: the hold reached the target pause; finish the pull.
- ``"short_pause"``: a pause ended before the target.
- ``"link_lost"``: the sensor link dropped.

:class:`BellCue` rings the terminal bell (``\\a``) on a text stream (stderr by default, never
stdout in ``--jsonl`` mode); :class:`NullCue` is ``--no-sound``; :class:`RecordingCue` records
calls, for tests.
"""

from __future__ import annotations

import sys
from typing import Protocol, TextIO

CUE_KINDS = ("pause_target", "short_pause", "link_lost")


class CueSink(Protocol):
    def cue(self, kind: str) -> None: ...


class BellCue:
    """Ring the terminal bell once per cue (twice for warnings, so they sound different)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else sys.stderr

    def cue(self, kind: str) -> None:
        bell = "\a" if kind == "pause_target" else "\a\a"
        try:
            self._stream.write(bell)
            self._stream.flush()
        except (OSError, ValueError):  # closed / broken terminal: a cue is never worth a crash
            pass


class NullCue:
    """No sound (``--no-sound``)."""

    def cue(self, kind: str) -> None:
        return None


class RecordingCue:
    """Remember every cue kind, in order (for tests)."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def cue(self, kind: str) -> None:
        self.calls.append(kind)
