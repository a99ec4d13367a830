"""WitMotion BLE 5.0 IMUs (WT901BLECL, BWT901BLECL5.0, WT9011DCL): driver and simulated device.

No clock or counter on the wire: times come from the configured rate, disciplined against host
arrival times (:class:`~imu.timestamps.RateTimeline`); losses from arrival-time gaps.
Configuration: unlock → set output rate (register 0x03) → save, ~50 ms apart (vendor sequence).
Ranges are fixed at ±16 g / ±2000 deg/s (every vendor SDK scales with those).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import numpy as np

from firmware_protocol import witmotion as wm
from firmware_protocol.errors import ProtocolError

from ..simulated_device import GattCharacteristic, GattService, GattWriteRejected
from ._base import DriverOutput, SensorKind
from ._rate_based import RateBasedDriver, SingleSamplePeripheral

if TYPE_CHECKING:  # pragma: no cover
    from ..transport import Transport

__all__ = ["WitmotionDriver", "WitmotionPeripheral", "make_driver", "make_peripheral", "supported_rate"]


def supported_rate(rate_hz: float) -> float:
    """The WitMotion output rate nearest ``rate_hz`` (Hz), from 1 Hz up to 200 Hz."""
    rates = [r for r in wm.RATE_CODES if r >= 1]
    return float(min(rates, key=lambda r: abs(r - rate_hz)))


class WitmotionDriver(RateBasedDriver):
    kind = SensorKind.WITMOTION

    def __init__(self, rate_hz: float, *, write_gap_s: float = 0.05) -> None:
        super().__init__(rate_hz)
        self.write_gap_s = write_gap_s
        self.decoder = wm.WitmotionDecoder()

    @property
    def notify_uuids(self) -> tuple[str, ...]:
        return (wm.NOTIFY_CHAR_UUID,)

    def on_connected(self) -> None:
        super().on_connected()
        self.decoder = wm.WitmotionDecoder()  # drop a half packet from the old link

    async def configure(self, transport: "Transport") -> None:
        rate = supported_rate(self.rate_hz)
        for i, cmd in enumerate(wm.set_rate_commands(rate)):
            if i:
                await asyncio.sleep(self.write_gap_s)
            await transport.write(wm.WRITE_CHAR_UUID, cmd, response=True)
        self._start_timeline(rate)

    def on_notification(self, char_uuid: str, data: bytes, arrival_s: float) -> list[DriverOutput]:
        try:
            events = self.decoder.feed(data)
        except ProtocolError as err:
            self._malformed(data, err)
            self.decoder = wm.WitmotionDecoder()
            return []
        samples = [e.sample for e in events if isinstance(e, wm.WitmotionData)]
        if not samples:
            return []
        acc = np.array([s.acc_g for s in samples], float)
        gyro = np.array([s.gyro_dps for s in samples], float)
        return self._push(acc, gyro, arrival_s)


class WitmotionPeripheral(SingleSamplePeripheral):
    """Device side: streams 55 61 packets on ffe4 while subscribed, keeps sampling (and losing
    packets) while disconnected, obeys unlock/rate/save writes on ffe9."""

    kind = SensorKind.WITMOTION.value
    default_name = "WT901BLE68"
    notify_uuid = wm.NOTIFY_CHAR_UUID

    def __init__(self, *, rate_hz: float = 10.0) -> None:
        super().__init__()
        self.rate_hz = rate_hz
        self.advertised_service_uuids = (wm.SERVICE_UUID,)
        self.gatt = (GattService(wm.SERVICE_UUID, (
            GattCharacteristic(wm.NOTIFY_CHAR_UUID, ("notify",)),
            GattCharacteristic(wm.WRITE_CHAR_UUID, ("write-without-response", "write")),
        )),)
        self._unlocked = False
        self.saved = False

    def on_write(self, char_uuid: str, data: bytes, now_s: float) -> list[tuple[str, bytes]]:
        if char_uuid != wm.WRITE_CHAR_UUID or len(data) != 5 or data[:2] != b"\xff\xaa":
            raise GattWriteRejected(data.hex())
        reg, value = data[2], data[3] | data[4] << 8
        if reg == wm.REG_KEY:
            self._unlocked = value == wm.UNLOCK_KEY
        elif reg == wm.REG_RRATE and self._unlocked:
            codes = {c: r for r, c in wm.RATE_CODES.items()}
            if value in codes and codes[value] != self.rate_hz:
                self.rate_hz = float(codes[value])
                if self._grid is not None:
                    self._start_grid(now_s, rate_changed=True)
        elif reg == wm.REG_SAVE:
            self.saved = True
            self._unlocked = False
        return []

    def encode(self, acc: np.ndarray, gyro: np.ndarray) -> bytes:
        return wm.encode_data_packet(tuple(acc), tuple(gyro))  # type: ignore[arg-type]


def make_driver(kind: SensorKind, rate_hz: float, **options: object) -> WitmotionDriver:
    return WitmotionDriver(rate_hz, **options)  # type: ignore[arg-type]


def make_peripheral(kind: SensorKind, **options: object) -> WitmotionPeripheral:
    return WitmotionPeripheral(**options)  # type: ignore[arg-type]
