"""Lifter body model for the upper-back placement.

Channels on the :class:`~.track.Track` (world frame, z up): ``hx, hy, hz`` hip-joint centre (m);
``yaw`` heading (rad); ``pitch`` forward inclination of the lower trunk from vertical (rad, +
forward); ``flex`` extra forward flexion of the upper (thoracic) trunk relative to the lower trunk
(rad, + rounding); ``roll`` lateral lean and ``twist`` axial rotation of the upper trunk (rad);
``ox, oy, oz`` extra sensor displacement (m; breathing, jolts, tremor).

Segments: lower trunk ``Rz(yaw) Ry(pitch) Rx(roll)`` carries the thoracolumbar junction at
(0, 0, L1); upper trunk ``Rz(yaw + twist) Ry(pitch + flex) Rx(roll)`` carries the sensor at
(-d, 0, L2) (d behind the spine, between the shoulder blades) and the shoulder joints at
(0, 0, L2 + L3). Sensor frame = upper-trunk frame rotated by the random ``mount``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .rotations import random_rotation

BACK_CHANNELS = ("hx", "hy", "hz", "yaw", "pitch", "flex", "roll", "twist", "ox", "oy", "oz")
D2R = np.pi / 180


@dataclass
class Body:
    """Anthropometry and habits of the lifter (m, rad, Hz, m/s)."""

    L1: float
    L2: float
    L3: float
    d: float
    hip_stand: float
    pitch_stand: float
    flex_stand: float
    mount: np.ndarray
    step_hz: float
    walk_speed: float
    breath_hz: float

    def shoulder_z(self, hz: np.ndarray | float, pitch: np.ndarray | float, flex: np.ndarray | float) -> np.ndarray:
        """Shoulder-joint height (m) in the sagittal plane (no roll)."""
        return hz + self.L1 * np.cos(pitch) + (self.L2 + self.L3) * np.cos(np.add(pitch, flex))

    def shoulder_fwd(self, pitch: np.ndarray | float, flex: np.ndarray | float) -> np.ndarray:
        """Shoulder-joint distance (m) in front of the hip along the heading."""
        return self.L1 * np.sin(pitch) + (self.L2 + self.L3) * np.sin(np.add(pitch, flex))

    def sensor_z(self, hz: np.ndarray | float, pitch: np.ndarray | float, flex: np.ndarray | float) -> np.ndarray:
        """Sensor height (m) in the sagittal plane (no roll)."""
        p2 = np.add(pitch, flex)
        return hz + self.L1 * np.cos(pitch) + self.L2 * np.cos(p2) + self.d * np.sin(p2)

    def standing(self) -> dict[str, float]:
        """Standing posture channels (without position / heading)."""
        return {"hz": self.hip_stand, "pitch": self.pitch_stand, "flex": self.flex_stand, "roll": 0.0, "twist": 0.0}


def draw_body(rng: np.random.Generator) -> Body:
    """A random adult lifter."""
    size = rng.uniform(0.9, 1.1)
    return Body(
        L1=0.26 * size * rng.uniform(0.92, 1.08), L2=0.19 * size * rng.uniform(0.9, 1.1),
        L3=0.10 * size * rng.uniform(0.8, 1.2), d=rng.uniform(0.07, 0.13), hip_stand=0.93 * size * rng.uniform(0.95, 1.05),
        pitch_stand=rng.uniform(0, 8) * D2R, flex_stand=rng.uniform(-3, 6) * D2R, mount=random_rotation(rng),
        step_hz=rng.uniform(1.5, 2.0), walk_speed=rng.uniform(1.0, 1.4), breath_hz=rng.uniform(0.2, 0.33),
    )
