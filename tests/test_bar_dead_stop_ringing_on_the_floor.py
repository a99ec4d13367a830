"""A bar that lands and rings on the floor lies there: the velocity that went astray in the
ringing is put where the ringing began, not at its last point.

Altsim seed 3026 (50 Hz, steel plates): a dead-stop rep landed at 267.92 s and the bar rang for
0.4 s, every point of it aliased; the integration came out of the ringing at -0.64 m/s for a bar
lying on the floor. Put at the ringing's last point, that velocity left the bar 0.2 m below the
floor, so its two seconds on the floor were refused as a rest ("a pull going on steadily"),
and the next rep started from a drifted level: its start came 0.95 s late, or the rep was lost.
"""

from __future__ import annotations

import numpy as np

from altsim_cases import true_and_found

from analysis.streaming import _last_impact_onsets


def test_the_onset_of_the_last_impact_is_where_its_ringing_began() -> None:
    hits = np.zeros(18, bool)
    hits[[2, 3, 5, 14, 15]] = True  # one impact ringing at 2-5, another at 14-15
    onsets = _last_impact_onsets(hits, join=3)
    assert onsets[:2].tolist() == [0, 0]  # (no impact yet)
    assert (onsets[2:14] == 2).all()
    assert (onsets[14:] == 14).all()
    # points farther apart than ``join`` are separate impacts
    assert _last_impact_onsets(hits, join=1)[5:7].tolist() == [5, 5]


def test_no_impact_leaves_zero() -> None:
    assert _last_impact_onsets(np.zeros(5, bool), join=3).tolist() == [0] * 5


def test_the_rep_after_a_ringing_dead_stop_starts_on_time() -> None:
    true, found = true_and_found(3026, "bar", 50.0, "ble")
    assert len(found) == len(true) == 10
    rep = [r for r in true if 269.0 < r.start_s < 271.0][0]
    mine = [r for r in found if abs(r.end_s - rep.end_s) < 0.3]
    assert len(mine) == 1
    assert abs(mine[0].start_s - rep.start_s) < 0.15
