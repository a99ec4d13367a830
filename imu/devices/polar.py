"""Polar PMD (Verity Sense, H10): driver and simulated devices.

Driver
------
* Verity Sense: enter SDK mode (``02 09``), then for ACC and GYRO: GET settings → START with the
  available rate nearest the request (26/52/104/208/416 Hz), 16 bit, ±16 g (or the largest
  offered) / ±2000 deg/s, 3 channels. The START reply's FACTOR scales the delta frames.
* H10: ACC only (25/50/100/200 Hz, ±8 g). **No gyroscope**: refused with
  :class:`UnsupportedSensorError` unless ``allow_missing_gyro=True``; then gyro is written as
  0.0 deg/s and ``has_gyro`` is False (the stream's consumer must record that; gyro-based
  analysis — rest detection, orientation — is not meaningful on H10 data).
* Times: the sensor's ns clock. Per-sample times follow the SDK (interpolated between frame
  timestamps) unless a frame's spacing says samples were lost; then they are back-filled from
  the frame timestamp at the measured period and the gap is reported.
* ACC and GYRO arrive in separate frames with their own timestamps: the output is on the
  accelerometer timeline, gyro linearly interpolated at each accelerometer time. Accelerometer
  samples wait (at most ``max_gyro_wait_s``) until gyro data covers them; accelerometer samples
  taken before the first gyro sample of the stream are dropped.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING, Callable

import numpy as np

from firmware_protocol import polar_pmd as pmd
from firmware_protocol.errors import ProtocolError

from ..simulated_device import GattCharacteristic, GattService, GattWriteRejected
from ..timestamps import SensorTimeline
from ._base import ConfigurationError, DriverOutput, PacketGrid, SensorDriver, SensorKind, UnsupportedSensorError

if TYPE_CHECKING:  # pragma: no cover
    from ..transport import Transport

__all__ = ["PolarDriver", "PolarPeripheral", "make_driver", "make_peripheral"]

ACC, GYRO, SDK = pmd.MeasurementType.ACC, pmd.MeasurementType.GYRO, pmd.MeasurementType.SDK_MODE
ST = pmd.SettingType
HR_SERVICE_UUID = "0000180d-0000-1000-8000-00805f9b34fb"


def _nearest(want: float, options: tuple[int | float, ...]) -> int:
    return int(min(options, key=lambda v: (abs(v - want), -v)))


class PolarDriver(SensorDriver):
    kind = SensorKind.POLAR_SENSE

    def __init__(self, rate_hz: float, *, kind: SensorKind = SensorKind.POLAR_SENSE,
                 allow_missing_gyro: bool = False, acc_range_g: int = 16,
                 gyro_range_dps: int = 2000, max_gyro_wait_s: float = 0.5) -> None:
        super().__init__(rate_hz)
        self.kind = kind  # type: ignore[misc]
        if kind is SensorKind.POLAR_H10 and not allow_missing_gyro:
            raise UnsupportedSensorError(kind.value, "no gyroscope; pass allow_missing_gyro=True "
                                         "to stream acceleration with gyro = 0")
        self.has_gyro = kind is not SensorKind.POLAR_H10  # type: ignore[misc]
        self.acc_range_g, self.gyro_range_dps = acc_range_g, gyro_range_dps
        self.max_gyro_wait_s = max_gyro_wait_s
        self.decoder = pmd.PmdDecoder()
        self._rates: dict[int, int] = {}
        self._prev_ts: dict[int, int] = {}
        self._period_ns: dict[int, float] = {}
        self._origin_ns: int | None = None
        self._timeline: SensorTimeline | None = None
        self._acc_t = np.empty(0)
        self._acc_v = np.empty((0, 3))
        self._gyr_t = np.empty(0)
        self._gyr_v = np.empty((0, 3))
        self._gyro_started = False

    @property
    def notify_uuids(self) -> tuple[str, ...]:
        return (pmd.CONTROL_POINT_UUID, pmd.DATA_UUID)

    def on_connected(self) -> None:
        self.decoder = pmd.PmdDecoder()
        self._prev_ts.clear()

    async def _cp(self, transport: "Transport", data: bytes, mtype: int) -> pmd.ControlPointResponse:
        reply = await self._request(transport, pmd.CONTROL_POINT_UUID, data, (data[0], mtype))
        assert isinstance(reply, pmd.ControlPointResponse)
        if not reply.ok and reply.status is not pmd.ErrorCode.ALREADY_IN_STATE:
            raise ConfigurationError(f"{self.kind.value}: {data.hex(' ')} refused: {reply.status.name}")
        return reply

    async def _start(self, transport: "Transport", mtype: pmd.MeasurementType, range_want: int) -> None:
        avail = (await self._cp(transport, pmd.encode_get_settings(mtype), int(mtype))).settings()
        rate = _nearest(self.rate_hz, avail.get(ST.SAMPLE_RATE, (int(self.rate_hz),)))  # type: ignore[arg-type]
        settings: dict[pmd.SettingType, int | float] = {ST.SAMPLE_RATE: rate}
        if ST.RESOLUTION in avail:
            settings[ST.RESOLUTION] = int(max(avail[ST.RESOLUTION]))
        if ST.RANGE in avail:
            ranges = avail[ST.RANGE]
            bigger = [r for r in ranges if r >= range_want]
            settings[ST.RANGE] = int(min(bigger) if bigger else max(ranges))
        if ST.CHANNELS in avail:
            settings[ST.CHANNELS] = 3
        self._rates[int(mtype)] = rate
        self._period_ns.setdefault(int(mtype), 1e9 / rate)
        await self._cp(transport, self.decoder.start_command(mtype, settings), int(mtype))

    async def configure(self, transport: "Transport") -> None:
        if self.has_gyro:
            await self._cp(transport, pmd.encode_start(SDK, {}), int(SDK))
        await self._start(transport, ACC, self.acc_range_g)
        if self.has_gyro:
            await self._start(transport, GYRO, self.gyro_range_dps)
        self.actual_rate_hz = float(self._rates[int(ACC)])
        if self._timeline is None:
            self._timeline = SensorTimeline(1.0 / self.actual_rate_hz, origin_s=0.0)

    def _times(self, mtype: int, samples: pmd.PmdSamples) -> np.ndarray:
        """Per-sample ns, SDK interpolation unless the frame spacing reveals a gap."""
        ts = np.array(samples.timestamps_ns, dtype=np.int64)
        n, last = len(ts), int(ts[-1])
        prev = self._prev_ts.get(mtype)
        period = self._period_ns.get(mtype, 1e9 / max(self._rates.get(mtype, 50), 1))
        if prev is not None:
            spacing = (last - prev) / n
            if abs(spacing - period) <= 0.25 * period:
                self._period_ns[mtype] = 0.95 * period + 0.05 * spacing
            else:  # lost frames (or a restart): back-fill from the frame's own timestamp
                ts = last - np.round(period * np.arange(n - 1, -1, -1)).astype(np.int64)
        self._prev_ts[mtype] = last
        return ts

    def on_notification(self, char_uuid: str, data: bytes, arrival_s: float) -> list[DriverOutput]:
        try:
            if char_uuid.lower() == pmd.CONTROL_POINT_UUID:
                msg = self.decoder.receive_control(data)
                if isinstance(msg, pmd.ControlPointResponse):
                    self._replies.deliver((msg.op_code, msg.measurement_type & 0x3F), msg)
                return []
            samples = self.decoder.receive_data(data)
        except ProtocolError as err:
            self._malformed(data, err)
            return []
        mtype = int(samples.measurement_type)
        if mtype not in (int(ACC), int(GYRO)) or not samples.values:
            return []
        ts_ns = self._times(mtype, samples)
        if self._origin_ns is None:
            if mtype != int(ACC):
                return []  # the timeline starts with the first accelerometer sample
            self._origin_ns = int(ts_ns[0])
        t = (ts_ns - self._origin_ns) * 1e-9
        vals = np.asarray(samples.values, float)
        if mtype == int(GYRO):
            self._gyro_started = True
            newer = t > (self._gyr_t[-1] if self._gyr_t.size else -np.inf)
            self._gyr_t = np.concatenate([self._gyr_t, t[newer]])
            self._gyr_v = np.concatenate([self._gyr_v, vals[newer]])
        else:
            self._acc_t = np.concatenate([self._acc_t, t])
            self._acc_v = np.concatenate([self._acc_v, vals])
        return self._merge(force=False)

    def _merge(self, force: bool) -> list[DriverOutput]:
        if self._acc_t.size == 0:
            return []
        if not self.has_gyro:
            n = self._acc_t.size
            gyro = np.zeros((n, 3))
        else:
            if self._gyr_t.size == 0:
                if force:
                    self._acc_t, self._acc_v = np.empty(0), np.empty((0, 3))
                return []
            # drop accelerometer samples from before the gyro stream started
            if self._timeline is not None and self._timeline.last_t is None:
                start = int(np.searchsorted(self._acc_t, self._gyr_t[0]))
                self._acc_t, self._acc_v = self._acc_t[start:], self._acc_v[start:]
                if self._acc_t.size == 0:
                    return []
            stale = float(self._acc_t[-1] - self._gyr_t[-1]) > self.max_gyro_wait_s
            covered = int(np.count_nonzero(self._acc_t <= self._gyr_t[-1]))
            n = self._acc_t.size if (force or stale) else covered
            if n == 0:
                return []
            gyro = np.column_stack([np.interp(self._acc_t[:n], self._gyr_t, self._gyr_v[:, i]) for i in range(3)])
            keep_from = max(0, np.searchsorted(self._gyr_t, self._acc_t[n - 1]) - 1)
            self._gyr_t, self._gyr_v = self._gyr_t[keep_from:], self._gyr_v[keep_from:]
        t_sensor, acc = self._acc_t[:n], self._acc_v[:n]
        self._acc_t, self._acc_v = self._acc_t[n:], self._acc_v[n:]
        assert self._timeline is not None
        t, lost = self._timeline.push(t_sensor)
        return [DriverOutput(t=t, acc=acc, gyro=gyro, lost_before=lost)]

    def on_link_lost(self) -> list[DriverOutput]:
        super().on_link_lost()
        if self._timeline is None:
            return []
        return self._merge(force=True)


# ------------------------------------------------------------------------- simulated device

POLAR_EPOCH_2019_NS = 599_616_000_000_000_000  #: where an H10/Verity clock starts after reset


def _tlv(settings: dict[int, tuple[int, ...]]) -> bytes:
    fmt = {0: "<H", 1: "<H", 2: "<H", 4: "<B", 5: "<f"}
    return b"".join(bytes((t, len(v))) + b"".join(struct.pack(fmt[t], x) for x in v) for t, v in settings.items())


def encode_delta_frame(counts: np.ndarray) -> bytes:
    """Content of a compressed type-0 frame: 16-bit reference sample, then one delta block."""
    counts = np.asarray(counts, dtype=np.int64)
    out = struct.pack("<3h", *counts[0])
    if len(counts) > 1:
        d = np.diff(counts, axis=0)
        bits = max(2, int(max(int(np.max(d)), -int(np.min(d)) - 1, 0)).bit_length() + 1)
        stream, pos = 0, 0
        for v in d.reshape(-1):
            stream |= (int(v) & ((1 << bits) - 1)) << pos
            pos += bits
        out += bytes((bits, len(d))) + stream.to_bytes((pos + 7) // 8, "little")
    return out


class PolarPeripheral:
    """Device side of a Verity Sense (SDK mode: ACC + GYRO delta frames with FACTOR) or an
    H10 (ACC raw int16 mG frames). Streams stop on disconnect, as on the real devices."""

    def __init__(self, kind: SensorKind = SensorKind.POLAR_SENSE, *, frame_s: float = 0.07) -> None:
        self.kind = kind.value
        self.h10 = kind is SensorKind.POLAR_H10
        self.default_name = "Polar H10 5A1B2C3D" if self.h10 else "Polar Sense B5C6D7E8"
        self.advertised_service_uuids = (HR_SERVICE_UUID, pmd.SERVICE_UUID)
        self.gatt = (GattService(pmd.SERVICE_UUID, (
            GattCharacteristic(pmd.CONTROL_POINT_UUID, ("read", "write", "indicate")),
            GattCharacteristic(pmd.DATA_UUID, ("notify",)),
        )),)
        self.frame_s = frame_s
        self.sdk_mode = False
        self._streams: dict[int, tuple[PacketGrid, float]] = {}  # type -> (grid, factor)
        self._first_origin: float | None = None

    @property
    def grid_origin_s(self) -> float | None:
        return self._first_origin

    def _available(self, mtype: int) -> dict[int, tuple[int, ...]] | None:
        if self.h10:
            return {0: (25, 50, 100, 200), 1: (16,), 2: (2, 4, 8), 4: (3,)} if mtype == ACC else None
        if not self.sdk_mode:
            return {0: (52,), 1: (16,), 2: (8,), 4: (3,)} if mtype == ACC else (
                {0: (52,), 1: (16,), 2: (2000,), 4: (3,)} if mtype == GYRO else None)
        if mtype == ACC:
            return {0: (26, 52, 104, 208, 416), 1: (16,), 2: (2, 4, 8, 16), 4: (3,)}
        if mtype == GYRO:
            return {0: (26, 52, 104, 208, 416), 1: (16,), 2: (250, 500, 1000, 2000), 4: (3,)}
        return None

    def on_connect(self, now_s: float) -> None:
        pass

    def on_link_down(self, now_s: float) -> None:
        self._streams.clear()
        self.sdk_mode = False

    def on_subscribe(self, char_uuid: str, now_s: float) -> list[tuple[str, bytes]]:
        return []

    def on_write(self, char_uuid: str, data: bytes, now_s: float) -> list[tuple[str, bytes]]:
        if char_uuid != pmd.CONTROL_POINT_UUID or len(data) < 2:
            raise GattWriteRejected("write not permitted")
        op, mtype = data[0], data[1] & 0x3F

        def reply(status: int, params: bytes = b"") -> list[tuple[str, bytes]]:
            return [(pmd.CONTROL_POINT_UUID, bytes((0xF0, op, data[1], status, 0)) + params)]

        if op == pmd.ControlOp.GET_MEASUREMENT_SETTINGS:
            avail = self._available(mtype)
            return reply(0, _tlv(avail)) if avail else reply(pmd.ErrorCode.NOT_SUPPORTED)
        if op == pmd.ControlOp.REQUEST_MEASUREMENT_START:
            if mtype == SDK and not self.h10:
                self.sdk_mode = True
                return reply(0)
            avail = self._available(mtype)
            if avail is None:
                return reply(pmd.ErrorCode.NOT_SUPPORTED)
            if mtype in self._streams:
                return reply(pmd.ErrorCode.ALREADY_IN_STATE)
            req = pmd.parse_settings(data[2:])
            rate = int(req.get(ST.SAMPLE_RATE, (0,))[0])
            rng = int(req.get(ST.RANGE, (avail[2][-1],))[0])
            if rate not in avail[0]:
                return reply(pmd.ErrorCode.INVALID_SAMPLE_RATE)
            if rng not in avail[2]:
                return reply(pmd.ErrorCode.INVALID_RANGE)
            per = max(1, int(round(rate * self.frame_s * (1.0 if mtype == ACC else 1.3))))
            grid = PacketGrid(float(rate), now_s + 1.0 / rate, per_packet=per)
            if self._first_origin is None and mtype == ACC:
                self._first_origin = grid.origin_s
            factor = rng / 32768.0
            self._streams[mtype] = (grid, factor)
            return reply(0, b"" if self.h10 else _tlv({5: (factor,)}))  # type: ignore[dict-item]
        if op == pmd.ControlOp.STOP_MEASUREMENT:
            self._streams.pop(mtype, None)
            return reply(0)
        return reply(pmd.ErrorCode.INVALID_OP_CODE)

    def next_due_s(self) -> float | None:
        dues = [g.due_s() for g, _ in self._streams.values()]
        return min(dues) if dues else None

    def produce(
        self, until_s: float, values: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
    ) -> list[tuple[float, str, bytes]]:
        out = []
        for mtype, (grid, factor) in self._streams.items():
            for ts, acc, gyro in grid.take_rows(until_s, values):
                ts_ns = POLAR_EPOCH_2019_NS + int(round(ts[-1] * 1e9))
                head = bytes((mtype,)) + struct.pack("<Q", ts_ns)
                if self.h10:
                    mg = np.clip(np.round(acc * 1000), -32768, 32767).astype(int)
                    body = bytes((0x01,)) + b"".join(struct.pack("<3h", *row) for row in mg)
                else:
                    phys = acc if mtype == ACC else gyro
                    counts = np.clip(np.round(phys / factor), -32768, 32767).astype(np.int64)
                    body = bytes((0x80,)) + encode_delta_frame(counts)
                out.append((float(ts[-1]), pmd.DATA_UUID, head + body))
        out.sort(key=lambda p: p[0])
        return out


def make_driver(kind: SensorKind, rate_hz: float, **options: object) -> PolarDriver:
    return PolarDriver(rate_hz, kind=kind, **options)  # type: ignore[arg-type]


def make_peripheral(kind: SensorKind, **options: object) -> PolarPeripheral:
    return PolarPeripheral(kind, **options)  # type: ignore[arg-type]
