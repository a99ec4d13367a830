"""A back's touch-and-go rep whose bottom the link lost ends at the rest after it, and its top is
where the trunk was most upright.

Altsim seed 21 (back, 100 Hz over a host-stamped BLE link): the set's last rep comes down into
an 0.82 s gap in the data, and the first thing seen after it is the lifter at rest in the
bottom posture. The shoulders' integrated height peaked early in the pull (0.4 s before the
lockout, the trunk still 5 deg from the bottom posture), so the only "top" was no hinge and the
rep was lost. A rest back in the floor's posture closes the motion as a bottom turn does, and
the trunk's top is taken there too."""

from __future__ import annotations

from altsim_cases import true_and_found


def test_last_rep_lowered_into_lost_data_is_counted() -> None:
    true, found = true_and_found(21, "back", 100.0, "ble")
    assert len(found) == len(true)
    last = [f for f in found if 32.0 < f.start_s < 33.0]
    assert len(last) == 1
    t = [r for r in true if 32.0 < r.start_s < 33.0][0]
    assert abs(last[0].lockout_s - t.lockout_s) < 0.15
    assert abs(last[0].end_s - t.end_s) < 0.7  # (the rest after the gap: the bottom is not seen)
