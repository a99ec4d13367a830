"""Exact ground truth of a simulated session (CONTRACT.md section 2 definitions).

Times in s (the session's sensor time base), distances in m, velocities in m/s, angles in deg.
Indices are 1-based, like the analysis result.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class TruePause:
    """A hold during the concentric: ``start_s`` bar arrives at the hold height (velocity 0),
    ``end_s`` it starts moving again; ``hold_s = end_s - start_s``."""

    start_s: float
    end_s: float
    hold_s: float


@dataclass(frozen=True)
class TrueRep:
    """One rep.

    start_s: lift-off (bar leaves the floor / trunk starts to rise from the setup).
    lockout_s: standing lockout reached (top of the concentric, velocity back to 0).
    end_s: load back on the floor (first floor contact of the plates).
    rom_m: vertical bar travel lift-off -> lockout.
    moving_concentric_s: lockout_s - start_s - sum of pause holds.
    mean_concentric_velocity_mps: rom_m / moving_concentric_s.
    peak_velocity_mps: max upward bar velocity in the concentric (smooth trajectory, no tremor).
    back_flexion_deg: max upper-back flexion during the concentric relative to the setup (at
        lift-off); set for both placements.
    touch_and_go: the rep started from a floor touch (< 0.25 s after the previous rep's end)
        rather than from a dead stop.
    """

    index: int
    set: int
    start_s: float
    lockout_s: float
    end_s: float
    pauses: tuple[TruePause, ...]
    rom_m: float
    moving_concentric_s: float
    mean_concentric_velocity_mps: float
    peak_velocity_mps: float
    back_flexion_deg: float
    touch_and_go: bool


@dataclass(frozen=True)
class TrueSet:
    """A set: ``start_s`` = first rep's start, ``end_s`` = last rep's end; ``reps`` = rep indices."""

    index: int
    start_s: float
    end_s: float
    reps: tuple[int, ...]
    style: str  # 'dead_stop' | 'touch_and_go' | 'paused'


@dataclass(frozen=True)
class SessionTruth:
    sets: tuple[TrueSet, ...]
    reps: tuple[TrueRep, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (times rounded to 1 us)."""

        def rnd(d: dict[str, Any]) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for k, v in d.items():
                if isinstance(v, float):
                    out[k] = round(v, 6)
                elif isinstance(v, (list, tuple)):
                    out[k] = [rnd(x) if isinstance(x, dict) else x for x in v]
                else:
                    out[k] = v
            return out

        return {
            "schema": "repsense.truth/1",
            "sets": [rnd(asdict(s)) for s in self.sets],
            "reps": [rnd(asdict(r)) for r in self.reps],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "SessionTruth":
        sets = tuple(
            TrueSet(int(s["index"]), float(s["start_s"]), float(s["end_s"]), tuple(int(i) for i in s["reps"]), str(s["style"]))
            for s in d["sets"]
        )
        reps = []
        for r in d["reps"]:
            pauses = tuple(TruePause(float(p["start_s"]), float(p["end_s"]), float(p["hold_s"])) for p in r["pauses"])
            reps.append(
                TrueRep(
                    index=int(r["index"]),
                    set=int(r["set"]),
                    start_s=float(r["start_s"]),
                    lockout_s=float(r["lockout_s"]),
                    end_s=float(r["end_s"]),
                    pauses=pauses,
                    rom_m=float(r["rom_m"]),
                    moving_concentric_s=float(r["moving_concentric_s"]),
                    mean_concentric_velocity_mps=float(r["mean_concentric_velocity_mps"]),
                    peak_velocity_mps=float(r["peak_velocity_mps"]),
                    back_flexion_deg=float(r["back_flexion_deg"]),
                    touch_and_go=bool(r["touch_and_go"]),
                )
            )
        return cls(sets=sets, reps=tuple(reps))
