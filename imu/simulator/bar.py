"""Sensor on the barbell: the bar's pose during reps and between sets.

Bar frame: y along the bar, z up and x horizontal when the bar lies still (roll 0). Orientation
``R_wb = Rz(yaw) Rx(tilt) Ry(roll)``: roll about the bar axis (rolling on the floor, wobble in
the hands), tilt = one end lifted, yaw = turning on the floor. Rolling without slipping moves
the bar perpendicular to its axis by ``PLATE_R * roll``. The sensor sits at a fixed point of the
bar frame (on the shaft or sleeve, a few cm off the axis) with a random mounting rotation.

A sensor in a collar on a sleeve (``collar``) turns with the sleeve, which spins on its bearing
about the bar's axis: through each pull the sleeve and its plates lag and then follow the shaft
(a smooth turn of 2-12 deg, up to 30 deg/s, either way: what public recordings of a collar
sensor show between the floor and the lockout), and after the lockout they rock back and forth
(1-2 Hz, 1-3 deg, dying out over the lowering).
"""

from __future__ import annotations

import numpy as np

from .plan import Plan
from .rotations import quat_to_matrix, rot_x, rot_y, rot_z
from .tracks import Bursts, Oscillator, Track, gated

PLATE_R = 0.225  #: plate radius, m (bar axis height on the floor)
PIVOT = 0.9  #: distance of the plate contact from the bar centre when one end is lifted, m


def _hold_envelope(windows: list[tuple[float, float]]) -> Track:
    env = Track(0.0)
    for a, b in sorted(windows):
        if b - a < 0.05 or a <= env.end_t:
            continue
        ramp = min(0.15, (b - a) / 4)
        env.move(a, a + ramp, 1.0)
        env.move(b - ramp, b, 0.0)
    return env


class BarMotion:
    """Pose model of a bar-mounted sensor (see module doc)."""

    def __init__(self, plan: Plan, rng: np.random.Generator, mount_quat: tuple[float, float, float, float], distractors: bool,
                 collar_rng: np.random.Generator | None = None) -> None:
        """collar_rng: the sensor sits in a collar on a sleeve (see module doc), its spin drawn
        from this stream; None: on the shaft (or a sleeve that does not turn)."""
        self.plan = plan
        self.R_bs = quat_to_matrix(np.asarray(mount_quat))
        ang = rng.uniform(0, 2 * np.pi)
        rad = rng.uniform(0.015, 0.04)
        self.r_s = np.array([rad * np.cos(ang), rng.uniform(-0.8, 0.8), rad * np.sin(ang)])
        self.z = plan.bar_z
        self.x_lift = Track(0.0)
        self.roll_hand = Track(0.0)
        self.tilt_hand = Track(0.0)
        self.yaw_hand = Track(0.0)
        self.roll_floor = Track(float(rng.uniform(-np.pi, np.pi)))
        self.tilt_floor = Track(0.0)
        self.yaw_floor = Track(float(rng.uniform(-np.pi, np.pi)))
        self.y_slide = Track(0.0)
        self.bump_pos = [Bursts() for _ in range(3)]  # bar-aligned x, y, z (m)
        self.bump_rot = [Bursts() for _ in range(3)]  # roll, tilt, yaw (rad)
        self.collar = collar_rng is not None
        self.sleeve = Track(0.0)  # the sleeve's turn about the bar's axis relative to the shaft (rad)
        self.sleeve_rock = Bursts()
        hand_windows: list[tuple[float, float]] = list(plan.holds)
        self._rng = rng

        sets = plan.sets
        for k, (a, b) in enumerate(plan.idle_windows):
            if distractors:
                hand_windows += self._idle_activity(a + (1.5 if k == 0 else 1.0), b - 1.0)
            if k < len(sets):
                st = sets[k]
                if distractors:
                    self._grip(st.setup_reached, st.reps[0].liftoff)
                for rt in st.reps:
                    self._rep_wobble(rt)
                    if collar_rng is not None:
                        self._sleeve_spin(rt, collar_rng)
        self.env = _hold_envelope(hand_windows)
        # tremor (5-10 Hz, sub-mm) and sway (slow, mm) while the bar is held
        f_tr = rng.uniform(5.0, 10.0)
        self.trem_pos = [Oscillator(rng, f_tr, rng.uniform(0.02e-3, 0.1e-3)) for _ in range(3)]
        self.sway_pos = [Oscillator(rng, rng.uniform(0.2, 0.8), rng.uniform(0.5e-3, 2e-3)) for _ in range(3)]
        self.trem_rot = [Oscillator(rng, f_tr, np.radians(rng.uniform(0.003, 0.015))) for _ in range(3)]
        self.sway_rot = [Oscillator(rng, rng.uniform(0.2, 0.8), np.radians(rng.uniform(0.03, 0.15))) for _ in range(3)]

    # ------------------------------------------------------------------ activity
    def _rep_wobble(self, rt) -> None:  # type: ignore[no-untyped-def]
        rng = self._rng
        dx = float(rng.uniform(-0.04, 0.01))
        droll = np.radians(float(np.clip(rng.normal(0, 1.5), -3, 3)))
        dtilt = np.radians(float(np.clip(rng.normal(0, 0.5), -1.5, 1.5)))
        dyaw = np.radians(float(np.clip(rng.normal(0, 0.5), -1.5, 1.5)))
        r = rt.spec
        if rt.pause:
            f = r.pause_height_m / r.rom_m
            self.x_lift.move(rt.liftoff, rt.pause[0], dx * f)
            self.roll_hand.move(rt.liftoff, rt.pause[0], droll * f)
            self.tilt_hand.move(rt.liftoff, rt.pause[0], dtilt * f)
            self.yaw_hand.move(rt.liftoff, rt.pause[0], dyaw * f)
            t1 = rt.pause[1]
        else:
            t1 = rt.liftoff
        for tr, v in ((self.x_lift, dx), (self.roll_hand, droll), (self.tilt_hand, dtilt), (self.yaw_hand, dyaw)):
            tr.move(t1, rt.lockout, v)
            tr.move(rt.descend, rt.settle, 0.0)
        # the plates hit the floor
        g = 9.80665
        f = float(rng.uniform(18, 40))
        self.bump_pos[2].add_accel(rt.contact, g * float(rng.uniform(0.3, 2.0)), f, float(rng.uniform(0.008, 0.02)))
        self.bump_pos[0].add_accel(rt.contact, g * float(rng.uniform(0.05, 0.5)), f * 1.1, float(rng.uniform(0.008, 0.02)))

    def _sleeve_spin(self, rt, rng: np.random.Generator) -> None:  # type: ignore[no-untyped-def]
        """The sleeve turns through the pull and rocks after the lockout (see module doc)."""
        ang = np.radians(float(rng.uniform(2.0, 12.0))) * float(rng.choice([-1, 1]))
        if rt.pause:
            self.sleeve.add(rt.liftoff, rt.pause[0], ang * 0.3)
            self.sleeve.add(rt.pause[1], rt.lockout, ang * 0.7)
        else:
            self.sleeve.add(rt.liftoff, rt.lockout, ang)
        self.sleeve_rock.add(rt.lockout, np.radians(float(rng.uniform(1.0, 3.0))) * float(rng.choice([-1, 1])),
                             float(rng.uniform(1.0, 2.0)), float(rng.uniform(0.2, 0.4)))

    def _knock(self, t: float, scale: float = 1.0) -> None:
        rng = self._rng
        g = 9.80665
        f = float(rng.uniform(15, 40))
        dec = float(rng.uniform(0.008, 0.03))
        self.bump_pos[1].add_accel(t, scale * g * float(rng.uniform(0.5, 4.0)) * rng.choice([-1, 1]), f, dec)
        self.bump_pos[2].add_accel(t, scale * g * float(rng.uniform(0.1, 1.5)) * rng.choice([-1, 1]), f * 1.2, dec)
        self.bump_pos[0].add_accel(t, scale * g * float(rng.uniform(0.1, 1.0)) * rng.choice([-1, 1]), f * 0.9, dec)
        for k in range(3):
            self.bump_rot[k].add(t, scale * np.radians(float(rng.uniform(0.003, 0.03))) * rng.choice([-1, 1]), float(rng.uniform(8, 20)), dec)

    def _grip(self, a: float, b: float) -> None:
        """The lifter grips the bar in the setup: maybe rolls it to the shins, small knocks."""
        rng = self._rng
        if b - a < 1.0 or rng.random() < 0.4:
            return
        d = float(rng.uniform(0.3, 0.7))
        t = a + float(rng.uniform(0, b - a - d - 0.3))
        self.roll_floor.add(t, t + d, np.radians(rng.uniform(3, 12)) * rng.choice([-1, 1]))
        if rng.random() < 0.5:
            self._knock(t + d + 0.05, scale=0.15)

    def _idle_activity(self, a: float, b: float) -> list[tuple[float, float]]:
        """Non-rep activity in [a, b]; returns windows where the bar is hand-held off the floor."""
        rng = self._rng
        held: list[tuple[float, float]] = []
        t = a + float(rng.uniform(0.5, 4.0))
        while True:
            kind = rng.choice(["load", "roll", "tilt", "adjust"], p=[0.35, 0.25, 0.2, 0.2])
            if kind == "load":
                n = int(rng.integers(2, 7))
                gaps = rng.uniform(0.4, 2.0, n)
                if t + gaps.sum() + 0.4 * n > b:
                    break
                for gp in gaps:
                    t += float(gp)
                    self._knock(t)
                    if rng.random() < 0.3:
                        self.roll_floor.add(t + 0.1, t + 0.4, np.radians(rng.uniform(1, 5)) * rng.choice([-1, 1]))
                        t += 0.4
            elif kind == "roll":
                ang = np.radians(rng.uniform(40, 400)) * rng.choice([-1, 1])
                d = 0.8 + abs(np.degrees(ang)) / rng.uniform(150, 300)
                back = rng.random() < 0.5
                pause = float(rng.uniform(0.5, 2.0))
                if t + d * (2 if back else 1) + pause > b:
                    break
                dyaw = np.radians(rng.uniform(-5, 5))
                self.yaw_floor.add(t, t + d, dyaw)
                self.roll_floor.add(t, t + d, ang)
                t += d
                if back:
                    t += pause
                    self.roll_floor.add(t, t + d, -ang * rng.uniform(0.7, 1.0))
                    t += d
            elif kind == "tilt":
                up, hold, down = rng.uniform(0.5, 1.0), rng.uniform(1.0, 4.0), rng.uniform(0.4, 0.8)
                alpha = np.radians(rng.uniform(5, 15)) * rng.choice([-1, 1])
                # the lifted end comes down no faster than gravity allows (min-jerk peak 5.77 h/T^2)
                rise = 2 * PIVOT * abs(np.sin(alpha))
                down = max(down, float(np.sqrt(5.77 * rise / (0.8 * 9.80665))))
                if t + up + hold + down > b:
                    break
                self.tilt_floor.add(t, t + up, alpha)
                held.append((t + up, t + up + hold))
                for tk in np.sort(rng.uniform(t + up + 0.3, t + up + hold - 0.2, int(rng.integers(1, 4)))):
                    self._knock(float(tk), scale=0.5)
                t += up + hold
                self.tilt_floor.add(t, t + down, -alpha)
                t += down
                self.bump_pos[2].add_accel(t, 9.80665 * rng.uniform(0.3, 1.5), rng.uniform(18, 35), rng.uniform(0.01, 0.02))
            else:  # adjust: grab and shift the bar
                d = float(rng.uniform(0.4, 1.0))
                if t + d > b:
                    break
                self.roll_floor.add(t, t + d, np.radians(rng.uniform(5, 30)) * rng.choice([-1, 1]))
                self.y_slide.add(t, t + d, rng.uniform(-0.03, 0.03))
                self._knock(t + d, scale=0.2)
                t += d
            t += float(rng.uniform(2.0, 12.0))
        return held

    # ---------------------------------------------------------------------- pose
    def pose(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        t = np.asarray(t, dtype=float)
        env = self.env(t)
        tp = [gated(env, t, lambda x, k=k: self.trem_pos[k](x) + self.sway_pos[k](x)) for k in range(3)]
        tr = [gated(env, t, lambda x, k=k: self.trem_rot[k](x) + self.sway_rot[k](x)) for k in range(3)]
        roll_f = self.roll_floor(t)
        tilt_f = self.tilt_floor(t)
        yaw_f = self.yaw_floor(t)
        roll = roll_f + self.roll_hand(t) + self.bump_rot[0](t) + tr[0]
        tilt = tilt_f + self.tilt_hand(t) + self.bump_rot[1](t) + tr[1]
        yaw = yaw_f + self.yaw_hand(t) + self.bump_rot[2](t) + tr[2]
        R_wb = rot_z(yaw) @ rot_x(tilt) @ rot_y(roll)
        # bar-aligned (yaw-only) frame displacement of the centre
        c = np.sign(tilt_f) * PIVOT
        local = np.stack(
            [
                self.x_lift(t) + PLATE_R * roll_f + self.bump_pos[0](t) + tp[0],
                self.y_slide(t) + c * (np.cos(tilt_f) - 1.0) + self.bump_pos[1](t) + tp[1],
                c * np.sin(tilt_f) + self.bump_pos[2](t),
            ],
            -1,
        )
        centre = np.einsum("nij,nj->ni", rot_z(yaw_f), local)
        centre[:, 2] += PLATE_R + self.z(t) + tp[2]
        if self.collar:
            # (in a collar: the sensor turns with the sleeve, about the bar's axis)
            R_wb = R_wb @ rot_y(self.sleeve(t) + self.sleeve_rock(t))
        pos = centre + np.einsum("nij,j->ni", R_wb, self.r_s)
        return pos, R_wb @ self.R_bs
