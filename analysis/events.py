"""Events the streaming analyzer emits (CONTRACT.md section 3), frozen value objects.

``t_s`` is always the sensor time (s) of the newest sample the analyzer had consumed when it
emitted the event, so ``t_s - rep.end_s`` is the detection delay in data time.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

from .results import Rep, SetSummary


def _r(x: float) -> float:
    return round(float(x), 3)


@dataclass(frozen=True)
class RepStarted:
    t_s: float
    start_s: float  # estimated lift-off time

    def to_dict(self) -> dict[str, Any]:
        return {"event": "rep_started", "t_s": _r(self.t_s)}


@dataclass(frozen=True)
class PauseStarted:
    t_s: float
    start_s: float  # when the hold began

    def to_dict(self) -> dict[str, Any]:
        return {"event": "pause_started", "t_s": _r(self.t_s)}


@dataclass(frozen=True)
class PauseTarget:
    """The hold has lasted ``target_s``: the cue to finish the pull."""

    t_s: float
    target_s: float

    def to_dict(self) -> dict[str, Any]:
        return {"event": "pause_target", "t_s": _r(self.t_s), "target_s": self.target_s}


@dataclass(frozen=True)
class PauseEnded:
    t_s: float
    hold_s: float

    def to_dict(self) -> dict[str, Any]:
        return {"event": "pause_ended", "t_s": _r(self.t_s), "hold_s": _r(self.hold_s)}


@dataclass(frozen=True)
class RepCompleted:
    t_s: float
    rep: Rep

    def to_dict(self) -> dict[str, Any]:
        return {"event": "rep", "t_s": _r(self.t_s), "rep": self.rep.to_dict()}


@dataclass(frozen=True)
class SetEnded:
    t_s: float
    set: SetSummary

    def to_dict(self) -> dict[str, Any]:
        return {"event": "set_ended", "t_s": _r(self.t_s), "set": self.set.to_dict()}


AnalysisEvent = Union[RepStarted, PauseStarted, PauseTarget, PauseEnded, RepCompleted, SetEnded]
