"""Where the lowering after a set's last pull ended, live: the next pull leaving the floor.

A rep found from its pull (analysis.pull_cycles) is reported live once the data shows where its
lowering ended: the next pull speeding the bar up. The bar caught at the top right after the
lockout (a lifter who jerks it up and lets it float; one public recording's lifter, 52
readings/s: its reps came with the next pull's lockout, 0.9-1.1 s after their end) speeds it up
as hard, before it has come down as a rep's lowering does: that used to end the search with no
end (the rep waited for the next lockout); it is now passed over, and the next pull ends the
rep. And the first rep after a rest on the floor (:func:`first_pull_rep`) looks for its lowering
from a bar standing still at its lockout, not at the speed integrated from the rest, which a
level a hundredth of a g off has carried away.

A lowering braked hard before the floor, most of its way covered late, speeds the bar up as
hard as a pull while it still goes down fast: its bottom, where that speed has come back to
zero, ends the rep (the drop up to the braking itself, the velocity taken as zero there, read
short, and the search ended with no end there too).
"""

from __future__ import annotations

import numpy as np
import pytest

from accel_shapes import min_jerk
from analysis.pull_cycles import G, find_pull_cycles, first_pull_rep

DT = 0.02
LEVEL_G = 1.013
RISE_M, PULL_S, LOWER_S = 0.55, 0.8, 2.4


def _run(last_lowering: list[tuple[float, float]]) -> tuple[np.ndarray, float]:
    """Magnitude (g) of 1 s on the floor, three pulls touch-and-go (the third lowered by
    ``last_lowering``'s moves, (s, m) each), then the fourth pull; and when the fourth began."""
    segs, t = [np.zeros(int(1.0 / DT))], 1.0
    for k in range(3):
        segs.append(min_jerk(RISE_M, PULL_S, DT))
        t += PULL_S
        for dur, h in last_lowering if k == 2 else [(LOWER_S, -RISE_M)]:
            segs.append(min_jerk(h, dur, DT))
            t += dur
    segs.append(min_jerk(RISE_M, PULL_S, DT))
    return LEVEL_G + np.concatenate(segs) / G, t


def _last_rep_live(last_lowering: list[tuple[float, float]]):
    """The run's last rep, live, 0.15 s after the next pull left the floor; and that time."""
    norm, nxt = _run(last_lowering)
    found = find_pull_cycles(0.0, DT, norm[: int(round((nxt + 0.15) / DT))], complete=False)
    assert len(found) == 3
    return found[-1], nxt


def test_the_bar_caught_at_the_top_is_not_the_next_pull() -> None:
    # (dropped 3 cm just after the lockout and caught: the magnitude 1.2-1.3 g there)
    rep, nxt = _last_rep_live([(0.25, -0.03), (LOWER_S - 0.25, -(RISE_M - 0.03))])
    assert rep.end_seen
    assert abs(rep.end_s - nxt) < 0.06


@pytest.mark.parametrize("slow_h, slow_s, brake_s, floor_s", [(0.4, 1.8, 0.4, 0.0), (0.45, 1.8, 0.3, 0.0), (0.35, 1.6, 0.5, 0.0),
                                                          (0.4, 1.8, 0.4, 0.1)])
def test_a_lowering_braked_hard_before_the_floor_ends_at_its_bottom(slow_h: float, slow_s: float, brake_s: float, floor_s: float) -> None:
    # most of the way down slowly, the last 10-20 cm fast and braked within 0.3-0.5 s, then the
    # next pull at once (touch-and-go) or after 0.1 s on the floor
    moves = [(slow_s, -slow_h), (brake_s, -(RISE_M - slow_h))] + ([(floor_s, 0.0)] if floor_s else [])
    rep, nxt = _last_rep_live(moves)
    assert rep.end_seen
    assert abs(rep.end_s - (nxt - floor_s)) < 0.04


def test_a_lowering_not_yet_ended_has_no_end() -> None:
    # (halfway down: neither the catch nor anything else ends it)
    norm, nxt = _run([(0.25, -0.03), (LOWER_S - 0.25, -(RISE_M - 0.03))])
    found = find_pull_cycles(0.0, DT, norm[: int(round((nxt - LOWER_S / 2) / DT))], complete=False)
    assert found and not found[-1].end_seen


@pytest.mark.parametrize("level_error_g", [-0.02, -0.01, 0.0, 0.01])
def test_the_first_rep_from_a_rest_whose_level_is_a_little_off(level_error_g: float) -> None:
    """A rest's level 0.01-0.02 g below the set's (the grip turned the bar, an accelerometer
    offset along it): integrated from the rest, the bar never read as lowered."""
    segs = [np.zeros(int(1.0 / DT)), min_jerk(RISE_M, PULL_S, DT), min_jerk(-RISE_M, LOWER_S, DT), min_jerk(RISE_M, PULL_S, DT)]
    norm = LEVEL_G + np.concatenate(segs) / G
    nxt = 1.0 + PULL_S + LOWER_S
    i0 = int(1.0 / DT)
    rep = first_pull_rep(i0 * DT, DT, norm[i0 : int(round((nxt + 0.15) / DT))], LEVEL_G + level_error_g)
    assert rep is not None
    assert abs(rep.start_s - 1.0) < 0.06 and abs(rep.end_s - nxt) < 0.06 and abs(rep.rom_m - RISE_M) < 0.03
