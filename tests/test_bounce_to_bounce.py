"""A touch-and-go rep's metrics from its motion closed between its two bounces
(analysis.metrics._bounce_to_bounce).

The floor turns the bar round between two samples: the impact is aliased, and the velocity
integrated from the bounce is off by a constant from there on. Both bounces are on the floor, so
the constant that brings the bar back to the first bounce's height at the second is that offset.
Here the rep's motion is built from a known trajectory with such an offset, and the rep built
from it (as the streaming analyzer builds it at the rep's end) must report the true range of
motion, mean velocity and lockout; where the closure does not apply, the keypoints' levels stand.
"""

from __future__ import annotations

import numpy as np
import pytest

from analysis.kinematics import SegmentMotion, cumulative_trapezoid0
from analysis.metrics import BOUNCE_MAX_OFFSET_MPS, build_rep
from analysis.reps import Keypoint, RepCandidate
from analysis.settings import AnalyzerSettings

DT = 0.01
ROM = 0.6  # m
T_UP, T_HOLD, T_DOWN = 1.2, 0.3, 0.9  # s: bounce -> lockout, lockout held, lockout -> bounce
DOWN = np.array([0.0, 0.0, -1.0])


def _min_jerk(u: np.ndarray) -> np.ndarray:
    return 10 * u**3 - 15 * u**4 + 6 * u**5


def _true_motion() -> tuple[np.ndarray, np.ndarray]:
    """Time (s) and height (m above the floor) from one bounce to the next."""
    t = np.arange(0.0, T_UP + T_HOLD + T_DOWN + DT / 2, DT)
    h = np.where(t <= T_UP, ROM * _min_jerk(np.clip(t / T_UP, 0, 1)), ROM)
    down = t >= T_UP + T_HOLD
    h[down] = ROM * (1 - _min_jerk(np.clip((t[down] - T_UP - T_HOLD) / T_DOWN, 0, 1)))
    return t, h


def _candidate(offset_mps: float, landings: tuple[float, ...] = (), lost_at: int | None = None) -> tuple[RepCandidate, float]:
    """The rep as the analyzer sees it: its velocity off by ``offset_mps`` from the first bounce
    on, its top turn where that velocity crossed zero. Returns it and the true lockout time."""
    t, h_true = _true_motion()
    v_true = np.gradient(h_true, DT)
    v = v_true + offset_mps
    v[0] = 0.0  # (the integration restarts at the bounce)
    h = cumulative_trapezoid0(v, DT)
    up = np.arange(1, len(t)) < int(T_UP / DT)
    i_top = int(np.argmax((v[1:] <= 0) & up)) + 1 if ((v[1:] <= 0) & up).any() else int(T_UP / DT)
    n = len(t)
    lost = None
    if lost_at is not None:
        lost = np.zeros(n, bool)
        lost[lost_at : lost_at + 3] = True
    seg = SegmentMotion(
        i0=0, base_level=0.0, t=t, velocity=v, height=h, gravity_dir=np.tile(DOWN, (n, 1)),
        rate_dps=np.zeros(n), yaw_rate_dps=np.zeros(n), landings_t=landings, lost=lost,
    )
    floor = Keypoint("turn", 0.0, 0.0, 0.0, DOWN)
    top = Keypoint("turn", float(t[i_top]), float(t[i_top]), float(h[i_top]), DOWN)
    bottom = Keypoint("turn", float(t[-1]), float(t[-1]), float(h[-1]), DOWN)
    return RepCandidate(floor, (), top, bottom, (seg,)), T_UP


def _rep(cand: RepCandidate):  # type: ignore[no-untyped-def]
    return build_rep(cand, 1, 1, "bar", None, AnalyzerSettings())


@pytest.mark.parametrize("offset", [-0.4, -0.2, 0.2])
def test_a_bounce_rep_reports_the_closed_range_velocity_and_lockout(offset: float):
    cand, lockout = _candidate(offset)
    rep = _rep(cand)
    assert rep.rom_m == pytest.approx(ROM, abs=0.01)
    assert rep.lockout_s == pytest.approx(lockout, abs=0.1)
    true_mcv = ROM / (lockout - rep.start_s)
    assert rep.mean_concentric_velocity_mps == pytest.approx(true_mcv, rel=0.1)
    assert rep.peak_velocity_mps == pytest.approx(1.875 * ROM / T_UP, abs=0.03)  # min-jerk peak


def test_a_motion_a_rest_closed_at_landings_since_is_closed_between_the_bounces_too():
    """(A rest after the set closes its motion at the landings it finds; between two bounces the
    velocity may still be off by what a bounce left.)"""
    cand, _ = _candidate(-0.4, landings=(0.0,))
    assert _rep(cand).rom_m == pytest.approx(ROM, abs=0.01)


def test_the_forward_integration_alone_was_off():
    """(What the closure corrects: the top keypoint the offset velocity gives is far too low.)"""
    cand, _ = _candidate(-0.4)
    assert cand.top.level - cand.floor.level < ROM - 0.2


@pytest.mark.parametrize(
    "kwargs",
    [
        {"offset": -(BOUNCE_MAX_OFFSET_MPS + 0.05)},  # more than a bounce leaves: something else went wrong
        {"offset": -0.4, "lost_at": 50},  # lost data: the velocity went astray by more than a constant
    ],
)
def test_where_the_closure_does_not_apply_the_keypoints_levels_stand(kwargs: dict):
    offset = kwargs.pop("offset")
    cand, _ = _candidate(offset, **kwargs)
    rep = _rep(cand)
    assert rep.rom_m == pytest.approx(cand.top.level - cand.floor.level)


def test_a_motion_that_does_not_reach_back_to_the_first_bounce_is_left_as_it_was():
    cand, _ = _candidate(-0.4)
    late = RepCandidate(
        Keypoint("turn", -0.5, -0.5, 0.0, DOWN), cand.holds, cand.top, cand.bottom, cand.segments)
    assert _rep(late).rom_m == pytest.approx(cand.top.level)


def test_a_rep_from_a_rest_is_left_as_it_was():
    cand, _ = _candidate(-0.4)
    from_rest = RepCandidate(
        Keypoint("rest", -1.0, 0.0, 0.0, DOWN), cand.holds, cand.top, cand.bottom, cand.segments)
    assert _rep(from_rest).rom_m == pytest.approx(cand.top.level)
