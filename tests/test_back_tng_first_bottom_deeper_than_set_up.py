"""A touch-and-go set's first bottom is a turn, caught in motion: its posture may differ from the
set-up's by as much as any rep's bottom from the one before, deeper or shallower.

Altsim seed 12 (back, 100 Hz over BLE): the first rep of a touch-and-go set bounced 9 deg deeper
than the set-up it was pulled from. A bottom within 8 deg of a set-up is asked of a bottom the
trunk rested in (a set-up held still is known exactly); a bounce that met the bar higher than
the set-up already had the 12 deg any rep's bottom has. This one, deeper, was refused, and the
tracker lost that rep and the two after it (20 of 23 found).
"""

from __future__ import annotations

from altsim_cases import true_and_found


def test_a_touch_and_go_set_whose_first_bounce_is_deeper_than_the_set_up() -> None:
    true, found = true_and_found(12, "back", 100.0, "ble")
    assert len(found) == len(true) == 23
    tng = [r for r in true if 379.0 < r.start_s < 393.0]
    assert len(tng) == 6
    for t in tng:
        mine = [r for r in found if abs(r.lockout_s - t.lockout_s) < 0.3]
        assert len(mine) == 1, t
