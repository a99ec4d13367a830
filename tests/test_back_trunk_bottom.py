"""A back sensor's rep bottoms, found by the trunk's posture (the gyroscope-carried gravity
direction), on motions built from exact kinematics: an upper-back sensor whose trunk inclines
by ``theta`` about a horizontal axis while the shoulders move up and down.

- touch-and-go reps land a little differently each time: a rep's bottom posture may differ by
  several degrees from the last rep's, which was caught in motion;
- a pull whose hips rise first inclines the trunk further before it extends: that is no hinge
  from which the trunk comes back down to a bottom.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.spatial.transform import Rotation

from analysis import analyze

G = 9.80665
GYRO_OFFSET = np.array([12.0, -15.0, 9.0])  # deg/s


def _min_jerk(tau: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit minimum-jerk move at tau (clipped to [0, 1]): position, d/dtau, d2/dtau2."""
    tau = np.clip(tau, 0.0, 1.0)
    return 10 * tau**3 - 15 * tau**4 + 6 * tau**5, 30 * tau**2 - 60 * tau**3 + 30 * tau**4, 60 * tau - 180 * tau**2 + 120 * tau**3


def _profile(t: np.ndarray, start: float, moves) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Value, rate and its derivative of a sum of minimum-jerk moves (t0, t1, delta) from ``start``."""
    x, dx, ddx = np.full_like(t, start), np.zeros_like(t), np.zeros_like(t)
    for t0, t1, d in moves:
        p, v, a = _min_jerk((t - t0) / (t1 - t0))
        inside = (t >= t0) & (t <= t1)
        x += d * p
        dx += np.where(inside, d * v / (t1 - t0), 0.0)
        ddx += np.where(inside, d * a / (t1 - t0) ** 2, 0.0)
    return x, dx, ddx


def back_signals(t: np.ndarray, z_moves, theta_moves, seed: int = 0):
    """Accelerometer (g) and gyroscope (deg/s) of a sensor on the upper back: shoulder height
    changes ``z_moves`` (m), trunk inclination changes ``theta_moves`` (deg, forward positive,
    about world y); random mounting, gyro offset and noise."""
    rng = np.random.default_rng(seed)
    mount = Rotation.random(random_state=seed)
    _, _, az = _profile(t, 0.0, z_moves)
    th, dth, _ = _profile(t, 0.0, theta_moves)
    f_world = np.stack([np.zeros_like(t), np.zeros_like(t), 1.0 + az / G], axis=1)
    r_ws = Rotation.from_rotvec(np.stack([np.zeros_like(t), np.radians(th), np.zeros_like(t)], axis=1)) * mount
    acc = r_ws.inv().apply(f_world) + rng.normal(0, 0.003, (len(t), 3))
    w = mount.inv().apply(np.stack([np.zeros_like(t), np.radians(dth), np.zeros_like(t)], axis=1))
    gyro = np.degrees(w) + GYRO_OFFSET + rng.normal(0, 0.15, (len(t), 3))
    return acc, gyro


def touch_and_go_set(bottoms_deg, first_pull_tilt_deg: float = 0.0):
    """Stand, hinge into a set-up (60 deg, shoulders 0.45 m down), then touch-and-go reps whose
    trunk comes back to ``bottoms_deg`` (one per rep), stand up. The first pull of the second
    rep inclines the trunk ``first_pull_tilt_deg`` further first (hips rising first). Returns
    the z and theta moves and the true (start, end) of each rep, s."""
    z, th, reps = [(3.0, 4.5, -0.45)], [(3.0, 4.5, 60.0)], []
    t, cur = 6.5, 60.0
    for i, b in enumerate(bottoms_deg):
        start = t
        if i == 1 and first_pull_tilt_deg:
            th.append((t, t + 0.4, first_pull_tilt_deg))
            z.append((t, t + 1.4, 0.45))
            th.append((t + 0.4, t + 1.4, -cur - first_pull_tilt_deg))
        else:
            z.append((t, t + 1.2, 0.45))
            th.append((t, t + 1.2, -cur))
        t += 1.4 if i == 1 and first_pull_tilt_deg else 1.2
        t += 0.3  # lockout, not held still long
        z.append((t, t + 1.0, -0.45))
        th.append((t, t + 1.0, b))
        t += 1.0
        reps.append((start, t))
        cur = b
        t += 0.05  # touch and go
    z.append((t + 1.5, t + 3.0, 0.45))
    th.append((t + 1.5, t + 3.0, -cur))
    return z, th, reps, t + 6.0


def assert_every_rep_found(session, rate: float, seed: int) -> None:
    """The back analysis of a constructed session (touch_and_go_set's result) sampled at ``rate``
    Hz finds each of its reps, starting and ending within 0.15 s of the truth."""
    z, th, reps, end = session
    t = np.arange(0.0, end, 1.0 / rate)
    acc, gyro = back_signals(t, z, th, seed=seed)
    found = analyze(t, acc, gyro, "back").reps
    assert len(found) == len(reps)
    for r, (s0, s1) in zip(found, reps):
        assert abs(r.start_s - s0) < 0.15 and abs(r.end_s - s1) < 0.15


@pytest.mark.parametrize("rate", [50.0, 100.0])
def test_touch_and_go_bottoms_a_few_degrees_off_the_last_rep_s(rate: float):
    """Each touch-and-go bottom lands 4-8 deg off the last one (the bar lands a little further
    out, the hips a little higher): every rep is found, ending where the shoulders stopped."""
    assert_every_rep_found(touch_and_go_set([64.0, 56.0, 64.0, 56.0, 63.0]), rate, seed=3)


@pytest.mark.parametrize("rate", [50.0, 100.0])
def test_hips_rising_first_make_no_bottom_in_the_pull(rate: float):
    """The second pull starts with the hips rising first: the trunk inclines 22 deg further from
    the bottom posture before it extends, and passes back through that posture on the way up.
    That is no hinge and no bottom: the rep starts at the floor, not in the pull."""
    assert_every_rep_found(touch_and_go_set([60.0, 60.0, 60.0], first_pull_tilt_deg=22.0), rate, seed=5)
