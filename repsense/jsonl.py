"""Live events as JSON lines (CONTRACT.md section 3).

Analysis events serialise themselves (``.to_dict()``); the link events come from the device
layer (:class:`imu.stream_types.LinkEvent`) and are serialised here::

    {"event": "link", "t_s": 12.3, "state": "lost" | "restored", "missing_samples": 14}
"""

from __future__ import annotations

import json
import math
from typing import Any, TextIO

from imu.stream_types import LinkEvent

#: Top-level keys of each event kind, exactly as CONTRACT.md section 3 lists them.
EVENT_KEYS: dict[str, frozenset[str]] = {
    "rep_started": frozenset({"event", "t_s"}),
    "pause_started": frozenset({"event", "t_s"}),
    "pause_target": frozenset({"event", "t_s", "target_s"}),
    "pause_ended": frozenset({"event", "t_s", "hold_s"}),
    "rep": frozenset({"event", "t_s", "rep"}),
    "set_ended": frozenset({"event", "t_s", "set"}),
    "link": frozenset({"event", "t_s", "state", "missing_samples"}),
}


def link_event_dict(ev: LinkEvent) -> dict[str, Any]:
    """The CONTRACT JSON object of a link-state change (t_s in sensor seconds)."""
    t = float(ev.t_s)
    return {
        "event": "link",
        "t_s": round(t, 3) if math.isfinite(t) else None,
        "state": str(ev.state),
        "missing_samples": int(ev.missing_samples),
    }


def event_dict(ev: Any) -> dict[str, Any]:
    """JSON object of an analysis event or a :class:`LinkEvent`."""
    if isinstance(ev, LinkEvent):
        return link_event_dict(ev)
    return ev.to_dict()


def _clean(obj: Any) -> Any:
    """Replace non-finite floats by None so every line is strict JSON."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_clean(v) for v in obj]
    return obj


def dumps_event(ev: Any) -> str:
    """One event as a single line of strict JSON (no trailing newline)."""
    return json.dumps(_clean(event_dict(ev)), separators=(", ", ": "), allow_nan=False)


class JsonlWriter:
    """Write events one JSON object per line, flushing after every line."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, ev: Any) -> None:
        self._stream.write(dumps_event(ev) + "\n")
        self._stream.flush()
