"""Nordic Thingy:52 motion service (TMS) — raw-data and config characteristics, sans-IO.

Facts and sources: ``shared/protocols/thingy52.md`` (Nordic firmware FW-DOC/FW-H/FW-C/FW-M/FW-D).

GATT: base ``EF68xxxx-9B35-4933-9B10-52FFA9740042``; motion service 0x0400, config 0x0401
(Read/Write, 9 bytes), quaternion 0x0404, raw data 0x0406 (Notify, 18 bytes), Euler 0x0407.
Streaming starts when notifications are enabled on the characteristic.

Raw data 0x0406, little-endian int16 × 9: acc x,y,z **6Q10 g** (/1024), gyro x,y,z **11Q5 deg/s**
(/32), compass x,y,z **12Q4 µT** (/16). These are the firmware's scales (FW-DOC, FW-M, which the
fact sheet marks authoritative); Nordic's JS and iOS libraries use other, wrong divisors and the
Android library mislabels the compass axes — we follow the firmware: compass x, y, z at offsets
12, 14, 16. The firmware sends 0,0,0 for a part with no fresh data (the compass is read every
500 ms by default), so an all-zero triplet decodes to ``None`` ("missing"). Packets carry no
timestamp (``t_s=None``): the device layer reconstructs time from ``motion_freq_hz``.
Values saturate at the firmware clamp (acc ±32 g, gyro ±1024 deg/s, compass ±2048 µT).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from ._common import ImuSample, Vec3, exact, i16x3, scale3
from .errors import ProtocolError


def thingy_uuid(short: int) -> str:
    """Full 128-bit UUID for a 16-bit Thingy value, e.g. 0x0406 → ``ef680406-…``."""
    return f"ef68{short:04x}-9b35-4933-9b10-52ffa9740042"


MOTION_SERVICE_UUID = thingy_uuid(0x0400)
CONFIG_CHAR_UUID = thingy_uuid(0x0401)
QUATERNION_CHAR_UUID = thingy_uuid(0x0404)
RAW_DATA_CHAR_UUID = thingy_uuid(0x0406)
EULER_CHAR_UUID = thingy_uuid(0x0407)

RAW_SIZE = 18
CONFIG_SIZE = 9
ACC_SCALE_G = 1.0 / 1024  #: 6Q10
GYRO_SCALE_DPS = 1.0 / 32  #: 11Q5
COMPASS_SCALE_UT = 1.0 / 16  #: 12Q4


@dataclass(frozen=True, slots=True, kw_only=True)
class ThingyRawData:
    """One raw-data notification: the IMU sample (t_s=None) and the compass in µT (or None)."""

    sample: ImuSample
    compass_ut: Vec3 | None


def _triplet(raw: tuple[int, int, int], scale: float) -> Vec3 | None:
    return None if raw == (0, 0, 0) else scale3(raw, scale)


def parse_raw(data: bytes) -> ThingyRawData:
    """Decode an 18-byte raw-data notification (0x0406)."""
    data = bytes(data)
    exact(data, RAW_SIZE, "Thingy raw data")
    sample = ImuSample(t_s=None, acc_g=_triplet(i16x3(data, 0), ACC_SCALE_G),
                       gyro_dps=_triplet(i16x3(data, 6), GYRO_SCALE_DPS))
    return ThingyRawData(sample=sample, compass_ut=_triplet(i16x3(data, 12), COMPASS_SCALE_UT))


def _counts(v: Vec3 | None, scale: float) -> tuple[int, int, int]:
    if v is None:
        return (0, 0, 0)
    c = [max(-32768, min(32767, round(x / scale))) for x in v]
    return (c[0], c[1], c[2])


def encode_raw(acc_g: Vec3 | None, gyro_dps: Vec3 | None, compass_ut: Vec3 | None) -> bytes:
    """An 18-byte raw-data notification for a simulated Thingy (``None`` → 0,0,0, saturating)."""
    return struct.pack("<9h", *_counts(acc_g, ACC_SCALE_G), *_counts(gyro_dps, GYRO_SCALE_DPS),
                       *_counts(compass_ut, COMPASS_SCALE_UT))


class Thingy52Decoder:
    """Raw-data decoder: one sample per notification (stateless apart from a counter).

    ``received`` counts decoded notifications; the Thingy has no sequence number, so loss cannot
    be detected here.
    """

    def __init__(self) -> None:
        self.received = 0

    def receive_data(self, data: bytes) -> ThingyRawData:
        """Decode one notification from the raw-data characteristic (0x0406)."""
        out = parse_raw(data)
        self.received += 1
        return out


# ------------------------------------------------------------------------------------ config


@dataclass(frozen=True, slots=True, kw_only=True)
class MotionConfig:
    """Config characteristic 0x0401 (kept in flash by the device).

    step_interval_ms: step-counter interval, 100–5000 ms.
    temp_comp_interval_ms: temperature-compensation interval, 100–5000 ms.
    mag_comp_interval_ms: magnetometer-compensation interval, 100–1000 ms.
    motion_freq_hz: motion-processing (and raw notification) rate, 5–200 Hz.
    wake_on_motion: True = on (FW-DOC; FW-H's comments on the limits are swapped).
    """

    step_interval_ms: int = 1000
    temp_comp_interval_ms: int = 500
    mag_comp_interval_ms: int = 500
    motion_freq_hz: int = 10
    wake_on_motion: bool = True


DEFAULT_CONFIG = MotionConfig()  #: the firmware default (MOTION_DEFAULT_CONFIG)
_LIMITS = {"step_interval_ms": (100, 5000), "temp_comp_interval_ms": (100, 5000),
           "mag_comp_interval_ms": (100, 1000), "motion_freq_hz": (5, 200)}


def _out_of_range(cfg: MotionConfig) -> str | None:
    for name, (lo, hi) in _LIMITS.items():
        if not lo <= getattr(cfg, name) <= hi:
            return f"{name}={getattr(cfg, name)} outside {lo}..{hi}"
    return None


def encode_config(cfg: MotionConfig) -> bytes:
    """The 9 bytes to write to 0x0401; ValueError if a field is out of the firmware's range
    (the device would reject the write with ATT "write not permitted")."""
    problem = _out_of_range(cfg)
    if problem:
        raise ValueError(problem)
    return struct.pack("<4HB", cfg.step_interval_ms, cfg.temp_comp_interval_ms,
                       cfg.mag_comp_interval_ms, cfg.motion_freq_hz, int(cfg.wake_on_motion))


def parse_config(data: bytes) -> MotionConfig:
    """Decode a read of 0x0401 (exactly 9 bytes, every field in range)."""
    data = bytes(data)
    exact(data, CONFIG_SIZE, "Thingy motion config")
    step, temp, mag, freq, wom = struct.unpack("<4HB", data)
    if wom > 1:
        raise ProtocolError(f"wake-on-motion byte {wom} is not 0 or 1", data)
    cfg = MotionConfig(step_interval_ms=step, temp_comp_interval_ms=temp,
                       mag_comp_interval_ms=mag, motion_freq_hz=freq, wake_on_motion=bool(wom))
    problem = _out_of_range(cfg)
    if problem:
        raise ProtocolError(problem, data)
    return cfg


# --------------------------------------------------------------------- other motion outputs


def parse_quaternion(data: bytes) -> tuple[float, float, float, float]:
    """Quaternion 0x0404: (w, x, y, z) from int32 2Q30 (/2^30)."""
    data = bytes(data)
    exact(data, 16, "Thingy quaternion")
    w, x, y, z = struct.unpack("<4i", data)
    return (w / 2**30, x / 2**30, y / 2**30, z / 2**30)


def parse_euler(data: bytes) -> Vec3:
    """Euler 0x0407: (roll, pitch, yaw) in degrees from int32 16Q16 (/65536)."""
    data = bytes(data)
    exact(data, 12, "Thingy Euler angles")
    r, p, y = struct.unpack("<3i", data)
    return (r / 65536, p / 65536, y / 65536)
