"""Sensor on the upper back (between the shoulder blades): the lifter's body during reps, the
setup descent, standing up, walking, bending for plates and standing around.

Body model (sagittal plane, heading ``psi`` about world z): hinge progress ``H`` (1 standing,
0 in the setup) sets the trunk inclination ``theta(H)`` (from ~upright to 40-80 deg forward) and
the hip position (the hip rises early in the pull and moves back in the hinge). The sensor
rides on the upper trunk: hip + L1 along the trunk + L2 along the upper segment, which is
flexed by ``phi`` (upper-back flexion); its orientation is ``Rz(psi) Ry(theta + phi)`` plus gait
and postural sway, times the random mounting rotation.
"""

from __future__ import annotations

import numpy as np

from .bar import _hold_envelope
from .plan import Plan
from .rotations import quat_to_matrix, rot_x, rot_y, rot_z
from .tracks import Oscillator, Track, gated


class BackMotion:
    """Pose model of a back-mounted sensor (see module doc)."""

    def __init__(self, plan: Plan, rng: np.random.Generator, mount_quat: tuple[float, float, float, float], distractors: bool) -> None:
        self.plan = plan
        self._rng = rng
        self.R_bs = quat_to_matrix(np.asarray(mount_quat))
        self.L1 = rng.uniform(0.30, 0.38)
        self.L2 = rng.uniform(0.12, 0.18)
        self.depth = rng.uniform(0.06, 0.10)  # sensor behind the spine axis
        self.hip_top = rng.uniform(0.88, 1.0)
        self.d_back = rng.uniform(0.08, 0.2)
        self.theta_top = np.radians(rng.uniform(-5.0, 3.0))
        self.a_trunk = rng.uniform(-0.5, 0.0)
        self.b_hip = rng.uniform(0.0, 0.6)
        self.H = Track(1.0)
        self.theta_b = Track(np.radians(60.0))
        self.hip_b = Track(0.65)
        self.px = Track(0.0)
        self.py = Track(0.0)
        psi0 = float(rng.uniform(-np.pi, np.pi))
        self.psi0 = psi0
        self.psi = Track(psi0)
        self.gait = Track(0.0)
        self.flex = plan.flex
        self.f_step = rng.uniform(1.6, 2.0)
        self.gait_ph = rng.uniform(0, 2 * np.pi, 4)
        self.bob = rng.uniform(0.015, 0.035)
        self.lat = rng.uniform(0.01, 0.03)
        self.gait_pitch = np.radians(rng.uniform(1.0, 3.0))
        self.gait_roll = np.radians(rng.uniform(1.5, 4.0))
        self.gait_yaw = np.radians(rng.uniform(2.0, 5.0))

        holds: list[tuple[float, float]] = list(plan.holds)
        for k, (a, b) in enumerate(plan.idle_windows):
            if distractors:
                self._idle_activity(a + (1.0 if k == 0 else 0.8), b - 1.0)
            if k < len(plan.sets):
                self._set(plan.sets[k])
        self.env = _hold_envelope(holds)
        f_tr = rng.uniform(5.0, 10.0)
        self.trem_pos = [Oscillator(rng, f_tr, rng.uniform(0.02e-3, 0.1e-3)) for _ in range(3)]
        self.trem_rot = [Oscillator(rng, f_tr, np.radians(rng.uniform(0.01, 0.04))) for _ in range(3)]
        self.sway_pos = [Oscillator(rng, rng.uniform(0.1, 0.5), rng.uniform(1e-3, 3e-3)) for _ in range(3)]
        self.sway_rot = [Oscillator(rng, rng.uniform(0.1, 0.5), np.radians(rng.uniform(0.1, 0.4))) for _ in range(3)]
        self.breath = Oscillator(rng, rng.uniform(0.2, 0.35), np.radians(rng.uniform(0.1, 0.4)), n=2, spread=0.05)

    # ------------------------------------------------------------------ activity
    def _shape(self, t: float, theta_b_deg: float, hip_b: float) -> None:
        """Set the bottom posture for the next hinge (only while standing, H = 1)."""
        for tr, v in ((self.theta_b, np.radians(theta_b_deg)), (self.hip_b, hip_b)):
            if t - 0.2 > tr.end_t:
                tr.move(t - 0.2, t, v)

    def _set(self, st) -> None:  # type: ignore[no-untyped-def]
        rng = self._rng
        self._shape(st.setup_start, st.spec.trunk_bottom_deg, float(rng.uniform(0.55, 0.75)))
        self.H.move(st.setup_start, st.setup_reached, 0.0)
        for rt in st.reps:
            rom = rt.spec.rom_m
            self.H.hold(rt.knots[0][0])
            knots = list(rt.knots)
            # the body cushions the plates' floor contact: slower final deceleration than the bar
            tc, _, vc, _ = knots[-2]
            tau = min(0.1, 0.6 * rt.spec.floor_s)
            vb = 0.5 * vc
            knots[-2:] = [(tc, -0.5 * vb * tau, vb, 0.0), (tc + tau, 0.0, 0.0, 0.0)]
            for t, p, v, a in knots[1:]:
                self.H.knot(t, p / rom, v / rom, a / rom)
        self.H.move(st.stand_start, st.stand_end, 1.0)

    def _walk(self, t: float, dist: float, turn: float) -> float:
        """Turn by ``turn`` (rad) then walk ``dist`` m along the new heading; returns end time."""
        rng = self._rng
        if abs(turn) > 1e-3:
            d = max(0.8, 0.4 + abs(turn) / np.pi * rng.uniform(0.8, 1.4))
            self.psi.add(t, t + d, turn)
            self.gait.move(t, t + 0.3, 0.5)
            self.gait.move(t + d - 0.3, t + d, 0.0)
            t += d
        if dist > 0:
            speed = rng.uniform(0.8, 1.4)
            d = max(1.0, dist / speed)
            psi = self.psi.value
            self.gait.move(t, t + 0.5, 1.0)
            self.gait.move(t + d - 0.5, t + d, 0.0)
            self.px.add(t, t + d, dist * np.cos(psi))
            self.py.add(t, t + d, dist * np.sin(psi))
            t += d
        return t

    def _bend(self, t: float) -> float:
        rng = self._rng
        self._shape(t, rng.uniform(40.0, 95.0), rng.uniform(0.45, 0.8))
        down, low, up = rng.uniform(0.6, 1.2), rng.uniform(0.2, 1.0), rng.uniform(0.6, 1.2)
        self.H.move(t, t + down, rng.uniform(0.0, 0.4))
        self.H.move(t + down + low, t + down + low + up, 1.0)
        return t + down + low + up

    def _idle_activity(self, a: float, b: float) -> None:
        rng = self._rng
        t = a + float(rng.uniform(0.5, 3.0))
        while True:
            kind = rng.choice(["trip", "bend", "shuffle", "stand"], p=[0.4, 0.3, 0.15, 0.15])
            if kind == "trip":
                dist = float(rng.uniform(1.5, 6.0))
                n_bend = int(rng.integers(0, 3))
                need = 6.5 + 2 * max(1.0, dist / 0.8) + n_bend * 4.6  # worst case
                if t + need > b:
                    break
                turn = float(rng.uniform(2.0, 3.5)) * rng.choice([-1, 1])
                t = self._walk(t, dist, turn)
                for _ in range(n_bend):
                    t = self._bend(t + float(rng.uniform(0.3, 1.0)))
                t = self._walk(t + 0.3, dist, np.pi)
                back = self.psi0 - self.psi.value
                back = (back + np.pi) % (2 * np.pi) - np.pi
                t = self._walk(t + 0.2, 0.0, back)
            elif kind == "bend":
                if t + 7.8 > b:
                    break
                turn = float(rng.uniform(0.3, 1.5)) * rng.choice([-1, 1])
                t = self._walk(t, 0.0, turn)
                t = self._bend(t + 0.2)
                t = self._walk(t + 0.2, 0.0, -turn)
            elif kind == "shuffle":
                dist = float(rng.uniform(0.3, 1.0))
                if t + 2 * (dist / 0.8 + 1.0) + 2.0 > b:
                    break
                t = self._walk(t, dist, 0.0)
                self.psi.hold(t)
                t += float(rng.uniform(0.3, 1.0))
                # step back: walking backwards along the heading
                speed = rng.uniform(0.5, 0.8)
                d = max(1.0, dist / speed)
                psi = self.psi.value
                self.gait.move(t, t + 0.5, 0.7)
                self.gait.move(t + d - 0.5, t + d, 0.0)
                self.px.add(t, t + d, -dist * np.cos(psi))
                self.py.add(t, t + d, -dist * np.sin(psi))
                t += d
            else:
                if t + 10.0 > b:
                    break
            t += float(rng.uniform(1.0, 8.0))

    # ---------------------------------------------------------------------- pose
    def pose(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        t = np.asarray(t, dtype=float)
        H = self.H(t)
        th_b = self.theta_b(t)
        g = H + self.a_trunk * H * (1 - H)
        theta = self.theta_top + (th_b - self.theta_top) * (1 - g)
        hip_b = self.hip_b(t)
        hip_z = hip_b + (self.hip_top - hip_b) * (H + self.b_hip * H * (1 - H))
        hip_x = -self.d_back * (1 - H)
        phi = np.radians(self.flex(t))
        E = self.gait(t)
        w = 2 * np.pi * self.f_step * t
        env = self.env(t)
        ph = self.gait_ph
        pitch_osc = gated(E, w, lambda x: self.gait_pitch * np.sin(x + ph[0])) + self.breath(t) + self.sway_rot[0](t) + gated(env, t, self.trem_rot[0])
        roll_osc = gated(E, w, lambda x: self.gait_roll * np.sin(x / 2 + ph[1])) + self.sway_rot[1](t) + gated(env, t, self.trem_rot[1])
        yaw_osc = gated(E, w, lambda x: self.gait_yaw * np.sin(x / 2 + ph[2])) + self.sway_rot[2](t) + gated(env, t, self.trem_rot[2])
        up = theta + phi + pitch_osc
        # body-heading frame position of the sensor
        bx = hip_x + self.L1 * np.sin(theta) + self.L2 * np.sin(theta + phi) - self.depth * np.cos(up)
        bz = hip_z + self.L1 * np.cos(theta) + self.L2 * np.cos(theta + phi) + self.depth * np.sin(up)
        by = gated(E, w, lambda x: self.lat * np.sin(x / 2 + ph[3]))
        bz = bz + gated(E, w, lambda x: self.bob * np.cos(x))
        psi = self.psi(t)
        c, s = np.cos(psi), np.sin(psi)
        pos = np.stack(
            [
                self.px(t) + c * bx - s * by + self.sway_pos[0](t) + gated(env, t, self.trem_pos[0]),
                self.py(t) + s * bx + c * by + self.sway_pos[1](t) + gated(env, t, self.trem_pos[1]),
                bz + self.sway_pos[2](t) + gated(env, t, self.trem_pos[2]),
            ],
            -1,
        )
        R_wb = rot_z(psi + yaw_osc) @ rot_y(up) @ rot_x(roll_osc)
        return pos, R_wb @ self.R_bs
