"""The rep tracker's physical plausibility rules, on hand-made keypoints and motions."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from analysis.kinematics import SegmentMotion
from analysis.reps import Keypoint, RepTracker
from analysis.settings import AnalyzerSettings

UP = np.array([0.0, 0.0, 1.0])


def motion(
    t0: float, t1: float, h0: float, h1: float, yaw_dps: float = 0.0, dt: float = 0.01,
    g0: np.ndarray = UP, g1: np.ndarray | None = None,
) -> SegmentMotion:
    """A smooth vertical move from level h0 to h1, m, over [t0, t1], s, turning about the
    vertical at yaw_dps meanwhile, and tilting from gravity direction g0 to g1 (sensor frame;
    g1 None: staying at g0) as the gyroscope would carry it."""
    t = np.arange(t0, t1 + dt / 2, dt)
    tau = (t - t0) / (t1 - t0)
    s = 10 * tau**3 - 15 * tau**4 + 6 * tau**5
    h = (h1 - h0) * s
    v = np.gradient(h, t)
    g = g0 + np.outer(s, (g0 if g1 is None else g1) - g0)
    g /= np.linalg.norm(g, axis=1, keepdims=True)
    return SegmentMotion(0, h0, t, v, h, g, np.full(len(t), abs(yaw_dps)), np.full(len(t), yaw_dps))


def rest(t0: float, t1: float, level: float) -> Keypoint:
    return Keypoint("rest", t0, t1, level, UP)


@pytest.mark.parametrize("yaw_dps, is_rep", [(0.0, True), (3.0, True), (45.0, False)])
def test_a_rep_does_not_turn_about_the_vertical(yaw_dps: float, is_rep: bool):
    """Floor -> lockout -> floor is a rep; the same with the sensor turned 90 deg about the
    vertical on the way down (a lifter who stood up, turned round and bent over) is not."""
    tr = RepTracker(AnalyzerSettings())
    assert tr.add_keypoint(rest(0.0, 1.0, 0.0)) is None
    tr.add_segment(motion(1.0, 2.0, 0.0, 0.5))
    assert tr.add_keypoint(rest(2.0, 2.5, 0.5)) is None
    tr.add_segment(motion(2.5, 4.5, 0.5, 0.0, yaw_dps))
    cand = tr.add_keypoint(rest(4.5, 6.0, 0.0))
    assert (cand is not None) is is_rep


@pytest.mark.parametrize("turn_dps, is_rep", [(5.0, True), (60.0, False)])
def test_turning_away_and_back_between_two_bends_is_no_rep(turn_dps: float, is_rep: bool):
    """Up from a bend, a 60 deg turn to one side and back (to pick a plate off a tree), and down
    into the next bend: the heading ends where it began, but nobody holding a bar turns about
    like that. A 5 deg sway either way stays a rep."""
    tr = RepTracker(AnalyzerSettings())
    assert tr.add_keypoint(rest(0.0, 1.0, 0.0)) is None
    tr.add_segment(motion(1.0, 2.0, 0.0, 0.5))
    assert tr.add_keypoint(rest(2.0, 2.5, 0.5)) is None
    tr.add_segment(motion(2.5, 3.5, 0.5, 0.5, turn_dps))
    tr.add_segment(motion(3.5, 4.5, 0.5, 0.5, -turn_dps))
    tr.add_segment(motion(4.5, 6.5, 0.5, 0.0))
    cand = tr.add_keypoint(rest(6.5, 8.0, 0.0))
    assert (cand is not None) is is_rep


def _tilted(deg: float) -> np.ndarray:
    """Gravity direction (sensor frame) of a trunk inclined ``deg`` from the set-up posture."""
    a = np.radians(deg)
    return np.array([np.sin(a), 0.0, np.cos(a)])


def _back_after_a_rep(lockout_deg: float, bottom: Keypoint) -> RepTracker:
    """A back sensor's tracker that has seen one rep: a set-up (0-1.5 s, level 0), a lockout rest
    (2.5-3 s, 0.4 m up, the trunk ``lockout_deg`` from the set-up) and back down to ``bottom``
    (from 4 s), the rep's bottom."""
    tr = RepTracker(AnalyzerSettings(), check_trunk_rotation=True)
    assert tr.add_keypoint(Keypoint("rest", 0.0, 1.5, 0.0, _tilted(0.0))) is None
    tr.add_segment(motion(1.5, 2.5, 0.0, 0.4))
    assert tr.add_keypoint(Keypoint("rest", 2.5, 3.0, 0.4, _tilted(lockout_deg))) is None
    tr.add_segment(motion(3.0, 4.0, 0.4, 0.0))
    assert tr.add_keypoint(bottom) is not None
    return tr


def test_back_hold_just_off_the_floor_is_a_hold_not_a_new_floor():
    """Back sensor: a pause with the bar just off the floor barely raises the sensor, but the trunk
    has turned from the set-up. That rest is the rep's hold; the rep still starts at the set-up
    and returns to its posture."""
    tr = RepTracker(AnalyzerSettings(), check_trunk_rotation=True)
    setup = Keypoint("rest", 0.0, 1.5, 0.0, _tilted(0.0))
    assert tr.add_keypoint(setup) is None
    lift_off(tr, 1.5, 2.0)
    hold = Keypoint("rest", 2.0, 5.0, 0.01, _tilted(-17.0))
    assert tr.add_keypoint(hold) is None
    tr.add_segment(motion(5.0, 6.0, 0.01, 0.35))
    assert tr.add_keypoint(Keypoint("rest", 6.0, 6.5, 0.35, _tilted(-50.0))) is None
    tr.add_segment(motion(6.5, 7.5, 0.35, 0.0))
    cand = tr.add_keypoint(Keypoint("rest", 7.5, 9.0, 0.0, _tilted(-1.0)))
    assert cand is not None and cand.floor is setup and cand.holds == (hold,)


@pytest.mark.parametrize(
    "rise_m, tilt_deg, is_rep",
    [
        (0.45, 4.0, True),  # a pull with the bar a little off level
        (0.20, 5.0, True),  # a short pull, tilted: more rise than one end could give (2 m * sin 5 deg = 0.17 m)
        (0.17, 5.5, False),  # one end lifted 0.17 m, the far plate on the floor: 1.8 m from it
        (0.45, 7.0, True),  # the shaft rolled 7 deg in the hands: more rise than one end could give (0.24 m)
        (0.60, 16.0, False),  # turned beyond what a pulled bar is (one end: 0.55 m at most)
    ],
)
def test_a_bar_end_lifted_is_not_a_rep(rise_m: float, tilt_deg: float, is_rep: bool):
    """A bar sensor rises and tilts when the lifter lifts one end (the other plate stays down):
    the rise is then at most the plate-to-sensor distance times sin(tilt)."""
    a = np.radians(tilt_deg)
    tilted = np.array([np.sin(a), 0.0, np.cos(a)])
    tr = RepTracker(AnalyzerSettings())
    assert tr.add_keypoint(rest(0.0, 1.0, 0.0)) is None
    tr.add_segment(motion(1.0, 2.0, 0.0, rise_m))
    assert tr.add_keypoint(Keypoint("rest", 2.0, 3.0, rise_m, tilted)) is None
    tr.add_segment(motion(3.0, 4.0, rise_m, 0.0))
    cand = tr.add_keypoint(rest(4.0, 6.0, 0.0))
    assert (cand is not None) is is_rep


@pytest.mark.parametrize("tilt_deg, is_rep", [(1.0, True), (12.0, False)])
def test_a_bar_end_lifted_after_stops_whose_level_drifted_is_not_a_rep(tilt_deg: float, is_rep: bool):
    """A bar moved about on the floor: over its short motions the integrated level drifted up
    0.45 m, and the stops look like a lockout (0.5 m) and a rest just below it (0.4 m). Then one
    end is lifted 0.2 m, tilting the bar 12 deg, and put down. From the floor the rise (0.6 m)
    is more than one end could give at that tilt, but the last rise, from the rest it started
    at, is not (2 m * sin 12 deg = 0.42 m): no rep. The same rise with the bar level (1 deg) is
    a pull that went on from a stop on the way: a rep."""
    a = np.radians(tilt_deg)
    tilted = np.array([np.sin(a), 0.0, np.cos(a)])
    tr = RepTracker(AnalyzerSettings())
    assert tr.add_keypoint(rest(0.0, 1.0, 0.0)) is None
    tr.add_segment(motion(1.0, 2.0, 0.0, 0.5))
    assert tr.add_keypoint(rest(2.0, 3.0, 0.5)) is None
    tr.add_segment(motion(3.0, 4.0, 0.5, 0.4))
    assert tr.add_keypoint(rest(4.0, 5.0, 0.4)) is None
    tr.add_segment(motion(5.0, 6.0, 0.4, 0.6))
    assert tr.add_keypoint(Keypoint("rest", 6.0, 7.0, 0.6, tilted)) is None
    tr.add_segment(motion(7.0, 8.0, 0.6, 0.0))
    cand = tr.add_keypoint(rest(8.0, 10.0, 0.0))
    assert (cand is not None) is is_rep


@pytest.mark.parametrize(
    "bottom_kind, bottom_deg, is_rep",
    [
        ("turn", 2.0, True),  # touch-and-go: the bottom is a turn
        ("rest", 2.0, True),  # at rest back in the bottom posture (a dead stop, after holds)
        ("rest", 15.0, False),  # at rest in another posture: left to the level (part-way down)
    ],
)
def test_back_bottom_is_found_by_the_trunk_when_the_level_drifted(bottom_kind: str, bottom_deg: float, is_rep: bool):
    """Back sensor: after a first rep, the integrated level drifts up by 0.3 m over the next one,
    so its bottom looks like a dip at the top. The trunk, though, is back in the last rep's bottom
    posture after turning 50 deg through the pull (the gyroscope does not drift over a rep): that
    turn, or rest, is the bottom. A rest in a posture 15 deg off the bottom's is left to the
    level (a lifter still part-way down is no bottom)."""
    tr = _back_after_a_rep(50.0, Keypoint("turn", 4.0, 4.0, 0.0, _tilted(1.0)))
    tr.add_segment(motion(4.0, 5.0, 0.0, 0.7))
    assert tr.add_keypoint(Keypoint("turn", 5.0, 5.0, 0.7, _tilted(49.0))) is None
    tr.add_segment(motion(5.0, 6.0, 0.7, 0.3))
    cand = tr.add_keypoint(Keypoint(bottom_kind, 6.0, 6.0 if bottom_kind == "turn" else 6.5, 0.3, _tilted(bottom_deg)))
    assert (cand is not None) is is_rep


@pytest.mark.parametrize(
    "top_kind, top_deg, is_rep",
    [
        ("turn", 48.0, True),  # the lockout of a touch-and-go rep, not held still
        ("rest", 48.0, True),  # held still for a moment, soon after the bottom
        ("turn", -30.0, False),  # inclined further (hips rising first, a stretch): no pull
    ],
)
def test_back_touch_and_go_top_is_the_trunk_hinge_when_the_level_shows_no_rise(top_kind: str, top_deg: float, is_rep: bool):
    """Back sensor, touch-and-go: the plates' jolt at the bottom spoils the shoulders' integrated
    velocity, and the next lockout looks only 0.05 m above the bottom. The trunk, though, turned
    48 deg from the last rep's bottom posture towards its lockout posture (the gyroscope does
    not drift over a rep): that is the top, and back in the bottom posture the rep is complete.
    A rest there soon after the bottom is that lockout, not the floor the load landed on. A
    trunk inclined further than the bottom posture has not pulled."""
    tr = _back_after_a_rep(50.0, Keypoint("turn", 4.0, 4.0, 0.0, _tilted(1.0)))
    tr.add_segment(motion(4.0, 4.6, 0.0, 0.05))
    assert tr.add_keypoint(Keypoint(top_kind, 4.6, 4.6 if top_kind == "turn" else 5.0, 0.05, _tilted(top_deg))) is None
    tr.add_segment(motion(5.0, 6.0, 0.05, 0.0))
    cand = tr.add_keypoint(Keypoint("turn", 6.0, 6.0, 0.0, _tilted(2.0)))
    assert (cand is not None) is is_rep


@pytest.mark.parametrize("landed, is_rep", [(True, True), (False, False)])
def test_bar_bottom_where_it_landed_completes_the_rep_when_the_level_drifted(landed: bool, is_rep: bool):
    """Bar, touch-and-go: link losses left the integrated level 0.8 m high at the second bottom,
    which then looks like a dip at the top. Where the bar landed (an impact in the motion) it was
    on the floor all the same; a low turn without an impact is left to the level."""
    tr = RepTracker(AnalyzerSettings())
    assert tr.add_keypoint(rest(0.0, 1.0, 0.0)) is None
    tr.add_segment(motion(1.0, 2.0, 0.0, 0.5))
    assert tr.add_keypoint(Keypoint("turn", 2.0, 2.0, 0.5, UP)) is None
    tr.add_segment(motion(2.0, 3.0, 0.5, 0.0))
    assert tr.add_keypoint(Keypoint("turn", 3.0, 3.0, 0.0, UP, landed=True)) is not None
    tr.add_segment(motion(3.0, 4.0, 0.0, 1.0))
    assert tr.add_keypoint(Keypoint("turn", 4.0, 4.0, 1.0, UP)) is None
    tr.add_segment(motion(4.0, 5.0, 1.0, 0.8))
    cand = tr.add_keypoint(Keypoint("turn", 5.0, 5.0, 0.8, UP, landed=landed))
    assert (cand is not None) is is_rep


def lift_off(tr: RepTracker, t0: float, t1: float, kept_m: float = 0.01) -> None:
    """A back sensor's shoulders as the bar leaves the floor and stops a few cm up: a rise of
    5 cm at up to 0.3 m/s, of which the integration keeps ``kept_m`` (a back's level is rough)."""
    tm = t0 + 0.6 * (t1 - t0)
    tr.add_segment(motion(t0, tm, 0.0, 0.05))
    tr.add_segment(motion(tm, t1, 0.05, kept_m))


@pytest.mark.parametrize(
    "turn_deg, lifted, kept_m, is_hold",
    [(6.0, True, 0.01, True), (2.0, True, 0.015, True), (2.0, True, 0.005, False), (6.0, False, 0.01, False)],
)
def test_back_low_hold_needs_a_trunk_turn_or_a_lift(turn_deg: float, lifted: bool, kept_m: float, is_hold: bool):
    """Back sensor: a bar held a few cm off the floor turns the trunk a few degrees from the
    set-up (6 deg: a hold), or keeps its posture while the knees extend and the shoulders rise at
    least ``low_hold_min_rise_m`` at lift-off speed (altsim seed 36: under 1 deg, 2-3 cm): a hold
    too. Risen less, the two rests of one posture differ by noise (a new set-up, the floor). A
    set-up settling turns the trunk as much, with the shoulders staying over the bar (no lift):
    the floor, not a hold."""
    tr = RepTracker(AnalyzerSettings(), check_trunk_rotation=True)
    setup = Keypoint("rest", 0.0, 1.5, 0.0, _tilted(0.0))
    assert tr.add_keypoint(setup) is None
    if lifted:
        lift_off(tr, 1.5, 2.0, kept_m)
    else:
        tr.add_segment(motion(1.5, 2.0, 0.0, kept_m))  # (0.04 m/s at most: the integration's wander)
    hold = Keypoint("rest", 2.0, 5.0, kept_m, _tilted(-turn_deg))
    assert tr.add_keypoint(hold) is None
    assert (tr.state == "rising") is is_hold
    assert (tr.floor is setup) is is_hold


@pytest.mark.parametrize(
    "rests, is_rep",
    [
        ([(1.1, 1.5, None)], True),  # a set-up held 0.4 s still, settling in its posture since 0.3 s
        ([(1.1, 1.5, 1.1)], False),  # a bend to pick a plate up: 0.4 s at the bottom
        ([(0.3, 1.0, None), (1.2, 1.5, 1.0)], True),  # a set-up a wiggle (chest up) broke in two
        ([(0.9, 1.2, 0.9), (1.3, 1.5, 1.2)], False),  # two short stops at a bend's bottom
    ],
)
def test_back_set_up_is_the_time_in_its_posture_settling_included(rests, is_rep: bool):
    """Back sensor: a first pull starts from a set-up held at least min_setup_s (0.8 s). A trunk
    settling into it (hips, chest: a few degrees, a few deg/s) is in the set-up posture before it
    is still; a wiggle that breaks the still part in two does not restart it. posture_since None:
    in the posture since 0.3 s (the end of the descent into it)."""
    tr = RepTracker(AnalyzerSettings(), check_trunk_rotation=True)
    tr.add_keypoint(Keypoint("rest", -5.0, -3.0, 0.3, _tilted(-60.0)))  # standing
    tr.add_segment(motion(-3.0, 0.3, 0.3, 0.0))
    for i, (t0, t1, since) in enumerate(rests):
        k = Keypoint("rest", t0, t1, 0.0, _tilted(-1.0 * i), posture_since=0.3 if since is None else since)
        assert tr.add_keypoint(k) is None
    tr.add_segment(motion(1.5, 2.5, 0.0, 0.4))
    assert tr.add_keypoint(Keypoint("rest", 2.5, 3.0, 0.4, _tilted(-50.0))) is None
    tr.add_segment(motion(3.0, 4.0, 0.4, 0.0))
    cand = tr.add_keypoint(Keypoint("rest", 4.0, 5.5, 0.0, _tilted(-1.0)))
    assert (cand is not None) is is_rep


def test_back_turned_rest_after_a_stop_too_short_for_a_set_up_is_the_set_up_not_a_hold():
    """Back sensor: a stop of 0.4 s on the way into the set-up, then the set-up itself 6 deg
    further on at the same level: the trunk turned like a hold just off the floor would, but no
    pull starts from a 0.4 s stop; the second rest is the floor."""
    tr = RepTracker(AnalyzerSettings(), check_trunk_rotation=True)
    tr.add_keypoint(Keypoint("rest", -5.0, -3.0, 0.3, _tilted(-60.0)))
    tr.add_segment(motion(-3.0, 0.0, 0.3, 0.0))
    tr.add_keypoint(Keypoint("rest", 0.0, 0.4, 0.0, _tilted(0.0), posture_since=0.0))
    setup = Keypoint("rest", 0.8, 3.0, 0.0, _tilted(6.0), posture_since=0.7)
    assert tr.add_keypoint(setup) is None
    assert tr.state == "idle" and tr.floor is setup


@pytest.mark.parametrize("hinge_deg, is_rep", [(60.0, True), (95.0, True), (130.0, False)])
def test_back_trunk_turns_no_further_than_horizontal_to_upright(hinge_deg: float, is_rep: bool):
    """Back sensor: a deadlift's set-up inclines the trunk at most to about horizontal, so floor ->
    lockout turns it 60 deg, or 95 deg from a horizontal back to a lockout leaning back; a
    forward fold (a hamstring stretch, head towards the knees) held, stood up from and folded
    into again turns it 130 deg each way: no rep, though the shoulders rise and fall like one."""
    tr = RepTracker(AnalyzerSettings(), check_trunk_rotation=True)
    assert tr.add_keypoint(Keypoint("rest", 0.0, 2.0, 0.0, _tilted(0.0))) is None
    tr.add_segment(motion(2.0, 3.0, 0.0, 0.6))
    assert tr.add_keypoint(Keypoint("rest", 3.0, 4.0, 0.6, _tilted(-hinge_deg))) is None
    tr.add_segment(motion(4.0, 5.0, 0.6, 0.0))
    cand = tr.add_keypoint(Keypoint("rest", 5.0, 7.0, 0.0, _tilted(-2.0)))
    assert (cand is not None) is is_rep


@pytest.mark.parametrize("check_trunk, yaw_dps, is_rep", [(True, 2.5, True), (True, 10.0, False), (False, 10.0, True)])
def test_a_back_holding_a_bar_stays_square_to_it(check_trunk: bool, yaw_dps: float, is_rep: bool):
    """A back sensor turned 20 deg about the vertical on the way down (10 deg/s for 2 s: a bend
    while turning to a plate tree) made no rep: the shoulders hold the bar with both hands and
    stay square to it; 5 deg of sway is still a rep. A bar sensor may turn that much (the bar
    swings and rolls in the hands), up to 30 deg."""
    tr = RepTracker(AnalyzerSettings(), check_trunk_rotation=check_trunk)
    assert tr.add_keypoint(Keypoint("rest", 0.0, 1.0, 0.0, _tilted(0.0))) is None
    tr.add_segment(motion(1.0, 2.0, 0.0, 0.5))
    assert tr.add_keypoint(Keypoint("rest", 2.0, 2.5, 0.5, _tilted(-50.0 if check_trunk else 0.0))) is None
    tr.add_segment(motion(2.5, 4.5, 0.5, 0.0, yaw_dps))
    cand = tr.add_keypoint(Keypoint("rest", 4.5, 6.0, 0.0, _tilted(-1.0 if check_trunk else 0.0)))
    assert (cand is not None) is is_rep


@pytest.mark.parametrize("bottom_deg, is_rep", [(4.0, True), (10.0, False)])
def test_back_first_rep_comes_back_to_its_set_up_posture(bottom_deg: float, is_rep: bool):
    """Back sensor: a first pull from a set-up held still puts the bar back where it was lifted
    from, the trunk back within a few degrees of the set-up's posture (4 deg: a rep). Two bends
    to pick things up, a stand between them, end 10 deg apart: no rep. A rep's bottom caught in
    motion (touch-and-go) may differ more from the next one's (see the next test)."""
    tr = RepTracker(AnalyzerSettings(), check_trunk_rotation=True)
    assert tr.add_keypoint(Keypoint("rest", 0.0, 1.2, 0.0, _tilted(0.0))) is None
    tr.add_segment(motion(1.2, 2.2, 0.0, 0.45))
    assert tr.add_keypoint(Keypoint("rest", 2.2, 2.8, 0.45, _tilted(-55.0))) is None
    tr.add_segment(motion(2.8, 3.8, 0.45, 0.0))
    cand = tr.add_keypoint(Keypoint("rest", 3.8, 5.0, 0.0, _tilted(bottom_deg)))
    assert (cand is not None) is is_rep


def test_back_touch_and_go_bottom_may_differ_more_from_the_last_rep_s():
    """Back sensor: after a rep, the next touch-and-go rep's bottom 10 deg off the last one's
    (found in motion, the bar landing a little further out) still completes that rep."""
    tr = RepTracker(AnalyzerSettings(), check_trunk_rotation=True)
    assert tr.add_keypoint(Keypoint("rest", 0.0, 1.2, 0.0, _tilted(0.0))) is None
    tr.add_segment(motion(1.2, 2.2, 0.0, 0.45))
    assert tr.add_keypoint(Keypoint("rest", 2.2, 2.8, 0.45, _tilted(-55.0))) is None
    tr.add_segment(motion(2.8, 3.8, 0.45, 0.0))
    assert tr.add_keypoint(Keypoint("turn", 3.8, 3.8, 0.0, _tilted(2.0))) is not None
    tr.add_segment(motion(3.8, 4.8, 0.0, 0.45))
    assert tr.add_keypoint(Keypoint("rest", 4.8, 5.3, 0.45, _tilted(-55.0))) is None
    tr.add_segment(motion(5.3, 6.3, 0.45, 0.0))
    assert tr.add_keypoint(Keypoint("turn", 6.3, 6.3, 0.0, _tilted(12.0))) is not None


@pytest.mark.parametrize("kind, bottom_deg, is_rep", [("turn", -10.0, True), ("turn", 10.0, True), ("rest", -10.0, False)])
def test_back_first_touch_and_go_bottom_may_meet_the_floor_with_the_hips_higher(kind: str, bottom_deg: float, is_rep: bool):
    """Back sensor: a set's first touch-and-go bottom, caught in the bounce, 10 deg from the
    set-up's posture towards the lockout (the hips meet the floor higher than in the set-up:
    altsim seed 6, 10.7 deg) completes the first rep; so does one 10 deg the other way, deeper
    than the set-up (altsim seed 12, 9 deg: a bounce is caught in motion either way). Held still
    there (a second bend, not a bounce) it does not: a set-up's posture is known exactly."""
    tr = RepTracker(AnalyzerSettings(), check_trunk_rotation=True)
    assert tr.add_keypoint(Keypoint("rest", 0.0, 1.2, 0.0, _tilted(0.0))) is None
    tr.add_segment(motion(1.2, 2.2, 0.0, 0.45))
    assert tr.add_keypoint(Keypoint("rest", 2.2, 2.8, 0.45, _tilted(-55.0))) is None
    tr.add_segment(motion(2.8, 3.8, 0.45, 0.0))
    t_end = 3.8 if kind == "turn" else 5.0
    cand = tr.add_keypoint(Keypoint(kind, 3.8, t_end, 0.0, _tilted(bottom_deg)))
    assert (cand is not None) is is_rep


@pytest.mark.parametrize("walked_m, is_rep", [(0.05, True), (2.0, False)])
def test_bar_walk_in_the_motion_that_holds_the_bottom_counts_up_to_the_bottom(walked_m: float, is_rep: bool):
    """Bar picked up, then carried and set down in one motion that a rest closes after the
    bottom (a turn inside it): the distance walked up to the bottom makes it no rep; a bar path
    that strays a few cm is a rep. What the motion travelled after the bottom (here 3 m more,
    into the closing rest) does not count."""
    tr = RepTracker(AnalyzerSettings())
    assert tr.add_keypoint(rest(0.0, 1.0, 0.0)) is None
    tr.add_segment(motion(1.0, 2.0, 0.0, 0.5))
    assert tr.add_keypoint(rest(2.0, 2.5, 0.5)) is None
    down = motion(2.5, 5.0, 0.5, 0.0)
    travel = np.where(down.t <= 4.0, walked_m * (down.t - 2.5) / 1.5, 0.0)
    travel = np.where(down.t > 4.0, walked_m + 3.0 * (down.t - 4.0), travel)
    tr.add_segment(SegmentMotion(down.i0, down.base_level, down.t, down.velocity, down.height, down.gravity_dir,
                                 down.rate_dps, down.yaw_rate_dps, travel=travel))
    cand = tr.add_keypoint(Keypoint("turn", 4.0, 4.0, 0.0, UP))
    assert (cand is not None) is is_rep


@pytest.mark.parametrize("bottom_deg, is_rep", [(2.0, True), (12.0, False)])
def test_a_bar_rep_comes_back_down_in_the_posture_it_was_lifted_in(bottom_deg: float, is_rep: bool):
    """Floor -> lockout 0.3 m up -> down again: a rep where the bar comes back onto its plates
    within the shaft's roll in the hands (2 deg); set down with one end tilted 12 deg from how it
    lay (the own simulator's plate handling between sets: 9 of its 14 false reps), it was no rep."""
    a = np.radians(bottom_deg)
    tr = RepTracker(AnalyzerSettings())
    assert tr.add_keypoint(rest(0.0, 1.0, 0.0)) is None
    tr.add_segment(motion(1.0, 2.0, 0.0, 0.3))
    assert tr.add_keypoint(rest(2.0, 2.5, 0.3)) is None
    tr.add_segment(motion(2.5, 3.5, 0.3, 0.0))
    cand = tr.add_keypoint(Keypoint("rest", 3.5, 5.0, 0.0, np.array([np.sin(a), 0.0, np.cos(a)])))
    assert (cand is not None) is is_rep


@pytest.mark.parametrize("sway_deg, rise_m, one_hold", [(1.5, 0.025, True), (8.0, 0.025, False), (1.5, 0.10, False)])
def test_back_hold_broken_by_sway_is_one_hold_whatever_the_shoulders_level(sway_deg: float, rise_m: float, one_hold: bool):
    """Back sensor: a 4 s pause that the stillness detector broke in two (the trunk swayed for
    0.15 s) reads 2-3 cm higher after the break (the shoulders' level integrated through the
    sway); the trunk's posture is the same: one hold. A second rest with the trunk turned 8 deg
    further, or 10 cm higher (a pull on from a stop just off the floor), is a second hold."""
    tr = RepTracker(AnalyzerSettings(), check_trunk_rotation=True)
    assert tr.add_keypoint(Keypoint("rest", 0.0, 1.5, 0.0, _tilted(0.0))) is None
    tr.add_segment(motion(1.5, 2.0, 0.0, 0.03))
    first = Keypoint("rest", 2.0, 4.0, 0.03, _tilted(-10.0))
    assert tr.add_keypoint(first) is None
    tr.add_segment(motion(4.0, 4.15, 0.03, 0.03 + rise_m, g0=_tilted(-10.0), g1=_tilted(-10.0 - sway_deg)))
    assert tr.add_keypoint(Keypoint("rest", 4.15, 6.0, 0.03 + rise_m, _tilted(-10.0 - sway_deg))) is None
    tr.add_segment(motion(6.0, 7.0, 0.03 + rise_m, 0.4))
    assert tr.add_keypoint(Keypoint("rest", 7.0, 7.5, 0.4, _tilted(-55.0))) is None
    tr.add_segment(motion(7.5, 8.5, 0.4, 0.0))
    cand = tr.add_keypoint(Keypoint("rest", 8.5, 10.0, 0.0, _tilted(-1.0)))
    assert cand is not None
    if one_hold:
        assert len(cand.holds) == 1 and cand.holds[0].t_start == 2.0 and cand.holds[0].t_end == 6.0
    else:
        assert len(cand.holds) == 2


def _drifting(t0: float, t1: float, bump_m: float, drift_mps: float, dt: float = 0.01) -> SegmentMotion:
    """A motion over [t0, t1] s whose integrated level is a rise and fall of ``bump_m`` (a pull
    and its descent back onto the floor) plus a velocity error of ``drift_mps``."""
    t = np.arange(t0, t1 + dt / 2, dt)
    tau = (t - t0) / (t1 - t0)
    h = bump_m * np.sin(np.pi * tau) ** 2 + drift_mps * (t - t0)
    v = np.gradient(h, t)
    return SegmentMotion(0, 0.0, t, v, h, np.tile(UP, (len(t), 1)), np.zeros(len(t)), np.zeros(len(t)))


@pytest.mark.parametrize("bump_m, is_rep", [(0.5, True), (0.0, False), (0.1, False)])
def test_bar_rep_between_two_landings_is_found_when_a_false_rest_zeroed_the_pull(bump_m: float, is_rep: bool):
    """A bar lands (touch-and-go), a slow pull looks still for a moment right after (a false rest:
    the velocity is zeroed there, 0.5 m/s short for the rest of the rep), and it lands again 0.6 m
    "below" the floor: the level never showed a top. Both landings are on the floor, so the
    motion between is closed floor to floor (the error grows with the time in motion): a 0.5 m
    pull is a rep; drift alone, or a 0.1 m lift, is none."""
    tr = RepTracker(AnalyzerSettings())
    ground = Keypoint("turn", 1.0, 1.0, 0.0, UP, landed=True)
    assert tr.add_keypoint(ground) is None
    tr.add_segment(motion(1.0, 1.2, 0.0, 0.0))
    assert tr.add_keypoint(rest(1.2, 1.6, 0.0)) is None  # the false rest
    tr.add_segment(_drifting(1.6, 2.8, bump_m, -0.5))
    cand = tr.add_keypoint(Keypoint("rest", 2.8, None, -0.6, UP, landed=True))
    assert (cand is not None) is is_rep
    if is_rep:
        assert cand.floor is ground
        assert cand.top.level - ground.level == pytest.approx(bump_m, abs=0.1)


def test_bar_floor_closure_corrects_the_motion_up_to_the_landing_only():
    """The correction stops at the landing: the motion after it stays in the frame the
    keypoints after the landing were measured in (the next rep's floor is the landing)."""
    tr = RepTracker(AnalyzerSettings())
    ground = Keypoint("turn", 1.0, 1.0, 0.0, UP, landed=True)
    tr.add_keypoint(ground)
    seg = _drifting(1.0, 3.0, 0.5, -0.5)  # lands at 2.5 s, the motion goes on after it
    tr.add_segment(seg)
    landing = Keypoint("turn", 2.5, 2.5, float(np.interp(2.5, seg.t, seg.height)), UP, landed=True)
    top = tr._top_by_floor_closure(ground, landing)
    rate = landing.level / 1.5  # m/s: the drift over the 1.5 s in motion up to the landing
    assert top is not None
    assert top.level == pytest.approx(np.interp(top.t_start, seg.t, seg.height) - rate * (top.t_start - 1.0), abs=1e-9)
    fixed = tr.segments[0]
    after = seg.t >= 2.5
    np.testing.assert_array_equal(fixed.height[after], seg.height[after])
    np.testing.assert_array_equal(fixed.velocity[after], seg.velocity[after])
    np.testing.assert_allclose(fixed.velocity[~after], seg.velocity[~after] - rate)


@pytest.mark.parametrize("top_level, turn_level, is_rep", [(1.7, 1.68, True), (0.6, 0.58, False)])
def test_bar_top_beyond_any_pull_is_closed_floor_to_floor_at_the_next_low_turn(top_level: float, turn_level: float, is_rep: bool):
    """After a touch-and-go bottom the level runs away upwards (a bounce's rebound integrated
    too fast): the lockout reads 1.7 m above the floor, further than any pull, and the next
    bottom only 2 cm below it. The low turn after such a top is the floor again: closed floor
    to floor the rep is there. A plausible 0.6 m top with a 2 cm dip after it stays a top."""
    tr = RepTracker(AnalyzerSettings())
    ground = Keypoint("turn", 1.0, 1.0, 0.0, UP, landed=True)
    assert tr.add_keypoint(ground) is None
    drift = (turn_level - 0.0) / 2.0  # m/s over the 2 s motion
    tr.add_segment(_drifting(1.0, 3.0, 0.6, drift))
    assert tr.add_keypoint(rest(1.9, 2.1, top_level)) is None
    cand = tr.add_keypoint(Keypoint("turn", 3.0, 3.0, turn_level, UP))
    assert (cand is not None) is is_rep
    if is_rep:
        assert cand.floor is ground and cand.top.level - ground.level == pytest.approx(0.6, abs=0.1)


def _leaned(forward_deg: float, aside_deg: float) -> np.ndarray:
    """Gravity direction of a trunk turned ``forward_deg`` about one horizontal axis and then
    ``aside_deg`` about the other, from the set-up posture."""
    a, b = np.radians(forward_deg), np.radians(aside_deg)
    return np.array([np.sin(a) * np.cos(b), np.sin(b), np.cos(a) * np.cos(b)])


@pytest.mark.parametrize(
    "top_forward, top_aside, is_hold",
    [
        (-55.0, 0.0, True),  # the trunk went on the way it hinged, up to upright: a hold below
        (-20.0, 40.0, False),  # turned aside instead: not on the pull's path
    ],
)
def test_back_hold_found_by_the_trunk_turning_on_past_it(top_forward: float, top_aside: float, is_hold: bool):
    """Back sensor: a pause at the knee raises the shoulders enough to look like the top, and
    the rest of the pull raises them only a few centimetres more, but the trunk turns on
    through a further hinge to upright: the first rest was a hold, the second the lockout. A
    rest turned as far, but aside (not along the hinge), leaves the first rest the top."""
    tr = RepTracker(AnalyzerSettings(), check_trunk_rotation=True)
    setup = Keypoint("rest", 0.0, 1.5, 0.0, _tilted(0.0))
    assert tr.add_keypoint(setup) is None
    tr.add_segment(motion(1.5, 2.2, 0.0, 0.21))
    hold = Keypoint("rest", 2.2, 4.5, 0.21, _tilted(-16.0))
    assert tr.add_keypoint(hold) is None
    assert tr.state == "up" and tr.top is hold
    tr.add_segment(motion(4.5, 5.3, 0.21, 0.25, g0=_tilted(-16.0), g1=_leaned(top_forward, top_aside)))
    top = Keypoint("rest", 5.3, 6.0, 0.25, _leaned(top_forward, top_aside))
    assert tr.add_keypoint(top) is None
    assert tr.top is top  # (the higher rest is the top either way)
    assert (tr.holds == [hold]) is is_hold


@pytest.mark.parametrize("carried_m, is_rep", [(0.1, True), (4.0, False)])
def test_a_bar_carried_and_set_down_is_not_lifted_from_a_set_up(carried_m: float, is_rep: bool):
    """A bar walked 4 m (to a rack, or another spot) and set down with a knock, then lifted
    a little onto the hooks and let go: its low turn, reached by carrying, is no set-up; a
    pull starts from a bar at rest or from the last rep's bottom. The same lift where the bar
    only rocked 10 cm is a rep (a short pull from a bottom the rest before missed)."""
    tr = RepTracker(AnalyzerSettings())
    assert tr.add_keypoint(rest(0.0, 1.0, 0.0)) is None
    walk = motion(1.0, 6.0, 0.0, 0.0)
    walk = replace(walk, travel=np.linspace(0.0, carried_m, len(walk.t)))
    tr.add_segment(walk)
    assert tr.add_keypoint(Keypoint("turn", 6.0, 6.0, 0.0, UP, landed=True)) is None
    tr.add_segment(motion(6.0, 6.8, 0.0, 0.4))
    assert tr.add_keypoint(Keypoint("turn", 6.8, 6.8, 0.4, UP)) is None
    tr.add_segment(motion(6.8, 7.8, 0.4, 0.0))
    cand = tr.add_keypoint(rest(7.8, 9.0, 0.0))
    assert (cand is not None) is is_rep


@pytest.mark.parametrize("settle_s, is_rep", [(2.0, True), (0.3, False)])
def test_back_set_up_that_settled_on_in_a_crept_up_hold_starts_the_pull(settle_s: float, is_rep: bool):
    """Back sensor: the set-up rest was cut short (0.2 s) by the lifter settling; the level crept
    up 8 cm meanwhile, so the next rest in the same posture was taken for a hold just off the
    floor. Together the two make a set-up held long enough: the pull starts from the second, not
    a hold. Settled only 0.3 s more (0.7 s in the posture), the set-up is still too short: no
    first pull from it (a bend to pick something up stops at the bottom for a moment)."""
    tr = RepTracker(AnalyzerSettings(), check_trunk_rotation=True)
    setup = Keypoint("rest", 0.0, 0.2, 0.0, _tilted(0.0))
    assert tr.add_keypoint(setup) is None
    tr.add_segment(motion(0.2, 0.4, 0.0, 0.08))
    # (in the set-up's posture all along: the analyzer reads that off the motion between)
    settled = Keypoint("rest", 0.4, 0.4 + settle_s, 0.08, _tilted(-1.0), posture_since=0.2)
    assert tr.add_keypoint(settled) is None
    assert tr.state == "rising"
    t = 0.4 + settle_s
    tr.add_segment(motion(t, t + 0.8, 0.08, 0.45))
    assert tr.add_keypoint(Keypoint("rest", t + 0.8, t + 1.5, 0.45, _tilted(-55.0))) is None
    tr.add_segment(motion(t + 1.5, t + 2.5, 0.45, 0.0))
    cand = tr.add_keypoint(Keypoint("rest", t + 2.5, t + 4.0, 0.0, _tilted(-1.0)))
    assert (cand is not None) is is_rep
    if is_rep:
        assert cand.floor is settled and cand.holds == ()


@pytest.mark.parametrize("g_deg, hinged", [(-78.0, True), (-30.0, True), (25.0, False)])
def test_back_hinge_from_a_bottom_passes_a_lockout_caught_half_way(g_deg: float, hinged: bool):
    """Back sensor, touch-and-go: the last rep's top was caught half-way up (37 deg of a 78 deg
    hinge: the trunk's farthest point found early). The next pull turns the trunk on past that
    posture to upright: a hinge from the bottom all the same (before, past the half-way top it
    counted as turning away from the lockout, and the rep was lost). Inclining the other way
    (hips rising first) is no pull."""
    tr = RepTracker(AnalyzerSettings(), check_trunk_rotation=True)
    bottom = Keypoint("turn", 10.0, 10.0, 0.0, _tilted(0.0))
    tr._last_rep_bottom, tr._last_rep_top = bottom, Keypoint("turn", 9.0, 9.0, 0.3, _tilted(-37.0))
    assert tr.hinged_from_bottom(bottom, _tilted(g_deg)) is hinged


@pytest.mark.parametrize(
    "stall_deg, is_rep",
    [
        (14.0, True),  # part-way towards the lockout: the shoulders stalled in the pull
        (-14.0, False),  # further over than the bottom: no pull (a new posture from there)
    ],
)
def test_back_stall_on_the_way_up_from_a_bottom_keeps_that_bottom(stall_deg: float, is_rep: bool):
    """Back sensor, touch-and-go at a low rate: 0.35 s after the bottom the shoulders' integrated
    level stops rising (0.13 m up, the bounce's jolt aliased into the integration) and turns, the
    trunk 14 deg on towards the lockout. That turn is the pull going on, not a new floor: the
    lockout after it (56 deg from the bottom, the level no higher) is measured from the bottom,
    and back in the bottom posture the rep is complete. A trunk that had turned the other way
    was not pulling."""
    tr = _back_after_a_rep(56.0, Keypoint("turn", 4.0, 4.0, 0.0, _tilted(1.0)))
    tr.add_segment(motion(4.0, 4.35, 0.0, 0.13))
    assert tr.add_keypoint(Keypoint("turn", 4.35, 4.35, 0.13, _tilted(stall_deg))) is None
    tr.add_segment(motion(4.35, 4.6, 0.13, 0.12))
    assert tr.add_keypoint(Keypoint("turn", 4.6, 4.6, 0.12, _tilted(56.0 if stall_deg > 0 else -50.0))) is None
    tr.add_segment(motion(4.6, 5.4, 0.12, 0.0))
    cand = tr.add_keypoint(Keypoint("turn", 5.4, 5.4, 0.0, _tilted(1.0 if stall_deg > 0 else -14.0)))
    assert (cand is not None) is is_rep
    if is_rep:
        assert cand.floor.t_start == 4.0 and cand.top.t_start == 4.6


def test_back_rest_taken_for_a_top_before_the_hinge_is_the_rep_s_hold():
    """Back sensor: held below the knee with the shoulders already 0.28 m up (knees extended, the
    trunk 4 deg from the set-up), the hold is first taken for the top. The trunk then turns
    30 deg on to the lockout (a turn keypoint, the height 3 cm higher): that is the top, and the
    rest is the rep's hold."""
    tr = _back_after_a_rep(30.0, Keypoint("rest", 4.0, 7.0, 0.0, _tilted(1.0)))
    tr.add_segment(motion(7.0, 8.5, 0.0, 0.28))
    hold = Keypoint("rest", 8.5, 10.8, 0.28, _tilted(-3.0))
    assert tr.add_keypoint(hold) is None
    assert tr.state == "up" and tr.top_unhinged()
    tr.add_segment(motion(10.8, 11.3, 0.28, 0.31))
    assert tr.add_keypoint(Keypoint("turn", 11.3, 11.3, 0.31, _tilted(29.0))) is None
    assert not tr.top_unhinged()
    tr.add_segment(motion(11.3, 12.8, 0.31, 0.0))
    cand = tr.add_keypoint(Keypoint("turn", 12.8, 12.8, 0.0, _tilted(1.5)))
    assert cand is not None and cand.holds == (hold,) and cand.top.t_start == 11.3


@pytest.mark.parametrize("turned_deg, one_hold", [(1.8, True), (7.0, False)])
def test_back_hold_of_a_shaking_sensor_is_one_hold_where_the_gyroscope_saw_no_turn(turned_deg: float, one_hold: bool):
    """Back sensor shaking under load (0.13-0.23 g of noise: altsim tuning seed 8): a 2.5 s hold
    that the stillness detector broke for 0.2 s. The two rests' gravity, each the mean of a
    noisy specific force over a short window, lie 6.5 deg apart, but the gyroscope over the
    break saw the trunk tilt 1.8 deg: one hold. Where it saw 7 deg, the trunk moved: two rests."""
    tr = RepTracker(AnalyzerSettings(), check_trunk_rotation=True)
    assert tr.add_keypoint(Keypoint("rest", 0.0, 1.5, 0.0, _tilted(0.0))) is None
    tr.add_segment(motion(1.5, 2.0, 0.0, 0.05, g1=_tilted(-3.0)))
    first = Keypoint("rest", 2.0, 3.2, 0.05, _tilted(-3.0))
    assert tr.add_keypoint(first) is None
    tr.add_segment(motion(3.2, 3.4, 0.05, 0.035, g0=_tilted(-3.0), g1=_tilted(-3.0 - turned_deg)))
    assert tr.add_keypoint(Keypoint("rest", 3.4, 4.5, 0.035, _leaned(-3.0, 6.5))) is None
    # (merged: the hold runs from the first rest's start to the second's end)
    assert len(tr.holds) == 1 and tr.holds[0].t_start == 2.0
    assert (tr.holds[0].t_end == 4.5) is one_hold


@pytest.mark.parametrize("turned_deg, is_floor", [(1.3, True), (9.0, False)])
def test_back_rest_above_a_set_up_turn_in_its_posture_is_the_floor(turned_deg: float, is_floor: bool):
    """Back sensor: down into the set-up without stopping (a bottom turn), then 1.2 s of settling
    before the sensor looks still, its integrated level 12 cm higher. In the turn's posture
    (1.3 deg) that rest is the set-up, the floor the pull starts from; with the trunk turned
    9 deg it is a hold just off the floor."""
    tr = RepTracker(AnalyzerSettings(), check_trunk_rotation=True)
    assert tr.add_keypoint(Keypoint("rest", 0.0, 3.0, 0.0, _tilted(-75.0))) is None
    tr.add_segment(motion(3.0, 5.0, 0.0, -0.53, g0=_tilted(-75.0), g1=_tilted(0.0)))
    assert tr.add_keypoint(Keypoint("turn", 5.0, 5.0, -0.53, _tilted(0.0))) is None
    tr.add_segment(motion(5.0, 6.2, -0.53, -0.41, g1=_tilted(-turned_deg)))
    k = Keypoint("rest", 6.2, 8.0, -0.41, _tilted(-turned_deg))
    assert tr.add_keypoint(k) is None
    assert (tr.state == "idle" and tr.floor is k and k.t_start == 5.0) is is_floor
    assert (tr.state == "rising") is not is_floor


@pytest.mark.parametrize("stood_s, state_after", [(4.0, "up"), (8.0, "idle")])
def test_bar_still_at_a_lockout_longer_than_anyone_stands_is_the_floor_once_it_ends(stood_s: float, state_after: str):
    """A bar rest at the level of a "top" that lasts longer than max_lockout_s (6 s) was put
    down: the tracker is idle with that rest as the floor as soon as the rest ends, so the motion
    after it is a pull (not the descent of a rep). A 4 s lockout stays a lockout."""
    tr = RepTracker(AnalyzerSettings())
    tr.add_keypoint(rest(0.0, 1.0, 0.0))
    tr.add_segment(motion(1.0, 2.0, 0.0, 0.2))
    tr.add_keypoint(Keypoint("turn", 2.0, 2.0, 0.2, UP))  # (a false top from handling the bar)
    assert tr.state == "up"
    tr.add_segment(motion(2.0, 2.5, 0.2, 0.18))
    r = Keypoint("rest", 2.5, None, 0.18, UP)
    tr.add_keypoint(r)
    r.t_end = 2.0 + stood_s
    tr.rest_ended(r)
    assert tr.state == state_after
    assert (tr.floor is r) is (state_after == "idle")


def _lost_motion(t0: float, t1: float, h0: float, lost_from: float, lost_to: float) -> SegmentMotion:
    g = motion(t0, t1, h0, h0)
    return replace(g, lost=(g.t >= lost_from) & (g.t <= lost_to))


@pytest.mark.parametrize("lost_s, next_level, split", [(0.5, 0.92, True), (0.1, 0.92, False), (0.5, 0.6, False)])
def test_bar_descent_lost_to_the_link_ends_the_rep_when_the_next_pull_rises_a_rep(lost_s: float, next_level: float, split: bool):
    """Lockout at 0.5 m, then the link loses lost_s of data and the bar is still again at about
    the lockout's level (the height across lost data is unknown), then rises to next_level. A
    rise of a rep's height from there, after a gap long enough for a descent, shows the bar had
    landed: the rep ended where the data resumed, and the next one starts there. After a short
    gap, or a rise of less than a rep, it is the same pull going on (no rep completes yet)."""
    tr = RepTracker(AnalyzerSettings())
    tr.add_keypoint(rest(0.0, 1.0, 0.0))
    tr.add_segment(motion(1.0, 2.0, 0.0, 0.5))
    tr.add_keypoint(rest(2.0, 3.0, 0.5))
    tr.add_segment(_lost_motion(3.0, 3.8, 0.5, 3.1, 3.1 + lost_s))
    tr.add_keypoint(rest(3.8, 5.0, 0.45))
    tr.add_segment(motion(5.0, 6.0, 0.45, next_level))
    cand = tr.add_keypoint(rest(6.0, 7.0, next_level))
    assert (cand is not None) is split
    assert tr.state == "up"
    if split:
        assert cand.top.t_start == 2.0
        assert cand.bottom.t_start == pytest.approx(3.1 + lost_s, abs=0.02)  # (where the data resumed)
        assert tr.floor.t_start == cand.bottom.t_start and tr.top.t_start == 6.0


@pytest.mark.parametrize("gap_s, dip_m, is_rep", [(0.4, 0.0, True), (1.5, 0.0, False), (0.4, 0.1, False)])
def test_a_lockout_broken_into_rests_is_one_stand(gap_s: float, dip_m: float, is_rep: bool):
    """A pull whose top is a turn (the bar settling at the lockout), then four still stretches
    at the same level, each under a second after the last: the stillness detector broke one
    stand (a collar's sleeve rocking on its bearing, the public collar recordings show it), and
    the lowering after it makes a rep. Stands a second and a half apart, or with the bar moved
    up and down between them, are stepping about with the bar: no rep."""
    tr = RepTracker(AnalyzerSettings())
    assert tr.add_keypoint(rest(0.0, 1.0, 0.0)) is None
    tr.add_segment(motion(1.0, 2.0, 0.0, 0.55))
    assert tr.add_keypoint(Keypoint("turn", 2.0, 2.0, 0.55, UP)) is None
    t, level = 2.3, 0.5
    for i in range(4):
        if dip_m and i:
            tr.add_segment(motion(t - gap_s, t - gap_s / 2, level, level - dip_m))
            tr.add_segment(motion(t - gap_s / 2, t, level - dip_m, level))
        assert tr.add_keypoint(rest(t, t + 0.3, level)) is None
        t += 0.3 + gap_s
    tr.add_segment(motion(t, t + 1.5, level, 0.0))
    cand = tr.add_keypoint(rest(t + 1.5, t + 3.0, 0.0))
    assert (cand is not None) is is_rep
