"""Unit tests of the signal stage, each stage on its own, against exact reference physics."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from analysis import StreamingAnalyzer, analyze
from analysis.kinematics import Rest, segment_motion
from analysis.orientation import (
    IDENTITY, fixed_vector_in_sensor, integrate_gyro, quat_from_rotvec, quat_multiply, rotate_one_to_reference, rotate_to_reference,
    rotate_to_sensor,
)
from analysis.reps import Keypoint
from analysis.resample import GridResampler
from analysis.stillness import StillnessDetector

G = 9.80665


def minimum_jerk(t: np.ndarray, t0: float, t1: float, h0: float, h1: float) -> np.ndarray:
    tau = np.clip((t - t0) / (t1 - t0), 0.0, 1.0)
    return h0 + (h1 - h0) * (10 * tau**3 - 15 * tau**4 + 6 * tau**5)


LIFT_MOVES = [(2, 3.2, 0, 0.5), (4.2, 5.0, 0.5, 0), (7, 7.5, 0, 0.2), (10.5, 11.3, 0.2, 0.5), (12.3, 13.1, 0.5, 0), (15, 16.2, 0, 0.5), (17, 17.8, 0.5, 0)]


def lift_session(fs: float = 100.0, seed: int = 0, moves=LIFT_MOVES, duration_s: float = 40.0):
    """Bar moves (t0, t1, h0, h1) as exact min-jerk kinematics, random mounting, gyro offset
    15 deg/s, accelerometer offset 50 mg, noise. By default three dead-stop reps, the second
    paused 3 s at 0.2 m."""
    t = np.arange(0, duration_s, 1 / fs)
    h = np.zeros_like(t)
    for t0, t1, h0, h1 in moves:
        m = t >= t0
        h[m] = minimum_jerk(t[m], t0, t1, h0, h1)
    # analytic second derivative of the min-jerk segments
    a = np.zeros_like(t)
    for t0, t1, h0, h1 in moves:
        tau = (t - t0) / (t1 - t0)
        m = (tau >= 0) & (tau <= 1)
        a[m] += (h1 - h0) / (t1 - t0) ** 2 * (60 * tau[m] - 180 * tau[m] ** 2 + 120 * tau[m] ** 3)
    rng = np.random.default_rng(seed)
    rot = Rotation.random(random_state=seed)
    f_world = np.stack([np.zeros_like(t), np.zeros_like(t), a / G + 1.0], axis=1)
    acc = rot.inv().apply(f_world) + np.array([0.05, -0.03, 0.04]) + rng.normal(0, 0.004, (len(t), 3))
    gyro = np.array([15.0, -12.0, 18.0]) + rng.normal(0, 0.2, (len(t), 3))
    return t, acc, gyro, h


def test_resampler_is_independent_of_block_splits():
    rng = np.random.default_rng(0)
    t = np.cumsum(rng.uniform(0.005, 0.04, 3000))
    t[1000:] += 0.5  # a gap
    vals = rng.normal(size=(3000, 6))

    def run(bounds):
        r = GridResampler(0.02)
        out = [r.feed(t[a:b], vals[a:b, :3], vals[a:b, 3:]) for a, b in zip(bounds[:-1], bounds[1:])]
        out.append(r.flush())
        return np.concatenate([o.index for o in out]), np.vstack([o.acc for o in out]), np.concatenate([o.filled for o in out])

    i1, a1, f1 = run([0, 3000])
    i2, a2, f2 = run(list(range(0, 3000, 7)) + [3000])
    assert np.array_equal(i1, i2) and np.array_equal(f1, f2)
    assert np.allclose(a1, a2, atol=1e-12)
    assert np.all(np.diff(i1) == 1)
    assert f1.sum() > 20  # the 0.5 s gap was interpolated


def test_resampler_bin_mean():
    r = GridResampler(0.1)
    t = np.array([0.0, 0.04, 0.09, 0.11, 0.31])
    acc = np.array([[1.0, 0, 0], [3.0, 0, 0], [5.0, 0, 0], [7.0, 0, 0], [9.0, 0, 0]])
    out = r.feed(t, acc, np.zeros((5, 3)))
    # bins: k=0 {0, .04}, k=1 {.09, .11}, k=2 empty, k=3 {.31} still open
    assert list(out.index) == [0, 1]
    assert np.allclose(out.acc[:, 0], [2.0, 6.0])
    rest = r.flush()  # end of data: the empty bin is interpolated between its neighbours
    assert list(rest.index) == [2, 3]
    assert np.allclose(rest.acc[:, 0], [7.5, 9.0])
    assert list(rest.filled) == [True, False]


def test_fixed_vector_in_sensor_inverts_rotate_to_reference():
    rng = np.random.default_rng(4)
    q = rng.normal(size=(50, 4))
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    v = np.array([0.3, -0.2, 0.93])
    in_sensor = fixed_vector_in_sensor(q, v)
    assert np.allclose(rotate_to_reference(q, in_sensor), v, atol=1e-12)
    assert np.allclose(np.linalg.norm(in_sensor, axis=1), np.linalg.norm(v))
    # one vector per row: the same as the fixed vector's, and rotate_to_reference undoes it
    assert np.allclose(rotate_to_sensor(q, np.tile(v, (50, 1))), in_sensor, atol=1e-12)
    vs = rng.normal(size=(50, 3))
    assert np.allclose(rotate_to_reference(q, rotate_to_sensor(q, vs)), vs, atol=1e-12)


def test_gyro_integration_matches_sequential_products_and_splits():
    rng = np.random.default_rng(1)
    w = rng.normal(0, 60, (777, 3))
    q = integrate_gyro(w, 0.01)
    ref, refs = IDENTITY, []
    for k in range(len(w)):
        ref = quat_multiply(ref, quat_from_rotvec(np.radians(w[k : k + 1]) * 0.01)[0])
        refs.append(ref)
    assert np.allclose(q, refs, atol=1e-12)
    # short blocks scan 4x4 matrices, long ones quaternions: the same orientations either way
    for cut in (5, 200, 300):
        q1 = integrate_gyro(w[:cut], 0.01)
        q2 = integrate_gyro(w[cut:], 0.01, q1[-1])
        assert np.allclose(np.vstack([q1, q2]), q, atol=1e-12)
    # 90 deg/s about z for 1 s turns the sensor x axis onto the reference y axis
    q = integrate_gyro(np.tile([0.0, 0.0, 90.0], (100, 1)), 0.01)
    assert np.allclose(rotate_to_reference(q[-1:], np.array([[1.0, 0, 0]])), [[0, 1, 0]], atol=1e-9)


def test_one_vector_shortcuts_equal_their_array_twins_bit_for_bit():
    """The per-rest and per-segment shortcuts must give what the array versions give (streaming
    equals batch relies on every path computing the same bits)."""
    rng = np.random.default_rng(5)
    q = quat_from_rotvec(rng.normal(size=(200, 3)))
    v = rng.normal(size=(200, 3))
    for qi, vi in zip(q, v):
        assert np.array_equal(rotate_one_to_reference(qi, vi), rotate_to_reference(qi[None, :], vi[None, :])[0])
    det = StillnessDetector(0.02)
    for m in (1, 2, 5):
        refs = rng.normal([0.0, 0.0, 1.0], 0.3, size=(m, 3))
        for g in rng.normal([0.0, 0.0, 1.0], 0.3, size=(50, 3)):
            one = det.magnitude_error_one(g, refs)
            arr = [float(x[0]) for x in det.magnitude_error(g[None, :], refs)]
            assert list(one) == arr


def test_stillness_ignores_gyro_offset_and_flags_motion():
    dt = 0.02
    det = StillnessDetector(dt)
    n = 200
    rng = np.random.default_rng(2)
    acc = np.tile([0.1, 0.2, 0.97], (n, 1)) + rng.normal(0, 0.003, (n, 3))
    gyro = np.tile([18.0, -14.0, 11.0], (n, 1)) + rng.normal(0, 0.2, (n, 3))
    acc[100:130, 2] += 0.3 * np.sin(np.linspace(0, 2 * np.pi, 30))  # a lift-like bump
    f = det.features(acc, gyro, np.zeros(n))
    still = det.decide(f, None, None).still(False)
    assert still[20:100].all()
    assert not still[100 + det.span : 130].any()  # detection trails by at most the filter span
    assert still[150:].all()


def test_segment_kinematics_recovers_height_and_velocity():
    t, acc, gyro, h = lift_session(fs=50.0)
    dt = 0.02
    i0, i1 = int(1.8 / dt), int(3.4 / dt)  # rest before 2.0 s, rest after 3.2 s
    bias = gyro[:80].mean(axis=0)
    ra = Rest(0, i0, 0.0, t[i0], acc[:i0 + 1].mean(axis=0), bias)
    rb = Rest(i1, i1 + 10, t[i1], t[i1 + 10], acc[i1 : i1 + 11].mean(axis=0), bias)
    seg = segment_motion(t[i0 : i1 + 1], acc[i0 : i1 + 1], gyro[i0 : i1 + 1], bias, ra, rb, dt, i0)
    assert seg.rise_m == pytest.approx(0.5, abs=0.02)
    assert np.max(np.abs(seg.height - h[i0 : i1 + 1])) < 0.02
    v_true = np.gradient(h, t)[i0 : i1 + 1]
    assert np.max(np.abs(seg.velocity - v_true)) < 0.04


def test_reps_pauses_and_metrics_on_exact_physics():
    t, acc, gyro, _ = lift_session()
    res = analyze(t, acc, gyro, "bar", target_pause_s=2.5)
    assert len(res.reps) == 3 and len(res.sets) == 1
    truth = [(2.0, 3.2, 5.0), (7.0, 11.3, 13.1), (15.0, 16.2, 17.8)]
    for rep, (s, lo, e) in zip(res.reps, truth):
        assert abs(rep.start_s - s) < 0.1 and abs(rep.lockout_s - lo) < 0.1 and abs(rep.end_s - e) < 0.15
        assert rep.rom_m == pytest.approx(0.5, abs=0.03)
    assert [len(r.pauses) for r in res.reps] == [0, 1, 0]
    p = res.reps[1].pauses[0]
    assert p.hold_s == pytest.approx(3.0, abs=0.1) and p.meets_target is True
    # min-jerk lift-off and lockout creep in at near-zero speed; the settle-speed rule cuts ~0.05 s off each
    assert res.reps[0].mean_concentric_velocity_mps == pytest.approx(0.5 / 1.2, abs=0.05)


def test_streaming_sample_by_sample_equals_batch_and_events_are_timely():
    t, acc, gyro, _ = lift_session()
    batch = analyze(t, acc, gyro, "bar", target_pause_s=2.0)
    an = StreamingAnalyzer("bar", target_pause_s=2.0)
    events = []
    for i in range(len(t)):
        events += an.feed(t[i : i + 1], acc[i : i + 1], gyro[i : i + 1])
    events += an.finish()
    assert an.result().to_dict() == batch.to_dict()
    kinds = [e.to_dict()["event"] for e in events]
    assert kinds.count("rep") == 3 and kinds.count("pause_target") == 1 and kinds[-1] == "set_ended"
    # a rep is announced before its pause, and the pause cue comes between its start and end
    i_pause = kinds.index("pause_started")
    assert "rep_started" in kinds[kinds.index("rep") + 1 : i_pause]
    assert kinds[i_pause : i_pause + 3] == ["pause_started", "pause_target", "pause_ended"]
    assert [e.t_s for e in events] == sorted(e.t_s for e in events)
    for e in events:
        d = e.to_dict()
        if d["event"] == "rep":
            assert 0 <= d["t_s"] - e.rep.end_s <= 0.35
        if d["event"] == "pause_target":
            p = batch.reps[1].pauses[0]
            assert abs(e.t_s - (p.start_s + 2.0)) <= 0.05


def test_no_reps_from_a_sensor_at_rest_or_bad_arguments():
    t = np.arange(0, 30, 0.01)
    rng = np.random.default_rng(3)
    acc = np.tile([0.0, 0.0, 1.0], (len(t), 1)) + rng.normal(0, 0.004, (len(t), 3))
    gyro = rng.normal(0, 0.2, (len(t), 3)) + 12.0
    assert analyze(t, acc, gyro, "back").reps == ()
    with pytest.raises(ValueError):
        StreamingAnalyzer("wrist")
    an = StreamingAnalyzer("bar")
    an.feed(t[:10], acc[:10], gyro[:10])
    with pytest.raises(ValueError):
        an.feed(t[5:8], acc[5:8], gyro[5:8])


def test_touch_and_go_landings_reset_the_velocity_that_aliased_impacts_spoil():
    """Two touch-and-go bottoms whose floor impacts the 50 Hz grid mis-measures (one spike point
    carrying 0.7 and 0.2 m/s instead of 0.4): the floor stops the load each time, so the velocity
    after each landing is integrated afresh and the heights stay right."""
    dt = 0.02
    t = np.arange(0.0, 6.0, dt)
    v = np.zeros_like(t)

    def descent(t0: float) -> None:  # 0.5 m down in 1 s, touching the floor at 0.4 m/s
        tau = (t - t0) / 1.0
        m = (tau > 0) & (tau <= 1)
        v[m] = -0.4 * tau[m] - 0.3 * np.pi / 2 * np.sin(np.pi * tau[m])

    def pull(t0: float) -> None:  # 0.5 m up in 1 s, min-jerk from the floor
        tau = (t - t0) / 1.0
        m = (tau > 0) & (tau < 1)
        v[m] = 0.5 * (30 * tau[m] ** 2 - 60 * tau[m] ** 3 + 30 * tau[m] ** 4)

    descent(0.5)
    pull(1.52)
    descent(3.0)
    h = 0.5 + np.concatenate([[0.0], np.cumsum(0.5 * (v[1:] + v[:-1]) * dt)])
    a = np.gradient(v, dt)
    k1, k2 = int(round(1.5 / dt)), int(round(4.0 / dt))
    for k, dv in ((k1, 0.7), (k2, 0.2)):  # the impact: one spike point, wrong area
        a[k - 1 : k + 2] = 0.0
        a[k] = dv / dt
    a[k1 + 1 :][t[k1 + 1 :] < 1.52] = 0.0
    acc = np.stack([np.zeros_like(t), np.zeros_like(t), 1.0 + a / G], axis=1)
    gyro = np.zeros_like(acc)
    i0, i1 = int(0.4 / dt), int(4.8 / dt)
    ra = Rest(0, i0, 0.0, t[i0], np.array([0.0, 0.0, 1.0]), np.zeros(3))
    rb = Rest(i1, i1 + 10, t[i1], t[i1 + 10], np.array([0.0, 0.0, 1.0]), np.zeros(3))
    sl = slice(i0, i1 + 1)
    seg = segment_motion(t[sl], acc[sl], gyro[sl], np.zeros(3), ra, rb, dt, i0)
    err_v = np.abs(seg.velocity - v[sl])
    away = np.ones_like(err_v, dtype=bool)
    for k in (k1, k2):  # the instant of impact itself is not resolved
        away[k - i0 - 1 : k - i0 + 2] = False
    assert err_v[away].max() < 0.05
    height = 0.5 + seg.height
    assert np.abs(height - h[sl]).max() < 0.03
    assert abs(height[k1 - i0]) < 0.03 and abs(height[int(2.8 / dt) - i0] - 0.5) < 0.03


@pytest.mark.parametrize("seed", range(3))
def test_a_rest_whose_end_the_link_lost_is_calibrated_from_what_was_measured(seed: int):
    """Three dead-stop reps with 1.7 s lockouts; the link loses 0.7 s from the end of the first
    lockout into the descent. The grid interpolates across the loss, a ramp towards the descent's
    specific force: calibrating the lockout from it read gravity 20 mg low, at the orientation the
    floor has too, and every later rest of that orientation was then taken for acceleration."""
    moves = [(2, 3.2, 0, 0.5), (5.0, 5.8, 0.5, 0), (8, 9.2, 0, 0.5), (10.5, 11.3, 0.5, 0), (13, 14.2, 0, 0.5), (15.5, 16.3, 0.5, 0)]
    t, acc, gyro, _ = lift_session(50.0, seed, moves, 30.0)
    keep = ~((t > 4.6) & (t < 5.3))
    res = analyze(t[keep], acc[keep], gyro[keep], "bar", None)
    assert len(res.reps) == 3
    assert [r.rom_m for r in res.reps] == pytest.approx([0.5] * 3, abs=0.03)


def test_a_quiet_stretch_off_a_wrong_reference_is_still_once_no_steady_acceleration_could_last():
    """A reference rest 30 mg off what the sensor reads at that orientation (a calibration gone
    wrong) makes a quiet stretch look like steady acceleration; but 0.03 g for 2.3 s would have
    moved the sensor 0.8 m. Before that the stretch is not still, after it it is, and the same
    when the stretch comes in blocks."""
    dt = 0.02
    det = StillnessDetector(dt)
    n = 300
    rng = np.random.default_rng(3)
    g_true = np.array([0.1, 0.2, 0.97])
    acc = g_true + rng.normal(0, 0.003, (n, 3))
    gyro = np.array([18.0, -14.0, 11.0]) + rng.normal(0, 0.2, (n, 3))
    ref = (g_true * (1 - 0.03 / np.linalg.norm(g_true)))[None, :]
    f = det.features(acc, gyro, np.zeros(n))
    d = det.decide(f, ref, np.array([18.0, -14.0, 11.0]))
    still = d.still(False)
    limit = np.sqrt(2 * det.s.steady_travel_m / (0.03 * G))
    first = int(np.argmax(still))
    assert still[first:].all()
    assert first * dt == pytest.approx(limit + det.span * dt, abs=0.25)
    # in two blocks, carrying the count of off-reference points
    d1 = det.decide(f.slice(0, 120), ref, np.array([18.0, -14.0, 11.0]))
    d2 = det.decide(f.slice(120, n), ref, np.array([18.0, -14.0, 11.0]), int(d1.quiet_run[-1]), False, int(d1.off_run[-1]))
    assert np.array_equal(np.concatenate([d1.still(False), d2.still(False)]), still)


def test_a_quiet_stretch_turning_against_the_known_offset_is_no_rest_while_such_a_turn_could_last():
    """A trunk settling into its set-up turns slowly and steadily (8 deg/s): its deviations are
    quiet, but against the gyroscope offset known from the rest before it turns. It is not still
    while it turns (calibrating the offset there would spoil the posture of the reps after), and
    the rest after it begins where the turn stopped. A 'turn' longer than a trunk could turn
    (20 deg/s for 3 s: 60 deg) means the offset changed: still once steady_turn_deg is passed.
    The same when the data come in blocks."""
    dt = 0.02
    det = StillnessDetector(dt)
    rng = np.random.default_rng(5)
    offset = np.array([12.0, -9.0, 15.0])
    g = np.array([0.1, 0.2, 0.97])

    def run(rate_dps: float, turn_s: float):
        n0, n1, n2 = 100, int(round(turn_s / dt)), 150
        n = n0 + n1 + n2
        gyro = offset + rng.normal(0, 0.1, (n, 3))
        gyro[n0 : n0 + n1, 2] += rate_dps
        acc = g + rng.normal(0, 0.002, (n, 3))
        f = det.features(acc, gyro, np.zeros(n))
        return f, det.decide(f, g[None, :], offset), n0, n1

    f, d, n0, n1 = run(8.0, 3.0)
    still = d.still(True)
    lag = det.span
    assert not still[n0 + lag : n0 + n1].any()
    assert still[n0 + n1 + lag :].all()
    first = n0 + n1 + int(np.argmax(still[n0 + n1 :]))
    assert d.free_run[first] <= first - (n0 + n1) + 1  # the quiet before, while it turned, is no rest
    d1 = det.decide(f.slice(0, 180), g[None, :], offset)
    d2 = det.decide(f.slice(180, len(f)), g[None, :], offset, int(d1.quiet_run[-1]), False, int(d1.off_run[-1]), int(d1.free_run[-1]))
    assert np.array_equal(np.concatenate([d1.still(True), d2.still(bool(d1.still(True)[-1]))]), still)

    f, d, n0, n1 = run(20.0, 3.0)
    still = d.still(True)
    limit = det.s.steady_turn_deg / 20.0
    first = n0 + lag + int(np.argmax(still[n0 + lag :]))
    assert first * dt == pytest.approx((n0 + det.w) * dt + limit, abs=0.25)
    assert still[first : n0 + n1].all()


def test_landings_are_reported_with_the_motion():
    """The touch-and-go motion of the landing test reports where the bar landed: just after each
    of its two impacts."""
    dt = 0.02
    t = np.arange(0.0, 3.0, dt)
    v = np.zeros_like(t)
    tau = (t - 0.5) / 1.0
    m = (tau > 0) & (tau <= 1)
    v[m] = -0.4 * tau[m] - 0.3 * np.pi / 2 * np.sin(np.pi * tau[m])
    a = np.gradient(v, dt)
    k = int(round(1.5 / dt))
    a[k - 1 : k + 2] = 0.0
    a[k] = 0.4 / dt
    acc = np.stack([np.zeros_like(t), np.zeros_like(t), 1.0 + a / G], axis=1)
    ra = Rest(0, 10, 0.0, t[10], np.array([0.0, 0.0, 1.0]), np.zeros(3))
    rb = Rest(120, 140, t[120], t[140], np.array([0.0, 0.0, 1.0]), np.zeros(3))
    seg = segment_motion(t[10:121], acc[10:121], np.zeros((111, 3)), np.zeros(3), ra, rb, dt, 10)
    assert seg.landings_t == pytest.approx((1.52,), abs=0.03)
    assert seg.height.min() == pytest.approx(-0.5, abs=0.02)


@pytest.mark.parametrize("placement", ["bar", "back"])
def test_a_rest_that_ended_as_soon_as_seen_is_calibrated_from_the_window_that_saw_it(placement: str):
    """A short rest (a touch-and-go lockout held a moment) whose estimated start lies where the
    trunk was still braking its turn (0.3 g sideways there): its gravity is the still window's,
    upright, not the braking points' (17 deg off), for a back sensor as for a bar."""
    an = StreamingAnalyzer(placement)
    n = 40
    an._t = np.arange(n) * an.dt
    an._acc = np.tile([0.0, 0.0, 1.0], (n, 1))
    an._acc[20:24] = [0.3, 0.0, 1.0]  # the end of the turn, before the stillness window
    an._gyro = np.zeros((n, 3))
    an._gap = np.zeros(n, bool)
    an._open_rest_start, an._open_rest_sure, an._open_rest_window = 20, 24, (24, 30)
    an._level_b = 0.0
    an._rest_ended(32, [], closing=True)
    g = an._rest_a.gravity
    assert np.degrees(np.arccos(g[2] / np.linalg.norm(g))) < 1.0


def _back_descent(an: StreamingAnalyzer) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A back sensor coming down from a lockout 50 deg from the set-up posture: the trunk is back
    in the set-up posture and stops turning by 4.2 s. (t, gravity direction, rate deg/s, deg)."""
    def tilted(deg: float) -> np.ndarray:
        a = np.radians(deg)
        return np.array([np.sin(a), 0.0, np.cos(a)])

    tr = an._tracker
    tr.add_keypoint(Keypoint("rest", 0.0, 1.5, 0.0, tilted(0.0)))  # the set-up: the floor
    tr.state, tr.top = "up", Keypoint("rest", 2.5, 3.0, 0.4, tilted(50.0))
    t = np.arange(3.0, 5.0, an.dt)
    tau = np.clip((t - 3.0) / 1.2, 0.0, 1.0)
    deg = 50.0 * (1.0 - (10 * tau**3 - 15 * tau**4 + 6 * tau**5))  # back into the set-up by 4.2 s
    gdir = np.stack([tilted(d) for d in deg])
    rate = np.zeros((t.shape[0], 3))
    rate[:, 1] = -np.gradient(deg, t)  # deg/s
    return t, gdir, rate, deg


@pytest.mark.parametrize("offset", [-0.3, 0.0, 0.2])
def test_back_dead_stop_bottom_is_where_the_shoulders_have_shed_their_speed(offset: float):
    """Back sensor, dead stop: the trunk stops turning as the bar passes the knees (4.2 s) while
    the knees bend on and the shoulders keep going down until the plates touch (4.45 s): the
    bottom is where they have shed 70 % of the descent's speed, measured from its lowest point,
    so a steady offset of the integrated velocity (tenths of a m/s after a hinge) does not
    matter. (It was where the trunk settled: on the second simulator a rep's end was 0.2 s early.)"""
    an = StreamingAnalyzer("back")
    t, gdir, rate, deg = _back_descent(an)
    # shoulders: down at up to 1.0 m/s, braking from 4.0 s, on the floor at 4.45 s
    v_true = np.interp(t, [3.0, 3.6, 4.0, 4.45, 5.0], [0.0, -1.0, -1.0, 0.0, 0.0])
    v = v_true + offset * np.clip((t - 3.0) / 0.3, 0.0, 1.0)  # the offset builds up in the hinge
    k = an._find_trunk_bottom(t, gdir, rate, v, 0)
    assert k is not None
    settled = np.flatnonzero((deg <= 6.0) & (np.abs(rate[:, 1]) < 5.0))[0]
    assert t[k] > t[settled] + 0.1
    assert 4.2 < t[k] < 4.45
    assert v_true[k] > -0.45


@pytest.mark.parametrize("v_drift", [-0.4, -0.2])
def test_back_dead_stop_bottom_waits_for_the_shoulders_at_most_bottom_wait_s(v_drift: float):
    """Where the integrated velocity shows no braking at all (drift alone, here a steady
    ``v_drift``), the bottom is ``bottom_wait_s`` after the trunk settled back in the set-up
    posture, not never (the rep would wait for the stillness detector or be merged)."""
    an = StreamingAnalyzer("back")
    t, gdir, rate, deg = _back_descent(an)
    v = np.full(t.shape, v_drift)
    k = an._find_trunk_bottom(t, gdir, rate, v, 0)
    assert k is not None
    settled = np.flatnonzero((deg <= 6.0) & (np.abs(rate[:, 1]) < 5.0))[0]
    assert abs(t[k] - (t[settled] + an.settings.bottom_wait_s)) <= an.dt + 1e-9


def test_back_bottom_found_across_blocks():
    """Fed in 50 ms blocks (a live link), the bottom is found at the same point as in one block."""
    an_one, an_blocks = StreamingAnalyzer("back"), StreamingAnalyzer("back")
    t, gdir, rate, _ = _back_descent(an_one)
    _back_descent(an_blocks)
    v = np.interp(t, [3.0, 3.6, 4.0, 4.45, 5.0], [0.0, -1.0, -1.0, 0.0, 0.0]) - 0.2
    k_one = an_one._find_trunk_bottom(t, gdir, rate, v, 0)
    n = max(1, int(round(0.05 / an_blocks.dt)))
    k_blocks = None
    for i in range(0, t.shape[0], n):
        sl = slice(i, i + n)
        an_blocks._fw_vmin = min(an_blocks._fw_vmin, float(v[:i].min())) if i else 0.0
        k = an_blocks._find_trunk_bottom(t[sl], gdir[sl], rate[sl], v[sl], i)
        if k is not None:
            k_blocks = i + k
            break
    assert k_one is not None and k_blocks == k_one


@pytest.mark.parametrize("placement", ["bar", "back"])
def test_a_short_rest_a_few_degrees_from_known_rests_reads_gravity_from_the_offset_model(placement: str):
    """A bar held a moment at its lockout, tilted 4 deg from the floor rest (chord 0.07): the
    still window's mean is 0.045 g low (the bar was still braking into the lockout). With an
    accelerometer offset fitted from rests at two orientations, the lockout's gravity magnitude is
    the nearest rest's moved by the offset (|g| + b . d), as for a back sensor, not the braked
    mean (0.045 g is 0.35 m/s of velocity error over a 0.8 s descent)."""
    an = StreamingAnalyzer(placement)
    b = np.array([0.0, 0.03, -0.04])  # g, sensor frame

    def reads(deg: float, about: int = 0) -> np.ndarray:
        a = np.radians(deg)
        u = np.array([0.0, np.sin(a), np.cos(a)]) if about == 0 else np.array([np.sin(a), 0.0, np.cos(a)])
        return u + b

    an._refs_array = np.stack([reads(0.0), reads(50.0)])
    from analysis.accel_offset import fit_accel_offset
    an._acc_offset = fit_accel_offset(an._refs_array, an.settings.acc_offset_ridge)
    true = reads(4.0, about=1)  # tilted about the other axis: a new orientation
    braked = true / np.linalg.norm(true) * (np.linalg.norm(true) - 0.045)
    g = an._gravity_estimate(braked, n=int(0.2 / an.dt))
    assert np.linalg.norm(g) == pytest.approx(np.linalg.norm(true), abs=0.01)
    assert np.degrees(np.arccos(min(1.0, g @ true / np.linalg.norm(g) / np.linalg.norm(true)))) < 0.1
    # a long rest is its own measurement
    assert np.linalg.norm(an._gravity_estimate(braked, n=int(2.0 / an.dt))) == pytest.approx(np.linalg.norm(braked))


def test_a_back_short_rest_is_kept_as_the_reading_itself_for_the_offset_fit():
    """A back sensor with an accelerometer offset rests upright, hinges 50 deg for 3 s (two known
    orientations: an offset fit along their difference), stands, then leans 40 deg sideways for
    a short rest. That rest's gravity is read through the offset model, but the reference kept for
    the next fit is what the sensor read there: the sideways offset (0.025 g) the first two rests
    could not see shows only in the reading, and a prediction kept as a reference would be fitted
    again as if measured, so the offset would never learn it."""
    rate = 100.0
    b = np.array([0.025, 0.01, -0.02])  # g, sensor frame

    def reading(deg: float, about: int = 0) -> np.ndarray:
        a = np.radians(deg)
        u = np.array([0.0, np.sin(a), np.cos(a)]) if about == 0 else np.array([np.sin(a), 0.0, np.cos(a)])
        return u + b

    def ramp(d0: float, d1: float, dur: float) -> np.ndarray:
        x = np.linspace(0.0, 1.0, int(dur * rate), endpoint=False)
        return d0 + (d1 - d0) * (0.5 - 0.5 * np.cos(np.pi * x))

    hinge = np.concatenate([np.zeros(400), ramp(0, 50, 1.0), np.full(300, 50.0), ramp(50, 0, 1.0), np.zeros(200)])
    lean = np.concatenate([ramp(0, 40, 1.0), np.full(120, 40.0), ramp(40, 0, 1.0), np.zeros(300)])
    acc = np.concatenate([[reading(d) for d in hinge], [reading(d, about=1) for d in lean]])
    t = np.arange(acc.shape[0]) / rate
    gyro = np.zeros_like(acc)
    gyro[: hinge.size, 0] = np.gradient(hinge, t[: hinge.size])
    gyro[hinge.size :, 1] = np.gradient(lean, t[hinge.size :])
    an = StreamingAnalyzer("back")
    for i in range(0, t.size, 5):
        an.feed(t[i : i + 5], acc[i : i + 5], gyro[i : i + 5])
    refs = an._refs_array
    assert refs is not None and refs.shape[0] == 3
    leaned = refs[np.argmax(refs @ reading(40.0, about=1) / np.linalg.norm(refs, axis=1))]
    assert np.allclose(leaned, reading(40.0, about=1), atol=2e-3)


def test_a_hold_left_and_reached_through_a_velocity_wobble_is_timed_where_the_load_moved():
    """Over a link that delivers few samples the integrated velocity of a held bar wobbles at a
    few cm/s for tenths of a second; a hold's end and start are timed from where the velocity
    passes departure_speed_mps, not where it last (or first) dipped below stop_speed_mps. Near
    the stop the velocity goes as the square of the time from it (the acceleration, continuous,
    is zero while held): the stop is twice as far from there as the velocity's line says."""
    from analysis.metrics import lift_off_time, lockout_time
    from analysis.settings import AnalyzerSettings

    s = AnalyzerSettings()
    g_dir = np.array([0.0, 0.0, 1.0])
    dt = 0.02
    t = np.round(np.arange(0.0, 2.0, dt), 10)
    # held from 0.9 s; a wobble of up to 3 cm/s at 1.0-1.2 s; the bar driven off at 1.3 s
    v = np.zeros_like(t)
    bump = (t >= 1.0) & (t < 1.2)
    v[bump] = 0.03 * np.sin(np.pi * (t[bump] - 1.0) / 0.2)
    v = v + np.where(t > 1.3, 1.5 * (t - 1.3), 0.0)
    h = np.concatenate(([0.0], np.cumsum(0.5 * (v[1:] + v[:-1]) * dt)))
    hold = Keypoint("rest", 0.5, 0.9, 0.0, g_dir)
    left = lift_off_time(t, h, v, hold, s, extended=True)
    assert abs(left - 1.3) <= 0.03

    # arriving: slowing down into the hold, stopped at 0.5 s, then wobbling up to 3 cm/s
    v = np.where(t < 0.5, 3.0 * (0.5 - t) ** 2, 0.0)
    late = (t >= 0.6) & (t < 0.9)
    v[late] = 0.03 * np.sin(np.pi * (t[late] - 0.6) / 0.3)
    top = Keypoint("rest", 1.2, None, 0.3, g_dir)
    arrived = lockout_time(t, v, 0.0, top, s, extended=True)
    assert abs(arrived - 0.5) <= 0.03
    assert lockout_time(t, v, 0.0, top, s) < 0.45  # (the settle-speed rule alone: 0.08 s early)
