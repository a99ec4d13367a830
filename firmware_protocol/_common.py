"""Shared value types and byte helpers for the codecs (private; import from ``firmware_protocol``)."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from .errors import ProtocolError

Vec3 = tuple[float, float, float]


@dataclass(frozen=True, slots=True, kw_only=True)
class ImuSample:
    """One decoded IMU sample in repsense units, sensor frame.

    t_s: sensor time in seconds (monotonic, from the device's own clock), or ``None`` when the
        protocol carries no timestamp (WitMotion): the device layer then reconstructs time
        from the configured rate.
    acc_g: specific force (x, y, z) in g, sensor frame; ``None`` if the packet had no fresh accel.
    gyro_dps: angular rate (x, y, z) in deg/s, sensor frame; ``None`` if absent (e.g. Polar H10).
    seq: sequence number of the notification/frame that carried the sample (repsense stream:
        the 16-bit frame counter), ``None`` when the protocol has none.
    """

    t_s: float | None
    acc_g: Vec3 | None
    gyro_dps: Vec3 | None
    seq: int | None = None


def need(data: bytes, n: int, what: str) -> None:
    """Raise :class:`ProtocolError` unless ``data`` has at least ``n`` bytes."""
    if len(data) < n:
        raise ProtocolError(f"{what}: need {n} bytes, got {len(data)}", data)


def exact(data: bytes, n: int, what: str) -> None:
    """Raise :class:`ProtocolError` unless ``data`` has exactly ``n`` bytes."""
    if len(data) != n:
        raise ProtocolError(f"{what}: need exactly {n} bytes, got {len(data)}", data)


def i16x3(data: bytes, offset: int) -> tuple[int, int, int]:
    """Three little-endian int16 values starting at ``offset``."""
    a, b, c = struct.unpack_from("<3h", data, offset)
    return (a, b, c)


def scale3(raw: tuple[int, int, int], factor: float) -> Vec3:
    """Multiply each of three raw counts by ``factor``."""
    return (raw[0] * factor, raw[1] * factor, raw[2] * factor)
