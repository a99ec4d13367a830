"""The bar's axis learnt from its rests (analysis.bar_axis), and the tracker's use of it: a
bar with one end lifted 5-15 deg is no pull, however the level integrated through the handling
came out; a roll of the shaft in the hands turns gravity in the sensor frame as much, and is."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import analyze
from analysis.bar_axis import BarAxis
from analysis.reps import Keypoint, RepTracker
from analysis.settings import AnalyzerSettings
from imu.simulator import simulate_session
from altsim_cases import true_and_found
from test_rep_tracker import motion


def _rot(axis: np.ndarray, deg: float) -> np.ndarray:
    """Rotation matrix about unit ``axis`` by ``deg``."""
    a = np.radians(deg)
    k = np.array([[0, -axis[2], axis[1]], [axis[2], 0, -axis[0]], [-axis[1], axis[0], 0]])
    return np.eye(3) + np.sin(a) * k + (1 - np.cos(a)) * (k @ k)


def _mounting(seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A random sensor mounting: the bar's axis, gravity at rest, and the axis across the bar
    (horizontal) about which lifting one end tilts it, all in the sensor frame."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    return q[:, 0], q[:, 1], q[:, 2]


def _rests(seed: int, rolls_deg: list[float], tilts_deg: list[float], noise_deg: float = 0.3) -> tuple[BarAxis, np.ndarray, np.ndarray, np.ndarray]:
    axis, g0, across = _mounting(seed)
    rng = np.random.default_rng(seed + 1)
    est = BarAxis()
    for roll in rolls_deg:  # level rests, rolled about the shaft
        g = _rot(axis, roll) @ g0
        est.add(_rot(rng.normal(size=3) / np.sqrt(3), float(rng.normal(0, noise_deg))) @ g)
    for tilt in tilts_deg:  # one end lifted
        est.add(_rot(across, tilt) @ g0)
    return est, axis, g0, across


@pytest.mark.parametrize("seed", range(5))
def test_the_axis_is_the_pole_of_the_level_rests_rolled_apart_despite_tilted_ones(seed: int):
    est, axis, g0, across = _rests(seed, [0, 0, 0, 5, 5, -8, 12, 30, 0, 0, 3], [10, -7, 12])
    a = est.axis()
    assert a is not None
    assert np.degrees(np.arccos(min(1.0, abs(float(a @ axis))))) < 1.5
    # a roll of the shaft tilts nothing; one end lifted by 10 deg tilts it 10 deg
    assert est.tilt_between_deg(g0, _rot(axis, 12.0) @ g0) < 0.5
    assert est.tilt_between_deg(g0, _rot(across, 10.0) @ g0) == pytest.approx(10.0, abs=0.5)


@pytest.mark.parametrize("seed", range(3))
def test_three_postures_are_no_axis_a_fourth_on_their_circle_is(seed: int):
    """Any two postures lie on a great circle: a floor rest, a rest held tilted 10 deg to load
    plates and a floor rest rolled 8 deg gave a wrong axis early in a collar session (all later
    reps "tilted"). Three postures are no axis; a fourth on one circle with three others is."""
    axis, g0, across = _mounting(seed)
    est = BarAxis()
    for g in (g0, g0, _rot(across, 10.0) @ g0, _rot(axis, 8.0) @ g0):
        est.add(g)
    assert est.axis() is None
    est.add(_rot(axis, -6.0) @ g0)
    est.add(_rot(axis, 15.0) @ g0)
    a = est.axis()
    assert a is not None and np.degrees(np.arccos(min(1.0, abs(float(a @ axis))))) < 1.0


def test_a_bar_never_rolled_leaves_the_axis_unknown():
    est, *_ = _rests(0, [0, 0, 1, 0, -1, 0], [])
    assert est.axis() is None
    assert est.tilt_between_deg(np.array([0, 0, 1.0]), np.array([0, 0.2, 1.0]) / np.hypot(0.2, 1.0)) is None


def test_rests_on_no_one_great_circle_leave_the_axis_unknown():
    """Gravity directions scattered every way (no shaft they all lie level about) give no axis."""
    rng = np.random.default_rng(3)
    est = BarAxis()
    for _ in range(12):
        g = np.array([0.0, 0.0, 1.0]) + rng.normal(0, 0.3, 3)
        est.add(g / np.linalg.norm(g))
    assert est.axis() is None


def test_directions_that_are_not_unit_vectors_teach_nothing():
    est, axis, g0, _ = _rests(2, [0, 0, 10, -10, 20], [])
    before = est.axis()
    for bad in (np.array([np.nan, 0.0, 1.0]), np.zeros(3), 2.0 * g0):
        est.add(bad)
    assert before is not None and np.allclose(est.axis(), before)


def _tracker_with_axis(axis: np.ndarray, g0: np.ndarray) -> RepTracker:
    tr = RepTracker(AnalyzerSettings())
    for i, roll in enumerate([0.0, 10.0, -10.0, 25.0, 0.0]):
        k = Keypoint("rest", 10.0 * i, None, 0.0, _rot(axis, roll) @ g0)
        tr.add_keypoint(k)
        k.t_end = 10.0 * i + 2.0
        tr.rest_ended(k)
    return tr


@pytest.mark.parametrize("turn, deg, is_pull", [("roll", 12.0, True), ("tilt", 12.0, False), ("tilt", 3.0, True)])
def test_a_bar_whose_shaft_tilted_to_its_top_is_not_pulled(turn: str, deg: float, is_pull: bool):
    """Floor, then a rest 0.5 m higher whose gravity turned ``deg`` (within the 15 deg any
    turn may reach): rolled about the shaft it is a lockout; the shaft tilted more than 4.5 deg
    (one end lifted, the level overestimated) it is not."""
    axis, g0, across = _mounting(7)
    tr = _tracker_with_axis(axis, g0)
    assert tr._axis.axis() is not None and tr.state == "idle"
    g1 = _rot(axis if turn == "roll" else across, deg) @ g0
    tr.add_segment(motion(42.0, 43.0, 0.0, 0.5, g0=g0, g1=g1))
    tr.add_keypoint(Keypoint("rest", 43.0, None, 0.5, g1))
    assert (tr.state == "up") is is_pull


def test_one_end_lifted_is_no_rep_where_the_axis_is_known():
    """Tuning seed 30011 at 50 Hz over BLE: between sets the lifter raised one end of the bar
    12.7 deg and held it 2 s; integrated through the handling, the sensor 'rose' 0.53 m, far more
    than one end lifted could give, so the 15 deg limit (which must allow rolls in the hands)
    let it pass as a rep. The bar had been rolled on the floor before: its axis is known and
    its shaft tilted 12.7 deg."""
    s = simulate_session(30011, "bar", 50.0, link="ble")
    reps = analyze(s.t, s.acc, s.gyro, "bar").reps
    assert len(reps) == len(s.truth.reps) == 9
    assert not any(220.0 < r.start_s < 232.0 for r in reps)


def test_one_end_lifted_a_little_with_the_sensor_far_out_is_no_rep():
    """Tuning seed 31038, clean link: between sets one end of the bar was lifted and held 3.5 s
    (171.3-175.5 s). The sensor, 0.8 m out on the shaft, rose a true 0.19 m while the shaft
    tilted 4.6-4.9 deg: more than one end lifted gives at the 2 m pivot distance the rise rule
    allows, and less than the 5 deg the shaft rule allowed. True reps' shafts measure within
    3.8 deg on both simulators; the limit is 4.5 deg. (At 200 Hz the shaft measures under
    4.5 deg and the handling still makes a rep.)"""
    s = simulate_session(31038, "bar", 50.0, link="clean")
    reps = analyze(s.t, s.acc, s.gyro, "bar").reps
    assert not any(165.0 < r.start_s < 180.0 for r in reps)
    assert len(reps) == len(s.truth.reps) == 9


def test_plates_stripped_from_a_bar_tilting_its_shaft_make_no_rep():
    """Altsim tuning seed 2029, 50 Hz, clean: stripping plates (51.6-60.6 s) lifted and tilted
    the bar for nine seconds; closed as floor, top and a landing, it passed for a rep whose
    shaft had tilted 4.7 deg."""
    true, found = true_and_found(2029, "bar", 50.0, "clean")
    assert not any(51.0 < r.start_s < 61.0 for r in found)
    assert len(found) == len(true)
