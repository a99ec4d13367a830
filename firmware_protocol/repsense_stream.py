"""repsense stream protocol v1 — repsense's own open BLE protocol for DIY IMU boards.

Sans-IO: bytes in → typed frames/replies out, commands → bytes out. The full specification
(byte tables, state machine, hex examples) is ``docs/protocol.md``; this module is its reference
implementation and the tests check the examples printed there.

GATT (custom 128-bit UUIDs; the tail spells ASCII ``REPSENSE-IMU``):

- service  ``72730001-5245-5053-454e-53452d494d55``
- data     ``72730002-5245-5053-454e-53452d494d55``  Notify — data frames, device → host
- control  ``72730003-5245-5053-454e-53452d494d55``  Write (with response) + Indicate —
  commands host → device, replies device → host

All multi-byte fields are little-endian. No application CRC: the BLE link layer already protects
every PDU with a CRC-24 and retransmits until acknowledged, so a notification arrives intact or
not at all; loss is detected with the frame sequence number and the sensor timestamp.

Data frame (one per notification) = 8-byte header + n × 12-byte samples:

====== ====== ==========================================================================
offset type   field
====== ====== ==========================================================================
0      u8     bits 7..4 protocol version (1); bits 3..0 config id (echo of the active config)
1      u8     n, samples in this frame (≥ 1); the frame is exactly 8 + 12·n bytes
2      u16    seq, frame counter; 0 for the first frame after START, +1 per frame, wraps
4      u32    t0, sensor clock in µs at the first sample; free-running, wraps after 2^32 µs
8+12i  6×i16  sample i: acc x, y, z, gyro x, y, z in counts
====== ====== ==========================================================================

Units: acc_g = counts × acc_range_g / 32768; gyro_dps = counts × gyro_range_dps / 32768, with the
ranges of the active configuration (see :class:`StreamConfig`). Sample i was taken at
t0 + i × period_us. A 20-byte ATT payload (minimum MTU 23) holds one sample; an MTU of 247 holds
19 (:func:`max_samples_per_frame`).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Union

from ._common import ImuSample, exact, need
from .errors import ProtocolError

SERVICE_UUID = "72730001-5245-5053-454e-53452d494d55"
DATA_CHAR_UUID = "72730002-5245-5053-454e-53452d494d55"
CONTROL_CHAR_UUID = "72730003-5245-5053-454e-53452d494d55"

PROTOCOL_VERSION = 1
HEADER_SIZE = 8  #: bytes before the first sample of a data frame
SAMPLE_SIZE = 12  #: bytes per sample (6 × int16)
MAX_SAMPLES_PER_FRAME = 255  #: limited by the u8 count; the ATT MTU usually limits it first
ACC_RANGES_G: tuple[int, ...] = (2, 4, 8, 16)  #: bit i of the INFO acc bitmap ↔ entry i
GYRO_RANGES_DPS: tuple[int, ...] = (125, 250, 500, 1000, 2000)  #: bit i of the gyro bitmap
REPLY_FLAG = 0x80  #: set in byte 0 of every reply (reply opcode = command opcode | 0x80)
SEQ_MODULUS = 1 << 16
CLOCK_MODULUS = 1 << 32  #: the µs clock wraps after 4294.967296 s (about 71.6 min)


class Opcode(IntEnum):
    """Command opcodes (byte 0 of a control write)."""

    GET_INFO = 0x01  #: → InfoReply
    GET_CONFIG = 0x02  #: → ConfigReply
    SET_CONFIG = 0x03  #: → ConfigReply with the configuration actually applied
    START = 0x04  #: → Ack; data frames follow, seq restarts at 0
    STOP = 0x05  #: → Ack; no data frame is sent after the Ack


class Status(IntEnum):
    """Status byte of a reply."""

    OK = 0
    UNKNOWN_OPCODE = 1
    INVALID_LENGTH = 2
    INVALID_PARAMETER = 3  #: unsupported range, rate 0 or out of [min_rate_hz, max_rate_hz]
    BUSY = 4  #: SET_CONFIG while streaming
    SENSOR_ERROR = 5  #: the IMU did not respond


# --------------------------------------------------------------------------------- value types


@dataclass(frozen=True, slots=True, kw_only=True)
class StreamConfig:
    """The configuration that applies to data frames carrying ``config_id``.

    rate_hz: nominal output data rate the device applied (Hz, integer).
    acc_range_g: accelerometer full scale ± g (one of :data:`ACC_RANGES_G`).
    gyro_range_dps: gyroscope full scale ± deg/s (one of :data:`GYRO_RANGES_DPS`).
    period_us: actual sample period of the sensor clock in µs (e.g. 9615 for a 104 Hz ODR).
    config_id: 0..15, incremented (mod 16) by the device on every successful SET_CONFIG.
    """

    rate_hz: int
    acc_range_g: int
    gyro_range_dps: int
    period_us: int
    config_id: int = 0


@dataclass(frozen=True, slots=True)
class GetInfo:
    token: int = 0


@dataclass(frozen=True, slots=True)
class GetConfig:
    token: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class SetConfig:
    """Ask for a rate (Hz) and ranges (± g, ± deg/s); the device replies with what it applied."""

    rate_hz: int
    acc_range_g: int
    gyro_range_dps: int
    token: int = 0


@dataclass(frozen=True, slots=True)
class Start:
    token: int = 0


@dataclass(frozen=True, slots=True)
class Stop:
    token: int = 0


Command = Union[GetInfo, GetConfig, SetConfig, Start, Stop]


@dataclass(frozen=True, slots=True, kw_only=True)
class InfoReply:
    """Answer to GET_INFO. ``name`` is truncated by the device to fit the ATT MTU."""

    protocol_version: int
    firmware_version: tuple[int, int, int]
    acc_ranges_g: tuple[int, ...]
    gyro_ranges_dps: tuple[int, ...]
    min_rate_hz: int
    max_rate_hz: int
    name: str
    token: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ConfigReply:
    """Successful answer to GET_CONFIG or SET_CONFIG (``opcode`` says which)."""

    opcode: Opcode
    config: StreamConfig
    token: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Ack:
    """Successful answer to START or STOP."""

    opcode: Opcode
    token: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class CommandFailed:
    """Any reply whose status is not OK (it carries no payload)."""

    opcode: int
    status: Status
    token: int = 0


Reply = Union[InfoReply, ConfigReply, Ack, CommandFailed]


@dataclass(frozen=True, slots=True, kw_only=True)
class DataFrame:
    """A data frame as on the wire (raw counts: 6-tuples acc x,y,z, gyro x,y,z)."""

    seq: int
    t0_us: int
    samples: tuple[tuple[int, int, int, int, int, int], ...]
    config_id: int = 0
    version: int = PROTOCOL_VERSION


@dataclass(frozen=True, slots=True, kw_only=True)
class DecodedFrame:
    """A data frame in physical units, with loss detected against the previous frame.

    t0_s: sensor time of the first sample (s), unwrapped so it never decreases.
    lost_frames: frames missing between the previous frame and this one (counted mod 2^16).
    lost_samples: samples missing, from the sensor clock (exact for gaps under 71.6 min); it also
        counts samples the device dropped internally (FIFO overrun) with no frame missing.
    """

    seq: int
    t0_s: float
    samples: tuple[ImuSample, ...]
    lost_frames: int
    lost_samples: int


class NotConfiguredError(ProtocolError):
    """A data frame arrived before the decoder saw a configuration (GET/SET_CONFIG reply)."""


class ConfigMismatchError(ProtocolError):
    """A data frame's config id differs from the configuration the decoder holds."""


# ------------------------------------------------------------------------------------ encoders


def max_samples_per_frame(att_mtu: int) -> int:
    """Samples that fit in one notification for a negotiated ATT MTU (payload = MTU − 3)."""
    return max(0, min(MAX_SAMPLES_PER_FRAME, (att_mtu - 3 - HEADER_SIZE) // SAMPLE_SIZE))


def encode_command(cmd: Command) -> bytes:
    """Bytes the host writes to the control characteristic."""
    if isinstance(cmd, SetConfig):
        return struct.pack("<BBHBH", Opcode.SET_CONFIG, cmd.token, cmd.rate_hz,
                           cmd.acc_range_g, cmd.gyro_range_dps)
    ops = {GetInfo: Opcode.GET_INFO, GetConfig: Opcode.GET_CONFIG,
           Start: Opcode.START, Stop: Opcode.STOP}
    if type(cmd) not in ops:
        raise TypeError(f"not a repsense command: {cmd!r}")
    return bytes((ops[type(cmd)], cmd.token))


def _bitmap(values: Sequence[int], table: Sequence[int]) -> int:
    return sum(1 << table.index(v) for v in set(values))


def _config_payload(c: StreamConfig) -> bytes:
    return struct.pack("<BHBHI", c.config_id, c.rate_hz, c.acc_range_g, c.gyro_range_dps,
                       c.period_us)


def encode_reply(reply: Reply) -> bytes:
    """Bytes the device indicates on the control characteristic (used by the simulated device)."""
    if isinstance(reply, CommandFailed):
        return bytes((reply.opcode | REPLY_FLAG, reply.token, reply.status))
    if isinstance(reply, InfoReply):
        head = struct.pack("<BBB4BBBHH", Opcode.GET_INFO | REPLY_FLAG, reply.token, Status.OK,
                           reply.protocol_version, *reply.firmware_version,
                           _bitmap(reply.acc_ranges_g, ACC_RANGES_G),
                           _bitmap(reply.gyro_ranges_dps, GYRO_RANGES_DPS),
                           reply.min_rate_hz, reply.max_rate_hz)
        return head + reply.name.encode("utf-8")
    if isinstance(reply, ConfigReply):
        return bytes((reply.opcode | REPLY_FLAG, reply.token, Status.OK)) + _config_payload(
            reply.config)
    return bytes((reply.opcode | REPLY_FLAG, reply.token, Status.OK))


def encode_data_frame(frame: DataFrame) -> bytes:
    """Bytes of one data notification (used by the simulated device and tests)."""
    n = len(frame.samples)
    if not 1 <= n <= MAX_SAMPLES_PER_FRAME:
        raise ValueError(f"a frame holds 1..{MAX_SAMPLES_PER_FRAME} samples, got {n}")
    head = struct.pack("<BBHI", (frame.version << 4) | (frame.config_id & 0x0F), n,
                       frame.seq % SEQ_MODULUS, frame.t0_us % CLOCK_MODULUS)
    return head + b"".join(struct.pack("<6h", *s) for s in frame.samples)


def counts_from_physical(acc_g: Sequence[float], gyro_dps: Sequence[float],
                         config: StreamConfig) -> tuple[int, int, int, int, int, int]:
    """Quantise one sample (g, deg/s) to wire counts for ``config``, saturating at int16."""

    def q(v: float, full_scale: int) -> int:
        return max(-32768, min(32767, round(v * 32768 / full_scale)))

    a = [q(v, config.acc_range_g) for v in acc_g]
    g = [q(v, config.gyro_range_dps) for v in gyro_dps]
    return (a[0], a[1], a[2], g[0], g[1], g[2])


# ------------------------------------------------------------------------------------ decoders


def parse_command(data: bytes) -> Command:
    """Parse a control write (device side, used by the simulated device)."""
    data = bytes(data)
    need(data, 2, "command")
    op, token = data[0], data[1]
    if op == Opcode.SET_CONFIG:
        exact(data, 7, "SET_CONFIG")
        _, _, rate, acc, gyro = struct.unpack("<BBHBH", data)
        return SetConfig(rate_hz=rate, acc_range_g=acc, gyro_range_dps=gyro, token=token)
    simple = {Opcode.GET_INFO: GetInfo, Opcode.GET_CONFIG: GetConfig,
              Opcode.START: Start, Opcode.STOP: Stop}
    if op not in simple:
        raise ProtocolError(f"unknown opcode 0x{op:02x}", data)
    exact(data, 2, Opcode(op).name)
    return simple[Opcode(op)](token)


def _unbitmap(bits: int, table: Sequence[int]) -> tuple[int, ...]:
    return tuple(v for i, v in enumerate(table) if bits >> i & 1)


def _parse_config(data: bytes) -> StreamConfig:
    cid, rate, acc, gyro, period = struct.unpack_from("<BHBHI", data, 3)
    if cid > 0x0F or acc not in ACC_RANGES_G or gyro not in GYRO_RANGES_DPS or period == 0 \
            or rate == 0:
        raise ProtocolError("config reply: field out of range", data)
    return StreamConfig(rate_hz=rate, acc_range_g=acc, gyro_range_dps=gyro, period_us=period,
                        config_id=cid)


def parse_reply(data: bytes) -> Reply:
    """Parse one control indication (host side)."""
    data = bytes(data)
    need(data, 3, "reply")
    if not data[0] & REPLY_FLAG:
        raise ProtocolError("reply without the 0x80 reply flag", data)
    op, token, status_byte = data[0] & 0x7F, data[1], data[2]
    try:
        status = Status(status_byte)
    except ValueError:
        raise ProtocolError(f"unknown status {status_byte}", data) from None
    if op not in Opcode._value2member_map_:
        raise ProtocolError(f"reply to unknown opcode 0x{op:02x}", data)
    opcode = Opcode(op)
    if status is not Status.OK:
        exact(data, 3, "error reply")
        return CommandFailed(opcode=opcode, status=status, token=token)
    if opcode is Opcode.GET_INFO:
        need(data, 13, "INFO reply")
        pv, ma, mi, pa, accb, gyrb, rmin, rmax = struct.unpack_from("<4BBBHH", data, 3)
        try:
            name = data[13:].decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolError("INFO reply: device name is not UTF-8", data) from None
        return InfoReply(protocol_version=pv, firmware_version=(ma, mi, pa),
                         acc_ranges_g=_unbitmap(accb, ACC_RANGES_G),
                         gyro_ranges_dps=_unbitmap(gyrb, GYRO_RANGES_DPS),
                         min_rate_hz=rmin, max_rate_hz=rmax, name=name, token=token)
    if opcode in (Opcode.GET_CONFIG, Opcode.SET_CONFIG):
        exact(data, 13, "CONFIG reply")
        return ConfigReply(opcode=opcode, config=_parse_config(data), token=token)
    exact(data, 3, f"{opcode.name} reply")
    return Ack(opcode=opcode, token=token)


def parse_data_frame(data: bytes) -> DataFrame:
    """Parse one data notification into raw counts (stateless)."""
    data = bytes(data)
    need(data, HEADER_SIZE, "data frame")
    vc, n, seq, t0 = struct.unpack_from("<BBHI", data, 0)
    if vc >> 4 != PROTOCOL_VERSION:
        raise ProtocolError(f"unsupported protocol version {vc >> 4}", data)
    if n == 0:
        raise ProtocolError("data frame with 0 samples", data)
    exact(data, HEADER_SIZE + SAMPLE_SIZE * n, f"data frame with {n} samples")
    samples = tuple(struct.iter_unpack("<6h", data[HEADER_SIZE:]))
    return DataFrame(seq=seq, t0_us=t0, samples=samples,  # type: ignore[arg-type]
                     config_id=vc & 0x0F)


class RepsenseStreamDecoder:
    """Host-side state: the active configuration, sequence tracking, clock unwrapping.

    Feed every control indication to :meth:`receive_control` (successful config replies install
    the configuration, a START ack restarts sequence tracking) and every data notification to
    :meth:`receive_data`. ``config`` may be given up front (e.g. from a stored GET_CONFIG).
    Errors are :class:`ProtocolError` (or a subclass); the decoder state is unchanged by a
    rejected frame.
    """

    def __init__(self, config: StreamConfig | None = None) -> None:
        self.config = config
        self._last_seq: int | None = None
        self._next_t_us: int | None = None  # expected unwrapped t0 of the next frame
        self._last_raw_t: int | None = None
        self._t_unwrapped: int = 0  # unwrapped µs of the last frame's t0

    def reset(self) -> None:
        """Forget sequence tracking (call on START/reconnect); sensor time stays monotonic."""
        self._last_seq = None
        self._next_t_us = None

    def receive_control(self, data: bytes) -> Reply:
        """Parse a control indication and update the decoder state from it."""
        reply = parse_reply(data)
        if isinstance(reply, ConfigReply):
            self.config = reply.config
        elif isinstance(reply, Ack) and reply.opcode is Opcode.START:
            self.reset()
        return reply

    def receive_data(self, data: bytes) -> DecodedFrame:
        """Decode one data notification into samples in g and deg/s with sensor time (s)."""
        frame = parse_data_frame(data)
        cfg = self.config
        if cfg is None:
            raise NotConfiguredError("data frame before any configuration reply", bytes(data))
        if frame.config_id != cfg.config_id:
            raise ConfigMismatchError(
                f"frame config id {frame.config_id} != active config id {cfg.config_id}",
                bytes(data))
        if self._last_raw_t is None:
            t_us = frame.t0_us
        else:
            t_us = self._t_unwrapped + (frame.t0_us - self._last_raw_t) % CLOCK_MODULUS
        lost_frames = 0 if self._last_seq is None else (frame.seq - self._last_seq - 1) % SEQ_MODULUS
        lost_samples = 0
        if self._next_t_us is not None:
            lost_samples = max(0, round((t_us - self._next_t_us) / cfg.period_us))
        self._last_seq, self._last_raw_t, self._t_unwrapped = frame.seq, frame.t0_us, t_us
        n = len(frame.samples)
        self._next_t_us = t_us + n * cfg.period_us
        ka, kg = cfg.acc_range_g / 32768.0, cfg.gyro_range_dps / 32768.0
        samples = tuple(
            ImuSample(t_s=(t_us + i * cfg.period_us) * 1e-6,
                      acc_g=(s[0] * ka, s[1] * ka, s[2] * ka),
                      gyro_dps=(s[3] * kg, s[4] * kg, s[5] * kg), seq=frame.seq)
            for i, s in enumerate(frame.samples))
        return DecodedFrame(seq=frame.seq, t0_s=t_us * 1e-6, samples=samples,
                            lost_frames=lost_frames, lost_samples=lost_samples)
