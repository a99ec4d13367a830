"""Frozen result objects of the analysis (CONTRACT.md section 2), with their JSON form.

All times are seconds in the recording's own ``t`` base; velocities in m/s; distances in m.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA = "repsense.analysis/1"


def _r(x: float | None, nd: int = 3) -> float | None:
    return None if x is None else round(float(x), nd)


@dataclass(frozen=True)
class Pause:
    """A hold during the concentric: the load held still between floor and lockout."""

    start_s: float
    end_s: float
    hold_s: float
    meets_target: bool | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "start_s": _r(self.start_s),
            "end_s": _r(self.end_s),
            "hold_s": _r(self.hold_s),
            "meets_target": self.meets_target,
        }


@dataclass(frozen=True)
class Rep:
    """One cycle of a loaded hinge: lift-off, concentric to lockout, eccentric back down."""

    index: int
    set: int
    start_s: float
    lockout_s: float
    end_s: float
    pauses: tuple[Pause, ...]
    moving_concentric_s: float
    rom_m: float | None
    mean_concentric_velocity_mps: float | None
    peak_velocity_mps: float | None
    flags: tuple[str, ...] = ()
    scores: dict[str, float | None] = field(default_factory=lambda: {"spinal_rounding": None, "tempo_loss": None})

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "index": self.index,
            "set": self.set,
            "start_s": _r(self.start_s),
            "lockout_s": _r(self.lockout_s),
            "end_s": _r(self.end_s),
            "pauses": [p.to_dict() for p in self.pauses],
            "moving_concentric_s": _r(self.moving_concentric_s),
            "rom_m": _r(self.rom_m),
            "mean_concentric_velocity_mps": _r(self.mean_concentric_velocity_mps),
            "peak_velocity_mps": _r(self.peak_velocity_mps),
            "flags": list(self.flags),
            "scores": {k: _r(v) for k, v in self.scores.items()},
        }
        return d


@dataclass(frozen=True)
class SetSummary:
    """A run of reps without a long rest."""

    index: int
    start_s: float
    end_s: float
    reps: tuple[int, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "start_s": _r(self.start_s), "end_s": _r(self.end_s), "reps": list(self.reps)}


@dataclass(frozen=True)
class AnalysisResult:
    placement: str
    sets: tuple[SetSummary, ...]
    reps: tuple[Rep, ...]
    target_pause_s: float | None
    duration_s: float
    n_samples: int

    def summary(self) -> dict[str, Any]:
        pauses = [p for r in self.reps for p in r.pauses]
        mcv = [r.mean_concentric_velocity_mps for r in self.reps if r.mean_concentric_velocity_mps is not None]
        return {
            "n_sets": len(self.sets),
            "n_reps": len(self.reps),
            "n_pauses": len(pauses),
            "n_pauses_meeting_target": sum(1 for p in pauses if p.meets_target),
            "target_pause_s": self.target_pause_s,
            "mean_hold_s": _r(sum(p.hold_s for p in pauses) / len(pauses)) if pauses else None,
            "mean_concentric_velocity_mps": _r(sum(mcv) / len(mcv)) if mcv else None,
            "flag_counts": {
                f: sum(1 for r in self.reps if f in r.flags) for f in ("short_pause", "tempo_loss", "spinal_rounding")
            },
            "duration_s": _r(self.duration_s),
            "n_samples": self.n_samples,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "placement": self.placement,
            "sets": [s.to_dict() for s in self.sets],
            "reps": [r.to_dict() for r in self.reps],
            "summary": self.summary(),
        }
