"""repsense-altsim: an independent second IMU simulator for deadlift sessions.

Written without looking at the project's own simulator or analysis, to benchmark the analysis on
data it was not tuned on. Physics: world z up, g = 9.80665 m/s^2, specific force
f_s = R_ws^T (a - g_vec) in g, angular rate in deg/s, both in a randomly mounted sensor frame.

Modules (one job each): rotations, shapes, profiles (velocity profiles), lift (one rep of the
load), plan (session plan), track (fine-grid trajectory builder), truth, bar_motion / bar_idle /
bar_session (bar placement), body / back_lift / back_activities / back_session (upper-back
placement), kinematics (ideal IMU signals), sensor (device errors), link (clean / BLE delivery),
session (top level), recording (CSV + truth files), selfcheck (physics checks).
"""

from .session import AltSession, Motion, render, simulate_motion, simulate_session

__all__ = ["AltSession", "Motion", "render", "simulate_motion", "simulate_session"]
