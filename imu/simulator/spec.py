"""What a simulated session contains: sets of reps with their exact parameters.

:class:`SessionSpec` is drawn at random from a seed (:meth:`SessionSpec.random`) or written by
hand (:meth:`SessionSpec.simple` for the common test case). Everything not in the spec
(mounting, sensor errors unless given, link impairments, between-set activity, tremor) is drawn
from the session seed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np

from .link import LinkModel
from .sensor import SensorModel

STYLES = ("dead_stop", "touch_and_go", "paused")


@dataclass(frozen=True)
class RepSpec:
    """One rep (units: m, s, deg).

    rom_m: vertical bar travel lift-off -> lockout (0.40-0.70).
    concentric_s: moving concentric time (holds excluded); MCV = rom_m / concentric_s.
    eccentric_s: lockout -> floor contact.
    lockout_dwell_s: standing at lockout before lowering (0.2-2).
    floor_s: time from floor contact to the next lift-off (dead-stop rest 0.5-3 s; touch-and-go
        touch 0.05-0.2 s). Unused after the last rep of a set.
    pause_height_m / pause_hold_s: hold during the concentric at this bar height above the
        floor, for this long (both None for no pause).
    back_flexion_deg: extra upper-back flexion reached early in the pull, relative to the setup.
    peak_at: fraction of each concentric segment's time at which the velocity peaks.
    touchdown_mps: bar speed at floor contact.
    grind: a heavy pull's sticking point (0 <= grind < 1; 0: the smooth profile): the bar breaks
        off the floor quickly, slows to (1 - grind) of that speed around the knees, then speeds
        up again towards lockout (near-maximal deadlifts, mean concentric velocity 0.1-0.25 m/s).
    """

    rom_m: float = 0.55
    concentric_s: float = 1.2
    eccentric_s: float = 0.8
    lockout_dwell_s: float = 0.6
    floor_s: float = 1.5
    pause_height_m: float | None = None
    pause_hold_s: float | None = None
    back_flexion_deg: float = 6.0
    peak_at: float = 0.45
    touchdown_mps: float = 0.2
    grind: float = 0.0

    def __post_init__(self) -> None:
        if (self.pause_height_m is None) != (self.pause_hold_s is None):
            raise ValueError("pause_height_m and pause_hold_s go together")
        if self.pause_height_m is not None and not (0.02 <= self.pause_height_m <= self.rom_m - 0.05):
            raise ValueError("pause height must be between the floor and lockout")
        if self.concentric_s <= 0 or self.eccentric_s <= 0 or self.rom_m <= 0:
            raise ValueError("durations and ROM must be positive")
        if not 0.0 <= self.grind < 1.0:
            raise ValueError("grind must be in [0, 1)")


@dataclass(frozen=True)
class SetSpec:
    """A set. ``setup_s``: time in the setup position (gripping the bar, trunk in the bottom
    position) before the first lift-off; ``trunk_bottom_deg``: trunk inclination from vertical
    in the setup; ``setup_flexion_deg``: upper-back flexion in the setup."""

    style: str
    reps: tuple[RepSpec, ...]
    setup_s: float = 1.5
    trunk_bottom_deg: float = 60.0
    setup_flexion_deg: float = 5.0

    def __post_init__(self) -> None:
        if self.style not in STYLES:
            raise ValueError(f"style must be one of {STYLES}")
        if not self.reps:
            raise ValueError("a set needs at least one rep")

    @classmethod
    def random(
        cls,
        rng: np.random.Generator,
        style: str,
        n_reps: int,
        *,
        rom_m: float | None = None,
        target_pause_s: float | None = None,
        fatigue: float | None = None,
    ) -> "SetSpec":
        """Random set; ``fatigue`` = relative slow-down of the last rep's concentric (0-0.4)."""
        rom = float(rom_m if rom_m is not None else rng.uniform(0.40, 0.70))
        if fatigue is None:
            fatigue = float(rng.choice([0.0, rng.uniform(0.05, 0.2), rng.uniform(0.2, 0.4)], p=[0.25, 0.4, 0.35]))
        mcv_lo, mcv_hi = (0.25, 0.6) if style == "paused" else (0.3, 0.9)
        mcv0 = float(rng.uniform(mcv_lo, mcv_hi))
        flex0 = float(rng.uniform(2.0, 13.0))
        flex_fat = float(rng.uniform(0.0, 20.0))
        reps = []
        for i in range(n_reps):
            x = i / max(n_reps - 1, 1)
            slow = 1.0 + fatigue * x**1.3
            r_rom = float(np.clip(rom + rng.normal(0, 0.006), 0.38, 0.72))
            conc = r_rom / mcv0 * slow * float(rng.uniform(0.97, 1.03))
            ecc = max(0.35, r_rom / mcv0 * float(rng.uniform(0.4, 0.8)))
            if style == "touch_and_go":
                floor_s = float(rng.uniform(0.05, 0.2))
                td = float(rng.uniform(0.3, 0.6))
            else:
                floor_s = float(rng.uniform(0.5, 3.0))
                td = float(rng.uniform(0.1, 0.35))
            ph = hold = None
            if style == "paused":
                ph = float(rng.uniform(0.05, min(0.30, r_rom - 0.1)))
                if target_pause_s is not None:
                    f = rng.uniform(0.4, 0.85) if rng.random() < 0.3 else rng.uniform(0.9, 1.25)
                    hold = float(np.clip(target_pause_s * f, 0.8, 5.0))
                else:
                    hold = float(rng.uniform(0.8, 5.0))
            flex = float(np.clip(flex0 + flex_fat * fatigue / 0.4 * x + rng.normal(0, 1.5), 0.0, 30.0))
            reps.append(
                RepSpec(
                    rom_m=r_rom,
                    concentric_s=conc,
                    eccentric_s=ecc,
                    lockout_dwell_s=float(rng.uniform(0.2, 2.0)),
                    floor_s=floor_s,
                    pause_height_m=ph,
                    pause_hold_s=hold,
                    back_flexion_deg=flex,
                    peak_at=float(rng.uniform(0.3, 0.55)),
                    touchdown_mps=td,
                )
            )
        return cls(
            style=style,
            reps=tuple(reps),
            setup_s=float(rng.uniform(0.5, 3.0)),
            trunk_bottom_deg=float(rng.uniform(40.0, 80.0)),
            setup_flexion_deg=float(rng.uniform(0.0, 10.0)),
        )


def continuous_set(rng: np.random.Generator, n_reps: int, rom_m: float = 0.55) -> SetSpec:
    """A set the lifter never sets the bar down in: light and fast, touch-and-go, with slow
    eccentrics (as public recordings of a real barbell sensor show: pulls of 0.6-0.9 s peaking
    at 1.2-2 m/s, lowerings of 2-3 s, no rest at the floor or at the top). Not in the random
    sessions' mix (their seeds keep their sessions); used by the tests and
    ``benchmarks/bench_accuracy.py --continuous``."""
    reps = tuple(
        RepSpec(
            rom_m=float(np.clip(rom_m + rng.normal(0, 0.01), 0.38, 0.72)),
            concentric_s=float(rng.uniform(0.6, 0.9)),
            eccentric_s=float(rng.uniform(1.8, 3.0)),
            lockout_dwell_s=float(rng.uniform(0.05, 0.3)),
            floor_s=float(rng.uniform(0.03, 0.1)),
            peak_at=0.45,
            touchdown_mps=float(rng.uniform(0.05, 0.2)),
        )
        for _ in range(n_reps)
    )
    return SetSpec("touch_and_go", reps)


def slow_continuous_set(rng: np.random.Generator, n_reps: int) -> SetSpec:
    """A set the lifter never sets the bar down in, at a slow tempo: each pull takes 1.4-2 s and
    peaks early (a quarter to a third of the way), so gravity slows the bar gently to its
    lockout over about a second (0.03-0.05 g below 1 g, where a fast pull gives 0.1-0.3 g), a
    hold of 0.8-1.6 s standing at the top, a lowering of 2.5-3.5 s, a touch on the floor: a
    cycle of 5-7 s (as public recordings of a real barbell sensor show in one lifter's Romanian
    deadlifts, 6-6.5 s a rep). Not in the random sessions' mix; used by the tests and
    ``benchmarks/bench_accuracy.py --slow-continuous``."""
    reps = tuple(
        RepSpec(
            rom_m=float(rng.uniform(0.45, 0.6)),
            concentric_s=float(rng.uniform(1.4, 2.0)),
            eccentric_s=float(rng.uniform(2.5, 3.5)),
            lockout_dwell_s=float(rng.uniform(0.8, 1.6)),
            floor_s=float(rng.uniform(0.03, 0.1)),
            peak_at=float(rng.uniform(0.25, 0.35)),
            touchdown_mps=float(rng.uniform(0.05, 0.15)),
        )
        for _ in range(n_reps)
    )
    return SetSpec("touch_and_go", reps)


@dataclass(frozen=True)
class SessionSpec:
    """A whole session.

    sets: the sets in order; rest_s: rest between consecutive sets (s, len(sets) - 1 values);
    lead_in_s / lead_out_s: time before the first set's setup starts / after the last set ends.
    distractors: fill rests and lead-in/out with non-rep activity (plate loading, rolling the
    bar, walking, bending...). target_pause_s: the lifter's pause target (metadata).
    sensor: sensor error model (None: drawn from the seed); mount_quat: sensor mounting
    rotation (w, x, y, z) sensor->body (None: uniform random from the seed); link_model: BLE
    impairments used when link='ble' (None: drawn from the seed). collar: (bar) the sensor sits
    in a collar on a sleeve, which spins on its bearing through each pull (see
    :mod:`imu.simulator.bar`); False: on the shaft.
    """

    sets: tuple[SetSpec, ...]
    rest_s: tuple[float, ...] = ()
    lead_in_s: float = 6.0
    lead_out_s: float = 5.0
    distractors: bool = True
    target_pause_s: float | None = None
    exercise: str | None = None
    sensor: SensorModel | None = None
    mount_quat: tuple[float, float, float, float] | None = None
    link_model: LinkModel | None = None
    collar: bool = False

    def __post_init__(self) -> None:
        if not self.sets:
            raise ValueError("a session needs at least one set")
        if isinstance(self.rest_s, (int, float)):
            object.__setattr__(self, "rest_s", (float(self.rest_s),) * (len(self.sets) - 1))
        if len(self.rest_s) != len(self.sets) - 1:
            raise ValueError("rest_s needs one value per gap between sets")

    @property
    def exercise_name(self) -> str:
        if self.exercise:
            return self.exercise
        return "pause-deadlift" if all(s.style == "paused" for s in self.sets) else "deadlift"

    def with_(self, **kw: object) -> "SessionSpec":
        """A copy with some fields replaced."""
        return replace(self, **kw)  # type: ignore[arg-type]

    @classmethod
    def random(
        cls,
        rng: np.random.Generator,
        placement: str = "bar",
        *,
        n_sets: int | None = None,
        rest_range_s: tuple[float, float] = (30.0, 180.0),
        styles: Sequence[str] | None = None,
        max_reps: int = 8,
        distractors: bool = True,
    ) -> "SessionSpec":
        """A random session: 1-4 sets of 1-8 reps, styles mixed or all paused."""
        del placement  # the lift plan does not depend on the placement
        n_sets = int(n_sets if n_sets is not None else rng.integers(1, 5))
        target = None
        if styles is None:
            if rng.random() < 0.35:
                styles = ["paused"] * n_sets
            else:
                styles = list(rng.choice(STYLES, n_sets, p=[0.45, 0.35, 0.2]))
        styles = [str(s) for s in styles]
        if "paused" in styles:
            target = float(rng.choice([2.0, 2.0, 3.0, 3.0, 4.0, 5.0]))
        rom = float(rng.uniform(0.40, 0.70))
        sets = []
        for st in styles:
            hi = min(max_reps, 5 if st == "paused" else 8)
            n = int(rng.integers(1, hi + 1))
            sets.append(SetSpec.random(rng, st, n, rom_m=rom, target_pause_s=target))
        rest = tuple(float(rng.uniform(*rest_range_s)) for _ in range(n_sets - 1))
        return cls(
            sets=tuple(sets),
            rest_s=rest,
            lead_in_s=float(rng.uniform(4.0, 15.0)),
            lead_out_s=float(rng.uniform(3.0, 10.0)),
            distractors=distractors,
            target_pause_s=target,
        )

    def with_heavy_sets(self, rng: np.random.Generator, p: float = 0.3) -> "SessionSpec":
        """A copy in which each dead-stop set is, with probability ``p``, a near-maximal one:
        1-3 of its reps at a mean concentric velocity of 0.12-0.25 m/s (slowing by up to a
        quarter over the set) with a sticking point (:attr:`RepSpec.grind` 0.2-0.7), lowered in
        at least 1 s."""
        sets = []
        for st in self.sets:
            if st.style != "dead_stop" or rng.random() >= p:
                sets.append(st)
                continue
            n = min(len(st.reps), int(rng.integers(1, 4)))
            mcv = float(rng.uniform(0.12, 0.25))
            reps = tuple(
                replace(r, concentric_s=r.rom_m / mcv * (1.0 + float(rng.uniform(0.0, 0.25)) * i / max(n - 1, 1)),
                        eccentric_s=max(r.eccentric_s, float(rng.uniform(1.0, 2.0))), grind=float(rng.uniform(0.2, 0.7)))
                for i, r in enumerate(st.reps[:n])
            )
            sets.append(replace(st, reps=reps))
        return replace(self, sets=tuple(sets))

    @classmethod
    def simple(
        cls,
        style: str = "paused",
        n_reps: int = 3,
        n_sets: int = 1,
        *,
        target_pause_s: float | None = 2.0,
        hold_s: float | Sequence[float] | None = None,
        pause_height_m: float = 0.15,
        rest_s: float = 20.0,
        distractors: bool = False,
        sensor: SensorModel | None = None,
        mount_quat: tuple[float, float, float, float] | None = None,
        **rep_kw: float,
    ) -> "SessionSpec":
        """Deterministic session of identical sets (no randomness), e.g. one paused set of 3.

        ``hold_s`` (paused style): hold per rep (scalar or one per rep); default the target
        (2 s when no target). ``rep_kw`` overrides :class:`RepSpec` fields for every rep.
        """
        if style != "paused":
            target_pause_s = None
        holds: list[float | None]
        if style == "paused":
            if hold_s is None:
                hold_s = target_pause_s if target_pause_s is not None else 2.0
            holds = list(hold_s) if isinstance(hold_s, Sequence) else [float(hold_s)] * n_reps
            if len(holds) != n_reps:
                raise ValueError("one hold per rep")
        else:
            holds = [None] * n_reps
        base = dict(floor_s=0.12, touchdown_mps=0.4) if style == "touch_and_go" else {}
        base.update(rep_kw)
        reps = tuple(
            RepSpec(
                pause_height_m=pause_height_m if h is not None else None,
                pause_hold_s=h,
                **base,  # type: ignore[arg-type]
            )
            for h in holds
        )
        s = SetSpec(style=style, reps=reps)
        return cls(
            sets=(s,) * n_sets,
            rest_s=(rest_s,) * (n_sets - 1),
            distractors=distractors,
            target_pause_s=target_pause_s if style == "paused" else None,
            sensor=sensor,
            mount_quat=mount_quat,
        )


__all__ = ["RepSpec", "SetSpec", "SessionSpec", "STYLES"]
