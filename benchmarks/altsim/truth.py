"""Ground truth of a simulated session (times in s, lengths in m, velocities in m/s, angles in deg).

Built in physical time while the motion is generated, then mapped once into the recording's own
time base (see :mod:`.link`). ``to_dict`` gives the sidecar / score.py form.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Callable


@dataclass
class PauseTruth:
    """A hold: the load comes to rest at ``start_s`` and starts moving again at ``end_s``."""

    start_s: float
    end_s: float

    @property
    def hold_s(self) -> float:
        return self.end_s - self.start_s


@dataclass
class RepTruth:
    """One rep: lift-off, lockout (velocity 0 at the top), load back on the floor."""

    index: int
    set: int
    start_s: float
    lockout_s: float
    end_s: float
    pauses: list[PauseTruth]
    rom_m: float
    moving_concentric_s: float
    mean_concentric_velocity_mps: float
    peak_velocity_mps: float
    back_flexion_deg: float
    touch_and_go: bool
    style: str
    info: dict = field(default_factory=dict)


@dataclass
class SetTruth:
    """A run of reps without a long rest."""

    index: int
    start_s: float
    end_s: float
    reps: list[int]
    style: str


@dataclass
class SessionTruth:
    """All reps and sets of a session plus its metadata and the non-rep activities."""

    reps: list[RepTruth]
    sets: list[SetTruth]
    metadata: dict[str, Any]
    activities: list[dict[str, Any]] = field(default_factory=list)

    def mapped(self, f: Callable[[float], float]) -> "SessionTruth":
        """Copy with every time passed through ``f`` (physical -> recording time base)."""
        reps = [
            RepTruth(**{**asdict(r), "start_s": f(r.start_s), "lockout_s": f(r.lockout_s), "end_s": f(r.end_s),
                        "pauses": [PauseTruth(f(p.start_s), f(p.end_s)) for p in r.pauses]})
            for r in self.reps
        ]
        for r, r0 in zip(reps, self.reps):
            r.info = dict(r0.info)
        sets = [SetTruth(s.index, f(s.start_s), f(s.end_s), list(s.reps), s.style) for s in self.sets]
        acts = [{**a, "t0": f(a["t0"]), "t1": f(a["t1"])} for a in self.activities]
        return SessionTruth(reps, sets, dict(self.metadata), acts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict: {schema, metadata, sets, reps, activities} (score.py reads reps)."""
        r6 = lambda x: round(float(x), 6)  # noqa: E731
        reps = []
        for r in self.reps:
            reps.append({
                "index": r.index, "set": r.set, "start_s": r6(r.start_s), "lockout_s": r6(r.lockout_s),
                "end_s": r6(r.end_s),
                "pauses": [{"start_s": r6(p.start_s), "end_s": r6(p.end_s), "hold_s": r6(p.hold_s)} for p in r.pauses],
                "rom_m": r6(r.rom_m), "moving_concentric_s": r6(r.moving_concentric_s),
                "mean_concentric_velocity_mps": r6(r.mean_concentric_velocity_mps),
                "peak_velocity_mps": r6(r.peak_velocity_mps), "back_flexion_deg": r6(r.back_flexion_deg),
                "touch_and_go": bool(r.touch_and_go), "style": r.style, "info": r.info,
            })
        sets = [{"index": s.index, "start_s": r6(s.start_s), "end_s": r6(s.end_s), "reps": s.reps, "style": s.style}
                for s in self.sets]
        acts = [{"kind": a["kind"], "t0": r6(a["t0"]), "t1": r6(a["t1"]), **({"info": a["info"]} if a.get("info") else {})}
                for a in self.activities]
        return {"schema": "repsense-altsim.truth/1", "metadata": self.metadata, "sets": sets, "reps": reps,
                "activities": acts}
