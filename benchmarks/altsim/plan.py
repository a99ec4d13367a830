"""High-level session plan: how many sets, their style, reps, load speed, rests and extras.

Every choice comes from the seeded generator passed in. Units: s, m, m/s, deg.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

DEAD_STOP, TOUCH_AND_GO, PAUSED = "dead_stop", "touch_and_go", "paused"


@dataclass
class SetPlan:
    """One set. ``mcv0``: mean concentric velocity of the first rep (m/s); ``fatigue``: fraction
    of it lost by the last rep; ``grind``: extra sticking-dip depth by the last rep;
    ``drop_last``: the last rep is dropped from lockout (bar placement, bumper plates);
    ``rounding_deg`` / ``rounding_growth_deg``: upper-back flexion during the first pull and its
    growth per rep (back placement); ``reset_standups``: the lifter stands up between some
    dead-stop reps (back placement); ``rest_after_s``: rest before the next set."""

    index: int
    style: str
    n_reps: int
    rom: float
    mcv0: float
    fatigue: float
    grind: float
    drop_last: bool
    rounding_deg: float
    rounding_growth_deg: float
    reset_standups: bool
    rest_after_s: float


@dataclass
class SessionPlan:
    """A whole session (see :func:`make_plan`)."""

    seed: int
    placement: str
    length: str  # short | normal | long
    style: str  # dead_stop | touch_and_go | paused | mixed
    target_pause_s: float | None
    plates: str  # steel | bumper
    lead_in_s: float
    tail_s: float
    end_activity: str  # bar: rack | carry | strip | none ; back: walk_away | none
    sets: list[SetPlan] = field(default_factory=list)

    def describe(self) -> str:
        """Compact description, e.g. 'paused(t=3.0) steel: p3 p4'."""
        ab = {DEAD_STOP: "ds", TOUCH_AND_GO: "tng", PAUSED: "p"}
        s = " ".join(f"{ab[x.style]}{x.n_reps}{'+drop' if x.drop_last else ''}{'+reset' if x.reset_standups else ''}"
                     for x in self.sets)
        tp = f"(t={self.target_pause_s:g})" if self.target_pause_s else ""
        return f"{self.style}{tp} {self.plates}: {s}"


def make_plan(seed: int, placement: str, rng: np.random.Generator) -> SessionPlan:
    """Draw a session plan. Lengths: short (~1 min, one set), normal, long (10-20 min)."""
    length = str(rng.choice(["short", "normal", "long"], p=[0.2, 0.55, 0.25]))
    style = str(rng.choice([DEAD_STOP, TOUCH_AND_GO, PAUSED, "mixed"], p=[0.3, 0.25, 0.3, 0.15]))
    plates = "bumper" if rng.random() < (0.75 if style == TOUCH_AND_GO else 0.45) else "steel"
    target = float(rng.choice([2.0, 2.0, 2.5, 3.0, 3.0, 4.0, 5.0])) if style in (PAUSED, "mixed") else None
    if length == "short":
        n_sets, lead, tail = 1, rng.uniform(3, 15), rng.uniform(3, 20)
    elif length == "long":
        n_sets, lead, tail = int(rng.integers(4, 6)), rng.uniform(10, 60), rng.uniform(10, 90)
    else:
        n_sets, lead, tail = int(rng.integers(1, 5)), rng.uniform(5, 40), rng.uniform(5, 60)
    rom = rng.uniform(0.35, 0.75)
    rounder = placement == "back" and rng.random() < 0.45
    if placement == "bar":
        end = str(rng.choice(["rack", "carry", "strip", "none"], p=[0.2, 0.1, 0.25, 0.45]))
    else:
        end = str(rng.choice(["walk_away", "none"], p=[0.5, 0.5]))
    plan = SessionPlan(seed, placement, length, style, target, plates, float(lead), float(tail), end)
    for i in range(n_sets):
        st = style if style != "mixed" else str(rng.choice([DEAD_STOP, TOUCH_AND_GO, PAUSED]))
        if st == PAUSED:
            n = int(rng.integers(1, 6))
        elif st == TOUCH_AND_GO:
            n = int(rng.integers(2, 11))
        else:
            n = int(rng.integers(1, 9))
        if length == "short":
            n = min(n, 6)
        mcv0 = rng.uniform(0.35, 1.0) if st != PAUSED else rng.uniform(0.3, 0.8)
        fatigue = rng.uniform(0.0, 0.4) * min(1.0, (n - 1) / 5)
        if rounder:
            r0, rg = rng.uniform(7, 18), rng.uniform(0.5, 3.0)
        else:
            r0, rg = rng.uniform(1, 7), rng.uniform(0.0, 0.8)
        plan.sets.append(SetPlan(
            index=i + 1, style=st, n_reps=n, rom=float(rom + rng.normal(0, 0.01)), mcv0=float(mcv0),
            fatigue=float(fatigue), grind=float(rng.uniform(0, 0.3)),
            drop_last=placement == "bar" and plates == "bumper" and rng.random() < 0.25,
            rounding_deg=float(r0), rounding_growth_deg=float(rg),
            reset_standups=placement == "back" and st == DEAD_STOP and n >= 2 and rng.random() < 0.12,
            rest_after_s=float(rng.uniform(120, 240) if length == "long" else rng.uniform(30, 200)),
        ))
    return plan


def hold_durations(rng: np.random.Generator, target: float | None, n: int) -> list[float]:
    """Pause hold lengths (s) for ``n`` paused reps: most near the target, some clearly short."""
    out = []
    for _ in range(n):
        if target is None:
            out.append(float(rng.uniform(0.8, 5.0)))
        elif rng.random() < 0.25:
            out.append(float(rng.uniform(0.8, max(0.9, target - 0.3))))
        else:
            out.append(float(np.clip(target + rng.normal(0.15, 0.25), 0.8, 5.5)))
    return out
