"""A bottom turn's impact is zeroed for 60 ms at most: what follows is the rebound's pull.

After a touch-and-go bounce the integration restarts from the turn, and the spikes of the
impact still ringing after it are zeroed (their integral is aliased). The window was five grid
points (100 ms); a strong rebound pulls a loaded bar at up to 1 g for a tenth of a second after
the plates leave the floor, and that real acceleration was zeroed with the ringing: the pull lost
most of its speed, the top came out too low, and a rep was lost. An impact rings IMPACT_MAX_SAMPLES
grid points (60 ms) at most.
"""

from __future__ import annotations

import pytest

from altsim_cases import true_and_found

from analysis.kinematics import IMPACT_MAX_SAMPLES


def test_the_window_is_three_grid_points() -> None:
    assert IMPACT_MAX_SAMPLES == 3


@pytest.mark.parametrize(
    ("seed", "rate_hz", "n_true"),
    [
        (3004, 200.0, 6),  # six touch-and-go reps on bumpers, 42 samples/s delivered
        (2029, 25.0, 6),
    ],
)
def test_every_rebound_rep_is_counted(seed: int, rate_hz: float, n_true: int) -> None:
    true, found = true_and_found(seed, "bar", rate_hz, "ble")
    assert len(true) == n_true
    assert len(found) == n_true
    for r, q in zip(found, true):
        assert abs(r.start_s - q.start_s) < 0.2 and abs(r.end_s - q.end_s) < 0.3
