"""Physics-based session simulator: synthetic IMU recordings of deadlift sessions with exact
ground truth (the project's own test data).

    from imu.simulator import simulate_session
    s = simulate_session(seed=1, placement="bar", rate_hz=100, link="ble")
    s.t, s.acc, s.gyro, s.metadata, s.truth

World frame: z up. ``acc`` is specific force in g and ``gyro`` angular rate in deg/s, both in
the (randomly mounted) sensor frame.
"""

from .link import LinkModel
from .motion import Kinematics
from .sensor import SensorModel
from .session import SIMULATOR_ID, SimulatedSession, long_session_spec, simulate_long_session, simulate_session
from .spec import RepSpec, SessionSpec, SetSpec
from .truth import SessionTruth, TruePause, TrueRep, TrueSet

__all__ = [
    "simulate_session",
    "simulate_long_session",
    "long_session_spec",
    "SimulatedSession",
    "SessionSpec",
    "SetSpec",
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
