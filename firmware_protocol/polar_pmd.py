"""Polar Measurement Data (PMD) service — H10 (ACC) and Verity Sense (ACC, GYRO, MAG), sans-IO.

Facts and sources: ``shared/protocols/polar-pmd.md`` (Polar BLE SDK code, unit tests and
documents: CLIENT, TYPES, SETTING, FRAME, ACC, GYR, TS, TIME).

GATT: service ``fb005c80-02e7-f387-1cad-8acd2d8df0c8``; control point (CP, Read/Write/Indicate)
``fb005c81-…``; data (Notify) ``fb005c82-…``. Enable both CP indications and data notifications
before writing a command; negotiate a large MTU first (frames are never split).

Data frame: ``[type][u64 LE timestamp ns since 2000-01-01 (Polar epoch, device wall clock)]
[frame type: bit7 compressed][content]``. The timestamp belongs to the **last** sample; earlier
samples are interpolated from the previous frame's timestamp (or the sample rate for the first
frame), exactly as the SDK does (``PmdTimeStampUtils``, half-even rounding). ``t_s`` of the
samples is that timestamp in seconds (still on the Polar epoch).

Units (after :func:`decode_frame`, per the fact sheet's frame table):

- ACC raw 0x00/0x01/0x02 (int8/16/24): mG → g = value / 1000 (H10 streams 0x01). No FACTOR.
- ACC compressed 0x80: value × FACTOR = g (Verity, FACTOR ≈ 2.44e-4 at ±8 g).
- ACC compressed 0x81: mG (× FACTOR only if FACTOR ≠ 1) → / 1000 g.
- GYRO 0x80: value × FACTOR = deg/s; GYRO 0x81: float32 bit patterns (× FACTOR if ≠ 1) deg/s.
- MAG 0x80: value × FACTOR = gauss (not an ImuSample: see :class:`PmdSamples`).

Disagreements followed as the sheet recommends: delta size/count are read right after the
reference sample (code, not ONLINE §4.3.2); the data header carries a 64-bit timestamp (not an
"8-bit ring counter"); the TLV parser knows every width (types 0–6) and rejects unknown types;
reference samples are sign-extended from ``resolution`` bits; FACTOR comes from the START reply.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Union

from ._common import ImuSample, Vec3, need
from .errors import ProtocolError

SERVICE_UUID = "fb005c80-02e7-f387-1cad-8acd2d8df0c8"
CONTROL_POINT_UUID = "fb005c81-02e7-f387-1cad-8acd2d8df0c8"
DATA_UUID = "fb005c82-02e7-f387-1cad-8acd2d8df0c8"
POLAR_EPOCH_UNIX_NS = 946_684_800_000_000_000  #: add to a PMD timestamp to get Unix ns
RESPONSE_CODE = 0xF0
ONLINE_MEASUREMENT_STOPPED = 0x01
FEATURE_READ_CODE = 0x0F


class MeasurementType(IntEnum):
    ECG = 0
    PPG = 1
    ACC = 2
    PPI = 3
    GYRO = 5
    MAG = 6
    SKIN_TEMP = 7
    SDK_MODE = 9
    LOCATION = 10
    PRESSURE = 11
    TEMPERATURE = 12
    OFFLINE_RECORDING = 13
    OFFLINE_HR = 14


class ControlOp(IntEnum):
    GET_MEASUREMENT_SETTINGS = 0x01
    REQUEST_MEASUREMENT_START = 0x02
    STOP_MEASUREMENT = 0x03
    GET_SDK_MODE_MEASUREMENT_SETTINGS = 0x04
    GET_MEASUREMENT_STATUS = 0x05
    GET_SDK_MODE_STATUS = 0x06


class ErrorCode(IntEnum):
    SUCCESS = 0
    INVALID_OP_CODE = 1
    INVALID_MEASUREMENT_TYPE = 2
    NOT_SUPPORTED = 3
    INVALID_LENGTH = 4
    INVALID_PARAMETER = 5
    ALREADY_IN_STATE = 6
    INVALID_RESOLUTION = 7
    INVALID_SAMPLE_RATE = 8
    INVALID_RANGE = 9
    INVALID_MTU = 10
    INVALID_NUMBER_OF_CHANNELS = 11
    INVALID_STATE = 12
    DEVICE_IN_CHARGER = 13
    DISK_FULL = 14


class SettingType(IntEnum):
    SAMPLE_RATE = 0  #: Hz, u16
    RESOLUTION = 1  #: bits, u16
    RANGE = 2  #: ± g or ± deg/s, u16
    RANGE_MILLIUNIT = 3  #: i32
    CHANNELS = 4  #: u8
    FACTOR = 5  #: float32 conversion factor, sent by the device in the START reply
    SECURITY = 6  #: 16 bytes (offline recording; kept as an int)


_SETTING_FORMAT = {0: "<H", 1: "<H", 2: "<H", 3: "<i", 4: "<B", 5: "<f", 6: "16s"}
Settings = dict[SettingType, tuple[Union[int, float], ...]]

# --------------------------------------------------------------------------- control point


def parse_settings(data: bytes) -> Settings:
    """Parse settings TLVs ``[type][count][count × value LE]…`` (GET reply or START reply)."""
    data, out, off = bytes(data), {}, 0
    while off < len(data):
        need(data, off + 2, "settings TLV header")
        t, count = data[off], data[off + 1]
        if t not in _SETTING_FORMAT:
            raise ProtocolError(f"unknown setting type {t}: cannot skip it", data)
        fmt = _SETTING_FORMAT[t]
        width = struct.calcsize(fmt)
        need(data, off + 2 + width * count, f"setting type {t}")
        vals = []
        for i in range(count):
            (v,) = struct.unpack_from(fmt, data, off + 2 + width * i)
            vals.append(int.from_bytes(v, "little") if isinstance(v, bytes) else v)
        out[SettingType(t)] = tuple(vals)
        off += 2 + width * count
    return out


def encode_settings(settings: Mapping[SettingType, int | float]) -> bytes:
    """One TLV per setting with count 1, in the mapping's order (START request parameters)."""
    parts = []
    for t, v in settings.items():
        fmt = _SETTING_FORMAT[int(t)]
        body = v.to_bytes(16, "little") if fmt == "16s" else struct.pack(fmt, v)  # type: ignore[union-attr]
        parts.append(bytes((int(t), 1)) + body)
    return b"".join(parts)


def _request_byte(mtype: MeasurementType, offline: bool) -> int:
    return int(mtype) | (0x80 if offline else 0)


def encode_get_settings(mtype: MeasurementType, *, offline: bool = False) -> bytes:
    """``01 <type>``: ask which settings ``mtype`` supports."""
    return bytes((ControlOp.GET_MEASUREMENT_SETTINGS, _request_byte(mtype, offline)))


def encode_start(mtype: MeasurementType, settings: Mapping[SettingType, int | float], *,
                 offline: bool = False) -> bytes:
    """``02 <type> <TLVs>``: start streaming ``mtype`` with one value per chosen setting."""
    return bytes((ControlOp.REQUEST_MEASUREMENT_START, _request_byte(mtype, offline))) + \
        encode_settings(settings)


def encode_stop(mtype: MeasurementType) -> bytes:
    """``03 <type>``: stop streaming ``mtype`` (the H10 stays on until its streams stop)."""
    return bytes((ControlOp.STOP_MEASUREMENT, int(mtype)))


@dataclass(frozen=True, slots=True, kw_only=True)
class ControlPointResponse:
    """A CP indication ``F0 op type status [more] [params]``; ``parameters`` joined across parts."""

    op_code: int
    measurement_type: int
    status: ErrorCode
    more: bool
    parameters: bytes

    @property
    def ok(self) -> bool:
        return self.status is ErrorCode.SUCCESS

    def settings(self) -> Settings:
        """The parameters parsed as settings TLVs."""
        return parse_settings(self.parameters)


@dataclass(frozen=True, slots=True)
class MeasurementStopped:
    """Device-initiated CP message ``01 <types…>``: these online streams stopped."""

    measurement_types: tuple[int, ...]


def parse_control_point(data: bytes) -> ControlPointResponse | MeasurementStopped:
    """Parse one CP indication (a single part; see :class:`PmdDecoder` for ``more``)."""
    data = bytes(data)
    need(data, 1, "CP message")
    if data[0] == ONLINE_MEASUREMENT_STOPPED:
        return MeasurementStopped(tuple(data[1:]))
    if data[0] != RESPONSE_CODE:
        raise ProtocolError(f"unknown CP message code 0x{data[0]:02x}", data)
    need(data, 4, "CP response")
    try:
        status = ErrorCode(data[3])
    except ValueError:
        raise ProtocolError(f"unknown CP status {data[3]}", data) from None
    return ControlPointResponse(op_code=data[1], measurement_type=data[2], status=status,
                                more=len(data) > 4 and data[4] != 0, parameters=data[5:])


def parse_features(data: bytes) -> frozenset[MeasurementType]:
    """The measurement types in a CP *read* (``0F <bitmap lo> <bitmap hi>``)."""
    data = bytes(data)
    need(data, 3, "CP feature read")
    if data[0] != FEATURE_READ_CODE:
        raise ProtocolError("CP feature read does not start with 0x0F", data)
    bits = data[1] | data[2] << 8  # bit n ↔ measurement type n (byte 2 bit 1 = SDK_MODE 9)
    return frozenset(m for m in MeasurementType if bits >> m & 1)


# ------------------------------------------------------------------------------- data frames


@dataclass(frozen=True, slots=True, kw_only=True)
class PmdFrame:
    """A data notification split into its header fields and undecoded content."""

    measurement_type: int  #: low 6 bits of byte 0
    timestamp_ns: int  #: ns since 2000-01-01 (device wall clock) of the frame's last sample
    frame_type: int  #: byte 9 (bit 7 set = compressed/delta frame)
    content: bytes

    @property
    def compressed(self) -> bool:
        return bool(self.frame_type & 0x80)


@dataclass(frozen=True, slots=True, kw_only=True)
class PmdSamples:
    """Decoded samples of one frame.

    values: (x, y, z) per sample in g (ACC), deg/s (GYRO) or gauss (MAG).
    timestamps_ns: per-sample ns since the Polar epoch; the last equals the frame timestamp.
    """

    measurement_type: MeasurementType
    timestamps_ns: tuple[int, ...]
    values: tuple[Vec3, ...]

    def imu_samples(self) -> tuple[ImuSample, ...]:
        """As :class:`ImuSample` (acc or gyro filled, the other ``None``); not for MAG."""
        if self.measurement_type is MeasurementType.ACC:
            return tuple(ImuSample(t_s=t * 1e-9, acc_g=v, gyro_dps=None)
                         for t, v in zip(self.timestamps_ns, self.values))
        if self.measurement_type is MeasurementType.GYRO:
            return tuple(ImuSample(t_s=t * 1e-9, acc_g=None, gyro_dps=v)
                         for t, v in zip(self.timestamps_ns, self.values))
        raise ValueError(f"{self.measurement_type.name} samples are not IMU samples")


def parse_data_frame(data: bytes) -> PmdFrame:
    """Split a data notification into header and content (stateless)."""
    data = bytes(data)
    need(data, 10, "PMD data frame")
    (ts,) = struct.unpack_from("<Q", data, 1)
    return PmdFrame(measurement_type=data[0] & 0x3F, timestamp_ns=ts, frame_type=data[9],
                    content=data[10:])


def _sign_extend(v: int, bits: int) -> int:
    return v - (1 << bits) if bits and v >> (bits - 1) & 1 else v


def delta_decode(content: bytes, *, channels: int, resolution: int) -> list[list[int]]:
    """Decode a delta-compressed frame's content into integer samples (reference first).

    Reference sample: ``channels`` × ceil(resolution/8) bytes LE, sign-extended from
    ``resolution`` bits. Then blocks ``[delta_bits][count][packed deltas]``, LSB-first bit
    stream, sample-major; deltas are sign-extended and summed per channel.
    """
    width = (resolution + 7) // 8
    need(content, width * channels, "delta frame reference sample")
    prev = [_sign_extend(int.from_bytes(content[c * width:(c + 1) * width], "little"),
                         resolution) for c in range(channels)]
    out, off = [prev], width * channels
    while off < len(content):
        need(content, off + 2, "delta block header")
        bits, count = content[off], content[off + 1]
        if bits > 32:
            raise ProtocolError(f"delta size {bits} bits is over 32", content)
        nbytes = (bits * channels * count + 7) // 8
        need(content, off + 2 + nbytes, "delta block")
        stream = int.from_bytes(content[off + 2:off + 2 + nbytes], "little")
        off += 2 + nbytes
        mask, pos = (1 << bits) - 1, 0
        for _ in range(count):
            cur = []
            for c in range(channels):
                cur.append(prev[c] + _sign_extend(stream >> pos & mask, bits))
                pos += bits
            out.append(cur)
            prev = cur
    return out


def _raw_samples(content: bytes, width: int) -> list[list[int]]:
    step = 3 * width
    if len(content) % step:
        raise ProtocolError(f"raw frame length {len(content)} is not a multiple of {step}",
                            content)
    return [[int.from_bytes(content[i + c * width:i + (c + 1) * width], "little", signed=True)
             for c in range(3)] for i in range(0, len(content), step)]


def _float_bits(v: int) -> float:
    return struct.unpack("<f", struct.pack("<I", v & 0xFFFFFFFF))[0]  # type: ignore[no-any-return]


def decode_values(frame: PmdFrame, factor: float = 1.0) -> tuple[Vec3, ...]:
    """Frame content → (x, y, z) in g (ACC), deg/s (GYRO) or gauss (MAG); see the module doc."""
    m, ft = frame.measurement_type, frame.frame_type
    if m == MeasurementType.ACC and ft in (0x00, 0x01, 0x02):
        return tuple((x / 1000, y / 1000, z / 1000)
                     for x, y, z in _raw_samples(frame.content, ft + 1))
    if m in (MeasurementType.ACC, MeasurementType.GYRO, MeasurementType.MAG) and ft == 0x80:
        k = factor
        return tuple((x * k, y * k, z * k)
                     for x, y, z in delta_decode(frame.content, channels=3, resolution=16))
    if m == MeasurementType.ACC and ft == 0x81:
        k = factor / 1000  # mG × FACTOR (FACTOR is 1.0 unless the START reply gave one)
        return tuple((x * k, y * k, z * k)
                     for x, y, z in delta_decode(frame.content, channels=3, resolution=16))
    if m == MeasurementType.GYRO and ft == 0x81:
        k = factor
        return tuple((_float_bits(x) * k, _float_bits(y) * k, _float_bits(z) * k)
                     for x, y, z in delta_decode(frame.content, channels=3, resolution=32))
    raise ProtocolError(f"unsupported frame: measurement type {m}, frame type 0x{ft:02x}",
                        frame.content)


def _round_div(num: int, den: int) -> int:
    """num/den rounded half to even (Kotlin ``round`` / Python ``round``), exactly."""
    q, r = divmod(num, den)
    return q + 1 if 2 * r > den or (2 * r == den and q & 1) else q


def sample_timestamps(ts_ns: int, n: int, *, previous_ns: int | None,
                      sample_rate_hz: int | None) -> tuple[int, ...]:
    """Per-sample timestamps (ns) for a frame of ``n`` samples whose last sample is at ``ts_ns``.

    With the previous frame's timestamp ``p``: sample i at round(p + (ts − p)·(i+1)/n).
    Without it: sample i at round(ts − 1e9·(n−1−i)/rate).
    """
    if previous_ns is not None:
        return tuple(_round_div(previous_ns * n + (ts_ns - previous_ns) * (i + 1), n)
                     for i in range(n))
    if not sample_rate_hz:
        raise ProtocolError("first frame of a stream and no sample rate known")
    return tuple(_round_div(ts_ns * sample_rate_hz - 10**9 * (n - 1 - i), sample_rate_hz)
                 for i in range(n))


class PmdDecoder:
    """Host-side PMD state: pending multi-part CP responses, FACTOR and sample rate per
    measurement type, previous frame timestamp per (type, frame type).

    Use :meth:`start_command` to build START requests (it remembers the sample rate), feed CP
    indications to :meth:`receive_control` and data notifications to :meth:`receive_data`.
    """

    def __init__(self) -> None:
        self.factors: dict[int, float] = {}
        self.sample_rates: dict[int, int] = {}
        self._previous_ts: dict[tuple[int, int], int] = {}
        self._partial: ControlPointResponse | None = None

    def start_command(self, mtype: MeasurementType,
                      settings: Mapping[SettingType, int | float]) -> bytes:
        """``encode_start`` that also records SAMPLE_RATE for the first frame's timestamps."""
        if SettingType.SAMPLE_RATE in settings:
            self.sample_rates[int(mtype)] = int(settings[SettingType.SAMPLE_RATE])
        self._forget(int(mtype))
        return encode_start(mtype, settings)

    def _forget(self, mtype: int) -> None:
        for key in [k for k in self._previous_ts if k[0] == mtype]:
            del self._previous_ts[key]

    def receive_control(self, data: bytes) -> ControlPointResponse | MeasurementStopped | None:
        """Parse a CP indication; ``None`` while a multi-part (``more``) response is pending.

        A successful START response's FACTOR is stored for decoding; a STOP response or a
        MeasurementStopped message resets timestamp interpolation for those types.
        """
        msg = parse_control_point(data)
        if isinstance(msg, MeasurementStopped):
            for t in msg.measurement_types:
                self._forget(t & 0x3F)
            return msg
        if self._partial is not None:
            msg = ControlPointResponse(
                op_code=self._partial.op_code, measurement_type=self._partial.measurement_type,
                status=self._partial.status, more=msg.more,
                parameters=self._partial.parameters + msg.parameters)
        if msg.more:
            self._partial = msg
            return None
        self._partial = None
        mtype = msg.measurement_type & 0x3F
        if msg.ok and msg.op_code == ControlOp.REQUEST_MEASUREMENT_START:
            factor = msg.settings().get(SettingType.FACTOR)
            if factor:
                self.factors[mtype] = float(factor[0])
        if msg.op_code == ControlOp.STOP_MEASUREMENT:
            self._forget(mtype)
        return msg

    def receive_data(self, data: bytes) -> PmdSamples:
        """Decode one data notification into values and per-sample timestamps."""
        frame = parse_data_frame(data)
        try:
            mtype = MeasurementType(frame.measurement_type)
        except ValueError:
            raise ProtocolError(f"unknown measurement type {frame.measurement_type}",
                                bytes(data)) from None
        values = decode_values(frame, self.factors.get(mtype, 1.0))
        key = (int(mtype), frame.frame_type)
        times = sample_timestamps(frame.timestamp_ns, len(values),
                                  previous_ns=self._previous_ts.get(key),
                                  sample_rate_hz=self.sample_rates.get(int(mtype)))
        self._previous_ts[key] = frame.timestamp_ns
        return PmdSamples(measurement_type=mtype, timestamps_ns=times, values=values)
