"""WitMotion BLE 5.0 IMUs (WT901BLECL, BWT901BLECL5.0, WT9011DCL) — sans-IO codec.

Facts and sources: ``shared/protocols/witmotion.md`` (vendor SDKs SDK-PY/SDK-AND/SDK-IOS, the
WIT register map REG, datasheet DS).

GATT (full 128-bit UUIDs; note the ``…9a34fb`` base, *not* the SIG ``…9b34fb`` base):

- service ``0000ffe5-0000-1000-8000-00805f9a34fb``
- notify  ``0000ffe4-0000-1000-8000-00805f9a34fb`` (sensor → host, 20-byte packets)
- write   ``0000ffe9-0000-1000-8000-00805f9a34fb`` (host → sensor, ``FF AA reg lo hi``)

Notify stream: 20-byte packets ``55 61`` (data) or ``55 71`` (register reply), no checksum, and
packets may be split or merged across notifications, so :class:`WitmotionDecoder` buffers and
re-synchronises on the two header bytes, as the vendor parsers do.

``55 61`` payload: 9 × int16 LE — acc x,y,z (× 16/32768 → g), gyro x,y,z (× 2000/32768 → deg/s),
angle roll, pitch, yaw (× 180/32768 → deg). The ±16 g / ±2000 deg/s scales are fixed in every
vendor SDK (they never read the range registers 0x20/0x21); we follow them, so do not change
those registers. Packets carry **no timestamp**: samples come out with ``t_s=None`` and the
device layer reconstructs time from the configured rate.

Sheet notes followed here: the iOS SDK's byte reversal is ignored (forward order, as SDK-PY/AND);
unlock is always sent before a register write (SDK-AND omits it; it costs nothing); the
magnetometer stays in raw counts (sources disagree on its unit); the unverified claim of 22-byte
``55 71`` replies is not supported.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Union

from ._common import ImuSample, Vec3, i16x3, scale3
from .errors import ProtocolError

SERVICE_UUID = "0000ffe5-0000-1000-8000-00805f9a34fb"
NOTIFY_CHAR_UUID = "0000ffe4-0000-1000-8000-00805f9a34fb"
WRITE_CHAR_UUID = "0000ffe9-0000-1000-8000-00805f9a34fb"

PACKET_SIZE = 20
HEADER = 0x55
FLAG_DATA = 0x61
FLAG_REGISTER = 0x71
ACC_SCALE_G = 16.0 / 32768.0  #: g per count
GYRO_SCALE_DPS = 2000.0 / 32768.0  #: deg/s per count
ANGLE_SCALE_DEG = 180.0 / 32768.0  #: deg per count

REG_SAVE = 0x00
REG_CALSW = 0x01
REG_RRATE = 0x03  #: output rate code, see RATE_CODES
REG_READADDR = 0x27
REG_MAG_X = 0x3A  #: HX, HY, HZ at 0x3A..0x3C (raw counts)
REG_TEMP = 0x40  #: raw / 100 → °C (SDK-IOS)
REG_QUAT_0 = 0x51  #: Q0..Q3 at 0x51..0x54, raw / 32768
REG_BATTERY = 0x64  #: raw / 100 → V (BLE SDKs; REG calls it REFROLL on serial devices)
REG_KEY = 0x69
UNLOCK_KEY = 0xB588

#: Output-rate register values (REG 0x03), Hz → code. 125 Hz (0x0A) is "only WT931" and left out.
RATE_CODES: dict[float, int] = {
    0.2: 0x01, 0.5: 0x02, 1: 0x03, 2: 0x04, 5: 0x05, 10: 0x06, 20: 0x07, 50: 0x08, 100: 0x09,
    200: 0x0B,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class WitmotionData:
    """A ``55 61`` packet: the IMU sample (t_s=None, ±16 g, ±2000 deg/s) and the device's angles.

    angle_deg: (roll about x, pitch about y, yaw about z) in degrees from the on-board filter.
    """

    sample: ImuSample
    angle_deg: Vec3


@dataclass(frozen=True, slots=True, kw_only=True)
class RegisterReply:
    """A ``55 71`` packet: 8 consecutive registers from ``start_register`` (signed int16 each)."""

    start_register: int
    values: tuple[int, ...]

    def value(self, register: int) -> int:
        """Raw signed value of ``register``; KeyError if this reply does not cover it."""
        i = register - self.start_register
        if not 0 <= i < len(self.values):
            raise KeyError(f"register 0x{register:02x} not in this reply")
        return self.values[i]


WitmotionEvent = Union[WitmotionData, RegisterReply]


class NeedData:
    """Sentinel type: :meth:`WitmotionDecoder.next_event` needs more bytes (use ``NEED_DATA``)."""

    def __repr__(self) -> str:
        return "NEED_DATA"


NEED_DATA = NeedData()


def parse_packet(packet: bytes) -> WitmotionEvent:
    """Decode exactly one 20-byte packet (``55 61 …`` or ``55 71 …``)."""
    packet = bytes(packet)
    if len(packet) != PACKET_SIZE or packet[0] != HEADER or packet[1] not in (FLAG_DATA,
                                                                             FLAG_REGISTER):
        raise ProtocolError("not a 20-byte 55 61 / 55 71 WitMotion packet", packet)
    if packet[1] == FLAG_REGISTER:
        start = packet[2] | packet[3] << 8
        return RegisterReply(start_register=start, values=struct.unpack_from("<8h", packet, 4))
    sample = ImuSample(t_s=None, acc_g=scale3(i16x3(packet, 2), ACC_SCALE_G),
                       gyro_dps=scale3(i16x3(packet, 8), GYRO_SCALE_DPS), seq=None)
    return WitmotionData(sample=sample, angle_deg=scale3(i16x3(packet, 14), ANGLE_SCALE_DEG))


class WitmotionDecoder:
    """Reassembles packets from notification bytes, re-syncing on ``55 61`` / ``55 71``.

    h11 style: :meth:`receive_data` only buffers, :meth:`next_event` returns one event or
    ``NEED_DATA``; :meth:`feed` does both and returns every complete event. Bytes that are not
    part of a packet are dropped and counted in ``discarded_bytes``. The buffer holds at most
    ``max_buffer_size`` undecoded bytes; going over raises :class:`ProtocolError` (only possible
    when the caller never drains events).
    """

    def __init__(self, max_buffer_size: int = 65536) -> None:
        self.max_buffer_size = max_buffer_size
        self.discarded_bytes = 0
        self._buf = bytearray()

    @property
    def pending_bytes(self) -> int:
        """Bytes buffered but not yet decoded."""
        return len(self._buf)

    def receive_data(self, data: bytes) -> None:
        """Append bytes from one notification (any split of the packet stream)."""
        if len(self._buf) + len(data) > self.max_buffer_size:
            raise ProtocolError(f"more than {self.max_buffer_size} undecoded bytes buffered",
                                bytes(data))
        self._buf += data

    def next_event(self) -> WitmotionEvent | NeedData:
        """The next decoded packet, or ``NEED_DATA`` until a whole packet is buffered."""
        buf = self._buf
        start = self._find_header()
        if start < 0:  # no header: keep a trailing 0x55, which may start the next packet
            keep = 1 if buf[-1:] == b"\x55" else 0
            self._discard(len(buf) - keep)
            return NEED_DATA
        self._discard(start)
        if len(buf) < PACKET_SIZE:
            return NEED_DATA
        packet = bytes(buf[:PACKET_SIZE])
        del buf[:PACKET_SIZE]
        return parse_packet(packet)

    def events(self) -> Iterator[WitmotionEvent]:
        """Yield decoded events until more data is needed."""
        while not isinstance(ev := self.next_event(), NeedData):
            yield ev

    def feed(self, data: bytes) -> list[WitmotionEvent]:
        """``receive_data`` then drain: all events completed by ``data``."""
        self.receive_data(data)
        return list(self.events())

    def _find_header(self) -> int:
        buf, i = self._buf, 0
        while (i := buf.find(b"\x55", i)) >= 0:
            if i + 1 < len(buf) and buf[i + 1] in (FLAG_DATA, FLAG_REGISTER):
                return i
            if i + 1 == len(buf):
                return -1
            i += 1
        return -1

    def _discard(self, n: int) -> None:
        if n:
            del self._buf[:n]
            self.discarded_bytes += n


# ----------------------------------------------------------------------------------- commands


def encode_write_register(register: int, value: int) -> bytes:
    """``FF AA reg lo hi``: write an unsigned 16-bit ``value`` (0..65535) to ``register``."""
    if not 0 <= register <= 0xFF or not 0 <= value <= 0xFFFF:
        raise ValueError("register must be 0..255 and value 0..65535")
    return bytes((0xFF, 0xAA, register, value & 0xFF, value >> 8))


def encode_unlock() -> bytes:
    """``FF AA 69 88 B5``: unlock register writes for about 10 s."""
    return encode_write_register(REG_KEY, UNLOCK_KEY)


def encode_save() -> bytes:
    """``FF AA 00 00 00``: persist the configuration."""
    return encode_write_register(REG_SAVE, 0x0000)


def encode_read_register(register: int) -> bytes:
    """``FF AA 27 reg 00``: ask for registers reg..reg+7 (reply ``55 71 reg 00 …``)."""
    return encode_write_register(REG_READADDR, register)


def encode_set_rate(rate_hz: float) -> bytes:
    """``FF AA 03 code 00`` for an output rate in Hz (one of :data:`RATE_CODES`, up to 200)."""
    if rate_hz not in RATE_CODES:
        raise ValueError(f"unsupported rate {rate_hz} Hz; choose one of {sorted(RATE_CODES)}")
    return encode_write_register(REG_RRATE, RATE_CODES[rate_hz])


def set_rate_commands(rate_hz: float) -> list[bytes]:
    """The vendor sequence unlock → set rate → save; wait ~100 ms between the writes."""
    return [encode_unlock(), encode_set_rate(rate_hz), encode_save()]


def _counts(values: Vec3, per_count: float) -> tuple[int, int, int]:
    c = [max(-32768, min(32767, round(v / per_count))) for v in values]
    return (c[0], c[1], c[2])


def encode_data_packet(acc_g: Vec3, gyro_dps: Vec3, angle_deg: Vec3 = (0.0, 0.0, 0.0)) -> bytes:
    """A ``55 61`` packet for a simulated sensor (g, deg/s, deg; quantised and saturated)."""
    return bytes((HEADER, FLAG_DATA)) + struct.pack(
        "<9h", *_counts(acc_g, ACC_SCALE_G), *_counts(gyro_dps, GYRO_SCALE_DPS),
        *_counts(angle_deg, ANGLE_SCALE_DEG))


def encode_register_reply(start_register: int, values: tuple[int, ...]) -> bytes:
    """A ``55 71`` packet for a simulated sensor: up to 8 signed int16 values, zero-padded."""
    if len(values) > 8:
        raise ValueError("a register reply carries at most 8 values")
    padded = tuple(values) + (0,) * (8 - len(values))
    return bytes((HEADER, FLAG_REGISTER)) + struct.pack("<H8h", start_register, *padded)


# ------------------------------------------------------------------------ register conversions


def quaternion_from_reply(reply: RegisterReply) -> tuple[float, float, float, float]:
    """(w, x, y, z) from a reply covering 0x51..0x54 (raw / 32768)."""
    return tuple(reply.value(REG_QUAT_0 + i) / 32768.0 for i in range(4))  # type: ignore[return-value]


def temperature_c_from_reply(reply: RegisterReply) -> float:
    """Temperature in °C from a reply covering 0x40 (raw / 100, SDK-IOS)."""
    return reply.value(REG_TEMP) / 100.0


def battery_v_from_reply(reply: RegisterReply) -> float:
    """Battery voltage in V from a reply covering 0x64 (raw / 100, SDK-AND/IOS)."""
    return reply.value(REG_BATTERY) / 100.0


def mag_counts_from_reply(reply: RegisterReply) -> tuple[int, int, int]:
    """Magnetic field HX, HY, HZ in raw counts (unit disputed between sources; see module doc)."""
    return (reply.value(REG_MAG_X), reply.value(REG_MAG_X + 1), reply.value(REG_MAG_X + 2))
