"""Tests of the physics-based session simulator (imu.simulator)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from imu.simulator import (
    LinkModel,
    SensorModel,
    SessionSpec,
    SessionTruth,
    SetSpec,
    simulate_long_session,
    simulate_session,
)
from imu.simulator.motion import G
from imu.simulator.rotations import exp_so3, log_so3

SHORT = dict(rest_range_s=(8.0, 20.0))


def _short_spec(seed: int, **kw: object) -> SessionSpec:
    return SessionSpec.random(np.random.default_rng(seed), **{**SHORT, **kw})  # type: ignore[arg-type]


def _ideal(spec: SessionSpec) -> SessionSpec:
    return spec.with_(sensor=SensorModel.ideal())


# ---------------------------------------------------------------------------- API
@pytest.mark.parametrize("placement", ["bar", "back"])
@pytest.mark.parametrize("link", ["clean", "ble"])
def test_api_shapes_metadata(placement: str, link: str) -> None:
    s = simulate_session(5, placement, 100.0, link=link, spec=_short_spec(5))
    n = len(s.t)
    assert s.t.dtype == np.float64 and s.t.shape == (n,)
    assert s.acc.shape == (n, 3) and s.gyro.shape == (n, 3)
    assert np.all(np.diff(s.t) > 0)
    assert np.isfinite(s.acc).all() and np.isfinite(s.gyro).all()
    m = s.metadata
    assert m["synthetic"] == "true" and m["simulator"] == "repsense-sim/1" and m["sensor"] == "simulated"
    assert m["seed"] == "5" and m["placement"] == placement and float(m["rate_hz"]) == 100.0
    assert m["exercise"] in ("deadlift", "pause-deadlift")
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in m.items())
    assert isinstance(s.truth, SessionTruth) and len(s.truth.reps) >= 1


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        simulate_session(1, "wrist")
    with pytest.raises(ValueError):
        simulate_session(1, link="wifi")


# ------------------------------------------------------------------ physics
def _integrate_check(s, t0: float, t1: float, fs: float = 2000.0) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """Integrate gyro -> orientation and (acc to world - gravity) twice -> position over [t0, t1]."""
    t = np.arange(t0, t1, 1 / fs)
    k = s.kinematics(t)
    f, w = k.specific_force_g, k.omega_s
    # orientation: R_{k+1} = R_k exp(w dt) (midpoint), in chunks to stay vectorized
    steps = exp_so3(0.5 * (w[1:] + w[:-1]) / fs)
    r = k.R_ws[0].copy()
    worst = 0.0
    for i in range(len(steps)):
        r = r @ steps[i]
        if i % 500 == 499:
            worst = max(worst, float(np.degrees(np.linalg.norm(log_so3((r.T @ k.R_ws[i + 1])[None])[0]))))
    aw = np.einsum("nij,nj->ni", k.R_ws, f) * G - np.array([0.0, 0.0, G])
    v = k.vel[0] + np.concatenate([np.zeros((1, 3)), np.cumsum((aw[1:] + aw[:-1]) / (2 * fs), 0)])
    p = k.pos[0] + np.concatenate([np.zeros((1, 3)), np.cumsum((v[1:] + v[:-1]) / (2 * fs), 0)])
    return worst, float(np.abs(v - k.vel).max()), float(np.abs(p - k.pos).max())


@pytest.mark.parametrize("placement", ["bar", "back"])
@pytest.mark.parametrize("seed", [11, 12])
def test_gyro_and_acc_integrate_to_the_true_motion(placement: str, seed: int) -> None:
    """The key consistency test: the simulated IMU signals integrate back to the trajectory."""
    s = simulate_session(seed, placement, 100.0, link="clean", spec=_ideal(_short_spec(seed)))
    windows = [(0.0, 12.0), (s.truth.reps[0].start_s - 2.0, s.truth.reps[0].start_s + 10.0)]
    st = s.truth.sets[0]
    windows.append((st.end_s + 2.0, st.end_s + 14.0))  # between-set activity
    for a, b in windows:
        ang_err, vel_err, pos_err = _integrate_check(s, a, b)
        assert ang_err < 0.01, (a, ang_err)  # deg over 12 s
        assert vel_err < 0.005, (a, vel_err)  # m/s
        assert pos_err < 0.01, (a, pos_err)  # m


def test_ideal_sensor_reads_true_kinematics_and_1g_at_rest() -> None:
    s = simulate_session(3, "bar", 100.0, link="clean", spec=_ideal(_short_spec(3)))
    k = s.kinematics()
    assert np.allclose(s.acc, k.specific_force_g, atol=1e-12)
    assert np.allclose(s.gyro, k.gyro_dps, atol=1e-12)
    rest = s.t < 1.0  # the session starts with the bar still on the floor
    assert np.allclose(np.linalg.norm(s.acc[rest], axis=1), 1.0, atol=1e-6)
    assert np.abs(s.gyro[rest]).max() < 1e-6
    # mounting is random: the gravity direction is not aligned with a sensor axis in general
    g_dirs = [simulate_session(sd, "bar", 50.0, link="clean", spec=_ideal(_short_spec(3))).acc[0] for sd in range(6)]
    assert np.std(np.array(g_dirs), axis=0).min() > 0.2


def test_bar_vertical_motion_matches_truth() -> None:
    spec = SessionSpec.simple("paused", 3, hold_s=[2.0, 1.2, 3.0], distractors=False, sensor=SensorModel.ideal())
    s = simulate_session(7, "bar", 200.0, link="clean", spec=spec)
    for r in s.truth.reps:
        k = s.kinematics(np.array([r.start_s - 0.2, r.start_s, r.start_s + 0.1, r.lockout_s, r.end_s - 0.05]))
        vz = k.vel[:, 2]
        assert abs(vz[0]) < 1e-9 and abs(vz[1]) < 1e-4  # on the floor
        assert vz[2] > 0.05  # lifting
        assert abs(vz[3]) < 0.02  # lockout: only tremor/sway
        assert vz[4] < -0.05  # still descending just before touchdown
        # ROM of the bar centre; the sensor also sees tilt/roll wobble (cm-level)
        assert abs((k.pos[3, 2] - k.pos[1, 2]) - r.rom_m) < 0.04
        (p,) = r.pauses
        kp = s.kinematics(np.linspace(p.start_s, p.end_s, 200))
        assert np.abs(kp.vel[:, 2]).max() < 0.04  # held: mm-level tremor and sway only
        assert np.ptp(kp.pos[:, 2]) < 0.01
        kc = s.kinematics(np.linspace(r.start_s, r.lockout_s, 2000))
        assert np.isclose(kc.vel[:, 2].max(), r.peak_velocity_mps, rtol=0.05, atol=0.02)


# ------------------------------------------------------------------- truth
@pytest.mark.parametrize("placement", ["bar", "back"])
def test_truth_consistency_many_seeds(placement: str) -> None:
    n_styles = set()
    for seed in range(25):
        s = simulate_session(seed, placement, 50.0, link="clean", spec=_short_spec(seed))
        tr = s.truth
        assert [r.index for r in tr.reps] == list(range(1, len(tr.reps) + 1))
        assert [x.index for x in tr.sets] == list(range(1, len(tr.sets) + 1))
        assert 1 <= len(tr.sets) <= 4
        prev_end = -1.0
        for st in tr.sets:
            n_styles.add(st.style)
            reps = [tr.reps[i - 1] for i in st.reps]
            assert 1 <= len(reps) <= 8 and all(r.set == st.index for r in reps)
            assert st.start_s == reps[0].start_s and st.end_s == reps[-1].end_s
            for j, r in enumerate(reps):
                assert prev_end < r.start_s < r.lockout_s < r.end_s
                if j > 0 and st.style == "touch_and_go":
                    assert r.touch_and_go and 0.05 <= r.start_s - prev_end <= 0.2 + 1e-9
                elif j > 0:
                    assert not r.touch_and_go and 0.5 <= r.start_s - prev_end <= 3.0 + 1e-9
                prev_end = r.end_s
                for p in r.pauses:
                    assert r.start_s < p.start_s < p.end_s < r.lockout_s
                    assert np.isclose(p.hold_s, p.end_s - p.start_s) and 0.8 - 1e-9 <= p.hold_s <= 5.0 + 1e-9
                assert bool(r.pauses) == (st.style == "paused")
                assert np.isclose(r.moving_concentric_s, r.lockout_s - r.start_s - sum(p.hold_s for p in r.pauses))
                assert np.isclose(r.mean_concentric_velocity_mps, r.rom_m / r.moving_concentric_s)
                assert 0.38 <= r.rom_m <= 0.72
                assert 0.15 <= r.mean_concentric_velocity_mps <= 0.95
                assert r.mean_concentric_velocity_mps < r.peak_velocity_mps < 3 * r.mean_concentric_velocity_mps
                assert 0.0 <= r.back_flexion_deg <= 30.0
            if len(reps) > 1:
                assert reps[-1].lockout_s - reps[-1].start_s > 0
        assert s.duration_s > tr.reps[-1].end_s
    assert n_styles == {"dead_stop", "touch_and_go", "paused"}


def test_fatigue_and_flexion_ranges() -> None:
    rng = np.random.default_rng(0)
    slow, flex15 = [], 0
    for _ in range(60):
        st = SetSpec.random(rng, "dead_stop", 6)
        mcv = [r.rom_m / r.concentric_s for r in st.reps]
        slow.append(1 - mcv[-1] / mcv[0])
        flex15 += sum(r.back_flexion_deg > 15 for r in st.reps)
    assert max(slow) > 0.25 and min(slow) < 0.05  # some sets slow down a lot, some not at all
    assert flex15 > 0


def test_simple_spec_paused_set() -> None:
    spec = SessionSpec.simple("paused", 3, target_pause_s=3.0, hold_s=[3.0, 1.5, 3.2])
    s = simulate_session(1, "bar", 100.0, link="clean", spec=spec)
    assert s.metadata["target_pause_s"] == "3" and s.metadata["exercise"] == "pause-deadlift"
    assert [round(r.pauses[0].hold_s, 6) for r in s.truth.reps] == [3.0, 1.5, 3.2]
    assert len(s.truth.sets) == 1 and s.truth.sets[0].style == "paused"
    tng = simulate_session(1, "back", 100.0, link="clean", spec=SessionSpec.simple("touch_and_go", 5, n_sets=2, rest_s=15.0))
    assert "target_pause_s" not in tng.metadata
    assert [r.touch_and_go for r in tng.truth.reps] == [False, True, True, True, True] * 2


def test_back_sensor_sees_the_trunk_hinge() -> None:
    spec = SessionSpec.simple("dead_stop", 2, sensor=SensorModel.ideal(), back_flexion_deg=20.0)
    s = simulate_session(4, "back", 100.0, link="clean", spec=spec)
    assert all(abs(r.back_flexion_deg - 20.0) < 0.5 for r in s.truth.reps)
    r = s.truth.reps[0]
    k = s.kinematics(np.array([r.start_s, r.lockout_s]))
    ang = np.degrees(np.linalg.norm(log_so3((k.R_ws[0].T @ k.R_ws[1])[None])[0]))
    theta = s.spec.sets[0].trunk_bottom_deg + s.spec.sets[0].setup_flexion_deg
    assert theta - 10 < ang < theta + 10
    assert k.pos[1, 2] - k.pos[0, 2] > 0.2  # the shoulders rise


def test_track_quintic_knots_and_derivatives() -> None:
    from imu.simulator.tracks import Track

    tr = Track(1.0, t0=0.0).move(1.0, 3.0, 2.0).knot(4.0, 2.5, 0.7, -0.3).knot(5.0, 3.0)
    t = np.array([-1.0, 0.5, 1.0, 3.0, 4.0, 5.0, 9.0])
    assert np.allclose(tr(t), [1.0, 1.0, 1.0, 2.0, 2.5, 3.0, 3.0])
    assert np.isclose(tr(np.array([4.0]), 1)[0], 0.7) and np.isclose(tr(np.array([4.0]), 2)[0], -0.3)
    assert np.isclose(tr(np.array([2.0]), 1)[0], 1.875 * 1.0 / 2.0)  # min-jerk peak velocity
    tt = np.linspace(-0.5, 5.5, 4001)
    h = 1e-5
    assert np.allclose(tr(tt, 1), (tr(tt + h) - tr(tt - h)) / (2 * h), atol=1e-5)
    assert np.allclose(tr(tt, 2), (tr(tt + h, 1) - tr(tt - h, 1)) / (2 * h), atol=1e-4)
    with pytest.raises(ValueError):
        tr.knot(4.5, 0.0)


def test_bar_moves_monotonically_in_concentric_and_eccentric() -> None:
    from imu.simulator.plan import build_plan

    for seed in range(40):
        plan = build_plan(_short_spec(seed), np.random.default_rng(seed))
        z = plan.bar_z
        for rt in plan.reps:
            up = z(np.linspace(rt.liftoff, rt.lockout, 3000), 1)
            down = z(np.linspace(rt.descend, rt.settle, 3000), 1)
            assert up.min() > -1e-9 and down.max() < 1e-9
            if rt.pause:
                assert np.abs(z(np.linspace(*rt.pause, 100), 1)).max() < 1e-12


def test_near_maximal_pull_breaks_off_grinds_and_speeds_up() -> None:
    """A heavy pull's profile (RepSpec.grind): quick break-off, a slow sticking point at 45 % of
    the time, faster again before lockout; the bar never goes down, and its mean speed is the
    spec's (rom / concentric_s)."""
    from imu.simulator.plan import build_plan
    from imu.simulator.spec import RepSpec

    rep = RepSpec(rom_m=0.5, concentric_s=3.0, grind=0.6)
    plan = build_plan(SessionSpec(sets=(SetSpec("dead_stop", (rep,)),), distractors=False), np.random.default_rng(0))
    rt = plan.reps[0]
    assert rt.lockout - rt.liftoff == pytest.approx(3.0)
    t = np.linspace(rt.liftoff, rt.lockout, 3001)
    v = plan.bar_z(t, 1)
    assert v.min() > -1e-9
    assert plan.bar_z(rt.lockout) - plan.bar_z(rt.liftoff) == pytest.approx(0.5)
    u = 0.5 / 3.0
    early, stick, late = v[t < rt.liftoff + 0.5].max(), v[np.abs(t - rt.liftoff - 1.35) < 0.05].mean(), v[t > rt.liftoff + 2.0].max()
    assert early > 1.2 * u and stick < 0.7 * early and late > 1.3 * u


def test_heavy_sets_are_dead_stop_singles_to_triples_at_grinding_speed() -> None:
    base = SessionSpec.random(np.random.default_rng(7), styles=["dead_stop", "paused", "touch_and_go", "dead_stop"])
    spec = base.with_heavy_sets(np.random.default_rng(0), p=1.0)
    for old, new in zip(base.sets, spec.sets):
        if old.style != "dead_stop":
            assert new == old
            continue
        assert 1 <= len(new.reps) <= min(3, len(old.reps))
        for r in new.reps:
            assert 0.2 <= r.grind <= 0.7 and 0.09 <= r.rom_m / r.concentric_s <= 0.25
    assert SessionSpec.random(np.random.default_rng(7)).with_heavy_sets(np.random.default_rng(0), p=0.0) == SessionSpec.random(np.random.default_rng(7))
    # a seed's session is drawn by random_session_spec; without heavy sets, as before they joined
    from imu.simulator import random_session_spec

    seen = False
    for seed in range(30000, 30020):
        with_heavy, without = random_session_spec(seed, "bar"), random_session_spec(seed, "bar", heavy_sets=False)
        assert [st.style for st in with_heavy.sets] == [st.style for st in without.sets]
        seen |= with_heavy != without
    assert seen
    a = simulate_session(30001, "bar", 50.0, link="clean")
    b = simulate_session(30001, "bar", 50.0, link="clean", spec=random_session_spec(30001, "bar"))
    assert np.array_equal(a.acc, b.acc) and a.truth == b.truth


def test_between_set_activity_stays_between_sets() -> None:
    seen_roll = seen_walk = seen_bend = False
    for seed in range(16):
        spec = _short_spec(seed, n_sets=2, rest_range_s=(40.0, 60.0))
        bar = simulate_session(seed, "bar", 50.0, link="clean", spec=spec).motion
        back = simulate_session(seed, "back", 50.0, link="clean", spec=spec).motion
        for st in bar.plan.sets:
            # nothing but the set itself from the setup descent to standing up
            tt = np.linspace(st.setup_start - 0.5, st.stand_end + 0.5, 4000)
            for tr in (bar.tilt_floor, bar.yaw_floor, bar.y_slide, back.px, back.py, back.psi, back.gait):
                assert np.abs(tr(tt, 1)).max() < 1e-12
            tt = np.linspace(st.reps[0].liftoff - 0.3, st.stand_end + 0.5, 4000)
            assert np.abs(bar.roll_floor(tt, 1)).max() < 1e-12  # gripping may roll the bar before that
        a, b = bar.plan.idle_windows[1]
        tt = np.linspace(a, b, 5000)
        seen_roll |= np.ptp(bar.roll_floor(tt)) > np.radians(40)
        seen_walk |= np.hypot(np.ptp(back.px(tt)), np.ptp(back.py(tt))) > 1.0
        seen_bend |= back.H(tt).min() < 0.5
    assert seen_roll and seen_walk and seen_bend


# --------------------------------------------------------- sensor and link
def test_random_sensor_errors() -> None:
    s = simulate_session(9, "bar", 100.0, link="clean", spec=_short_spec(9))
    rest = s.t < 1.0
    sm = s.sensor_model
    gm = s.gyro[rest].mean(0)
    assert np.all((np.abs(gm) > 9.0) & (np.abs(gm) < 21.5))
    assert np.allclose(gm, sm.gyro_bias_dps, atol=1.5)
    assert abs(np.linalg.norm(s.acc[rest].mean(0)) - 1.0) < 0.15
    sd = s.acc[rest].std(0)
    assert np.all((sd > 0.001) & (sd < 0.007))
    q = 32.0 / 65536  # 16-bit over +-16 g
    assert np.allclose(s.acc / q, np.round(s.acc / q), atol=1e-6)


def test_saturation() -> None:
    sm = SensorModel(acc_range_g=1.5, gyro_range_dps=5.0, bits=16)
    spec = _short_spec(2, n_sets=2).with_(sensor=sm)
    s = simulate_session(2, "bar", 100.0, link="clean", spec=spec)
    lsb_a, lsb_g = 3.0 / 65536, 10.0 / 65536
    assert np.abs(s.acc).max() <= 1.5 and np.abs(s.gyro).max() <= 5.0
    assert (np.abs(s.acc) >= 1.5 - 2 * lsb_a).any()  # knocks on the bar
    assert (np.abs(s.gyro) >= 5.0 - 2 * lsb_g).any()


@pytest.mark.parametrize("rate", [50.0, 100.0, 200.0])
def test_clean_link_is_ideal_sampling(rate: float) -> None:
    s = simulate_session(4, "bar", rate, link="clean", spec=_short_spec(4))
    assert np.allclose(np.diff(s.t), 1 / rate)
    assert s.t[0] == 0.0
    assert np.array_equal(s.reading_t, s.t)


@pytest.mark.parametrize("rate", [50.0, 100.0, 200.0])
def test_ble_link_impairments(rate: float) -> None:
    s = simulate_session(6, "back", rate, link="ble", spec=_short_spec(6, n_sets=3))
    dt = np.diff(s.t)
    assert np.all(dt > 0)
    eff = len(s.t) / s.duration_s
    assert 20.0 < eff < min(60.0, rate)
    assert dt.max() > 0.15  # gaps
    lm = s.link_model
    assert lm is not None and 0.010 <= lm.jitter_s <= 0.020
    # repeated readings at new timestamps
    same = np.all(s.acc[1:] == s.acc[:-1], axis=1) & np.all(s.gyro[1:] == s.gyro[:-1], axis=1)
    assert same.any()
    assert np.all(np.diff(s.reading_t)[same] == 0)
    # stamps scatter around the true reading times (zero-mean jitter, no latency bias)
    err = s.t - s.reading_t
    assert abs(np.median(err)) < 0.02 and np.std(err) < 0.03


def test_ble_explicit_link_model() -> None:
    lm = LinkModel(delivered_rate_hz=40.0, jitter_s=0.0, repeat_prob=0.0, gaps_per_min=0.0)
    s = simulate_session(6, "bar", 100.0, link="ble", spec=_short_spec(6).with_(link_model=lm))
    assert abs(len(s.t) / s.duration_s - 40.0) < 3.0
    assert np.diff(s.t).max() < 0.1


# --------------------------------------------------------------- determinism
def test_determinism_and_independent_streams() -> None:
    a = simulate_session(21, "back", 100.0, link="ble")
    b = simulate_session(21, "back", 100.0, link="ble")
    assert np.array_equal(a.t, b.t) and np.array_equal(a.acc, b.acc) and np.array_equal(a.gyro, b.gyro)
    assert a.truth == b.truth and a.spec == b.spec
    c = simulate_session(22, "back", 100.0, link="ble")
    assert a.spec != c.spec
    # an explicit spec leaves mounting and sensor errors as drawn from the seed
    d = simulate_session(21, "back", 100.0, link="ble", spec=_short_spec(1))
    assert d.sensor_model == a.sensor_model
    assert np.allclose(d.motion.R_bs, a.motion.R_bs)


def test_speed_ten_minutes() -> None:
    spec = SessionSpec.random(np.random.default_rng(3), n_sets=4, rest_range_s=(150.0, 180.0))
    t0 = time.perf_counter()
    s = simulate_session(3, "bar", 100.0, link="clean", spec=spec)
    dt = time.perf_counter() - t0
    assert s.duration_s > 480
    assert dt < 2.0, dt


def test_cli_writes_recording_and_truth(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from imu.recording import read_recording
    from imu.simulator.__main__ import main
    from imu.simulator.io import read_truth

    out = tmp_path / "s.csv"
    assert main([str(out), "--seed", "5", "--placement", "back", "--rate", "50", "--link", "clean"]) == 0
    rec = read_recording(out)
    s = simulate_session(5, "back", 50.0, link="clean")
    assert rec.metadata["synthetic"] == "true" and rec.metadata["placement"] == "back"
    assert np.allclose(rec.t, s.t, atol=1e-6) and np.allclose(rec.acc, s.acc, atol=1e-5)
    assert np.allclose(rec.gyro, s.gyro, atol=1e-3)
    tr = read_truth(tmp_path / "s.truth.json")
    assert len(tr.reps) == len(s.truth.reps)
    assert all(abs(a.start_s - b.start_s) < 1e-6 for a, b in zip(tr.reps, s.truth.reps))
    assert main([str(out)]) == 1  # refuses to overwrite without --force


def test_long_session() -> None:
    s = simulate_long_session(1, 900.0, "back", 50.0, link="clean")
    assert 800 < s.duration_s < 1000
    assert len(s.truth.sets) >= 3


# ------------------------------------------------------------ benchmarks/score.py
def _load_score():  # type: ignore[no-untyped-def]
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "benchmarks" / "score.py"
    spec = importlib.util.spec_from_file_location("repsense_bench_score", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _hand_truth() -> SessionTruth:
    from imu.simulator import TruePause, TrueRep, TrueSet

    def rep(i: int, s: float, lo: float, e: float, pauses: tuple = (), mcv: float = 0.5) -> TrueRep:
        return TrueRep(i, 1, s, lo, e, pauses, 0.5, 1.0, mcv, 0.9, 5.0, False)

    reps = (
        rep(1, 10.0, 13.0, 15.0, (TruePause(10.5, 12.5, 2.0),)),
        rep(2, 17.0, 20.0, 22.0, (TruePause(17.4, 19.4, 2.0),)),
        rep(3, 24.0, 25.5, 27.0, mcv=0.6),
    )
    return SessionTruth((TrueSet(1, 10.0, 27.0, (1, 2, 3), "paused"),), reps)


def _res_rep(s: float, lo: float, e: float, pauses: list, mcv: float | None, rom: float | None = None, peak: float | None = None) -> dict:
    return {"start_s": s, "lockout_s": lo, "end_s": e, "pauses": pauses, "mean_concentric_velocity_mps": mcv,
            "rom_m": rom, "peak_velocity_mps": peak}


def test_score_session_hand_made() -> None:
    sc_mod = _load_score()
    truth = _hand_truth()
    result = {
        "placement": "bar",
        "reps": [
            _res_rep(10.1, 12.8, 15.3, [{"start_s": 10.6, "end_s": 12.1, "hold_s": 1.5}], 0.45, 0.58, 0.8),  # rep 1
            _res_rep(16.9, 20.0, 22.05, [{"start_s": 17.5, "end_s": 18.0, "hold_s": 0.5},  # wrong extra pause
                                          {"start_s": 18.2, "end_s": 19.4, "hold_s": 1.2}], 0.5),
            _res_rep(40.0, 41.0, 42.0, [{"start_s": 40.2, "end_s": 40.8, "hold_s": 0.6}], 0.3),  # false rep
        ],
    }
    sc = sc_mod.score_session(result, truth)
    assert sc["n_true"] == 3 and sc["n_detected"] == 3 and sc["count_exact"]  # count right, reps not!
    assert (sc["rep_tp"], sc["rep_fp"], sc["rep_fn"]) == (2, 1, 1)
    assert np.allclose(sc["start_err_s"], [0.1, 0.1]) and np.allclose(sc["lockout_err_s"], [0.2, 0.0])
    assert np.allclose(sc["end_err_s"], [0.3, 0.05])
    # pauses: rep1 TP; rep2: one TP (18.2-19.4 overlaps most) + one FP; false rep: FP; missed rep 3 had none
    assert (sc["pause_tp"], sc["pause_fp"], sc["pause_fn"]) == (2, 2, 0)
    assert np.allclose(sorted(sc["hold_err_s"]), [0.5, 0.8])
    assert np.allclose(sc["mcv_err_mps"], [0.05, 0.0])
    # range of motion and peak velocity where the rep has them (true 0.5 m, 0.9 m/s)
    assert np.allclose(sc["rom_err_m"], [0.08]) and np.allclose(sc["peak_err_mps"], [0.1])
    # back placement: no bar errors; result given as a bare list
    sc_back = sc_mod.score_session(result["reps"], truth, placement="back")
    assert sc_back["mcv_err_mps"] == [] and sc_back["rom_err_m"] == [] and sc_back["rep_tp"] == 2


def test_score_flags_hand_made() -> None:
    sc_mod = _load_score()
    truth = _hand_truth()  # holds 2.0, 2.0; moving concentric 1.0 each (set 1)
    assert sc_mod.true_flags(truth, "bar", 2.5) == [{"short_pause"}, {"short_pause"}, set()]
    assert sc_mod.true_flags(truth, "bar", None) == [set(), set(), set()]
    result = {
        "placement": "bar",
        "reps": [
            dict(_res_rep(10.0, 13.0, 15.0, [], 0.5), flags=["short_pause"]),
            dict(_res_rep(17.0, 20.0, 22.0, [], 0.5), flags=["tempo_loss"]),
            dict(_res_rep(24.0, 25.5, 27.0, [], 0.6), flags=[]),
        ],
    }
    fl = sc_mod.score_session(result, truth, target_pause_s=2.5)["flags"]
    assert fl["short_pause"] == {"tp": 1, "fp": 0, "fn": 1}
    assert fl["tempo_loss"] == {"tp": 0, "fp": 1, "fn": 0}
    assert fl["spinal_rounding"] == {"tp": 0, "fp": 0, "fn": 0}
    assert sc_mod.score_session(result, truth)["flags"]["short_pause"] == {"tp": 0, "fp": 0, "fn": 0}
    agg = sc_mod.aggregate([sc_mod.score_session(result, truth, target_pause_s=2.5)])
    assert agg["flags"]["short_pause"]["recall"] == 0.5 and agg["flags"]["short_pause"]["precision"] == 1.0
    assert agg["flags"]["tempo_loss"]["recall"] is None


def test_true_flags_from_simulated_truth() -> None:
    sc_mod = _load_score()
    from dataclasses import replace

    spec = SessionSpec.simple("paused", 3, target_pause_s=2.0, hold_s=[2.5, 1.5, 2.0])
    st = spec.sets[0]
    slow = replace(st.reps[1], concentric_s=1.6, back_flexion_deg=18.0)
    spec = spec.with_(sets=(replace(st, reps=(st.reps[0], slow, st.reps[2])),))
    s = simulate_session(2, "back", 50.0, link="clean", spec=spec)
    assert sc_mod.true_flags(s.truth, "back", 2.0) == [set(), {"short_pause", "tempo_loss", "spinal_rounding"}, set()]
    assert sc_mod.true_flags(s.truth, "bar", 2.0) == [set(), {"short_pause", "tempo_loss"}, set()]


def test_score_session_missed_pause_and_missed_rep() -> None:
    sc_mod = _load_score()
    truth = _hand_truth()
    res = {"placement": "bar", "reps": [_res_rep(10.0, 13.0, 15.0, [], 0.5)]}
    sc = sc_mod.score_session(res, truth)
    assert not sc["count_exact"] and (sc["rep_tp"], sc["rep_fn"]) == (1, 2)
    assert (sc["pause_tp"], sc["pause_fp"], sc["pause_fn"]) == (0, 0, 2)
    assert sc["start_err_s"] == [0.0] and sc["hold_err_s"] == []
    empty = sc_mod.score_session({"placement": "bar", "reps": []}, truth)
    assert empty["rep_fn"] == 3 and empty["pause_fn"] == 2 and empty["start_err_s"] == []


def test_aggregate_hand_made() -> None:
    sc_mod = _load_score()
    base = dict(n_true=2, n_detected=2, rep_tp=2, rep_fp=0, rep_fn=0, lockout_err_s=[0.0, 0.0], end_err_s=[0.0, 0.0])
    a = dict(base, placement="bar", count_exact=True, start_err_s=[0.0, 0.1], hold_err_s=[0.2], mcv_err_mps=[0.01, 0.03],
             rom_err_m=[0.02, 0.04], pause_tp=1, pause_fp=1, pause_fn=0)
    b = dict(base, placement="back", count_exact=False, start_err_s=[0.2, 0.3], hold_err_s=[], mcv_err_mps=[9.0],
             rom_err_m=[9.0], pause_tp=1, pause_fp=0, pause_fn=2)
    agg = sc_mod.aggregate([a, b])
    assert agg["n_sessions"] == 2 and agg["frac_count_exact"] == 0.5
    assert np.isclose(agg["p95_start_err_s"], np.percentile([0.0, 0.1, 0.2, 0.3], 95))
    assert np.isclose(agg["pause_recall"], 2 / 4) and np.isclose(agg["pause_precision"], 2 / 3)
    assert np.isclose(agg["p95_hold_err_s"], 0.2)
    assert np.isclose(agg["median_abs_mcv_err_mps"], 0.02)  # back sessions' MCV ignored
    assert np.isclose(agg["p95_mcv_err_mps"], np.percentile([0.01, 0.03], 95))
    assert np.isclose(agg["p95_rom_err_m"], np.percentile([0.02, 0.04], 95))  # (and their range of motion)
    assert agg["p95_peak_err_mps"] is None  # (no session had any)
    none = sc_mod.aggregate([])
    assert none["frac_count_exact"] is None and none["pause_recall"] is None and none["p95_start_err_s"] is None


def test_score_perfect_result_from_truth_and_cli(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import json

    from imu.simulator.io import write_session

    sc_mod = _load_score()
    s = simulate_session(8, "bar", 50.0, link="ble", spec=_short_spec(8))
    res = {
        "placement": "bar",
        "reps": [
            {
                "start_s": r.start_s, "lockout_s": r.lockout_s, "end_s": r.end_s,
                "pauses": [{"start_s": p.start_s, "end_s": p.end_s, "hold_s": p.hold_s} for p in r.pauses],
                "mean_concentric_velocity_mps": r.mean_concentric_velocity_mps,
            }
            for r in s.truth.reps
        ],
    }
    sc = sc_mod.score_session(res, s.truth)
    assert sc["count_exact"] and sc["rep_fp"] == sc["rep_fn"] == 0
    assert max(sc["start_err_s"] + sc["end_err_s"] + sc["mcv_err_mps"]) < 1e-12
    _, truth_json = write_session(s, tmp_path / "x.csv")
    (tmp_path / "res.json").write_text(json.dumps(res))
    assert sc_mod.main([str(tmp_path / "res.json"), truth_json]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["aggregate"]["frac_count_exact"] == 1.0
    assert out["aggregate"]["p95_start_err_s"] < 1e-5  # sidecar rounds to 1 us


def test_bar_acceleration_respects_gravity() -> None:
    """The lifter can only pull up: the bar never accelerates downwards faster than gravity
    (deceleration into lockout / the start of the lowering), except at floor contact."""
    from imu.simulator.plan import build_plan

    for seed in range(40):
        plan = build_plan(_short_spec(seed), np.random.default_rng(seed))
        for rt in plan.reps:
            tt = np.linspace(rt.liftoff, rt.contact - 0.5 * (rt.contact - rt.descend), 4000)
            assert plan.bar_z(tt, 2).min() > -0.85 * G
            assert plan.bar_z(tt, 2).max() < 2.0 * G
