"""repsense stream protocol (docs/protocol.md): driver and simulated board.

Sample times come from the board's µs clock (``t0`` of each frame + i × ``period_us``); losses
from the clock gap between frames (this also covers the gap across a reconnection, where the
sequence counter restarts at 0).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import numpy as np

from firmware_protocol import repsense_stream as rs
from firmware_protocol.errors import ProtocolError

from ..simulated_device import GattCharacteristic, GattService
from ..timestamps import SensorTimeline
from ._base import ConfigurationError, DriverOutput, PacketGrid, SensorDriver, SensorKind

if TYPE_CHECKING:  # pragma: no cover
    from ..transport import Transport

__all__ = ["RepsenseDriver", "RepsensePeripheral", "make_driver", "make_peripheral"]


class RepsenseDriver(SensorDriver):
    """Host side: GET_INFO → SET_CONFIG(rate, ±acc_range_g, ±gyro_range_dps) → START."""

    kind = SensorKind.REPSENSE

    def __init__(self, rate_hz: float, *, acc_range_g: int = 16, gyro_range_dps: int = 2000) -> None:
        super().__init__(rate_hz)
        self.acc_range_g = acc_range_g
        self.gyro_range_dps = gyro_range_dps
        self.decoder = rs.RepsenseStreamDecoder()
        self.info: rs.InfoReply | None = None
        self._timeline: SensorTimeline | None = None
        self._token = 0

    @property
    def notify_uuids(self) -> tuple[str, ...]:
        return (rs.CONTROL_CHAR_UUID, rs.DATA_CHAR_UUID)

    def on_connected(self) -> None:
        self.decoder.reset()

    async def _cmd(self, transport: "Transport", cmd_type: Callable[..., rs.Command], **kw: int) -> rs.Reply:
        self._token = (self._token + 1) & 0xFF
        cmd = cmd_type(token=self._token, **kw)
        reply = await self._request(transport, rs.CONTROL_CHAR_UUID, rs.encode_command(cmd), self._token)
        assert isinstance(reply, (rs.InfoReply, rs.ConfigReply, rs.Ack, rs.CommandFailed))
        return reply

    async def configure(self, transport: "Transport") -> None:
        info = await self._cmd(transport, rs.GetInfo)
        if not isinstance(info, rs.InfoReply) or info.protocol_version != rs.PROTOCOL_VERSION:
            raise ConfigurationError(f"repsense: unsupported board reply to GET_INFO: {info!r}")
        self.info = info
        rate = int(round(min(max(self.rate_hz, info.min_rate_hz), info.max_rate_hz)))
        acc = _nearest_at_least(self.acc_range_g, info.acc_ranges_g)
        gyro = _nearest_at_least(self.gyro_range_dps, info.gyro_ranges_dps)
        for _attempt in range(2):
            reply = await self._cmd(transport, rs.SetConfig, rate_hz=rate, acc_range_g=acc, gyro_range_dps=gyro)
            if isinstance(reply, rs.CommandFailed) and reply.status is rs.Status.BUSY:
                await self._cmd(transport, rs.Stop)
                continue
            break
        if not isinstance(reply, rs.ConfigReply):
            raise ConfigurationError(f"repsense: SET_CONFIG refused: {reply!r}")
        self.actual_rate_hz = float(reply.config.rate_hz)
        period_s = reply.config.period_us * 1e-6
        if self._timeline is None:
            self._timeline = SensorTimeline(period_s)
        else:
            self._timeline.period_s = period_s
        ack = await self._cmd(transport, rs.Start)
        if not isinstance(ack, rs.Ack):
            raise ConfigurationError(f"repsense: START refused: {ack!r}")

    def on_notification(self, char_uuid: str, data: bytes, arrival_s: float) -> list[DriverOutput]:
        try:
            if char_uuid.lower() == rs.CONTROL_CHAR_UUID:
                reply = self.decoder.receive_control(data)
                self._replies.deliver(reply.token, reply)
                return []
            frame = self.decoder.receive_data(data)
        except ProtocolError as err:
            self._malformed(data, err)
            return []
        if self._timeline is None:  # config known to the decoder but configure() not finished
            self._timeline = SensorTimeline(self.decoder.config.period_us * 1e-6)  # type: ignore[union-attr]
        ts = np.array([s.t_s for s in frame.samples], float)
        t, lost = self._timeline.push(ts)
        acc = np.array([s.acc_g for s in frame.samples], float)
        gyro = np.array([s.gyro_dps for s in frame.samples], float)
        return [DriverOutput(t=t, acc=acc, gyro=gyro, lost_before=lost)]


def _nearest_at_least(want: int, available: tuple[int, ...]) -> int:
    if not available:
        return want
    bigger = [v for v in available if v >= want]
    return min(bigger) if bigger else max(available)


class RepsensePeripheral:
    """Device side of a repsense board (protocol v1), as the spec's state machine says.

    mtu: negotiated ATT MTU (limits samples per frame; frames are also sent every <= 50 ms).
    clock_offset_us: value of the µs clock at power-on (exercise the 32-bit wrap with a value
    near 2**32).
    sample_times_s: replay a recording's samples at their own times (s after its first), one
    frame each (every frame carries its own ``t0``), instead of on the configured rate's grid:
    a demo of a recording whose samples are not evenly spaced (a BLE link's) then streams exactly
    what the file holds. None: the configured rate.
    """

    kind = SensorKind.REPSENSE.value
    default_name = "RS-IMU"

    def __init__(
        self, *, mtu: int = 247, clock_offset_us: int = 3_000_000, name: str = "RS-IMU",
        sample_times_s: np.ndarray | None = None,
    ) -> None:
        self.advertised_service_uuids = (rs.SERVICE_UUID,)
        self.gatt = (
            GattService(
                rs.SERVICE_UUID,
                (
                    GattCharacteristic(rs.DATA_CHAR_UUID, ("notify",)),
                    GattCharacteristic(rs.CONTROL_CHAR_UUID, ("write", "indicate")),
                ),
            ),
        )
        self.mtu = mtu
        self.clock_offset_us = clock_offset_us
        self.name = name
        self.config = rs.StreamConfig(rate_hz=100, acc_range_g=16, gyro_range_dps=2000, period_us=10_000)
        self.sample_times_s = None if sample_times_s is None else np.asarray(sample_times_s, dtype=float)
        self._grid: PacketGrid | None = None
        self._first_origin: float | None = None
        self._seq = 0
        self._now = 0.0

    @property
    def rate_hz(self) -> float:
        return 1e6 / self.config.period_us

    @property
    def grid_origin_s(self) -> float | None:
        return self._first_origin

    def on_connect(self, now_s: float) -> None:
        self._now = now_s

    def on_link_down(self, now_s: float) -> None:
        self._grid = None  # "any | disconnect → IDLE"

    def on_subscribe(self, char_uuid: str, now_s: float) -> list[tuple[str, bytes]]:
        return []

    def on_write(self, char_uuid: str, data: bytes, now_s: float) -> list[tuple[str, bytes]]:
        if char_uuid != rs.CONTROL_CHAR_UUID:
            return []
        try:
            cmd = rs.parse_command(data)
        except ProtocolError:
            op = data[0] if data else 0
            return [(rs.CONTROL_CHAR_UUID, rs.encode_reply(rs.CommandFailed(opcode=op & 0x7F, status=rs.Status.UNKNOWN_OPCODE, token=data[1] if len(data) > 1 else 0)))]
        reply: rs.Reply
        if isinstance(cmd, rs.GetInfo):
            reply = rs.InfoReply(
                protocol_version=rs.PROTOCOL_VERSION, firmware_version=(0, 3, 1),
                acc_ranges_g=rs.ACC_RANGES_G, gyro_ranges_dps=rs.GYRO_RANGES_DPS,
                min_rate_hz=10, max_rate_hz=1000, name=self.name[: self.mtu - 3 - 10], token=cmd.token)
        elif isinstance(cmd, rs.GetConfig):
            reply = rs.ConfigReply(opcode=rs.Opcode.GET_CONFIG, config=self.config, token=cmd.token)
        elif isinstance(cmd, rs.SetConfig):
            if self._grid is not None:
                reply = rs.CommandFailed(opcode=rs.Opcode.SET_CONFIG, status=rs.Status.BUSY, token=cmd.token)
            elif (not 10 <= cmd.rate_hz <= 1000 or cmd.acc_range_g not in rs.ACC_RANGES_G
                  or cmd.gyro_range_dps not in rs.GYRO_RANGES_DPS):
                reply = rs.CommandFailed(opcode=rs.Opcode.SET_CONFIG, status=rs.Status.INVALID_PARAMETER, token=cmd.token)
            else:
                self.config = rs.StreamConfig(
                    rate_hz=cmd.rate_hz, acc_range_g=cmd.acc_range_g, gyro_range_dps=cmd.gyro_range_dps,
                    period_us=int(round(1e6 / cmd.rate_hz)), config_id=(self.config.config_id + 1) % 16)
                reply = rs.ConfigReply(opcode=rs.Opcode.SET_CONFIG, config=self.config, token=cmd.token)
        elif isinstance(cmd, rs.Start):
            if self._grid is None:
                period = self.config.period_us * 1e-6
                per_packet = max(1, min(rs.max_samples_per_frame(self.mtu), int(0.05 / period)))
                origin = now_s + period
                if self.sample_times_s is None:
                    self._grid = PacketGrid(1.0 / period, origin, per_packet=per_packet)
                else:
                    # the recording's own times, from the first origin on (after a reconnect,
                    # from the first sample not taken yet)
                    first = origin if self._first_origin is None else self._first_origin
                    k = int(np.searchsorted(self.sample_times_s, origin - first - 1e-9))
                    self._grid = PacketGrid(1.0 / period, first, next_k=k, sample_times_s=self.sample_times_s)
                if self._first_origin is None:
                    self._first_origin = origin
                self._seq = 0
            reply = rs.Ack(opcode=rs.Opcode.START, token=cmd.token)
        else:  # Stop
            self._grid = None
            reply = rs.Ack(opcode=rs.Opcode.STOP, token=cmd.token)
        return [(rs.CONTROL_CHAR_UUID, rs.encode_reply(reply))]

    def next_due_s(self) -> float | None:
        return None if self._grid is None else self._grid.due_s()

    def produce(
        self, until_s: float, values: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]
    ) -> list[tuple[float, str, bytes]]:
        if self._grid is None:
            return []
        out = []
        for ts, acc, gyro in self._grid.take_rows(until_s, values):
            samples = tuple(rs.counts_from_physical(a, g, self.config) for a, g in zip(acc, gyro))
            t0_us = int(round(ts[0] * 1e6)) + self.clock_offset_us
            frame = rs.DataFrame(seq=self._seq, t0_us=t0_us, samples=samples, config_id=self.config.config_id)
            self._seq = (self._seq + 1) % rs.SEQ_MODULUS
            out.append((float(ts[-1]), rs.DATA_CHAR_UUID, rs.encode_data_frame(frame)))
        return out


def make_driver(kind: SensorKind, rate_hz: float, **options: object) -> RepsenseDriver:
    return RepsenseDriver(rate_hz, **options)  # type: ignore[arg-type]


def make_peripheral(kind: SensorKind, **options: object) -> RepsensePeripheral:
    return RepsensePeripheral(**options)  # type: ignore[arg-type]
