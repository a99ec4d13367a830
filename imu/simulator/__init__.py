"""Physics-based session simulator: synthetic IMU recordings of deadlift sessions with exact
ground truth (the project's own test data).

Quick use::

    from imu.simulator import simulate_session, SessionSpec
    s = simulate_session(seed=1, placement="bar", rate_hz=100, link="ble")
    s.t, s.acc, s.gyro        # (N,) s; (N, 3) specific force in g; (N, 3) deg/s, sensor frame
    s.metadata                # recording metadata (str -> str), synthetic: true
    s.truth.reps[0].start_s   # exact lift-off time (see truth.TrueRep for the definitions)

    # one paused set of 3 reps, 2 s target, no between-set activity, ideal sensor, clean sampling
    spec = SessionSpec.simple("paused", 3, target_pause_s=2.0, sensor=SensorModel.ideal())
    s = simulate_session(7, "back", 100, link="clean", spec=spec)

How it works
------------
1. A lift plan (:mod:`.plan`) lays out sets and reps in time from a :class:`SessionSpec`
   (random from the seed, or given): lift-off, concentric (optionally with a hold), lockout
   dwell, eccentric, floor contact, rest on the floor or touch-and-go. Every motion channel is a
   C2 piecewise-quintic :class:`~.tracks.Track` (minimum-jerk moves, velocity peak placed
   within each move), so the ground truth is exact and analytic.
2. A pose model gives the sensor's world position and orientation at any time (world z up):
   :class:`~.bar.BarMotion` (bar rolling, tilting, knocks from plates, wobble in the hands,
   tremor and sway while held) or :class:`~.back.BackMotion` (trunk hinge about the hips with
   the hips rising, upper-back flexion, setup descent, standing up, walking with gait bob and
   sway, turning, bending for plates, postural sway and breathing). The sensor is mounted with
   a rotation uniform over SO(3).
3. :func:`~.motion.kinematics` differentiates the pose (central differences, h = 0.5 ms):
   specific force ``R_ws^T (a + g z) / g`` and body rate in the sensor frame. Integrating the
   gyro reproduces the orientation and double-integrating the gravity-removed acceleration
   reproduces the position (tested).
4. :class:`SensorModel` adds noise, offsets, drift, scale/cross-axis errors, saturation and
   16-bit quantization; :class:`LinkModel` (link='ble') delivers 30-60 readings/s with repeats,
   gaps and host-timestamp jitter (t stays strictly increasing).

Independent random streams per concern: giving an explicit spec keeps the seed's mounting,
sensor errors and link impairments. :func:`simulate_long_session` makes ~1 h sessions for speed
benchmarks. :mod:`.io` writes a session as a recording CSV plus a ``.truth.json`` sidecar.
"""

from .link import LinkModel
from .motion import Kinematics
from .sensor import SensorModel
from .session import SIMULATOR_ID, SimulatedSession, long_session_spec, random_session_spec, simulate_long_session, simulate_session
from .spec import RepSpec, SessionSpec, SetSpec, continuous_set, slow_continuous_set
from .truth import SessionTruth, TruePause, TrueRep, TrueSet

__all__ = [
    "random_session_spec",
    "simulate_session",
    "simulate_long_session",
    "long_session_spec",
    "SimulatedSession",
    "SessionSpec",
    "SetSpec",
    "continuous_set",
    "slow_continuous_set",
    "RepSpec",
    "SensorModel",
    "LinkModel",
    "Kinematics",
    "SessionTruth",
    "TrueSet",
    "TrueRep",
    "TruePause",
    "SIMULATOR_ID",
]
